//! The French period grammar: "dernier trimestre 2023" → 2023-Q4 (2023-10-01 to 2023-12-31),
//! "d'ici 2030" → target year 2030, "tous les deux ans" → every 2 years, "XXe siècle" →
//! 1901-01-01 to 2000-12-31, "années 1930", "6 mars 2024", "aujourd'hui" (the source's date).

use chrono::{Datelike, NaiveDate};

use crate::grammar::{GrammarError, Lexeme, decimal, number_word, roman, tokenize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    Day,
    Month,
    Quarter,
    Half,
    Year,
    Decade,
    Century,
    Target,
    Recurring,
    AsOf,
}

impl PeriodKind {
    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Day => "day",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Half => "half",
            PeriodKind::Year => "year",
            PeriodKind::Decade => "decade",
            PeriodKind::Century => "century",
            PeriodKind::Target => "target",
            PeriodKind::Recurring => "recurring",
            PeriodKind::AsOf => "as_of",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    /// Canonical label: 2023-Q4, 2024-03-06, by 2030, every 2 years, 20th century.
    pub label: String,
    pub kind: PeriodKind,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub target_year: Option<i32>,
    pub recurrence_years: Option<f64>,
    /// "environ tous les deux ans".
    pub approximate: bool,
}

const FORMS: &str = "write it like: dernier trimestre 2023, T4 2023, premier semestre 2024, 2023, \
mars 2024, 6 mars 2024, d'ici 2030, tous les deux ans, XXe siècle, années 1930, aujourd'hui";

const MONTHS: &[(&str, u32)] = &[
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
];

/// Reads a period. `as_of` is the source's date, which "aujourd'hui" refers to.
pub fn parse_period(text: &str, as_of: Option<NaiveDate>) -> Result<Period, GrammarError> {
    let fail = |reason: String, hint: &str| GrammarError {
        expected: "period",
        text: text.to_string(),
        reason,
        hint: hint.to_string(),
    };
    let tokens = tokenize(text).map_err(|c| fail(format!("unexpected character {c:?}"), FORMS))?;
    let mut words: Vec<String> = tokens
        .iter()
        .filter(|t| !matches!(t.lexeme, Lexeme::Sym(',' | '.')))
        .map(ToString::to_string)
        .collect();
    let approximate = strip_prefix(
        &mut words,
        &[&["environ"], &["vers"], &["autour", "de"], &["~"]],
    );
    strip_prefix(
        &mut words,
        &[
            &["au", "cours", "du"],
            &["en"],
            &["au"],
            &["du"],
            &["le"],
            &["la"],
            &["l'"],
            &["dans"],
            &["durant"],
            &["pendant"],
        ],
    );
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut period = read(&words, as_of).map_err(|(reason, hint)| fail(reason, &hint))?;
    period.approximate = approximate;
    Ok(period)
}

/// Reads a calendar day: "6 mars 2024", "le 1er mars 2024" or "2024-03-06".
pub fn parse_date(text: &str) -> Result<NaiveDate, GrammarError> {
    if let Ok(date) = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        return Ok(date);
    }
    let fail = |reason: String| GrammarError {
        expected: "date",
        text: text.to_string(),
        reason,
        hint: "write it like 6 mars 2024 or 2024-03-06".to_string(),
    };
    match parse_period(text, None) {
        Ok(Period {
            kind: PeriodKind::Day,
            start: Some(day),
            ..
        }) => Ok(day),
        Ok(other) => Err(fail(format!(
            "it is a {} period, not one day",
            other.kind.code()
        ))),
        Err(e) => Err(fail(e.reason)),
    }
}

fn strip_prefix(words: &mut Vec<String>, prefixes: &[&[&str]]) -> bool {
    for prefix in prefixes {
        if words.len() > prefix.len() && words.iter().zip(prefix.iter()).all(|(w, p)| w == p) {
            words.drain(..prefix.len());
            return true;
        }
    }
    false
}

type Refusal = (String, String);

fn read(words: &[&str], as_of: Option<NaiveDate>) -> Result<Period, Refusal> {
    let unknown = || {
        (
            format!("\"{}\" is not a period petrochip reads", words.join(" ")),
            FORMS.to_string(),
        )
    };
    match words {
        [] => Err(("the cell is empty".into(), FORMS.into())),
        ["aujourd'", "hui"] | ["actuellement"] | ["à", "ce", "jour"] | ["de", "nos", "jours"] => {
            let day = as_of.ok_or_else(|| {
                (
                    "\"aujourd'hui\" needs the source's publication date".to_string(),
                    String::new(),
                )
            })?;
            Ok(dated(format!("as of {day}"), PeriodKind::AsOf, day, day))
        }
        ["tous", "les", "ans"] | ["chaque", "année"] | ["annuellement"] | ["par", "an"] => {
            Ok(recurring(1.0))
        }
        ["tous", "les", count, unit @ ("ans" | "années" | "mois")] => {
            let count = number_word(count)
                .or_else(|| decimal(count).ok())
                .filter(|n| *n > 0.0)
                .ok_or_else(unknown)?;
            Ok(recurring(if *unit == "mois" {
                count / 12.0
            } else {
                count
            }))
        }
        ["d'", "ici", year]
        | ["d'", "ici", "à", year]
        | ["à", "l'", "horizon", year]
        | ["horizon", year]
        | ["pour", year] => {
            let year = year_of(year).ok_or_else(unknown)?;
            Ok(Period {
                label: format!("by {year}"),
                kind: PeriodKind::Target,
                start: None,
                end: NaiveDate::from_ymd_opt(year, 12, 31),
                target_year: Some(year),
                recurrence_years: None,
                approximate: false,
            })
        }
        [ordinal, "siècle"] => century(
            ordinal_word(ordinal)
                .or_else(|| roman_ordinal(ordinal))
                .ok_or_else(unknown)?,
        ),
        [n, suffix, "siècle"] if is_ordinal_suffix(suffix) => {
            century(n.parse().ok().filter(|n| *n > 0).ok_or_else(unknown)?)
        }
        ["années", year] | ["les", "années", year] => decade(year),
        [ordinal, "trimestre", year] => quarter(ordinal_of(ordinal, 4).ok_or_else(unknown)?, year),
        [n, suffix, "trimestre", year] if is_ordinal_suffix(suffix) => {
            quarter(n.parse().map_err(|_| unknown())?, year)
        }
        [letter @ ("t" | "q"), n, year] if letter.len() == 1 => {
            quarter(n.parse().map_err(|_| unknown())?, year)
        }
        [ordinal, "semestre", year] => half(ordinal_of(ordinal, 2).ok_or_else(unknown)?, year),
        [n, suffix, "semestre", year] if is_ordinal_suffix(suffix) => {
            half(n.parse().map_err(|_| unknown())?, year)
        }
        [letter @ ("s" | "h"), n, year] if letter.len() == 1 => {
            half(n.parse().map_err(|_| unknown())?, year)
        }
        [day, "er", month, year] | [day, month, year] if month_of(month).is_some() => {
            let (day, month, year) = (day.parse::<u32>().ok(), month_of(month), year_of(year));
            let (Some(d), Some(m), Some(y)) = (day, month, year) else {
                return Err(unknown());
            };
            let date = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
                (
                    format!(
                        "{d} {} {y} is not a day of the calendar",
                        words[words.len() - 2]
                    ),
                    String::new(),
                )
            })?;
            Ok(dated(date.to_string(), PeriodKind::Day, date, date))
        }
        [month, year] if month_of(month).is_some() => {
            let (Some(m), Some(y)) = (month_of(month), year_of(year)) else {
                return Err(unknown());
            };
            let start = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(unknown)?;
            let end = last_day_of_month(start).ok_or_else(unknown)?;
            Ok(dated(format!("{y}-{m:02}"), PeriodKind::Month, start, end))
        }
        [year] | ["année", year] => {
            let y = year_of(year).ok_or_else(unknown)?;
            let (start, end) = (ymd(y, 1, 1)?, ymd(y, 12, 31)?);
            Ok(dated(y.to_string(), PeriodKind::Year, start, end))
        }
        ["exercice", ..] => Err((
            "an \"exercice\" is a fiscal year, whose months depend on the company".into(),
            "give the calendar period the article means and name the fiscal year in note".into(),
        )),
        ["début", ..] | ["fin", ..] | ["milieu", ..] | ["mi", ..] => Err((
            format!("\"{}\" has no agreed start and end", words.join(" ")),
            "give the whole period (XXe siècle, 2023) and say which part in note".into(),
        )),
        _ => Err(unknown()),
    }
}

fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate, Refusal> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        (
            format!("{year}-{month:02}-{day:02} is out of the calendar"),
            String::new(),
        )
    })
}

fn dated(label: String, kind: PeriodKind, start: NaiveDate, end: NaiveDate) -> Period {
    Period {
        label,
        kind,
        start: Some(start),
        end: Some(end),
        target_year: None,
        recurrence_years: None,
        approximate: false,
    }
}

fn recurring(years: f64) -> Period {
    let label = if years == 1.0 {
        "every year".to_string()
    } else {
        format!("every {years} years")
    };
    Period {
        label,
        kind: PeriodKind::Recurring,
        start: None,
        end: None,
        target_year: None,
        recurrence_years: Some(years),
        approximate: false,
    }
}

fn year_of(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())).then(|| word.parse().ok())?
}

fn month_of(word: &str) -> Option<u32> {
    MONTHS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, m)| *m)
}

fn is_ordinal_suffix(word: &str) -> bool {
    matches!(
        word,
        "e" | "ème" | "eme" | "è" | "er" | "re" | "ᵉ" | "nd" | "nde"
    )
}

/// "premier", "2e", "dernier" (the last of `count`).
fn ordinal_of(word: &str, count: u32) -> Option<u32> {
    let n = match word {
        "premier" | "première" => 1,
        "deuxième" | "second" | "seconde" => 2,
        "troisième" => 3,
        "quatrième" => 4,
        "dernier" | "dernière" => count,
        _ => return None,
    };
    (n <= count).then_some(n)
}

fn ordinal_word(word: &str) -> Option<u32> {
    const WORDS: &[&str] = &[
        "premier",
        "deuxième",
        "troisième",
        "quatrième",
        "cinquième",
        "sixième",
        "septième",
        "huitième",
        "neuvième",
        "dixième",
        "onzième",
        "douzième",
        "treizième",
        "quatorzième",
        "quinzième",
        "seizième",
        "dix-septième",
        "dix-huitième",
        "dix-neuvième",
        "vingtième",
        "vingt-et-unième",
    ];
    WORDS
        .iter()
        .position(|w| *w == word)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// "xxe", "xxème", "xxᵉ", "xixe" → the Roman numeral's value.
fn roman_ordinal(word: &str) -> Option<u32> {
    ["ème", "eme", "è", "ᵉ", "e"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .and_then(roman)
}

fn century(n: u32) -> Result<Period, Refusal> {
    if !(1..=30).contains(&n) {
        return Err((
            format!("there is no {n}th century to read"),
            "centuries run from Ie to XXXe".into(),
        ));
    }
    let n = i32::try_from(n).map_err(|_| ("century out of range".to_string(), String::new()))?;
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    let (start, end) = (ymd((n - 1) * 100 + 1, 1, 1)?, ymd(n * 100, 12, 31)?);
    Ok(dated(
        format!("{n}{suffix} century"),
        PeriodKind::Century,
        start,
        end,
    ))
}

fn decade(year: &str) -> Result<Period, Refusal> {
    if year.len() == 2 && year.bytes().all(|b| b.is_ascii_digit()) {
        return Err((
            format!("\"années {year}\" does not say which century"),
            format!("write années 19{year} or années 20{year}"),
        ));
    }
    match year_of(year) {
        Some(y) if y % 10 == 0 => {
            let (start, end) = (ymd(y, 1, 1)?, ymd(y + 9, 12, 31)?);
            Ok(dated(format!("{y}s"), PeriodKind::Decade, start, end))
        }
        _ => Err((
            format!("\"années {year}\" is not a decade"),
            "write années 1930".into(),
        )),
    }
}

fn quarter(q: u32, year: &str) -> Result<Period, Refusal> {
    let y =
        year_of(year).ok_or_else(|| (format!("\"{year}\" is not a year"), FORMS.to_string()))?;
    if !(1..=4).contains(&q) {
        return Err((
            format!("there is no quarter {q}"),
            "quarters run from 1 to 4".into(),
        ));
    }
    let start = ymd(y, 3 * q - 2, 1)?;
    let end = last_day_of_month(ymd(y, 3 * q, 1)?)
        .ok_or_else(|| ("no such day".to_string(), String::new()))?;
    Ok(dated(format!("{y}-Q{q}"), PeriodKind::Quarter, start, end))
}

fn half(h: u32, year: &str) -> Result<Period, Refusal> {
    let y =
        year_of(year).ok_or_else(|| (format!("\"{year}\" is not a year"), FORMS.to_string()))?;
    if !(1..=2).contains(&h) {
        return Err((
            format!("there is no half-year {h}"),
            "half-years are 1 and 2".into(),
        ));
    }
    let (start, end) = if h == 1 {
        (ymd(y, 1, 1)?, ymd(y, 6, 30)?)
    } else {
        (ymd(y, 7, 1)?, ymd(y, 12, 31)?)
    };
    Ok(dated(format!("{y}-H{h}"), PeriodKind::Half, start, end))
}

fn last_day_of_month(first: NaiveDate) -> Option<NaiveDate> {
    let (y, m) = if first.month() == 12 {
        (first.year() + 1, 1)
    } else {
        (first.year(), first.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    fn span(text: &str) -> (String, &'static str, Option<NaiveDate>, Option<NaiveDate>) {
        let p = parse_period(text, d("2024-03-06")).unwrap_or_else(|e| panic!("{text}: {e}"));
        (p.label, p.kind.code(), p.start, p.end)
    }

    #[test]
    fn the_article_periods() {
        assert_eq!(
            span("dernier trimestre 2023"),
            (
                "2023-Q4".into(),
                "quarter",
                d("2023-10-01"),
                d("2023-12-31")
            )
        );
        let by_2030 = parse_period("d'ici 2030", None).unwrap();
        assert_eq!(
            (by_2030.label.as_str(), by_2030.target_year, by_2030.end),
            ("by 2030", Some(2030), d("2030-12-31"))
        );
        let moore = parse_period("environ tous les deux ans", None).unwrap();
        assert_eq!(
            (
                moore.recurrence_years,
                moore.approximate,
                moore.label.as_str()
            ),
            (Some(2.0), true, "every 2 years")
        );
        assert_eq!(
            span("XXe siècle"),
            (
                "20th century".into(),
                "century",
                d("1901-01-01"),
                d("2000-12-31")
            )
        );
        assert_eq!(
            span("au XXème siècle"),
            (
                "20th century".into(),
                "century",
                d("1901-01-01"),
                d("2000-12-31")
            )
        );
        assert_eq!(
            span("années 1930"),
            ("1930s".into(), "decade", d("1930-01-01"), d("1939-12-31"))
        );
        assert_eq!(
            span("aujourd'hui"),
            (
                "as of 2024-03-06".into(),
                "as_of",
                d("2024-03-06"),
                d("2024-03-06")
            )
        );
        assert_eq!(
            parse_date("le 6 mars 2024").unwrap(),
            NaiveDate::from_ymd_opt(2024, 3, 6).unwrap()
        );
    }

    #[test]
    fn other_forms_an_analyst_types() {
        assert_eq!(span("T4 2023").0, "2023-Q4");
        assert_eq!(span("Q1 2024").2, d("2024-01-01"));
        assert_eq!(span("premier trimestre 2024").3, d("2024-03-31"));
        assert_eq!(span("3e trimestre 2023").2, d("2023-07-01"));
        assert_eq!(
            span("second semestre 2023"),
            ("2023-H2".into(), "half", d("2023-07-01"), d("2023-12-31"))
        );
        assert_eq!(span("S1 2024").3, d("2024-06-30"));
        assert_eq!(
            span("en 2023"),
            ("2023".into(), "year", d("2023-01-01"), d("2023-12-31"))
        );
        assert_eq!(
            span("février 2024"),
            ("2024-02".into(), "month", d("2024-02-01"), d("2024-02-29"))
        );
        assert_eq!(span("1er mars 2024").2, d("2024-03-01"));
        assert_eq!(span("20e siècle").0, "20th century");
        assert_eq!(span("XXIe siècle").2, d("2001-01-01"));
        assert_eq!(
            parse_period("à l'horizon 2030", None).unwrap().target_year,
            Some(2030)
        );
        assert_eq!(
            parse_period("tous les 18 mois", None)
                .unwrap()
                .recurrence_years,
            Some(1.5)
        );
        assert_eq!(
            parse_period("chaque année", None).unwrap().label,
            "every year"
        );
        assert_eq!(
            parse_date("2024-03-06").unwrap(),
            NaiveDate::from_ymd_opt(2024, 3, 6).unwrap()
        );
    }

    #[test]
    fn refuses_what_it_cannot_place() {
        let err = |t: &str| parse_period(t, None).unwrap_err().to_string();
        assert_eq!(
            err("années 30"),
            "cannot read \"années 30\" as a period: \"années 30\" does not say which century; write années 1930 or années 2030"
        );
        assert_eq!(
            err("début du XXe siècle"),
            "cannot read \"début du XXe siècle\" as a period: \"début du xxe siècle\" has no agreed start and end; give the whole period (XXe siècle, 2023) and say which part in note"
        );
        assert!(err("bientôt").starts_with("cannot read \"bientôt\" as a period: \"bientôt\" is not a period petrochip reads; write it like: dernier trimestre 2023"));
        assert!(err("cinquième trimestre 2023").contains("is not a period petrochip reads"));
        assert!(err("T5 2023").contains("there is no quarter 5"));
        assert!(err("ce siècle").contains("there is no 100th century"));
        assert_eq!(
            parse_period("dixième siècle", None).unwrap().label,
            "10th century"
        );
        assert!(err("99999999e siècle").contains("there is no 99999999th century"));
        assert!(err("exercice 2024").contains("a fiscal year"));
        assert!(err("31 février 2024").contains("31 février 2024 is not a day of the calendar"));
        assert!(err("aujourd'hui").contains("needs the source's publication date"));
        assert!(err("d'ici 30").contains("is not a period petrochip reads"));
        // Found by fuzzing: a count of over 300 digits read as "every inf years".
        let every = format!("tous les 1{} ans", "0".repeat(400));
        assert!(err(&every).contains("is not a period petrochip reads"));
        assert_eq!(
            parse_date("mars 2024").unwrap_err().to_string(),
            "cannot read \"mars 2024\" as a date: it is a month period, not one day; write it like 6 mars 2024 or 2024-03-06"
        );
    }
}
