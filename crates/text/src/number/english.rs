//! The words of English figures: "about $22.1 billion", "two-thirds", "doubling",
//! "nearly a century", "thousands of".

use super::Qualifier;
use super::vocab::{Lang, Words};

pub(super) const WORDS: Words = Words {
    lang: Lang::English,
    qualifiers: QUALIFIERS,
    multipliers: MULTIPLIER_WORDS,
    multiplied_by: &[&["multiplied", "by"]],
    times: &["times"],
    percent: &[&["percent"], &["per", "cent"], &["per-cent"]],
    durations: DURATION_WORDS,
    connectors: &["of"],
    per: &["per", "a", "an"],
    number_word,
    magnitude,
    fraction,
    not_a_number_hint: "write digits (22.1), a number word (two … ten), a share (two-thirds) or a factor (double)",
};

const QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["about"], Qualifier::Approximate),
    (&["around"], Qualifier::Approximate),
    (&["roughly"], Qualifier::Approximate),
    (&["approximately"], Qualifier::Approximate),
    (&["nearly"], Qualifier::Approximate),
    (&["almost"], Qualifier::Approximate),
    (&["close", "to"], Qualifier::Approximate),
    (&["at", "least"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["at", "most"], Qualifier::AtMost),
    (&["up", "to"], Qualifier::AtMost),
    (&["as", "much", "as"], Qualifier::AtMost),
    (&["as", "many", "as"], Qualifier::AtMost),
    (&["more", "than"], Qualifier::MoreThan),
    (&["over"], Qualifier::MoreThan),
    (&["less", "than"], Qualifier::LessThan),
    (&["fewer", "than"], Qualifier::LessThan),
    (&["under"], Qualifier::LessThan),
];

const MULTIPLIER_WORDS: &[(&[&str], f64)] = &[
    (&["double"], 2.0),
    (&["doubling"], 2.0),
    (&["doubled"], 2.0),
    (&["twice"], 2.0),
    (&["twofold"], 2.0),
    (&["two-fold"], 2.0),
    (&["triple"], 3.0),
    (&["tripling"], 3.0),
    (&["tripled"], 3.0),
    (&["threefold"], 3.0),
    (&["three-fold"], 3.0),
    (&["quadruple"], 4.0),
    (&["quadrupling"], 4.0),
    (&["quadrupled"], 4.0),
    (&["fourfold"], 4.0),
    (&["four-fold"], 4.0),
];

const DURATION_WORDS: &[(&str, f64)] = &[
    ("years", 1.0),
    ("year", 1.0),
    ("yrs", 1.0),
    ("months", 1.0 / 12.0),
    ("month", 1.0 / 12.0),
    ("decades", 10.0),
    ("decade", 10.0),
    ("centuries", 100.0),
    ("century", 100.0),
];

/// zero … twenty, the tens to ninety, and a ten and a unit joined by a hyphen ("twenty-two").
/// "hundred", "thousand" and above are magnitudes: "two hundred" is two times a hundred.
pub(super) fn number_word(word: &str) -> Option<f64> {
    if let Some((tens, unit)) = word.split_once('-') {
        let (tens, unit) = (simple_number(tens)?, simple_number(unit)?);
        return ((20.0..=90.0).contains(&tens)
            && tens % 10.0 == 0.0
            && (1.0..=9.0).contains(&unit))
        .then_some(tens + unit);
    }
    simple_number(word)
}

fn simple_number(word: &str) -> Option<f64> {
    const UNITS: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(n) = UNITS.iter().position(|w| *w == word) {
        return Some(n as f64);
    }
    TENS.iter()
        .position(|w| *w == word)
        .map(|n| 20.0 + 10.0 * n as f64)
}

/// "billion" is 10^9 in English, as is "bn"; "m" alone is read only beside a currency.
fn magnitude(word: &str) -> Option<f64> {
    Some(match word {
        "hundred" => 100.0,
        "k" | "thousand" => 1e3,
        "million" | "mn" => 1e6,
        "billion" | "bn" => 1e9,
        "trillion" | "tn" | "trn" => 1e12,
        _ => return None,
    })
}

/// The plural nouns that stand for "at least two of them": "thousands (of)".
pub(super) fn magnitude_noun(word: &str) -> Option<f64> {
    Some(match word {
        "tens" => 10.0,
        "hundreds" => 100.0,
        "thousands" => 1e3,
        "millions" => 1e6,
        "billions" => 1e9,
        _ => return None,
    })
}

fn fraction(word: &str) -> Option<f64> {
    Some(match word {
        "half" | "halves" => 0.5,
        "third" | "thirds" => 1.0 / 3.0,
        "quarter" | "quarters" | "fourth" | "fourths" => 0.25,
        _ => return None,
    })
}

/// "two-thirds", "three-quarters", "one-half".
pub(super) fn compound_fraction(word: &str) -> Option<f64> {
    let (count, share) = word.split_once('-')?;
    Some(simple_number(count)? * fraction(share)?)
}

/// Whether the tokens are a period typed in the value column: "every two years", "by 2030",
/// "Q4 2023", "the first half of 2024", "fiscal 2025".
pub(super) fn is_period(words: &[&str], has_year: bool) -> bool {
    let dated = matches!(words.first(), Some(&("by" | "in" | "since" | "until")))
        || words
            .iter()
            .any(|w| matches!(*w, "quarter" | "half" | "q" | "h" | "fy"));
    matches!(words, ["every", ..]) || words.contains(&"fiscal") || (has_year && dated)
}
