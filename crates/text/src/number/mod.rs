//! The number grammar: what an analyst copies from a source ("22,1 milliards de $", "265%",
//! "la moitié", "$22.1 billion", "two-thirds", "1.530 kilogrammes") to a value, a unit and a
//! qualifier. Each source is read in its [`NumberStyle`]: the style says how digits are grouped
//! and which language's words are read.
//!
//! ```text
//! quantity  := qualifier? sign? currency? core magnitude* connector? suffix? per-unit?
//! sign      := "-" | "−" | "+"
//! core      := digits | number-word | lower-bound ("des milliers", "thousands of")
//!            | number-word? fraction-word | multiplier-word | "x" digits | digits ("x" | "fois")
//! suffix    := currency | "%" | "pour cent" | duration-word | energy | mass
//! per-unit  := ("/" | "le" | "par" | "per" | …) (mass | energy)     after an amount of money
//! ```
//! Anything else is refused with the text quoted: a value is never guessed.

mod digits;
mod english;
mod french;
mod unit;
mod vocab;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;

pub use unit::{Currency, Energy, Mass, QuantityKind, Unit};

#[cfg(test)]
mod scan_tests;

use std::ops::Range;
use std::sync::OnceLock;

use crate::grammar::{GrammarError, Lexeme, Token, tokenize, tokenize_running};
use crate::lookup::{Opens, WordSet};
use digits::Refusal;
use vocab::{Lang, Words};

/// How a source writes its figures. French: decimal comma, thousands grouped by spaces (a dot
/// between thousands is refused as ambiguous); FrenchDotThousands: decimal comma, thousands
/// grouped by dots ("1.530"); English: decimal point, thousands grouped by commas, English
/// words ("billion" is 10^9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberStyle {
    French,
    FrenchDotThousands,
    English,
}

impl NumberStyle {
    pub const ALL: [NumberStyle; 3] = [
        NumberStyle::French,
        NumberStyle::FrenchDotThousands,
        NumberStyle::English,
    ];

    /// The code a source sheet gives: fr, fr_dot, en.
    pub fn code(self) -> &'static str {
        match self {
            NumberStyle::French => "fr",
            NumberStyle::FrenchDotThousands => "fr_dot",
            NumberStyle::English => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<NumberStyle> {
        NumberStyle::ALL.into_iter().find(|s| s.code() == code)
    }

    fn words(self) -> &'static Words {
        match self {
            NumberStyle::French | NumberStyle::FrenchDotThousands => &french::WORDS,
            NumberStyle::English => &english::WORDS,
        }
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
    /// Every qualifier, in the order the contract lists them.
    pub const ALL: [Qualifier; 6] = [
        Qualifier::Exact,
        Qualifier::Approximate,
        Qualifier::AtLeast,
        Qualifier::AtMost,
        Qualifier::MoreThan,
        Qualifier::LessThan,
    ];

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

/// A figure: its value in `unit` as written (magnitude words applied: "22,1 milliards de $" is
/// 22.1e9 USD, "10 TWh" is 10 TWh), and whether it is exact, rounded or a bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: Unit,
    pub qualifier: Qualifier,
}

/// Reads one figure as a French writer types it (the article's style).
pub fn parse_quantity(text: &str) -> Result<Quantity, GrammarError> {
    parse_quantity_styled(text, NumberStyle::French)
}

/// Reads one figure as a writer of `style` types it.
pub fn parse_quantity_styled(text: &str, style: NumberStyle) -> Result<Quantity, GrammarError> {
    let fail = |reason: String, hint: &str| GrammarError {
        expected: "number",
        text: text.to_string(),
        reason,
        hint: hint.to_string(),
    };
    if let Some((typed, full)) = text.split_whitespace().find_map(|w| scientific(w, style)) {
        return Err(fail(
            format!("{typed} is scientific notation, as a spreadsheet shows a long number"),
            &match full {
                Some(full) => format!("type the number in full ({full})"),
                None => "type the number in full".to_string(),
            },
        ));
    }
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
        text,
        tokens: &tokens,
        pos: 0,
        style,
        words: style.words(),
        scan: false,
        seen: Seen::default(),
    };
    p.quantity().map_err(|(reason, hint)| fail(reason, &hint))
}

/// A word in scientific notation ("2E+03", "2,21E+10", "1.5e-3"), which no writer types but a
/// spreadsheet shows for a long number: the word, and the number in full in `style` when it is
/// short enough to write out (exponents up to 30).
fn scientific(word: &str, style: NumberStyle) -> Option<(&str, Option<String>)> {
    let (mantissa, exponent) = word.split_once(['e', 'E'])?;
    let unsigned = mantissa.strip_prefix(['-', '+']).unwrap_or(mantissa);
    let (whole, fraction) = unsigned.split_once([',', '.']).unwrap_or((unsigned, ""));
    let exponent_digits = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) || !digits(exponent_digits) {
        return None;
    }
    let shift = exponent
        .parse::<i32>()
        .ok()
        .filter(|e| e.abs() <= 30)
        .and_then(|e| e.checked_sub(i32::try_from(fraction.len()).ok()?));
    let Some(shift) = shift else {
        return Some((word, None));
    };
    let all = format!("{whole}{fraction}");
    let point = match style {
        NumberStyle::English => '.',
        NumberStyle::French | NumberStyle::FrenchDotThousands => ',',
    };
    let full = if shift >= 0 {
        format!("{all}{}", "0".repeat(shift.unsigned_abs() as usize))
    } else {
        let places = shift.unsigned_abs() as usize;
        let padded = format!(
            "{}{all}",
            "0".repeat((places + 1).saturating_sub(all.len()))
        );
        let (int, frac) = padded.split_at(padded.len() - places);
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() {
            int.to_string()
        } else {
            format!("{int}{point}{frac}")
        }
    };
    let trimmed = full.trim_start_matches('0');
    let full = match trimmed.chars().next() {
        None => "0".to_string(),
        Some(c) if c == point => format!("0{trimmed}"),
        Some(_) => trimmed.to_string(),
    };
    let sign = if mantissa.starts_with('-') { "-" } else { "" };
    Some((word, Some(format!("{sign}{full}"))))
}

/// The first figure that starts at or after byte `start` of running text, and the bytes of
/// `text` it covers ("près de 22,1 milliards de $", "la moitié", "trois ans" in a sentence).
/// The same grammar as a cell, with what running text needs: what follows a figure ends it;
/// "un" alone is an article, not a figure; a bare "tiers" or "double" is a word, not a share
/// or a factor; a year ("2023") is a date, not a count; a number glued to letters ("GPT-4",
/// "3D", "15H05") is part of a name; and a figure the grammar would refuse in a cell
/// ("1.234") is skipped.
pub fn scan_quantity(
    text: &str,
    start: usize,
    style: NumberStyle,
) -> Option<(Quantity, Range<usize>)> {
    let tokens = tokenize_running(text);
    let first = tokens.iter().position(|t| t.span.start >= start)?;
    (first..tokens.len()).find_map(|i| match figure_at(text, &tokens, i, style, None) {
        Scanned::Figure(f) => Some((f.quantity, f.span)),
        _ => None,
    })
}

/// Every figure [`scan_quantity`] finds in `text`, in order, without overlaps.
pub fn scan_quantities(text: &str, style: NumberStyle) -> Vec<(Quantity, Range<usize>)> {
    let tokens = tokenize_running(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match figure_at(text, &tokens, i, style, None) {
            Scanned::Figure(f) => {
                i = f.end;
                found.push((f.quantity, f.span));
            }
            _ => i += 1,
        }
    }
    found
}

/// What [`figure_at`] found at a token.
#[derive(Debug, Clone)]
pub(crate) enum Scanned {
    Nothing,
    Figure(ScannedFigure),
    /// Digits the grammar refuses in this style ("1.234" in French, "51.9" in French text):
    /// the token after them, their bytes and why.
    Refused {
        end: usize,
        span: Range<usize>,
        error: GrammarError,
    },
}

/// A figure read in running text, and what the scanner needs to carry a unit to it or from it.
#[derive(Debug, Clone)]
pub(crate) struct ScannedFigure {
    pub quantity: Quantity,
    /// The token after the figure.
    pub end: usize,
    pub span: Range<usize>,
    /// The product of its magnitude words ("milliards": 1e9; none: 1).
    pub magnitude: f64,
    /// Whether it is one bare number: no qualifier, magnitude or unit ("261" in "261 et 257
    /// milliards de dollars").
    pub bare: bool,
    /// Where, in `text`, what follows its number starts ("milliards de dollars" in "257
    /// milliards de dollars"), when it starts with its number.
    pub tail: Option<usize>,
}

/// The figure that starts at token `i` of running text.
/// `opens`: what the token may open, when the caller has looked it up ([`opens`](crate::lookup::opens)).
pub(crate) fn figure_at(
    text: &str,
    tokens: &[Token],
    i: usize,
    style: NumberStyle,
    opens: Option<Opens>,
) -> Scanned {
    let Some(rest) = tokens.get(i..) else {
        return Scanned::Nothing;
    };
    if !may_start_figure(text, rest, style.words(), opens) {
        return Scanned::Nothing;
    }
    read_figure_at(text, rest, i, style)
}

/// [`figure_at`] once [`may_start_figure`] said one may start at `rest`, token `i`.
fn read_figure_at(text: &str, rest: &[Token], i: usize, style: NumberStyle) -> Scanned {
    let words = style.words();
    let mut p = Parser {
        text,
        tokens: rest,
        pos: 0,
        style,
        words,
        scan: true,
        seen: Seen::default(),
    };
    let Ok(quantity) = p.quantity() else {
        return refused(text, rest, i, style);
    };
    let Some(used) = rest.get(..p.pos) else {
        return Scanned::Nothing;
    };
    let (Some(first), Some(last)) = (used.first(), used.last()) else {
        return Scanned::Nothing;
    };
    let span = first.span.start..last.span.end;
    let nums: Vec<&str> = used
        .iter()
        .filter_map(|t| match &t.lexeme {
            Lexeme::Num(n) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    let accepted = if nums.is_empty() {
        words_make_a_figure(used, &quantity, &p.seen)
    } else {
        // "x86" is an architecture, not a factor of 86.
        let too_big_a_factor = p.seen.times_x && quantity.value > 20.0;
        !(glued(text, &span)
            || too_big_a_factor
            || is_year(&nums, used.len(), &quantity, p.seen.magnitude))
    };
    if !accepted {
        return Scanned::Nothing;
    }
    let tail = match (&first.lexeme, used.get(1)) {
        (Lexeme::Num(_), Some(next)) => Some(next.span.start),
        _ => None,
    };
    Scanned::Figure(ScannedFigure {
        quantity,
        end: i + p.pos,
        span,
        magnitude: p.seen.magnitude,
        bare: used.len() == 1 && nums.len() == 1,
        tail,
    })
}

/// Digits at token `i` that this style refuses, reported so that a draft can say so rather
/// than drop them; anything else that does not read is not a figure.
fn refused(text: &str, rest: &[Token], i: usize, style: NumberStyle) -> Scanned {
    let yen = matches!(rest.first().map(|t| &t.lexeme), Some(Lexeme::Sym('¥')));
    let Some(number) = rest.get(usize::from(yen)) else {
        return Scanned::Nothing;
    };
    let Lexeme::Num(raw) = &number.lexeme else {
        return Scanned::Nothing;
    };
    let span = rest.first().map_or(0, |t| t.span.start)..number.span.end;
    if glued(text, &span) {
        return Scanned::Nothing;
    }
    let after = rest.get(usize::from(yen) + 1).map(|t| &t.lexeme);
    let magnitude_after =
        matches!(after, Some(Lexeme::Word(w)) if (style.words().magnitude)(w).is_some());
    let why = if yen {
        Some(refusal(
            "\"¥\" is ambiguous: Japanese yen or Chinese yuan",
            "write JP¥ or JPY for yen, CN¥ or CNY for yuan",
        ))
    } else {
        match digits::read(raw, style) {
            Err(why) => Some(why),
            Ok(_) if style == NumberStyle::English && !magnitude_after => {
                digits::english_dot_is_ambiguous(raw)
            }
            Ok(_) => None,
        }
    };
    let Some((reason, hint)) = why else {
        return Scanned::Nothing;
    };
    Scanned::Refused {
        end: i + usize::from(yen) + 1,
        error: GrammarError {
            expected: "number",
            text: text.get(span.clone()).unwrap_or_default().to_string(),
            reason,
            hint,
        },
        span,
    }
}

/// Whether a figure could start at the first token: checked before parsing, so that running
/// text is read quickly.
fn may_start_figure(
    text: &str,
    rest: &[Token],
    words: &'static Words,
    opens: Option<Opens>,
) -> bool {
    let Some(first) = rest.first() else {
        return false;
    };
    match &first.lexeme {
        Lexeme::Num(_) => true,
        // Symbols the parser reads before a number, several in a row ("~$5", "-$5 billion"),
        // then something else.
        Lexeme::Sym(_) => {
            let symbols = rest
                .iter()
                .take_while(|t| matches!(t.lexeme, Lexeme::Sym(_)))
                .count();
            symbols < rest.len()
                && rest.iter().take(symbols).all(|t| {
                    matches!(
                        t.lexeme,
                        Lexeme::Sym(
                            '$' | '€' | '£' | '₩' | '¥' | '~' | '≈' | '+' | '-' | '−' | '×'
                        )
                    )
                })
        }
        // "de" opens a figure only before a magnitude noun ("de milliers") or as the first
        // word of "de l'ordre de": it is the most frequent French word, so the next words are
        // looked at here rather than trying a figure.
        Lexeme::Word(w) if w == "de" => {
            let word = |k: usize| match rest.get(k).map(|t| &t.lexeme) {
                Some(Lexeme::Word(n)) => Some(n.as_str()),
                _ => None,
            };
            word(1).is_some_and(|n| french::magnitude_noun(n).is_some())
                || (word(1) == Some("l'") && word(2) == Some("ordre"))
        }
        Lexeme::Word(w) if words.lang == Lang::French && ARTICLES.contains(&w.as_str()) => {
            let next = match rest.get(1).map(|t| &t.lexeme) {
                Some(Lexeme::Word(n)) => Some(n.as_str()),
                _ => None,
            };
            french_article_may_start(words, w, next) || running_text_code(first.typed(text))
        }
        Lexeme::Word(w) => {
            let opens = opens.unwrap_or_else(|| crate::lookup::opens(w));
            let word_opens = match words.lang {
                Lang::French => opens.figure_french,
                Lang::English => opens.figure_english,
            };
            word_opens || running_text_code(first.typed(text))
        }
    }
}

/// Whether a figure may start at word `w` in some style, whatever follows it and however it is
/// typed (as [`may_start_figure`] asks): when not, the scanner need not try one there.
/// `figure_french`, `figure_english`: [`word_opens_figure`] of it in each language.
pub(crate) fn word_may_open_figure(w: &str, figure_french: bool, figure_english: bool) -> bool {
    w == "de"
        || ARTICLES.contains(&w)
        || figure_french
        || figure_english
        // A code typed in capitals ("USD") is folded to lower case.
        || vocab::RUNNING_TEXT_CODES
            .iter()
            .any(|code| code.eq_ignore_ascii_case(w))
}

/// Whether a figure may start at "la", "le", "les", "des" or "plusieurs" in French running
/// text, the most frequent words that open one, from the word after it, as the parser reads
/// them: after an article, a count is a number or a fraction word ("la moitié", "les deux
/// tiers"; [`Parser::count`]), a phrase may open with it ("le double"), and "des" or
/// "plusieurs" open only "des milliers" ([`Parser::lower_bound`]).
fn french_article_may_start(words: &Words, article: &str, next: Option<&str>) -> bool {
    let phrase_opens = Firsts::of(words)
        .articles
        .iter()
        .any(|(first, second)| *first == article && second.is_none_or(|s| Some(s) == next));
    if phrase_opens {
        return true;
    }
    let Some(next) = next else {
        return false;
    };
    match article {
        "des" | "plusieurs" => french::magnitude_noun(next).is_some(),
        _ => (words.fraction)(next).is_some() || (words.number_word)(next).is_some(),
    }
}

/// What of [`may_start_figure`] depends on the word alone, in `style`'s language (remembered
/// per word with what the period grammar asks of it: [`opens`](crate::lookup::opens)).
pub(crate) fn word_opens_figure(style: NumberStyle, w: &str) -> bool {
    let words = style.words();
    matches!(
        w,
        "la" | "le"
            | "les"
            | "un"
            | "une"
            | "a"
            | "an"
            | "des"
            | "plusieurs"
            | "several"
            | "x"
            | "us"
            | "nt"
            | "jp"
            | "cn"
    ) || (words.number_word)(w).is_some()
        || (words.fraction)(w).is_some()
        || english::compound_fraction(w).is_some()
        || english::magnitude_noun(w).is_some()
        || vocab::known_code(w).is_some()
        || opens_a_phrase(words, w)
}

/// Whether `typed` is one of [`vocab::RUNNING_TEXT_CODES`], looked up in a set made once.
fn running_text_code(typed: &str) -> bool {
    static CODES: OnceLock<WordSet> = OnceLock::new();
    CODES
        .get_or_init(|| WordSet::new(vocab::RUNNING_TEXT_CODES.iter().copied()))
        .contains(typed)
}

/// Whether `w` is the first word of a qualifier, a multiplier or a "multiplied by" phrase of
/// `words`' language.
fn opens_a_phrase(words: &Words, w: &str) -> bool {
    Firsts::of(words).any.contains(w)
}

/// The first words of a phrase list: a phrase is eaten only from its first word, so a word
/// that opens none of them needs no try of each.
struct FirstWords {
    words: WordSet,
    /// An empty phrase, which any word opens (none is listed).
    empty: bool,
}

impl FirstWords {
    fn new<'a>(phrases: impl Iterator<Item = &'a &'static [&'static str]> + Clone) -> FirstWords {
        FirstWords {
            words: WordSet::new(phrases.clone().filter_map(|phrase| phrase.first().copied())),
            empty: phrases.clone().any(|phrase| phrase.is_empty()),
        }
    }

    /// Whether a phrase of the list may start at a token that is `word` (None: not a word).
    fn may_open_at(&self, word: Option<&str>) -> bool {
        self.empty || word.is_some_and(|w| self.words.contains(w))
    }
}

/// A language's [`FirstWords`], made once per language.
struct Firsts {
    qualifiers: FirstWords,
    multipliers: FirstWords,
    /// The first word of any qualifier, multiplier or "multiplied by" phrase.
    any: WordSet,
    /// The phrases that open with a word of [`ARTICLES`]: that word and the next one (none
    /// for a qualifier, which may open with it before any word).
    articles: Vec<(&'static str, Option<&'static str>)>,
}

/// The words [`french_article_may_start`] answers for.
const ARTICLES: &[&str] = &["la", "le", "les", "des", "plusieurs"];

impl Firsts {
    fn of(words: &Words) -> &'static Firsts {
        static FRENCH: OnceLock<Firsts> = OnceLock::new();
        static ENGLISH: OnceLock<Firsts> = OnceLock::new();
        let firsts = match words.lang {
            Lang::French => &FRENCH,
            Lang::English => &ENGLISH,
        };
        firsts.get_or_init(|| {
            let qualifiers = words.qualifiers.iter().map(|(phrase, _)| phrase);
            let multipliers = words.multipliers.iter().map(|(phrase, _)| phrase);
            let any = qualifiers
                .clone()
                .chain(multipliers.clone())
                .chain(words.multiplied_by.iter())
                .filter_map(|phrase| phrase.first().copied());
            let opening = |phrase: &&'static [&'static str]| {
                phrase.first().copied().filter(|w| ARTICLES.contains(w))
            };
            let articles = qualifiers
                .clone()
                .filter_map(|phrase| Some((opening(phrase)?, None)))
                .chain(
                    multipliers
                        .clone()
                        .chain(words.multiplied_by.iter())
                        .filter_map(|phrase| Some((opening(phrase)?, phrase.get(1).copied()))),
                )
                .collect();
            Firsts {
                qualifiers: FirstWords::new(qualifiers),
                multipliers: FirstWords::new(multipliers),
                any: WordSet::new(any),
                articles,
            }
        })
    }
}

/// A figure made of words only is one when its words cannot be read otherwise: "la moitié",
/// "les deux tiers", "two-thirds", "doubler", "le double", "trois", "un siècle", "des
/// milliers"; not "tiers" or "double" alone (pays tiers, un double rôle), not "un" alone (an
/// article), not "une fois" (once).
fn words_make_a_figure(used: &[Token], quantity: &Quantity, seen: &Seen) -> bool {
    let single = |words: &[&str]| matches!(used, [Token { lexeme: Lexeme::Word(w), .. }] if words.contains(&w.as_str()));
    match quantity.unit {
        Unit::Ratio => {
            used.len() >= 2
                || matches!(used, [Token { lexeme: Lexeme::Word(w), .. }] if w.contains('-'))
        }
        Unit::Multiplier => quantity.value != 1.0 && !single(&["double", "triple", "quadruple"]),
        _ => !(seen.one && seen.magnitude == 1.0 && quantity.unit == Unit::Count),
    }
}

/// A number glued to letters is part of a word or a name ("GPT-4", "CO2", "3D", "5G", "15H05",
/// "6:52"), not a figure of its own.
fn glued(text: &str, span: &Range<usize>) -> bool {
    let mut before = text.get(..span.start).unwrap_or_default().chars().rev();
    let glued_before = match before.next() {
        // "5-10 %": a digit before a hyphen opening the span is a range, not a name.
        Some(c)
            if c.is_ascii_digit() && text.get(span.start..).is_some_and(|s| s.starts_with('-')) =>
        {
            false
        }
        Some(c) if c.is_alphanumeric() => true,
        Some('-' | ':' | '/' | '.' | '_') => before.next().is_some_and(char::is_alphanumeric),
        _ => false,
    };
    let mut after = text.get(span.end..).unwrap_or_default().chars();
    let glued_after = match after.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some(':') => after.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    glued_before || glued_after
}

/// "2023" alone: four digits, no qualifier, magnitude or unit, between 1000 and 2999. Years
/// are dates, which the period grammar reads; they are never counts.
fn is_year(nums: &[&str], tokens: usize, quantity: &Quantity, magnitude: f64) -> bool {
    matches!(nums, [n] if n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()))
        && tokens == 1
        && quantity.unit == Unit::Count
        && magnitude == 1.0
        && (1000.0..3000.0).contains(&quantity.value)
}

/// An English number word ("two", "twenty-two"), for the period grammar's "every two years".
pub(crate) fn english_number_word(word: &str) -> Option<f64> {
    english::number_word(word)
}

/// Digits as `style` writes them, for the period grammar's counts ("every 1.5 years").
pub(crate) fn read_digits(raw: &str, style: NumberStyle) -> Result<f64, (String, String)> {
    digits::read(raw, style)
}

fn refusal(reason: impl Into<String>, hint: impl Into<String>) -> Refusal {
    (reason.into(), hint.into())
}

/// What follows the number.
enum Suffix {
    Currency(Currency),
    Percent,
    Years(f64),
    Energy(Energy),
    Mass(Mass),
}

/// What a price is per: "$/kg", "€ le kWh".
enum Per {
    Mass(Mass),
    Energy(Energy),
}

/// The number itself, and the unit or qualifier its form implies.
struct Core {
    value: f64,
    /// Set by a share ("la moitié": ratio) or a factor ("doubler": multiplier).
    unit: Option<Unit>,
    /// Set by a lower bound ("des milliers": at least 2000).
    qualifier: Qualifier,
}

impl Core {
    fn new(value: f64, unit: Option<Unit>) -> Core {
        Core {
            value,
            unit,
            qualifier: Qualifier::Exact,
        }
    }
}

struct Parser<'a> {
    /// The cell as typed, for what case tells ("CHF" is a code, "g" a gram).
    text: &'a str,
    tokens: &'a [Token],
    pos: usize,
    style: NumberStyle,
    words: &'static Words,
    /// Reading running text: the figure ends where the grammar stops, instead of the whole
    /// cell having to be a figure.
    scan: bool,
    /// What the figure was made of, for the scanner's checks.
    seen: Seen,
}

/// What a figure was made of: its magnitude, whether its number is "un"/"one", and whether
/// it is a factor written "x 25".
#[derive(Debug, Clone, Copy)]
struct Seen {
    magnitude: f64,
    one: bool,
    times_x: bool,
}

impl Default for Seen {
    fn default() -> Seen {
        Seen {
            magnitude: 1.0,
            one: false,
            times_x: false,
        }
    }
}

impl Parser<'_> {
    fn lexeme(&self, offset: usize) -> Option<&Lexeme> {
        self.tokens.get(self.pos + offset).map(|t| &t.lexeme)
    }

    fn peek(&self) -> Option<&Lexeme> {
        self.lexeme(0)
    }

    fn word_at(&self, offset: usize) -> Option<&str> {
        match self.lexeme(offset) {
            Some(Lexeme::Word(w)) => Some(w),
            _ => None,
        }
    }

    fn sym_at(&self, offset: usize) -> Option<char> {
        match self.lexeme(offset) {
            Some(Lexeme::Sym(c)) => Some(*c),
            _ => None,
        }
    }

    /// The token as typed, case and all.
    fn typed_at(&self, offset: usize) -> &str {
        self.tokens
            .get(self.pos + offset)
            .map_or("", |t| t.typed(self.text))
    }

    /// A currency code as typed: any of the ISO shape in a cell, a listed one in running text.
    fn code(&self, typed: &str) -> Option<Currency> {
        let currency = Currency::new(typed)?;
        (!self.scan || vocab::RUNNING_TEXT_CODES.contains(&typed)).then_some(currency)
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

    /// Consumes the first of the phrases that comes next.
    fn eat_any(&mut self, phrases: &[&[&str]]) -> bool {
        phrases.iter().any(|phrase| self.eat(phrase))
    }

    fn eat_word(&mut self, words: &[&str]) -> bool {
        match self.word_at(0) {
            Some(w) if words.contains(&w) => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    fn eat_sym(&mut self, symbols: &[char]) -> Option<char> {
        match self.sym_at(0) {
            Some(c) if symbols.contains(&c) => {
                self.pos += 1;
                Some(c)
            }
            _ => None,
        }
    }

    fn quantity(&mut self) -> Result<Quantity, Refusal> {
        if !self.scan {
            self.refuse_periods()?;
        }
        let mut qualifier = self.qualifier();
        // An explicit "+" marks a rise, as in "+265 %"; the value is the same.
        let negative = matches!(self.eat_sym(&['-', '−', '+']), Some('-' | '−'));
        let prefix_currency = self.currency_before()?;
        let core = self.core()?;
        if core.qualifier != Qualifier::Exact {
            qualifier = core.qualifier;
        }
        let mut value = core.value * self.magnitudes(prefix_currency.is_some())?;
        let before_connector = self.pos;
        let mut connector = self.eat_word(self.words.connectors);
        let suffix = self.suffix()?;
        let per = self.per_unit()?;
        if self.scan {
            // "3 de ses usines": the "de" belongs to the sentence, not to the figure.
            if connector && suffix.is_none() && per.is_none() {
                self.pos = before_connector;
                connector = false;
            }
        } else if self.peek().is_some() {
            return Err(refusal(
                format!("\"{}\" is not part of a figure", self.typed_at(0)),
                "keep only the figure and its unit in the cell; the rest belongs in quote or note",
            ));
        }
        let unit = match (core.unit, prefix_currency, suffix) {
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
            (None, Some(currency), None) => Unit::Money(currency),
            (None, None, Some(Suffix::Currency(currency))) => Unit::Money(currency),
            (None, None, Some(Suffix::Percent)) => Unit::Percent,
            (None, None, Some(Suffix::Years(factor))) => {
                value *= factor;
                Unit::Year
            }
            (None, None, Some(Suffix::Energy(energy))) => Unit::Energy(energy),
            (None, None, Some(Suffix::Mass(mass))) => Unit::Mass(mass),
            (None, None, None) if connector => {
                let connector = match self.words.lang {
                    Lang::French => "de",
                    Lang::English => "of",
                };
                return Err(refusal(
                    format!("\"{connector}\" is not followed by a unit"),
                    "write the currency after it",
                ));
            }
            (None, None, None) => Unit::Count,
        };
        let unit = match (per, unit) {
            (None, unit) => unit,
            (Some(Per::Mass(mass)), Unit::Money(currency)) => Unit::PricePerMass(currency, mass),
            (Some(Per::Energy(energy)), Unit::Money(currency)) if energy.prices() => {
                Unit::PricePerEnergy(currency, energy)
            }
            (Some(Per::Energy(energy)), Unit::Money(_)) => {
                return Err(refusal(
                    format!("a price per {} is not published", energy.code()),
                    format!(
                        "give it per MWh (divide by {}) and say so in note",
                        energy.in_wh() / 1e6
                    ),
                ));
            }
            (Some(_), _) => {
                return Err(refusal(
                    "only an amount of money can be per unit",
                    "write a price as 5 $/kg, 5 dollars le kilo or $5 per kg",
                ));
            }
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

    /// A period typed in the value column gets a pointer to the right column.
    fn refuse_periods(&self) -> Result<(), Refusal> {
        let words: Vec<&str> = self
            .tokens
            .iter()
            .filter_map(|t| match &t.lexeme {
                Lexeme::Word(w) => Some(w.as_str()),
                _ => None,
            })
            .collect();
        let is_period = match self.words.lang {
            Lang::French => french::is_period(&words),
            Lang::English => {
                let has_year = self.tokens.iter().any(|t| {
                    matches!(&t.lexeme, Lexeme::Num(n) if n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()))
                });
                english::is_period(&words, has_year)
            }
        };
        if is_period {
            return Err(refusal(
                "this is a period, not a value",
                "put it in the period column",
            ));
        }
        Ok(())
    }

    fn qualifier(&mut self) -> Qualifier {
        if self.eat_sym(&['~', '≈']).is_some() {
            return Qualifier::Approximate;
        }
        if !Firsts::of(self.words)
            .qualifiers
            .may_open_at(self.word_at(0))
        {
            return Qualifier::Exact;
        }
        self.words
            .qualifiers
            .iter()
            .find(|(words, _)| self.eat(words))
            .map_or(Qualifier::Exact, |(_, qualifier)| *qualifier)
    }

    /// A currency before the number: a symbol ($, €, £, ₩, US$, NT$, JP¥, CN¥) or a code
    /// ("USD 5 millions", "CHF 12").
    fn currency_before(&mut self) -> Result<Option<Currency>, Refusal> {
        if let Some(currency) = self.currency_symbol()? {
            return Ok(Some(currency));
        }
        if let Some(currency) = self.word_at(0).and_then(vocab::known_code) {
            self.pos += 1;
            return Ok(Some(currency));
        }
        // Any other code only in capitals and right before the digits, so that "DES MILLIERS"
        // or "UNE décennie" typed in capitals are not read as currencies.
        if matches!(self.lexeme(1), Some(Lexeme::Num(_)))
            && let Some(currency) = self.code(self.typed_at(0))
        {
            self.pos += 1;
            return Ok(Some(currency));
        }
        self.refuse_ambiguous_name()?;
        Ok(None)
    }

    /// A currency symbol, alone or after its marker (US$, NT$, JP¥, CN¥).
    fn currency_symbol(&mut self) -> Result<Option<Currency>, Refusal> {
        if let (Some(marker), Some(symbol)) = (self.word_at(0), self.sym_at(1))
            && let Some(currency) = vocab::marked_symbol(marker, symbol)
        {
            self.pos += 2;
            return Ok(Some(currency));
        }
        let currency = match self.sym_at(0) {
            Some('$') => Currency::USD,
            Some('€') => Currency::EUR,
            Some('£') => Currency::GBP,
            Some('₩') => Currency::KRW,
            Some('¥') => {
                return Err(refusal(
                    "\"¥\" is ambiguous: Japanese yen or Chinese yuan",
                    "write JP¥ or JPY for yen, CN¥ or CNY for yuan",
                ));
            }
            _ if self.word_at(0) == Some("us") => {
                return Err(refusal("\"US\" is not followed by $", "write US$ or $"));
            }
            _ => return Ok(None),
        };
        self.pos += 1;
        Ok(Some(currency))
    }

    /// "livres" (pounds or books?), "francs" (which?), "tons" (which?) are refused by name.
    fn refuse_ambiguous_name(&self) -> Result<(), Refusal> {
        let sterling = matches!(self.word_at(1), Some("sterling"));
        let typed = self.typed_at(0);
        match self
            .word_at(0)
            .and_then(|w| vocab::ambiguous_name(w, typed))
        {
            Some(_) if sterling => Ok(()),
            Some((reason, hint)) => Err(refusal(reason, hint)),
            None => Ok(()),
        }
    }

    /// The number itself; a share or factor also fixes the unit.
    fn core(&mut self) -> Result<Core, Refusal> {
        if let Some(size) = self.lower_bound() {
            return Ok(Core {
                value: 2.0 * size,
                unit: None,
                qualifier: Qualifier::AtLeast,
            });
        }
        if Firsts::of(self.words)
            .multipliers
            .may_open_at(self.word_at(0))
        {
            for (words, factor) in self.words.multipliers {
                if self.eat(words) {
                    return Ok(Core::new(*factor, Some(Unit::Multiplier)));
                }
            }
        }
        if self.eat_any(self.words.multiplied_by)
            || self.eat_sym(&['×']).is_some()
            || self.eat(&["x"])
        {
            self.seen.times_x = true;
            let factor = self.plain_number()?;
            return Ok(Core::new(factor, Some(Unit::Multiplier)));
        }
        if self.words.lang == Lang::English
            && let Some(share) = self.word_at(0).and_then(english::compound_fraction)
        {
            self.pos += 1;
            return Ok(Core::new(share, Some(Unit::Ratio)));
        }
        let counted = self.count()?;
        if let Some(share) = self.word_at(0).and_then(self.words.fraction) {
            self.pos += 1;
            return Ok(Core::new(counted * share, Some(Unit::Ratio)));
        }
        if self.eat_sym(&['×']).is_some() || self.eat(&["x"]) || self.eat_word(self.words.times) {
            return Ok(Core::new(counted, Some(Unit::Multiplier)));
        }
        Ok(Core::new(counted, None))
    }

    /// "des milliers", "plusieurs millions" / "thousands (of)", "several million": a lower
    /// bound of two of them. Returns the size of one.
    fn lower_bound(&mut self) -> Option<f64> {
        match self.words.lang {
            Lang::French => {
                // "de milliers" after a preposition ("les opérations de milliers
                // d'entreprises") is "des milliers" as grammar writes it there.
                if matches!(self.word_at(0), Some("des" | "de" | "plusieurs"))
                    && let Some(size) = self.word_at(1).and_then(french::magnitude_noun)
                {
                    self.pos += 2;
                    return Some(size);
                }
                None
            }
            Lang::English => {
                if self.word_at(0) == Some("several")
                    && let Some(size) = self.word_at(1).and_then(|w| {
                        english::magnitude_noun(w).or_else(|| (self.words.magnitude)(w))
                    })
                {
                    self.pos += 2;
                    return Some(size);
                }
                let size = self.word_at(0).and_then(english::magnitude_noun)?;
                self.pos += 1;
                // "thousands of", with nothing after, is the whole figure.
                if self.word_at(0) == Some("of") && self.lexeme(1).is_none() {
                    self.pos += 1;
                }
                Some(size)
            }
        }
    }

    /// The count before a fraction or a noun, with its article: "la moitié", "les deux tiers",
    /// "un tiers" / "a third", "a million", "a decade".
    fn count(&mut self) -> Result<f64, Refusal> {
        let fraction = self.words.fraction;
        let number_word = self.words.number_word;
        let (w0, w1) = (self.word_at(0), self.word_at(1));
        match self.words.lang {
            Lang::French => {
                let article = matches!(w0, Some("la" | "le" | "les" | "un" | "une"))
                    && w1.is_some_and(|w| fraction(w).is_some() || number_word(w).is_some());
                if article && w1.and_then(fraction).is_some() {
                    self.pos += 1;
                    return Ok(1.0);
                }
                if article && !matches!(w0, Some("un" | "une")) {
                    self.pos += 1;
                }
                self.plain_number()
            }
            Lang::English => {
                let one = matches!(w0, Some("a" | "an"))
                    && w1.is_some_and(|w| {
                        fraction(w).is_some()
                            || (self.words.magnitude)(w).is_some()
                            || self.words.duration(w).is_some()
                    });
                if one {
                    self.pos += 1;
                    return Ok(1.0);
                }
                self.plain_number()
            }
        }
    }

    /// Digits or a number word; a fraction word with no count before it counts one.
    fn plain_number(&mut self) -> Result<f64, Refusal> {
        let number_word = self.words.number_word;
        let magnitude = self.words.magnitude;
        match self.peek() {
            Some(Lexeme::Num(raw)) => {
                let value = digits::read(raw, self.style)?;
                if self.style == NumberStyle::English
                    && self.word_at(1).is_none_or(|w| magnitude(w).is_none())
                    && let Some(ambiguous) = digits::english_dot_is_ambiguous(raw)
                {
                    return Err(ambiguous);
                }
                self.pos += 1;
                Ok(value)
            }
            Some(Lexeme::Word(w)) if number_word(w).is_some() => {
                let value = number_word(w).unwrap_or_default();
                self.seen.one = matches!(w.as_str(), "un" | "une" | "one");
                self.pos += 1;
                // "deux mille", "two hundred": a number word before a magnitude multiplies.
                if self
                    .word_at(0)
                    .is_some_and(|next| magnitude(next).is_none() && number_word(next).is_some())
                {
                    return Err(refusal(
                        "compound number words are not read",
                        "write the number in digits",
                    ));
                }
                Ok(value)
            }
            Some(Lexeme::Word(w)) if (self.words.fraction)(w).is_some() => Ok(1.0),
            Some(Lexeme::Word(w))
                if w.contains('-')
                    && w.split('-')
                        .all(|p| number_word(p).is_some() || p == "et" || p == "and") =>
            {
                Err(refusal(
                    "compound number words are not read",
                    "write the number in digits",
                ))
            }
            // Running text drops the parser's refusals (figure_at words refused digits
            // itself), and an article opens a figure at every turn ("la", "les", "a"): the
            // same refusal, not worded.
            Some(_) if self.scan => Err(refusal(String::new(), String::new())),
            Some(_) => Err(refusal(
                format!("\"{}\" is not a number", self.typed_at(0)),
                self.words.not_a_number_hint,
            )),
            None => Err(refusal("there is no number", "write the figure itself")),
        }
    }

    fn magnitudes(&mut self, prefix_currency: bool) -> Result<f64, Refusal> {
        let mut factor = 1.0;
        while let Some(word) = self.word_at(0) {
            if self.words.lang == Lang::French
                && let Some((reason, hint)) = french::ambiguous_magnitude(word, self.typed_at(0))
            {
                return Err(refusal(reason, hint));
            }
            // "M" is million only beside a currency (5 M€, $5m): alone it may be metres or
            // minutes.
            let million = word == "m"
                && match self.words.lang {
                    Lang::French => matches!(self.sym_at(1), Some('$' | '€')),
                    Lang::English => {
                        prefix_currency || matches!(self.sym_at(1), Some('$' | '€' | '£'))
                    }
                };
            match (million, (self.words.magnitude)(word)) {
                (true, _) => factor *= 1e6,
                (false, Some(size)) => factor *= size,
                (false, None) => break,
            }
            self.pos += 1;
        }
        self.seen.magnitude = factor;
        Ok(factor)
    }

    fn suffix(&mut self) -> Result<Option<Suffix>, Refusal> {
        if self.eat_sym(&['$']).is_some() {
            // "$ US" and "$US", as French writers mark the US dollar.
            let _ = self.eat(&["us"]);
            return Ok(Some(Suffix::Currency(Currency::USD)));
        }
        if self.eat_sym(&['%']).is_some() || self.eat_any(self.words.percent) {
            return Ok(Some(Suffix::Percent));
        }
        for (words, currency) in vocab::CURRENCY_WORDS {
            if self.eat(words) {
                return Ok(Some(Suffix::Currency(*currency)));
            }
        }
        if let Some(currency) = self.currency_symbol()? {
            return Ok(Some(Suffix::Currency(currency)));
        }
        if let Some(years) = self.word_at(0).and_then(|w| self.words.duration(w)) {
            self.pos += 1;
            return Ok(Some(Suffix::Years(years)));
        }
        if let Some(energy) = self.word_at(0).and_then(vocab::energy) {
            self.pos += 1;
            return Ok(Some(Suffix::Energy(energy)));
        }
        if let Some(mass) = self.mass()? {
            return Ok(Some(Suffix::Mass(mass)));
        }
        if let Some(currency) = self
            .word_at(0)
            .and_then(vocab::known_code)
            .or_else(|| self.code(self.typed_at(0)))
        {
            self.pos += 1;
            return Ok(Some(Suffix::Currency(currency)));
        }
        self.refuse_ambiguous_name()?;
        Ok(None)
    }

    fn mass(&mut self) -> Result<Option<Mass>, Refusal> {
        for (words, mass) in vocab::MASS_PHRASES {
            if self.eat(words) {
                return Ok(Some(*mass));
            }
        }
        let Some(word) = self.word_at(0) else {
            return Ok(None);
        };
        if let Some(mass) = vocab::mass(word, self.typed_at(0)) {
            self.pos += 1;
            return Ok(Some(mass));
        }
        if matches!(word, "ton" | "tons") {
            self.refuse_ambiguous_name()?;
        }
        Ok(None)
    }

    /// What a price is per: "/kg", "le kilo", "par tonne", "per MWh", "a tonne".
    fn per_unit(&mut self) -> Result<Option<Per>, Refusal> {
        let start = self.pos;
        if self.eat_sym(&['/']).is_none() && !self.eat_word(self.words.per) {
            return Ok(None);
        }
        if let Some(mass) = self.mass()? {
            return Ok(Some(Per::Mass(mass)));
        }
        if let Some(energy) = self.word_at(0).and_then(vocab::energy) {
            self.pos += 1;
            return Ok(Some(Per::Energy(energy)));
        }
        // Not a unit: left for the check that nothing follows the figure, which quotes it.
        self.pos = start;
        Ok(None)
    }
}
