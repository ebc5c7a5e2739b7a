//! The French number grammar: what an analyst copies from the article ("22,1 milliards de $",
//! "265%", "la moitié", "doubler", "près d'un siècle") to a value, a unit and a qualifier.
//!
//! ```text
//! quantity  := qualifier? sign? currency? core magnitude* ("de" | "d'")? suffix?
//! sign      := "-" | "−" | "+"
//! core      := digits | number-word | "des"/"plusieurs" magnitude-noun
//!            | number-word? fraction-word | multiplier-word | "x" digits | digits ("x" | "fois")
//! suffix    := currency | "%" | "pour cent" | duration-word
//! ```
//! Anything else is refused with the text quoted: a value is never guessed.

use crate::grammar::{GrammarError, Lexeme, Token, decimal, number_word, tokenize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Usd,
    Eur,
    Percent,
    Ratio,
    Multiplier,
    Year,
    Count,
}

impl Unit {
    /// The code published in `figures.unit`.
    pub fn code(self) -> &'static str {
        match self {
            Unit::Usd => "USD",
            Unit::Eur => "EUR",
            Unit::Percent => "percent",
            Unit::Ratio => "ratio",
            Unit::Multiplier => "multiplier",
            Unit::Year => "year",
            Unit::Count => "count",
        }
    }

    pub fn from_code(code: &str) -> Option<Unit> {
        [
            Unit::Usd,
            Unit::Eur,
            Unit::Percent,
            Unit::Ratio,
            Unit::Multiplier,
            Unit::Year,
            Unit::Count,
        ]
        .into_iter()
        .find(|u| u.code() == code)
    }

    pub fn is_money(self) -> bool {
        matches!(self, Unit::Usd | Unit::Eur)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Exact,
    Approximate,
    AtLeast,
    AtMost,
    MoreThan,
    LessThan,
}

impl Qualifier {
    pub fn code(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approximate => "approximate",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::MoreThan => "more_than",
            Qualifier::LessThan => "less_than",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: Unit,
    pub qualifier: Qualifier,
}

/// Reads one figure as written in the article.
pub fn parse_quantity(text: &str) -> Result<Quantity, GrammarError> {
    let fail = |reason: String, hint: &str| GrammarError {
        expected: "number",
        text: text.to_string(),
        reason,
        hint: hint.to_string(),
    };
    let tokens = tokenize(text).map_err(|c| {
        fail(
            format!("unexpected character {c:?}"),
            "remove it or retype the figure",
        )
    })?;
    if tokens.is_empty() {
        return Err(fail(
            "the cell is empty".into(),
            "copy the figure as the article writes it",
        ));
    }
    let mut p = Parser {
        tokens: &tokens,
        pos: 0,
    };
    p.quantity().map_err(|(reason, hint)| fail(reason, &hint))
}

type Refusal = (String, String);

fn refusal(reason: impl Into<String>, hint: impl Into<String>) -> Refusal {
    (reason.into(), hint.into())
}

struct Parser<'a> {
    tokens: &'a [Token],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Lexeme> {
        self.tokens.get(self.pos).map(|t| &t.lexeme)
    }

    fn word_at(&self, offset: usize) -> Option<&str> {
        match self.tokens.get(self.pos + offset).map(|t| &t.lexeme) {
            Some(Lexeme::Word(w)) => Some(w),
            _ => None,
        }
    }

    /// Consumes the given words if they come next.
    fn eat(&mut self, words: &[&str]) -> bool {
        let matches = words
            .iter()
            .enumerate()
            .all(|(i, w)| self.word_at(i) == Some(w));
        if matches {
            self.pos += words.len();
        }
        matches
    }

    fn eat_sym(&mut self, symbols: &[char]) -> Option<char> {
        match self.peek() {
            Some(Lexeme::Sym(c)) if symbols.contains(c) => {
                let c = *c;
                self.pos += 1;
                Some(c)
            }
            _ => None,
        }
    }

    fn quantity(&mut self) -> Result<Quantity, Refusal> {
        refuse_periods(self.tokens)?;
        let mut qualifier = self.qualifier();
        // An explicit "+" marks a rise, as in "+265 %"; the value is the same.
        let negative = matches!(self.eat_sym(&['-', '−', '+']), Some('-' | '−'));
        let prefix_currency = self.currency()?;
        let (mut value, core_unit, core_qualifier) = self.core()?;
        if core_qualifier != Qualifier::Exact {
            qualifier = core_qualifier;
        }
        value *= self.magnitudes()?;
        let connector = self.eat(&["de"]) || self.eat(&["d'"]);
        let suffix = self.suffix()?;
        if let Some(token) = self.peek() {
            return Err(refusal(
                format!("\"{token}\" is not part of a figure"),
                "keep only the figure and its unit in the cell; the rest belongs in quote or note",
            ));
        }
        let unit = match (core_unit, prefix_currency, suffix) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                return Err(refusal(
                    "a share or a factor cannot also carry a unit",
                    "write the share alone (la moitié) and derive amounts in the derivation column",
                ));
            }
            (Some(unit), None, None) => unit,
            (None, Some(_), Some(Suffix::Currency(_))) => {
                return Err(refusal(
                    "it names its currency twice",
                    "write 22,1 milliards de $ or $22,1 milliards",
                ));
            }
            (None, Some(_), Some(_)) => {
                return Err(refusal(
                    "it mixes a currency with another unit",
                    "keep one unit",
                ));
            }
            (None, Some(currency), None) => currency,
            (None, None, Some(Suffix::Currency(currency))) => currency,
            (None, None, Some(Suffix::Percent)) => Unit::Percent,
            (None, None, Some(Suffix::Years(factor))) => {
                value *= factor;
                Unit::Year
            }
            (None, None, None) if connector => {
                return Err(refusal(
                    "\"de\" is not followed by a unit",
                    "write the currency after it",
                ));
            }
            (None, None, None) => Unit::Count,
        };
        if negative {
            value = -value;
        }
        // Magnitude words multiply: "1 milliards milliards …" overflows to infinity.
        if !value.is_finite() {
            return Err(refusal(
                "it is too large to be a figure",
                "keep one magnitude word (millions, milliards) or mille milliards",
            ));
        }
        Ok(Quantity {
            value,
            unit,
            qualifier,
        })
    }

    fn qualifier(&mut self) -> Qualifier {
        if self.eat_sym(&['~', '≈']).is_some() {
            return Qualifier::Approximate;
        }
        QUALIFIERS
            .iter()
            .find(|(words, _)| self.eat(words))
            .map_or(Qualifier::Exact, |(_, qualifier)| *qualifier)
    }

    fn currency(&mut self) -> Result<Option<Unit>, Refusal> {
        if self.eat_sym(&['$']).is_some() {
            return Ok(Some(Unit::Usd));
        }
        if self.eat_sym(&['€']).is_some() {
            return Ok(Some(Unit::Eur));
        }
        if self.eat(&["us"]) {
            return if self.eat_sym(&['$']).is_some() {
                Ok(Some(Unit::Usd))
            } else {
                Err(refusal("\"US\" is not followed by $", "write US$ or $"))
            };
        }
        if self.eat(&["usd"]) {
            return Ok(Some(Unit::Usd));
        }
        if self.eat(&["eur"]) {
            return Ok(Some(Unit::Eur));
        }
        unknown_currency(self.peek())?;
        Ok(None)
    }

    /// The number itself; a share or factor also fixes the unit.
    fn core(&mut self) -> Result<(f64, Option<Unit>, Qualifier), Refusal> {
        let exact = Qualifier::Exact;
        // "des milliers", "plusieurs millions": a lower bound of two of them.
        if matches!(self.word_at(0), Some("des" | "plusieurs"))
            && let Some(size) = self.word_at(1).and_then(magnitude_noun)
        {
            self.pos += 2;
            return Ok((2.0 * size, None, Qualifier::AtLeast));
        }
        for (words, factor) in MULTIPLIER_WORDS {
            if self.eat(words) {
                return Ok((*factor, Some(Unit::Multiplier), exact));
            }
        }
        if self.eat(&["multiplier", "par"])
            || self.eat(&["multiplié", "par"])
            || self.eat(&["multipliée", "par"])
        {
            let factor = self.plain_number()?;
            return Ok((factor, Some(Unit::Multiplier), exact));
        }
        if self.eat_sym(&['×']).is_some() || self.eat(&["x"]) {
            let factor = self.plain_number()?;
            return Ok((factor, Some(Unit::Multiplier), exact));
        }
        // An article before a fraction word: "la moitié", "les deux tiers".
        let article = matches!(self.word_at(0), Some("la" | "le" | "les" | "un" | "une"))
            && self
                .word_at(1)
                .is_some_and(|w| fraction(w).is_some() || number_word(w).is_some());
        let counted = if article && self.word_at(1).and_then(fraction).is_some() {
            self.pos += 1;
            1.0
        } else {
            if article && self.word_at(0) != Some("un") && self.word_at(0) != Some("une") {
                self.pos += 1;
            }
            self.plain_number()?
        };
        if let Some(share) = self.word_at(0).and_then(fraction) {
            self.pos += 1;
            return Ok((counted * share, Some(Unit::Ratio), exact));
        }
        if self.eat_sym(&['×']).is_some() || self.eat(&["x"]) || self.eat(&["fois"]) {
            return Ok((counted, Some(Unit::Multiplier), exact));
        }
        Ok((counted, None, exact))
    }

    /// Digits or a number word; a fraction word with no count before it counts one.
    fn plain_number(&mut self) -> Result<f64, Refusal> {
        match self.peek() {
            Some(Lexeme::Num(raw)) => {
                let value = decimal(raw).map_err(|(reason, hint)| refusal(reason, hint))?;
                self.pos += 1;
                Ok(value)
            }
            Some(Lexeme::Word(w)) if number_word(w).is_some() => {
                let value = number_word(w).unwrap_or_default();
                self.pos += 1;
                // "deux mille" is two thousand: mille after a number word is a magnitude.
                if self
                    .word_at(0)
                    .is_some_and(|next| next != "mille" && number_word(next).is_some())
                {
                    return Err(refusal(
                        "compound number words are not read",
                        "write the number in digits",
                    ));
                }
                Ok(value)
            }
            Some(Lexeme::Word(w)) if fraction(w).is_some() => Ok(1.0),
            Some(Lexeme::Word(w))
                if w.contains('-')
                    && w.split('-').all(|p| number_word(p).is_some() || p == "et") =>
            {
                Err(refusal(
                    "compound number words are not read",
                    "write the number in digits",
                ))
            }
            Some(token) => Err(refusal(
                format!("\"{token}\" is not a number"),
                "write digits (22,1), a number word (deux … dix), a share (la moitié) or a factor (doubler)",
            )),
            None => Err(refusal("there is no number", "write the figure itself")),
        }
    }

    fn magnitudes(&mut self) -> Result<f64, Refusal> {
        let mut factor = 1.0;
        while let Some(word) = self.word_at(0) {
            match word {
                "billion" | "billions" | "trillion" | "trillions" => {
                    return Err(refusal(
                        format!("\"{word}\" is ambiguous: 10^12 in French, 10^9 in English"),
                        "write milliards (10^9) or mille milliards (10^12)",
                    ));
                }
                // "M" is million only before a currency (5 M€): alone it may be metres or minutes.
                "m" if matches!(
                    self.tokens.get(self.pos + 1).map(|t| &t.lexeme),
                    Some(Lexeme::Sym('$' | '€'))
                ) =>
                {
                    factor *= 1e6;
                    self.pos += 1;
                }
                _ => match magnitude(word) {
                    Some(size) => {
                        factor *= size;
                        self.pos += 1;
                    }
                    None => break,
                },
            }
        }
        Ok(factor)
    }

    fn suffix(&mut self) -> Result<Option<Suffix>, Refusal> {
        if let Some(c) = self.eat_sym(&['$', '€', '%']) {
            return Ok(Some(match c {
                // "$ US" and "$US", as French writers mark the US dollar.
                '$' => {
                    let _ = self.eat(&["us"]);
                    Suffix::Currency(Unit::Usd)
                }
                '€' => Suffix::Currency(Unit::Eur),
                _ => Suffix::Percent,
            }));
        }
        if self.eat(&["pour", "cent"]) || self.eat(&["pourcent"]) || self.eat(&["pour-cent"]) {
            return Ok(Some(Suffix::Percent));
        }
        for (word, unit) in [
            ("dollars", Unit::Usd),
            ("dollar", Unit::Usd),
            ("usd", Unit::Usd),
            ("euros", Unit::Eur),
            ("euro", Unit::Eur),
            ("eur", Unit::Eur),
        ] {
            if self.eat(&[word]) {
                if unit == Unit::Usd {
                    let _ = self.eat(&["us"]) || self.eat(&["américains"]);
                }
                return Ok(Some(Suffix::Currency(unit)));
            }
        }
        if self.eat(&["us"]) {
            return match self.eat_sym(&['$']) {
                Some(_) => Ok(Some(Suffix::Currency(Unit::Usd))),
                None => Err(refusal("\"US\" is not followed by $", "write US$ or $")),
            };
        }
        for (word, years) in DURATION_WORDS {
            if self.eat(&[word]) {
                return Ok(Some(Suffix::Years(*years)));
            }
        }
        unknown_currency(self.peek())?;
        Ok(None)
    }
}

/// Words before a figure that bound or round it. Each "de" also comes elided: "près d'un siècle".
const QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["environ"], Qualifier::Approximate),
    (&["approximativement"], Qualifier::Approximate),
    (&["presque"], Qualifier::Approximate),
    (&["quasiment"], Qualifier::Approximate),
    (&["quelque"], Qualifier::Approximate),
    (&["près", "de"], Qualifier::Approximate),
    (&["près", "d'"], Qualifier::Approximate),
    (&["à", "peu", "près"], Qualifier::Approximate),
    (&["de", "l'", "ordre", "de"], Qualifier::Approximate),
    (&["de", "l'", "ordre", "d'"], Qualifier::Approximate),
    (&["autour", "de"], Qualifier::Approximate),
    (&["autour", "d'"], Qualifier::Approximate),
    (&["aux", "alentours", "de"], Qualifier::Approximate),
    (&["aux", "alentours", "d'"], Qualifier::Approximate),
    (&["au", "moins"], Qualifier::AtLeast),
    (&["pas", "moins", "de"], Qualifier::AtLeast),
    (&["pas", "moins", "d'"], Qualifier::AtLeast),
    (&["au", "plus"], Qualifier::AtMost),
    (&["jusqu'", "à"], Qualifier::AtMost),
    (&["plus", "de"], Qualifier::MoreThan),
    (&["plus", "d'"], Qualifier::MoreThan),
    (&["un", "peu", "plus", "de"], Qualifier::MoreThan),
    (&["un", "peu", "plus", "d'"], Qualifier::MoreThan),
    (&["moins", "de"], Qualifier::LessThan),
    (&["moins", "d'"], Qualifier::LessThan),
    (&["un", "peu", "moins", "de"], Qualifier::LessThan),
    (&["un", "peu", "moins", "d'"], Qualifier::LessThan),
];

enum Suffix {
    Currency(Unit),
    Percent,
    Years(f64),
}

const MULTIPLIER_WORDS: &[(&[&str], f64)] = &[
    (&["doubler"], 2.0),
    (&["doublement"], 2.0),
    (&["le", "double"], 2.0),
    (&["double"], 2.0),
    (&["tripler"], 3.0),
    (&["triplement"], 3.0),
    (&["le", "triple"], 3.0),
    (&["triple"], 3.0),
    (&["quadrupler"], 4.0),
    (&["quadruplement"], 4.0),
];

const DURATION_WORDS: &[(&str, f64)] = &[
    ("ans", 1.0),
    ("an", 1.0),
    ("années", 1.0),
    ("année", 1.0),
    ("mois", 1.0 / 12.0),
    ("siècles", 100.0),
    ("siècle", 100.0),
    ("décennies", 10.0),
    ("décennie", 10.0),
];

fn magnitude(word: &str) -> Option<f64> {
    Some(match word {
        "k" | "mille" | "milliers" => 1e3,
        "million" | "millions" => 1e6,
        "md" | "mds" | "mrd" | "mrds" | "milliard" | "milliards" => 1e9,
        _ => return None,
    })
}

/// The nouns that follow "des" in "des milliers".
fn magnitude_noun(word: &str) -> Option<f64> {
    Some(match word {
        "dizaines" => 10.0,
        "centaines" => 100.0,
        "milliers" => 1e3,
        "millions" => 1e6,
        "milliards" => 1e9,
        _ => return None,
    })
}

fn fraction(word: &str) -> Option<f64> {
    Some(match word {
        "moitié" | "moitiés" => 0.5,
        "tiers" => 1.0 / 3.0,
        "quart" | "quarts" => 0.25,
        _ => return None,
    })
}

/// Currencies petrochip does not convert are refused by name rather than read as counts.
fn unknown_currency(token: Option<&Lexeme>) -> Result<(), Refusal> {
    let name = match token {
        Some(Lexeme::Sym(c @ ('£' | '¥'))) => c.to_string(),
        Some(Lexeme::Word(w))
            if matches!(
                w.as_str(),
                "livre"
                    | "livres"
                    | "yen"
                    | "yens"
                    | "yuan"
                    | "yuans"
                    | "won"
                    | "wons"
                    | "franc"
                    | "francs"
                    | "gbp"
                    | "jpy"
                    | "cny"
                    | "rmb"
                    | "krw"
                    | "chf"
                    | "twd"
            ) =>
        {
            w.clone()
        }
        _ => return Ok(()),
    };
    Err(refusal(
        format!("the currency \"{name}\" is not one petrochip publishes"),
        "figures are in USD ($, dollars) or EUR (€, euros); convert it and say how in note",
    ))
}

/// A period typed in the value column gets a pointer to the right column.
fn refuse_periods(tokens: &[Token]) -> Result<(), Refusal> {
    let words: Vec<&str> = tokens
        .iter()
        .filter_map(|t| match &t.lexeme {
            Lexeme::Word(w) => Some(w.as_str()),
            _ => None,
        })
        .collect();
    let is_period = matches!(
        words.as_slice(),
        ["tous", "les", ..] | ["chaque", ..] | ["d'", "ici", ..]
    ) || words.contains(&"trimestre")
        || words.contains(&"semestre");
    if is_period {
        return Err(refusal(
            "this is a period, not a value",
            "put it in the period column",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> (f64, &'static str, &'static str) {
        let q = parse_quantity(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        (q.value, q.unit.code(), q.qualifier.code())
    }

    fn err(text: &str) -> String {
        match parse_quantity(text) {
            Ok(q) => panic!("{text} should be refused, got {q:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn the_article_figures() {
        assert_eq!(
            ok("22,1 milliards de $"),
            (22_100_000_000.0, "USD", "exact")
        );
        assert_eq!(ok("265%"), (265.0, "percent", "exact"));
        assert_eq!(ok("7000 milliards de dollars"), (7e12, "USD", "exact"));
        assert_eq!(ok("2000 euros"), (2000.0, "EUR", "exact"));
        assert_eq!(ok("la moitié"), (0.5, "ratio", "exact"));
        assert_eq!(ok("doubler"), (2.0, "multiplier", "exact"));
        assert_eq!(ok("doublement"), (2.0, "multiplier", "exact"));
        assert_eq!(ok("trois"), (3.0, "count", "exact"));
        assert_eq!(ok("près d'un siècle"), (100.0, "year", "approximate"));
        assert_eq!(ok("des milliers"), (2000.0, "count", "at_least"));
        assert_eq!(ok("15 ans"), (15.0, "year", "exact"));
        assert_eq!(ok("3"), (3.0, "count", "exact"));
    }

    #[test]
    fn grouping_and_decimals() {
        assert_eq!(ok("1 234 567,89").0, 1_234_567.89);
        assert_eq!(ok("1\u{a0}234").0, 1234.0);
        assert_eq!(ok("1\u{202f}234,5 €"), (1234.5, "EUR", "exact"));
        assert_eq!(ok("1.234.567").0, 1_234_567.0);
        assert_eq!(ok("1.234,5").0, 1234.5);
        assert_eq!(ok("0,5").0, 0.5);
        assert_eq!(ok("7 000 milliards de dollars").0, 7e12);
    }

    #[test]
    fn magnitudes_and_currencies_either_side() {
        assert_eq!(ok("$22,1 milliards"), (22.1e9, "USD", "exact"));
        assert_eq!(ok("22,1 Md$"), (22.1e9, "USD", "exact"));
        assert_eq!(ok("22,1 Mds €"), (22.1e9, "EUR", "exact"));
        assert_eq!(ok("€ 2000"), (2000.0, "EUR", "exact"));
        assert_eq!(ok("USD 5 millions"), (5e6, "USD", "exact"));
        assert_eq!(ok("5 M€"), (5e6, "EUR", "exact"));
        assert_eq!(ok("300 k€"), (300_000.0, "EUR", "exact"));
        assert_eq!(ok("2 mille"), (2000.0, "count", "exact"));
        assert_eq!(ok("deux mille euros"), (2000.0, "EUR", "exact"));
        assert_eq!(ok("mille milliards de dollars"), (1e12, "USD", "exact"));
        assert_eq!(ok("10 millions d'euros"), (1e7, "EUR", "exact"));
        assert_eq!(ok("3 dollars US"), (3.0, "USD", "exact"));
        assert_eq!(ok("4 US$"), (4.0, "USD", "exact"));
        assert_eq!(ok("22 milliards de $ US"), (22e9, "USD", "exact"));
        assert_eq!(ok("5 $US"), (5.0, "USD", "exact"));
        assert_eq!(ok("12 pour cent"), (12.0, "percent", "exact"));
        assert_eq!(ok("12,5 %"), (12.5, "percent", "exact"));
    }

    #[test]
    fn words_shares_factors_and_qualifiers() {
        assert_eq!(ok("deux"), (2.0, "count", "exact"));
        assert_eq!(ok("dix"), (10.0, "count", "exact"));
        assert_eq!(ok("un tiers"), (1.0 / 3.0, "ratio", "exact"));
        assert_eq!(ok("les deux tiers"), (2.0 / 3.0, "ratio", "exact"));
        assert_eq!(ok("trois quarts"), (0.75, "ratio", "exact"));
        assert_eq!(ok("le quart"), (0.25, "ratio", "exact"));
        assert_eq!(ok("tripler"), (3.0, "multiplier", "exact"));
        assert_eq!(ok("le double"), (2.0, "multiplier", "exact"));
        assert_eq!(ok("x3"), (3.0, "multiplier", "exact"));
        assert_eq!(ok("×2"), (2.0, "multiplier", "exact"));
        assert_eq!(ok("multiplié par 4"), (4.0, "multiplier", "exact"));
        assert_eq!(ok("10 fois"), (10.0, "multiplier", "exact"));
        assert_eq!(ok("environ 2 ans"), (2.0, "year", "approximate"));
        assert_eq!(ok("plus de 15 ans"), (15.0, "year", "more_than"));
        assert_eq!(ok("moins de 3"), (3.0, "count", "less_than"));
        assert_eq!(ok("au moins 2000 euros"), (2000.0, "EUR", "at_least"));
        assert_eq!(ok("jusqu'à 5 %"), (5.0, "percent", "at_most"));
        assert_eq!(ok("de l'ordre de 5 %"), (5.0, "percent", "approximate"));
        assert_eq!(
            ok("de l\u{2019}ordre d\u{2019}un siècle"),
            (100.0, "year", "approximate")
        );
        assert_eq!(ok("à peu près 2000 euros"), (2000.0, "EUR", "approximate"));
        assert_eq!(ok("autour de 3"), (3.0, "count", "approximate"));
        assert_eq!(ok("aux alentours de 3"), (3.0, "count", "approximate"));
        assert_eq!(ok("quasiment 3"), (3.0, "count", "approximate"));
        assert_eq!(ok("pas moins de 3"), (3.0, "count", "at_least"));
        assert_eq!(ok("un peu plus de 3"), (3.0, "count", "more_than"));
        assert_eq!(
            ok("un peu moins d'un tiers"),
            (1.0 / 3.0, "ratio", "less_than")
        );
        assert_eq!(ok("18 mois"), (1.5, "year", "exact"));
        assert_eq!(ok("une décennie"), (10.0, "year", "exact"));
        assert_eq!(ok("-5 %"), (-5.0, "percent", "exact"));
        assert_eq!(ok("+265 %"), (265.0, "percent", "exact"));
        assert_eq!(ok("+2,5 milliards d'euros"), (2.5e9, "EUR", "exact"));
        assert!(err("+-5 %").contains("\"-\" is not a number"));
    }

    #[test]
    fn refuses_what_it_would_have_to_guess() {
        assert_eq!(
            err("22,,1 milliards"),
            "cannot read \"22,,1 milliards\" as a number: two separators in a row; write one decimal comma, as in 22,1"
        );
        assert_eq!(
            err("1.234,5,6"),
            "cannot read \"1.234,5,6\" as a number: more than one decimal comma; a French number has at most one comma, before its decimals"
        );
        assert_eq!(
            err("1.234"),
            "cannot read \"1.234\" as a number: it is ambiguous: the dot may separate thousands or decimals; write 1 234 for the thousands or 1,234 for decimals"
        );
        assert_eq!(
            err("22.1"),
            "cannot read \"22.1\" as a number: it has a decimal point; French numbers take a decimal comma: write 22,1"
        );
        assert_eq!(
            err("3 billions de dollars"),
            "cannot read \"3 billions de dollars\" as a number: \"billions\" is ambiguous: 10^12 in French, 10^9 in English; write milliards (10^9) or mille milliards (10^12)"
        );
        assert_eq!(
            err("12 000 livres"),
            "cannot read \"12 000 livres\" as a number: the currency \"livres\" is not one petrochip publishes; figures are in USD ($, dollars) or EUR (€, euros); convert it and say how in note"
        );
        assert!(err("£12").contains("the currency \"£\""));
        assert!(err("22,").contains("nothing after the decimal comma"));
        assert!(err("12 34").contains("\"34\" is not part of a figure"));
        assert!(err("1234 567").contains("thousands groups are not of three digits"));
        assert!(err("1 234.567").contains("mixes spaces and dots"));
        assert!(err("beaucoup").contains("\"beaucoup\" is not a number"));
        assert!(err("30 mn").contains("\"mn\" is not part of a figure"));
        assert!(err("5 m").contains("\"m\" is not part of a figure"));
        assert!(err("").contains("the cell is empty"));
        assert!(err("22,1 milliards de $ environ").contains("\"environ\" is not part of a figure"));
        assert!(err("$22 dollars").contains("names its currency twice"));
        assert!(err("tous les deux ans").contains("this is a period"));
        assert!(err("dernier trimestre 2023").contains("this is a period"));
        assert!(err("la moitié de 7000 milliards").contains("not part of a figure"));
        assert!(err("vingt-deux").contains("compound number words"));
        assert!(err("12 de").contains("\"de\" is not followed by a unit"));
        assert!(err("12\u{7}").contains("unexpected character"));
        // Found by fuzzing: over 300 digits, or magnitudes multiplied past f64, read as infinity.
        let digits = format!("7{}", "7".repeat(330));
        assert!(err(&digits).contains("too many digits"));
        let magnitudes = format!("1{}", " milliards".repeat(40));
        assert!(err(&magnitudes).contains("too large to be a figure"));
    }
}

/// Properties: any figure a French writer formats, in any of the ways the grammar accepts,
/// reads back to its value, unit and qualifier.
///
/// Left out of the generators on purpose, because the grammar refuses them rather than guess:
/// "1.234" (thousands, or English decimals?), "22.1" (a decimal point), "billion" (10^9 or
/// 10^12?), "M" with no currency symbol after it (metres? minutes?), compound number words
/// ("vingt-deux": write digits), and decimals grouped by three ("0,123 456").
#[cfg(test)]
mod properties {
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

    const EUR: Unit = Unit::Eur;
    const USD: Unit = Unit::Usd;

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
                (" mille euros", 1e3, Unit::Eur, None, true),
                (" million de dollars", 1e6, Unit::Usd, Some("un"), false),
                (" millions de dollars", 1e6, Unit::Usd, None, true),
                (" milliard d'euros", 1e9, Unit::Eur, Some("un"), false),
                (" milliards d'euros", 1e9, Unit::Eur, None, true),
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
        let q = parse_quantity(&written.text)
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
    }
}
