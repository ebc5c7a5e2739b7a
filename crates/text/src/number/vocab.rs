//! What a grammar of one language needs to know of its words ([`Words`]), and the words every
//! style shares: currencies, energy and mass.

use super::{Currency, Energy, Mass, Qualifier};

/// The language of a [`NumberStyle`](super::NumberStyle): it picks the words; digits are the
/// style's business.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lang {
    French,
    English,
}

/// The words of one language's number grammar. Phrases are lower-case words as the tokenizer
/// gives them; a phrase listed before another wins when both match.
pub(super) struct Words {
    pub lang: Lang,
    /// Before a figure: "environ", "plus de" / "about", "more than".
    pub qualifiers: &'static [(&'static [&'static str], Qualifier)],
    /// A factor in one phrase: "doubler" / "doubling".
    pub multipliers: &'static [(&'static [&'static str], f64)],
    /// Before a factor: "multiplié par" / "multiplied by".
    pub multiplied_by: &'static [&'static [&'static str]],
    /// After a factor: "fois" / "times".
    pub times: &'static [&'static str],
    pub percent: &'static [&'static [&'static str]],
    /// Duration words and their length in years.
    pub durations: &'static [(&'static str, f64)],
    /// Between a figure and its unit: "de", "d'" / "of".
    pub connectors: &'static [&'static str],
    /// Between a price and the unit it is per: "le", "par" / "per", "a".
    pub per: &'static [&'static str],
    pub number_word: fn(&str) -> Option<f64>,
    pub magnitude: fn(&str) -> Option<f64>,
    pub fraction: fn(&str) -> Option<f64>,
    /// The hint given when a word stands where the number should be.
    pub not_a_number_hint: &'static str,
}

impl Words {
    pub fn duration(&self, word: &str) -> Option<f64> {
        self.durations
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, years)| *years)
    }
}

/// Currency names every style reads ("dollars" is read in a French source too). The longer
/// phrase comes first: "dollars taïwanais" before "dollars".
pub(super) const CURRENCY_WORDS: &[(&[&str], Currency)] = &[
    (&["new", "taiwan", "dollars"], Currency::TWD),
    (&["taiwan", "dollars"], Currency::TWD),
    (&["taiwanese", "dollars"], Currency::TWD),
    (&["nt", "dollars"], Currency::TWD),
    (&["dollars", "taïwanais"], Currency::TWD),
    (&["dollars", "taiwanais"], Currency::TWD),
    (&["dollar", "taïwanais"], Currency::TWD),
    (&["dollars", "de", "taïwan"], Currency::TWD),
    (&["us", "dollars"], Currency::USD),
    (&["us", "dollar"], Currency::USD),
    // "$ US" and "dollars US", as French writers mark the US dollar.
    (&["dollars", "us"], Currency::USD),
    (&["dollars", "américains"], Currency::USD),
    (&["dollar", "us"], Currency::USD),
    (&["dollar", "américain"], Currency::USD),
    (&["dollars"], Currency::USD),
    (&["dollar"], Currency::USD),
    (&["euros"], Currency::EUR),
    (&["euro"], Currency::EUR),
    (&["livres", "sterling"], Currency::GBP),
    (&["livre", "sterling"], Currency::GBP),
    (&["pounds", "sterling"], Currency::GBP),
    (&["pound", "sterling"], Currency::GBP),
    (&["pounds"], Currency::GBP),
    (&["pound"], Currency::GBP),
    (&["sterling"], Currency::GBP),
    (&["yens"], Currency::JPY),
    (&["yen"], Currency::JPY),
    (&["yuans"], Currency::CNY),
    (&["yuan"], Currency::CNY),
    (&["renminbi"], Currency::CNY),
    (&["wons"], Currency::KRW),
    (&["won"], Currency::KRW),
];

/// Codes read in any case ("usd" as well as "USD"), and the abbreviations that are not ISO
/// codes but name one (RMB is the yuan, NTD the Taiwan dollar). Any other code is read only
/// in capitals, so that a word such as "des" or "ans" is never taken for a currency.
pub(super) fn known_code(word: &str) -> Option<Currency> {
    Some(match word {
        "usd" => Currency::USD,
        "eur" => Currency::EUR,
        "gbp" => Currency::GBP,
        "jpy" => Currency::JPY,
        "cny" | "rmb" => Currency::CNY,
        "krw" => Currency::KRW,
        "twd" | "ntd" => Currency::TWD,
        _ => return None,
    })
}

/// ISO 4217 codes a scanner accepts in running text. In a cell any code of the right shape is
/// a currency (the pipeline checks it exists); in a sentence "2000 GPU" or "3 TWh" must not
/// be read as money, so only codes of this list are.
pub(super) const RUNNING_TEXT_CODES: &[&str] = &[
    "USD", "EUR", "GBP", "JPY", "CNY", "KRW", "TWD", "CHF", "CAD", "AUD", "NZD", "INR", "HKD",
    "SGD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RUB", "BRL", "MXN", "ZAR", "TRY", "SAR",
    "AED", "QAR", "KWD", "ILS", "THB", "IDR", "MYR", "PHP", "VND", "XOF", "XAF", "EGP", "NGN",
];

/// A currency symbol after a marker word: US$, NT$, JP¥, CN¥.
pub(super) fn marked_symbol(marker: &str, symbol: char) -> Option<Currency> {
    Some(match (marker, symbol) {
        ("us", '$') => Currency::USD,
        ("nt", '$') => Currency::TWD,
        ("jp", '¥') => Currency::JPY,
        ("cn", '¥') => Currency::CNY,
        _ => return None,
    })
}

/// Names that could be more than one thing, refused with what to write instead.
/// `typed` is the word as the cell has it, which the message echoes.
pub(super) fn ambiguous_name(word: &str, typed: &str) -> Option<(String, &'static str)> {
    Some(match word {
        "livre" | "livres" => (
            format!("\"{typed}\" is ambiguous: pounds sterling, or books?"),
            "write livres sterling, £ or GBP",
        ),
        "franc" | "francs" => (
            format!("\"{typed}\" does not say which franc (Swiss, CFA, French before 2002)"),
            "write the currency's ISO code: CHF, XOF, XAF or FRF",
        ),
        "ton" | "tons" => (
            format!(
                "\"{typed}\" is ambiguous: a short ton is 907 kg, a long ton 1016 kg, a tonne 1000 kg"
            ),
            "write tonnes or t if the source means 1000 kg; otherwise convert and say how in note",
        ),
        _ => return None,
    })
}

/// An energy unit: its symbol in any case ("kWh", "KWH") or its name in French or English
/// ("térawattheures", "kilowatt-heure", "megawatt-hours").
pub(super) fn energy(word: &str) -> Option<Energy> {
    let (prefix, rest) = [
        ("kilo", Energy::KWh),
        ("méga", Energy::MWh),
        ("mega", Energy::MWh),
        ("giga", Energy::GWh),
        ("téra", Energy::TWh),
        ("tera", Energy::TWh),
        ("", Energy::Wh),
    ]
    .into_iter()
    .find_map(|(prefix, unit)| word.strip_prefix(prefix).map(|rest| (unit, rest)))?;
    if matches!(
        rest,
        "watt-heure"
            | "watts-heures"
            | "watt-heures"
            | "wattheure"
            | "wattheures"
            | "watt-hour"
            | "watt-hours"
    ) {
        return Some(prefix);
    }
    Some(match word {
        "wh" => Energy::Wh,
        "kwh" => Energy::KWh,
        "mwh" => Energy::MWh,
        "gwh" => Energy::GWh,
        "twh" => Energy::TWh,
        _ => return None,
    })
}

/// A mass unit by name, French or English. The symbols "g" and "t" are read only as typed in
/// lower case, so that "5G" stays a network and "T4" a quarter.
pub(super) fn mass(word: &str, typed: &str) -> Option<Mass> {
    Some(match word {
        "g" if typed == "g" => Mass::G,
        "t" if typed == "t" => Mass::T,
        "gramme" | "grammes" | "gram" | "grams" => Mass::G,
        "kg" | "kilo" | "kilos" | "kilogramme" | "kilogrammes" | "kilogram" | "kilograms" => {
            Mass::Kg
        }
        "tonne" | "tonnes" => Mass::T,
        _ => return None,
    })
}

/// Mass phrases of two words.
pub(super) const MASS_PHRASES: &[(&[&str], Mass)] = &[
    (&["metric", "tons"], Mass::T),
    (&["metric", "ton"], Mass::T),
    (&["metric", "tonnes"], Mass::T),
    (&["tonnes", "métriques"], Mass::T),
    (&["tonne", "métrique"], Mass::T),
];
