//! Properties: any figure a writer of each style formats, in any of the ways the grammar
//! accepts, reads back to its value, unit and qualifier.
//!
//! Left out of the French generators on purpose, because the grammar refuses them rather than
//! guess:
//! "1.234" (thousands, or English decimals?), "22.1" (a decimal point), "billion" (10^9 or
//! 10^12?), "M" with no currency symbol after it (metres? minutes?), compound number words
//! ("vingt-deux": write digits), and decimals grouped by three ("0,123 456").

use super::*;
use proptest::prelude::*;
use proptest::sample::select;

/// Between words and before a unit: a space, a no-break space, a narrow no-break space.
const SPACES: &[&str] = &[" ", "\u{a0}", "\u{202f}"];
/// Between thousands: the same, and the thin space.
const GROUP_SPACES: &[&str] = &[" ", "\u{a0}", "\u{202f}", "\u{2009}"];

/// A written figure and what it should read as.
#[derive(Debug, Clone)]
struct Written {
    text: String,
    value: f64,
    unit: Unit,
    qualifier: Qualifier,
}

fn space() -> impl Strategy<Value = &'static str> {
    select(SPACES)
}

fn group(int: u64, separator: &str) -> String {
    let digits = int.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// Digits with a decimal comma, grouped by thousands or not.
fn digits() -> impl Strategy<Value = (String, f64)> {
    let int = prop_oneof![0u64..1000, 0u64..1_000_000, 0u64..1_000_000_000_000];
    let decimals = (0u32..=3).prop_flat_map(|places| (Just(places), 0..10u64.pow(places)));
    let style = prop_oneof![
        Just(None),
        select(GROUP_SPACES).prop_map(Some),
        Just(Some(".")),
    ];
    (int, decimals, style).prop_map(|(int, (places, frac), style)| {
        // "7,000" is refused as ambiguous (seven, or English seven thousand): three decimals
        // after a bare 1..999 are written with a fourth, as a careful writer would.
        let (places, frac) = if places == 3 && (1..1000).contains(&int) {
            (4, frac * 10)
        } else {
            (places, frac)
        };
        let groups = int.to_string().len().div_ceil(3);
        let separator = match style {
            // "1.234" is refused as ambiguous (thousands, or English decimals?): dots group
            // thousands only where that cannot be misread, with decimals or three groups.
            Some(".") if places == 0 && groups == 2 => "",
            Some(separator) => separator,
            None => "",
        };
        let mut text = group(int, separator);
        if places > 0 {
            text.push_str(&format!(",{frac:0width$}", width = places as usize));
        }
        let value = int as f64 + frac as f64 / 10f64.powi(places as i32);
        (text, value)
    })
}

fn qualifier() -> impl Strategy<Value = (&'static str, Qualifier)> {
    select(
        &[
            ("", Qualifier::Exact),
            ("environ ", Qualifier::Approximate),
            ("près de ", Qualifier::Approximate),
            ("presque ", Qualifier::Approximate),
            ("quelque ", Qualifier::Approximate),
            ("~", Qualifier::Approximate),
            ("≈ ", Qualifier::Approximate),
            ("au moins ", Qualifier::AtLeast),
            ("au plus ", Qualifier::AtMost),
            ("jusqu'à ", Qualifier::AtMost),
            ("jusqu\u{2019}à ", Qualifier::AtMost),
            ("plus de ", Qualifier::MoreThan),
            ("moins de ", Qualifier::LessThan),
        ][..],
    )
}

/// A writer may start the cell with a capital: "Environ 5 %", "Plus de 2 000 €".
fn capitalise(text: &str, capital: bool) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if capital => first.to_uppercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}

const EUR: Unit = Unit::EUR;
const USD: Unit = Unit::USD;
const GBP: Unit = Unit::Money(Currency::GBP);
const JPY: Unit = Unit::Money(Currency::JPY);
const CNY: Unit = Unit::Money(Currency::CNY);
const KRW: Unit = Unit::Money(Currency::KRW);
const TWD: Unit = Unit::Money(Currency::TWD);
const CHF: Unit = Unit::Money(match Currency::new("CHF") {
    Some(c) => c,
    None => Currency::USD,
});
const TWH: Unit = Unit::Energy(Energy::TWh);
const KWH: Unit = Unit::Energy(Energy::KWh);
const TONNE: Unit = Unit::Mass(Mass::T);
const KG: Unit = Unit::Mass(Mass::Kg);
const USD_KG: Unit = Unit::PricePerMass(Currency::USD, Mass::Kg);
const EUR_MWH: Unit = Unit::PricePerEnergy(Currency::EUR, Energy::MWh);

/// Text after the figure, and the unit it gives (none: a count).
type Suffixes = &'static [(&'static str, Option<Unit>)];

/// What may follow digits and no magnitude word.
const PLAIN_SUFFIXES: Suffixes = &[
    ("", None),
    ("€", Some(EUR)),
    ("$", Some(USD)),
    (" €", Some(EUR)),
    (" $", Some(USD)),
    (" euros", Some(EUR)),
    (" euro", Some(EUR)),
    (" EUR", Some(EUR)),
    (" dollars", Some(USD)),
    (" dollar", Some(USD)),
    (" dollars US", Some(USD)),
    (" dollars américains", Some(USD)),
    (" $ US", Some(USD)),
    (" $US", Some(USD)),
    (" USD", Some(USD)),
    (" US$", Some(USD)),
    ("%", Some(Unit::Percent)),
    (" %", Some(Unit::Percent)),
    (" pour cent", Some(Unit::Percent)),
    ("£", Some(GBP)),
    (" livres sterling", Some(GBP)),
    (" GBP", Some(GBP)),
    (" yens", Some(JPY)),
    (" JP¥", Some(JPY)),
    (" yuans", Some(CNY)),
    (" CN¥", Some(CNY)),
    (" wons", Some(KRW)),
    (" ₩", Some(KRW)),
    (" dollars taïwanais", Some(TWD)),
    (" NT$", Some(TWD)),
    (" CHF", Some(CHF)),
    (" TWh", Some(TWH)),
    (" térawattheures", Some(TWH)),
    (" kWh", Some(KWH)),
    (" kilowattheures", Some(KWH)),
    (" tonnes", Some(TONNE)),
    (" t", Some(TONNE)),
    (" kg", Some(KG)),
    (" kilogrammes", Some(KG)),
    (" $/kg", Some(USD_KG)),
    (" $ le kilo", Some(USD_KG)),
    (" dollars par kilo", Some(USD_KG)),
    (" USD/kg", Some(USD_KG)),
    (" €/MWh", Some(EUR_MWH)),
    (" euros le mégawattheure", Some(EUR_MWH)),
];

/// Magnitude words, and what may follow them: "22,1 milliards de $", "10 millions
/// d'euros", "2 mille euros", "5 M€", "22,1 Md$", "300 k€".
const MAGNITUDES: &[(&str, f64, Suffixes)] = &[
    (
        " mille",
        1e3,
        &[
            ("", None),
            (" euros", Some(EUR)),
            (" dollars", Some(USD)),
            (" €", Some(EUR)),
        ],
    ),
    (" million", 1e6, WORD_SUFFIXES),
    (" millions", 1e6, WORD_SUFFIXES),
    (" milliard", 1e9, WORD_SUFFIXES),
    (" milliards", 1e9, WORD_SUFFIXES),
    (" mille milliards", 1e12, WORD_SUFFIXES),
    (" k", 1e3, SYMBOLS),
    ("k", 1e3, SYMBOLS),
    (" M", 1e6, SYMBOLS),
    (" Md", 1e9, SYMBOLS),
    (" Mds", 1e9, SYMBOLS),
    (" Mrd", 1e9, SYMBOLS),
    (" Mrds", 1e9, SYMBOLS),
];

const WORD_SUFFIXES: Suffixes = &[
    ("", None),
    (" de dollars", Some(USD)),
    (" de dollars US", Some(USD)),
    (" d'euros", Some(EUR)),
    (" d\u{2019}euros", Some(EUR)),
    (" de $", Some(USD)),
    (" de $ US", Some(USD)),
    (" de €", Some(EUR)),
    (" €", Some(EUR)),
    (" $", Some(USD)),
    (" USD", Some(USD)),
    (" EUR", Some(EUR)),
    (" de livres sterling", Some(GBP)),
    (" de yens", Some(JPY)),
    (" de wons", Some(KRW)),
    (" de TWh", Some(TWH)),
    (" de tonnes", Some(TONNE)),
    (" CHF", Some(CHF)),
];

const SYMBOLS: Suffixes = &[
    ("€", Some(EUR)),
    ("$", Some(USD)),
    (" €", Some(EUR)),
    (" $", Some(USD)),
];

/// Digits, then a unit after them: a currency, a percentage or none (a count).
fn suffixed() -> impl Strategy<Value = Written> {
    let magnitude = prop_oneof![
        2 => select(PLAIN_SUFFIXES).prop_map(|s| ("", 1.0, s)),
        3 => select(MAGNITUDES).prop_flat_map(|(word, size, suffixes)| {
            select(suffixes).prop_map(move |s| (word, size, s))
        }),
    ];
    let sign = select(&[("", 1.0), ("-", -1.0), ("\u{2212}", -1.0), ("+", 1.0)][..]);
    (
        qualifier(),
        sign,
        digits(),
        magnitude,
        space(),
        any::<bool>(),
    )
        .prop_map(
            |(
                (q, qualifier),
                (sign, factor),
                (digits, value),
                (word, size, (suffix, unit)),
                sp,
                capital,
            )| {
                // Every space in a suffix may be a no-break or a narrow no-break space.
                let text = format!("{q}{sign}{digits}{word}{suffix}").replace(' ', sp);
                Written {
                    text: capitalise(&text, capital),
                    value: factor * value * size,
                    unit: unit.unwrap_or(Unit::Count),
                    qualifier,
                }
            },
        )
}

/// A currency before the digits: "$22,1 milliards", "€ 2 000", "USD 5 millions".
fn prefixed() -> impl Strategy<Value = Written> {
    let currency = select(
        &[
            ("$", USD),
            ("$ ", USD),
            ("€", EUR),
            ("€ ", EUR),
            ("US$", USD),
            ("US$ ", USD),
            ("USD ", USD),
            ("EUR ", EUR),
        ][..],
    );
    let magnitude = select(
        &[
            ("", 1.0),
            (" mille", 1e3),
            (" millions", 1e6),
            (" milliards", 1e9),
            (" Md", 1e9),
            (" Mds", 1e9),
        ][..],
    );
    (qualifier(), currency, digits(), magnitude).prop_map(
        |((q, qualifier), (currency, unit), (digits, value), (word, size))| Written {
            text: format!("{q}{currency}{digits}{word}"),
            value: value * size,
            unit,
            qualifier,
        },
    )
}

/// Number words, with a duration or a magnitude and a currency: "deux ans", "près d'un
/// siècle", "une décennie", "trois milliards de dollars", "deux mille euros".
fn in_words() -> impl Strategy<Value = Written> {
    let number = select(
        &[
            ("un", 1.0),
            ("une", 1.0),
            ("deux", 2.0),
            ("trois", 3.0),
            ("quatre", 4.0),
            ("cinq", 5.0),
            ("six", 6.0),
            ("sept", 7.0),
            ("huit", 8.0),
            ("neuf", 9.0),
            ("dix", 10.0),
            ("onze", 11.0),
            ("douze", 12.0),
            ("quinze", 15.0),
            ("seize", 16.0),
            ("vingt", 20.0),
            ("trente", 30.0),
            ("cinquante", 50.0),
            ("soixante", 60.0),
            ("cent", 100.0),
        ][..],
    );
    // (what follows, its factor, its unit, the article it takes in the singular, whether
    // it goes after a plural count)
    let rest = select(
        &[
            ("", 1.0, Unit::Count, Some("un"), true),
            ("", 1.0, Unit::Count, Some("une"), true),
            (" an", 1.0, Unit::Year, Some("un"), false),
            (" ans", 1.0, Unit::Year, None, true),
            (" année", 1.0, Unit::Year, Some("une"), false),
            (" années", 1.0, Unit::Year, None, true),
            (" mois", 1.0 / 12.0, Unit::Year, Some("un"), true),
            (" siècle", 100.0, Unit::Year, Some("un"), false),
            (" siècles", 100.0, Unit::Year, None, true),
            (" décennie", 10.0, Unit::Year, Some("une"), false),
            (" décennies", 10.0, Unit::Year, None, true),
            (" mille euros", 1e3, Unit::EUR, None, true),
            (" million de dollars", 1e6, Unit::USD, Some("un"), false),
            (" millions de dollars", 1e6, Unit::USD, None, true),
            (" milliard d'euros", 1e9, Unit::EUR, Some("un"), false),
            (" milliards d'euros", 1e9, Unit::EUR, None, true),
        ][..],
    );
    (qualifier(), number, rest, space()).prop_filter_map(
        "the count agrees with its noun",
        |((q, qualifier), (word, value), (rest, factor, unit, singular, plural), sp)| {
            let agrees = if value == 1.0 {
                singular == Some(word)
            } else {
                plural
            };
            if !agrees {
                return None;
            }
            // Elision before un and une: "près d'un siècle", "plus d'une décennie".
            let q = match q.strip_suffix("de ") {
                Some(head) if value == 1.0 => format!("{head}d'"),
                _ => q.to_string(),
            };
            let text = format!("{q}{word}{rest}").replace(' ', sp);
            Some(Written {
                text,
                value: value * factor,
                unit,
                qualifier,
            })
        },
    )
}

/// Shares and factors: "la moitié", "les deux tiers", "doubler", "x3", "multiplié par 4".
fn shares_and_factors() -> impl Strategy<Value = Written> {
    // (text, value, unit, whether "plus de" and the like may come before it)
    let words = select(
        &[
            ("la moitié", 0.5, Unit::Ratio, true),
            ("un tiers", 1.0 / 3.0, Unit::Ratio, true),
            ("les deux tiers", 2.0 / 3.0, Unit::Ratio, true),
            ("deux tiers", 2.0 / 3.0, Unit::Ratio, true),
            ("un quart", 0.25, Unit::Ratio, true),
            ("le quart", 0.25, Unit::Ratio, true),
            ("trois quarts", 0.75, Unit::Ratio, true),
            ("les trois quarts", 0.75, Unit::Ratio, true),
            // "plus de doubler" is not French; "près de doubler" is.
            ("doubler", 2.0, Unit::Multiplier, false),
            ("le double", 2.0, Unit::Multiplier, true),
            ("doublement", 2.0, Unit::Multiplier, false),
            ("tripler", 3.0, Unit::Multiplier, false),
            ("le triple", 3.0, Unit::Multiplier, true),
            ("quadrupler", 4.0, Unit::Multiplier, false),
        ][..],
    )
    .prop_map(|(text, value, unit, bounded)| (text.to_string(), value, unit, bounded));
    let by = select(&["x", "×", "multiplié par ", "multipliée par "][..]);
    let times = select(&["x", " x", "×", " fois"][..]);
    let form = prop_oneof![
        words,
        (by, digits()).prop_map(|(by, (digits, value))| {
            (format!("{by}{digits}"), value, Unit::Multiplier, false)
        }),
        (digits(), times).prop_map(|((digits, value), times)| {
            (format!("{digits}{times}"), value, Unit::Multiplier, true)
        }),
    ];
    (qualifier(), form, space(), any::<bool>()).prop_filter_map(
        "a verb of change takes no bound",
        |((q, qualifier), (form, value, unit, bounded), sp, capital)| {
            let rounded = matches!(q, "" | "environ " | "près de " | "presque ");
            if !bounded && !rounded {
                return None;
            }
            // Elision before un: "près d'un tiers".
            let q = match q.strip_suffix("de ") {
                Some(head) if form.starts_with("un ") => format!("{head}d'"),
                _ => q.to_string(),
            };
            let text = format!("{q}{form}").replace(' ', sp);
            Some(Written {
                text: capitalise(&text, capital),
                value,
                unit,
                qualifier,
            })
        },
    )
}

fn close(actual: f64, expected: f64) -> bool {
    actual == expected || (actual - expected).abs() <= 1e-9 * expected.abs().max(actual.abs())
}

fn check(written: &Written) -> Result<(), TestCaseError> {
    check_styled(written, NumberStyle::French)
}

fn check_styled(written: &Written, style: NumberStyle) -> Result<(), TestCaseError> {
    let q = parse_quantity_styled(&written.text, style)
        .map_err(|e| TestCaseError::fail(format!("{:?}: {e}", written.text)))?;
    prop_assert!(
        close(q.value, written.value),
        "{:?} reads as {} instead of {}",
        written.text,
        q.value,
        written.value
    );
    prop_assert_eq!(q.unit, written.unit, "{:?}", written.text);
    prop_assert_eq!(q.qualifier, written.qualifier, "{:?}", written.text);
    Ok(())
}

// -- the French style with dots between thousands ---------------------------------------------

/// Digits with dots between thousands ("1.530", "3.300.000") and a decimal comma.
fn dot_digits() -> impl Strategy<Value = (String, f64)> {
    let int = prop_oneof![0u64..1000, 1000u64..1_000_000, 0u64..1_000_000_000_000];
    let decimals = (0u32..=3).prop_flat_map(|places| (Just(places), 0..10u64.pow(places)));
    (int, decimals).prop_map(|(int, (places, frac))| {
        // "7,000" is refused as in the French style.
        let (places, frac) = if places == 3 && (1..1000).contains(&int) {
            (4, frac * 10)
        } else {
            (places, frac)
        };
        let mut text = group(int, ".");
        if places > 0 {
            text.push_str(&format!(",{frac:0width$}", width = places as usize));
        }
        (text, int as f64 + frac as f64 / 10f64.powi(places as i32))
    })
}

/// "1.000 milliards", "3.300 milliards de dollars", "1.530 kilogrammes", "environ 1.234,5 €".
fn dot_thousands() -> impl Strategy<Value = Written> {
    let magnitude = prop_oneof![
        select(PLAIN_SUFFIXES).prop_map(|s| ("", 1.0, s)),
        select(MAGNITUDES).prop_flat_map(|(word, size, suffixes)| {
            select(suffixes).prop_map(move |s| (word, size, s))
        }),
    ];
    (qualifier(), dot_digits(), magnitude, space()).prop_map(
        |((q, qualifier), (digits, value), (word, size, (suffix, unit)), sp)| Written {
            text: format!("{q}{digits}{word}{suffix}").replace(' ', sp),
            value: value * size,
            unit: unit.unwrap_or(Unit::Count),
            qualifier,
        },
    )
}

// -- the English style -------------------------------------------------------------------------

/// Digits with commas between thousands or none, and a decimal point. Three decimals after a
/// bare 1..999 ("7.000") are written only before a magnitude word, where they cannot be
/// thousands; elsewhere with a fourth.
fn english_digits(before_magnitude: bool) -> impl Strategy<Value = (String, f64)> {
    let int = prop_oneof![0u64..1000, 0u64..1_000_000, 0u64..1_000_000_000_000];
    let decimals = (0u32..=3).prop_flat_map(|places| (Just(places), 0..10u64.pow(places)));
    (int, decimals, any::<bool>()).prop_map(move |(int, (places, frac), commas)| {
        let (places, frac) = if places == 3 && (1..1000).contains(&int) && !before_magnitude {
            (4, frac * 10)
        } else {
            (places, frac)
        };
        let mut text = group(int, if commas { "," } else { "" });
        if places > 0 {
            text.push_str(&format!(".{frac:0width$}", width = places as usize));
        }
        (text, int as f64 + frac as f64 / 10f64.powi(places as i32))
    })
}

fn english_qualifier() -> impl Strategy<Value = (&'static str, Qualifier)> {
    select(
        &[
            ("", Qualifier::Exact),
            ("about ", Qualifier::Approximate),
            ("around ", Qualifier::Approximate),
            ("roughly ", Qualifier::Approximate),
            ("approximately ", Qualifier::Approximate),
            ("nearly ", Qualifier::Approximate),
            ("almost ", Qualifier::Approximate),
            ("close to ", Qualifier::Approximate),
            ("~", Qualifier::Approximate),
            ("more than ", Qualifier::MoreThan),
            ("over ", Qualifier::MoreThan),
            ("less than ", Qualifier::LessThan),
            ("under ", Qualifier::LessThan),
            ("at least ", Qualifier::AtLeast),
            ("up to ", Qualifier::AtMost),
            ("as much as ", Qualifier::AtMost),
        ][..],
    )
}

/// What may follow an English figure (after its magnitude word, if any).
const ENGLISH_SUFFIXES: Suffixes = &[
    ("", None),
    (" dollars", Some(USD)),
    (" US dollars", Some(USD)),
    (" euros", Some(EUR)),
    (" pounds", Some(GBP)),
    (" pounds sterling", Some(GBP)),
    (" yen", Some(JPY)),
    (" yuan", Some(CNY)),
    (" won", Some(KRW)),
    (" New Taiwan dollars", Some(TWD)),
    (" USD", Some(USD)),
    (" CHF", Some(CHF)),
    ("%", Some(Unit::Percent)),
    (" percent", Some(Unit::Percent)),
    (" per cent", Some(Unit::Percent)),
    (" TWh", Some(TWH)),
    (" terawatt-hours", Some(TWH)),
    (" kWh", Some(KWH)),
    (" tonnes", Some(TONNE)),
    (" metric tons", Some(TONNE)),
    (" kg", Some(KG)),
    (" dollars per kg", Some(USD_KG)),
    (" USD/kg", Some(USD_KG)),
    (" euros per MWh", Some(EUR_MWH)),
];

/// "$22.1 billion", "€43bn", "JP¥4 trillion", "about 1,000 TWh", "22.1%", "$5/kg".
fn english() -> impl Strategy<Value = Written> {
    let magnitude = select(
        &[
            ("", 1.0),
            (" thousand", 1e3),
            ("k", 1e3),
            (" million", 1e6),
            (" mn", 1e6),
            (" billion", 1e9),
            ("bn", 1e9),
            (" bn", 1e9),
            (" trillion", 1e12),
            (" tn", 1e12),
        ][..],
    );
    let currency = select(
        &[
            ("", None),
            ("$", Some(USD)),
            ("US$", Some(USD)),
            ("US$ ", Some(USD)),
            ("€", Some(EUR)),
            ("£", Some(GBP)),
            ("JP¥", Some(JPY)),
            ("CN¥", Some(CNY)),
            ("NT$", Some(TWD)),
            ("₩", Some(KRW)),
            ("USD ", Some(USD)),
            ("CHF ", Some(CHF)),
        ][..],
    );
    let sign = select(&[("", 1.0), ("-", -1.0), ("+", 1.0)][..]);
    (
        english_qualifier(),
        sign,
        currency,
        magnitude,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_flat_map(
            |(q, sign, (prefix, prefixed), (word, size), per_kg, capital)| {
                // A currency before the figure takes no unit after it but a price's "/kg".
                let suffix = match prefixed {
                    Some(_) if per_kg => Just(("/kg", None)).boxed(),
                    Some(_) => Just(("", None)).boxed(),
                    None => select(ENGLISH_SUFFIXES).boxed(),
                };
                (
                    Just((q, sign, prefix, prefixed, word, size, capital)),
                    english_digits(!word.is_empty()),
                    suffix,
                )
            },
        )
        .prop_map(
            |(
                ((q, qualifier), (sign, factor), prefix, prefixed, word, size, capital),
                (digits, value),
                (suffix, unit),
            )| {
                let unit = match (prefixed, suffix) {
                    (Some(Unit::Money(c)), "/kg") => Unit::PricePerMass(c, Mass::Kg),
                    (Some(unit), _) => unit,
                    (None, _) => unit.unwrap_or(Unit::Count),
                };
                Written {
                    text: capitalise(&format!("{q}{sign}{prefix}{digits}{word}{suffix}"), capital),
                    value: factor * value * size,
                    unit,
                    qualifier,
                }
            },
        )
}

/// English number words, shares and factors: "twenty-two years", "nearly a century", "three
/// billion dollars", "two-thirds", "a third", "doubling", "10 times".
fn english_words() -> impl Strategy<Value = Written> {
    let number = select(
        &[
            ("one", 1.0),
            ("two", 2.0),
            ("three", 3.0),
            ("seven", 7.0),
            ("ten", 10.0),
            ("eleven", 11.0),
            ("fifteen", 15.0),
            ("twenty", 20.0),
            ("twenty-two", 22.0),
            ("forty", 40.0),
            ("ninety-nine", 99.0),
        ][..],
    );
    let rest = select(
        &[
            ("", 1.0, Unit::Count),
            (" years", 1.0, Unit::Year),
            (" months", 1.0 / 12.0, Unit::Year),
            (" decades", 10.0, Unit::Year),
            (" centuries", 100.0, Unit::Year),
            (" hundred", 100.0, Unit::Count),
            (" thousand", 1e3, Unit::Count),
            (" hundred thousand", 1e5, Unit::Count),
            (" million dollars", 1e6, USD),
            (" billion euros", 1e9, EUR),
            (" trillion yen", 1e12, JPY),
            (" million tonnes", 1e6, TONNE),
            (" TWh", 1.0, TWH),
        ][..],
    );
    let counted = (number, rest).prop_map(|((word, value), (rest, factor, unit))| {
        (format!("{word}{rest}"), value * factor, unit)
    });
    let fixed = select(
        &[
            ("a year", 1.0, Unit::Year),
            ("a decade", 10.0, Unit::Year),
            ("a century", 100.0, Unit::Year),
            ("a thousand", 1e3, Unit::Count),
            ("a million dollars", 1e6, USD),
            ("half", 0.5, Unit::Ratio),
            ("a half", 0.5, Unit::Ratio),
            ("a third", 1.0 / 3.0, Unit::Ratio),
            ("a quarter", 0.25, Unit::Ratio),
            ("two-thirds", 2.0 / 3.0, Unit::Ratio),
            ("two thirds", 2.0 / 3.0, Unit::Ratio),
            ("three-quarters", 0.75, Unit::Ratio),
            ("three quarters", 0.75, Unit::Ratio),
            ("double", 2.0, Unit::Multiplier),
            ("doubling", 2.0, Unit::Multiplier),
            ("triple", 3.0, Unit::Multiplier),
            ("tripling", 3.0, Unit::Multiplier),
            ("twice", 2.0, Unit::Multiplier),
        ][..],
    )
    .prop_map(|(text, value, unit)| (text.to_string(), value, unit));
    let factor = (english_digits(false), select(&["x", " times", "×"][..]))
        .prop_map(|((digits, value), times)| (format!("{digits}{times}"), value, Unit::Multiplier));
    (english_qualifier(), prop_oneof![counted, fixed, factor]).prop_map(
        |((q, qualifier), (text, value, unit))| Written {
            text: format!("{q}{text}"),
            value,
            unit,
            qualifier,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn a_figure_with_its_unit_after_reads_back(written in suffixed()) {
        check(&written)?;
    }

    #[test]
    fn a_figure_with_its_currency_before_reads_back(written in prefixed()) {
        check(&written)?;
    }

    #[test]
    fn a_figure_in_words_reads_back(written in in_words()) {
        check(&written)?;
    }

    #[test]
    fn a_share_or_a_factor_reads_back(written in shares_and_factors()) {
        check(&written)?;
    }

    #[test]
    fn a_figure_with_dots_between_thousands_reads_back(written in dot_thousands()) {
        check_styled(&written, NumberStyle::FrenchDotThousands)?;
    }

    #[test]
    fn an_english_figure_reads_back(written in english()) {
        check_styled(&written, NumberStyle::English)?;
    }

    #[test]
    fn english_words_shares_and_factors_read_back(written in english_words()) {
        check_styled(&written, NumberStyle::English)?;
    }
}
