//! The words of French figures: "environ 22,1 milliards de $", "la moitié", "doubler",
//! "près d'un siècle", "des milliers".

use super::Qualifier;
use super::vocab::{Lang, Words};
use crate::grammar::number_word;

pub(super) const WORDS: Words = Words {
    lang: Lang::French,
    qualifiers: QUALIFIERS,
    multipliers: MULTIPLIER_WORDS,
    multiplied_by: &[
        &["multiplier", "par"],
        &["multiplié", "par"],
        &["multipliée", "par"],
    ],
    times: &["fois"],
    percent: &[&["pour", "cent"], &["pourcent"], &["pour-cent"]],
    durations: DURATION_WORDS,
    connectors: &["de", "d'"],
    per: &["le", "la", "l'", "par"],
    number_word,
    magnitude,
    fraction,
    not_a_number_hint: "write digits (22,1), a number word (deux … dix), a share (la moitié) or a factor (doubler)",
};

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

/// The verb's forms a sentence uses ("a doublé", "doublera") read as the factor they state.
const MULTIPLIER_WORDS: &[(&[&str], f64)] = &[
    (&["doubler"], 2.0),
    (&["doublement"], 2.0),
    (&["doublé"], 2.0),
    (&["doublée"], 2.0),
    (&["doublés"], 2.0),
    (&["doublées"], 2.0),
    (&["doublera"], 2.0),
    (&["doubleront"], 2.0),
    (&["tripler"], 3.0),
    (&["triplé"], 3.0),
    (&["triplée"], 3.0),
    (&["triplera"], 3.0),
    (&["le", "double"], 2.0),
    (&["double"], 2.0),
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
pub(super) fn magnitude_noun(word: &str) -> Option<f64> {
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

/// "billion" is 10^12 in French and 10^9 in English: a thousand-fold error if guessed wrong.
/// `typed` is the word as the cell has it, which the message echoes.
pub(super) fn ambiguous_magnitude(word: &str, typed: &str) -> Option<(String, String)> {
    matches!(word, "billion" | "billions" | "trillion" | "trillions").then(|| {
        (
            format!("\"{typed}\" is ambiguous: 10^12 in French, 10^9 in English"),
            "write milliards (10^9) or mille milliards (10^12)".to_string(),
        )
    })
}

/// Whether the words are a period typed in the value column.
pub(super) fn is_period(words: &[&str]) -> bool {
    matches!(
        words,
        ["tous", "les", ..] | ["chaque", ..] | ["d'", "ici", ..]
    ) || words.contains(&"trimestre")
        || words.contains(&"semestre")
}
