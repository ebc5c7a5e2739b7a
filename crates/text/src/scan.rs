//! Running text to findings: every figure, date, period and name in a paragraph, each with the
//! exact bytes it covers. The grammars are the ones a cell is read with ([`crate::number`],
//! [`crate::period`], the [`crate::gazetteer`]): at each token the scanner asks each for the
//! longest reading that starts there, keeps the longest of them, and goes on after it. So what
//! a draft proposes, typed alone into a cell, reads the same.
//!
//! Around the grammars, what only running text needs: a currency carried from context ("52,7
//! milliards de dollars, dont 39 milliards de subventions"), a unit shared by two figures
//! ("261 et 257 milliards de dollars"), list markers ("1. Souveraineté") that are not figures,
//! sentences, and capitalised names the gazetteer lacks, with a guess of what they name.

use std::ops::Range;

use chrono::NaiveDate;

use crate::gazetteer::{NameIndex, Target};
use crate::grammar::{GrammarError, Lexeme, Token, recycle, tokenize_running};
use crate::lookup::{Key, Opens, facts};
use crate::number::{NumberStyle, Quantity, Unit, parse_quantity_styled};
use crate::number::{Scanned, ScannedFigure, figure_at};
use crate::period::{Period, PeriodKind, period_at};

/// What a finding is, as `spans.csv` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Money,
    Percent,
    Ratio,
    Multiplier,
    Count,
    /// Energy or mass.
    Quantity,
    Duration,
    /// A day, a month or a year: what a source's date may be.
    Date,
    /// Any other period: a quarter, a target, a span, a fiscal year…
    Period,
    Entity,
    NewName,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Money,
        Kind::Percent,
        Kind::Ratio,
        Kind::Multiplier,
        Kind::Count,
        Kind::Quantity,
        Kind::Duration,
        Kind::Date,
        Kind::Period,
        Kind::Entity,
        Kind::NewName,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Money => "money",
            Kind::Percent => "percent",
            Kind::Ratio => "ratio",
            Kind::Multiplier => "multiplier",
            Kind::Count => "count",
            Kind::Quantity => "quantity",
            Kind::Duration => "duration",
            Kind::Date => "date",
            Kind::Period => "period",
            Kind::Entity => "entity",
            Kind::NewName => "new_name",
        }
    }

    /// The kind of a figure in this unit; a price per unit is money.
    pub fn of_unit(unit: Unit) -> Kind {
        match unit {
            Unit::Money(_) | Unit::PricePerMass(..) | Unit::PricePerEnergy(..) => Kind::Money,
            Unit::Percent => Kind::Percent,
            Unit::Ratio => Kind::Ratio,
            Unit::Multiplier => Kind::Multiplier,
            Unit::Count => Kind::Count,
            Unit::Year => Kind::Duration,
            Unit::Energy(_) | Unit::Mass(_) => Kind::Quantity,
        }
    }

    /// A day, month or year is a date; anything else a period.
    pub fn of_period(period: &Period) -> Kind {
        match period.kind {
            PeriodKind::Day | PeriodKind::Month | PeriodKind::Year => Kind::Date,
            _ => Kind::Period,
        }
    }

    /// Whether findings of this kind are figures (rows of figures.csv).
    pub fn is_figure(self) -> bool {
        !matches!(
            self,
            Kind::Date | Kind::Period | Kind::Entity | Kind::NewName
        )
    }
}

/// What a name the gazetteer lacks seems to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guess {
    Person,
    Organisation,
    Place,
}

impl Guess {
    pub fn code(self) -> &'static str {
        match self {
            Guess::Person => "person",
            Guess::Organisation => "organisation",
            Guess::Place => "place",
        }
    }
}

/// A figure found, and the cell that reads as it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub quantity: Quantity,
    /// What to type in a value cell so that the normaliser reads this figure: the text as
    /// written, plus the unit carried to it when it has one ("39 milliards USD").
    pub cell: String,
    /// Where its unit came from, when the text does not write it beside the figure.
    pub carried: Option<Carried>,
}

/// A unit a figure takes from elsewhere in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Carried {
    /// The currency of the figure at these bytes, in the same paragraph ("dont 39 milliards").
    Currency(Range<usize>),
    /// The magnitude and unit of the next figure, which it shares ("261 et 257 milliards de
    /// dollars").
    Shared(Range<usize>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum What {
    Figure(Figure),
    Period(Period),
    /// A spelling of the gazetteer; `exact` is false when only accents differ.
    Name {
        target: Target,
        exact: bool,
    },
    NewName(Guess),
}

/// One finding: where it is (bytes of the paragraph), what kind, what it reads as.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub span: Range<usize>,
    pub kind: Kind,
    pub what: What,
    /// What a reviewer should know ("only the start of this period is meant").
    pub note: Option<String>,
}

/// Digits the grammar refuses in the source's style: a figure the analyst must retype.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    pub span: Range<usize>,
    pub error: GrammarError,
}

/// What a paragraph holds.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// In order, never overlapping.
    pub findings: Vec<Finding>,
    pub refused: Vec<Refused>,
    /// Its sentences, as byte ranges (a figure's subject, metric and period are looked for in
    /// its sentence).
    pub sentences: Vec<Range<usize>>,
}

/// How to read a text.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub style: NumberStyle,
    /// The source's date: what "aujourd'hui" means.
    pub as_of: Option<NaiveDate>,
    /// The gazetteer's spellings; without it, no entities are found.
    pub names: Option<&'a NameIndex>,
}

/// A paragraph as grounding counts them: a line holding a character other than white space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// 1-based, as the sheets' `paragraph` column.
    pub number: usize,
    /// 1-based line of the file.
    pub line: usize,
    /// Its bytes in the text, without the line end.
    pub bytes: Range<usize>,
}

/// The paragraphs of a text: lines that hold a character other than Unicode white space, as
/// `str::lines` splits them (a `\r` before the `\n` is not part of the line).
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut line = 0;
    while start < text.len() {
        line += 1;
        let rest = text.get(start..).unwrap_or_default();
        let (end, next) = match rest.find('\n') {
            Some(n) => (start + n, start + n + 1),
            None => (text.len(), text.len()),
        };
        let mut stop = end;
        if text.get(start..stop).is_some_and(|l| l.ends_with('\r')) {
            stop -= 1;
        }
        if text
            .get(start..stop)
            .is_some_and(|l| l.chars().any(|c| !c.is_whitespace()))
        {
            out.push(Paragraph {
                number: out.len() + 1,
                line,
                bytes: start..stop,
            });
        }
        start = next;
    }
    out
}

/// The figures a quote states, read as a draft reads running text: with the unit it carries
/// from earlier in the quote ("52,7 milliards de dollars, dont 39 milliards") or shares with the
/// next figure ("261 et 257 milliards de dollars"). Read in `style`; where that style reads no
/// figure, the other styles may ("51.9%" in a French page keeps the writer's digits), but never
/// over a figure the source's style reads ("39 milliards" is not 39 in English).
pub fn figures_stated(quote: &str, style: NumberStyle) -> Vec<Quantity> {
    stated_in(quote, style, |_| false)
}

/// What [`support`] needs of the figures a quote states to judge `figure`: the figures its own
/// style reads, when one of them already states `figure` with its unit (more figures cannot
/// support it better, so the other styles are not read); else every figure
/// [`figures_stated`] reads. A corpus's quotes are mostly of the first kind, read once rather
/// than once per style.
pub fn figures_stated_for(quote: &str, style: NumberStyle, figure: &Quantity) -> Vec<Quantity> {
    stated_in(quote, style, |own| support(own, figure) == Support::Value)
}

/// The figures a quote states in `style`, then, unless `enough` of those, in the other styles
/// where they are free.
fn stated_in(
    quote: &str,
    style: NumberStyle,
    enough: impl Fn(&[Quantity]) -> bool,
) -> Vec<Quantity> {
    // The quote is tokenized once and read in every style.
    let tokens = tokenize_running(quote);
    let (opens, _) = facts(&tokens, false);
    let sentences = sentences(quote, &tokens);
    let figures = |style| {
        let options = Options {
            style,
            as_of: None,
            names: None,
        };
        scan_tokens(
            quote,
            &options,
            &tokens,
            &opens,
            &[],
            sentences.clone(),
            false,
        )
        .findings
        .into_iter()
        .filter_map(|finding| match finding.what {
            What::Figure(figure) => Some((figure.quantity, finding.span)),
            _ => None,
        })
        .collect::<Vec<_>>()
    };
    let mut stated = figures(style);
    let own: Vec<Quantity> = stated.iter().map(|(quantity, _)| *quantity).collect();
    if enough(&own) {
        recycle(tokens);
        return own;
    }
    for other in NumberStyle::ALL.into_iter().filter(|s| *s != style) {
        for (quantity, span) in figures(other) {
            let free = stated
                .iter()
                .all(|(_, taken)| span.end <= taken.start || taken.end <= span.start);
            if free {
                stated.push((quantity, span));
            }
        }
    }
    stated.sort_by_key(|(_, span)| span.start);
    recycle(tokens);
    stated.into_iter().map(|(quantity, _)| quantity).collect()
}

/// How the figures a quote states support a figure: with its number, qualifier and unit, with
/// its number and qualifier only (its unit comes from around the quote), or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    Value,
    NumberOnly,
    Neither,
}

/// What [`figures_stated`] says of `figure`: the one rule `run`'s gate and the drafter share.
pub fn support(stated: &[Quantity], figure: &Quantity) -> Support {
    let same_number = |f: &&Quantity| f.value == figure.value && f.qualifier == figure.qualifier;
    if stated
        .iter()
        .filter(same_number)
        .any(|f| f.unit == figure.unit)
    {
        Support::Value
    } else if stated.iter().any(|f| same_number(&f)) {
        Support::NumberOnly
    } else {
        Support::Neither
    }
}

/// Every finding of one paragraph.
pub fn scan(text: &str, options: &Options) -> Scan {
    let tokens = tokenize_running(text);
    let names = options.names.is_some_and(|names| !names.is_empty());
    let (opens, keys) = facts(&tokens, names);
    let sentences = sentences(text, &tokens);
    let scan = scan_tokens(text, options, &tokens, &opens, &keys, sentences, true);
    // The keys borrow the tokens, given back next.
    drop(keys);
    recycle(tokens);
    scan
}

/// [`scan`] over tokens already made, which do not depend on the number style: a text read in
/// several styles is tokenized once. `opens`: what each token may open, told to each grammar;
/// `keys`: each token's key for the gazetteer, empty when no names are looked for
/// ([`facts`] gives both). Names the gazetteer lacks are looked for when `new_names_too`.
fn scan_tokens(
    text: &str,
    options: &Options,
    tokens: &[Token],
    opens: &[Opens],
    keys: &[Key],
    sentences: Vec<Range<usize>>,
    new_names_too: bool,
) -> Scan {
    let mut found: Vec<(Range<usize>, Finding, Option<ScannedFigure>)> = Vec::new();
    let mut refused = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let name = match options.names {
            Some(names) if !keys.is_empty() => names.find_at(text, tokens, keys, i),
            _ => None,
        };
        let opens = opens.get(i).copied();
        // Most words open neither a figure nor a period: only the gazetteer is asked there.
        let quiet =
            matches!(tokens[i].lexeme, Lexeme::Word(_)) && opens.is_some_and(|o| !o.anything);
        let (period, figure) = if quiet {
            (None, Scanned::Nothing)
        } else {
            (
                period_at(tokens, i, options.as_of, opens),
                figure_at(text, tokens, i, options.style, opens),
            )
        };
        let name_end = name.as_ref().map_or(0, |n| n.end);
        let period_end = period.as_ref().map_or(0, |(_, end)| *end);
        let figure_end = match &figure {
            Scanned::Figure(f) => f.end,
            _ => 0,
        };
        let span_of = |end: usize| {
            let start = tokens.get(i).map_or(0, |t| t.span.start);
            let stop = end
                .checked_sub(1)
                .and_then(|e| tokens.get(e))
                .map_or(start, |t| t.span.end);
            start..stop
        };
        if name_end > 0
            && name_end >= period_end
            && name_end >= figure_end
            && let Some(n) = name
        {
            let span = span_of(n.end);
            found.push((
                i..n.end,
                Finding {
                    span,
                    kind: Kind::Entity,
                    what: What::Name {
                        target: n.target,
                        exact: n.exact,
                    },
                    note: None,
                },
                None,
            ));
            i = n.end;
            continue;
        }
        if period_end > 0
            && period_end >= figure_end
            && let Some((p, end)) = period
        {
            let note = part_of(tokens, i);
            found.push((
                i..end,
                Finding {
                    span: span_of(end),
                    kind: Kind::of_period(&p),
                    what: What::Period(p),
                    note,
                },
                None,
            ));
            i = end;
            continue;
        }
        match figure {
            Scanned::Figure(f) => {
                let end = f.end;
                let cell = text.get(f.span.clone()).unwrap_or_default().to_string();
                // One grammar: a reading the cell grammar would not give alike ("0" glued to a
                // letter and a combining mark of another script) is not a figure.
                let alike =
                    parse_quantity_styled(&cell, options.style).is_ok_and(|q| q == f.quantity);
                if !alike {
                    i += 1;
                    continue;
                }
                found.push((
                    i..end,
                    Finding {
                        span: f.span.clone(),
                        kind: Kind::of_unit(f.quantity.unit),
                        what: What::Figure(Figure {
                            quantity: f.quantity,
                            cell,
                            carried: None,
                        }),
                        note: None,
                    },
                    Some(f),
                ));
                i = end;
            }
            Scanned::Refused { end, span, error } => {
                refused.push(Refused { span, error });
                i = end;
            }
            Scanned::Nothing => i += 1,
        }
    }
    drop_list_marker(tokens, &mut found);
    share_units(text, tokens, &mut found, options.style);
    carry_currencies(tokens, &sentences, &mut found, options.style);
    let mut findings: Vec<Finding> = found.into_iter().map(|(_, f, _)| f).collect();
    if new_names_too {
        let covered: Vec<Range<usize>> = findings.iter().map(|f| f.span.clone()).collect();
        findings.extend(new_names(text, tokens, &covered));
    }
    findings.sort_by_key(|f| f.span.start);
    Scan {
        findings,
        refused,
        sentences,
    }
}

/// "au début du XXe siècle", "late 2024": the period read is the whole; a reviewer should
/// know that only part of it is meant.
fn part_of(tokens: &[Token], i: usize) -> Option<String> {
    let before: Vec<&str> = tokens[i.saturating_sub(3)..i]
        .iter()
        .filter_map(|t| match &t.lexeme {
            Lexeme::Word(w) => Some(w.as_str()),
            _ => None,
        })
        .collect();
    let part = before.iter().find(|w| {
        matches!(
            **w,
            "début" | "fin" | "milieu" | "mi" | "early" | "late" | "mid" | "end"
        )
    })?;
    Some(format!(
        "the text says \"{part}\": only part of this period is meant; say which in note"
    ))
}

/// Sentences end at ".", "!", "?", ";" or "…" before a capital, a digit, a quote or the end.
fn sentences(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, token) in tokens.iter().enumerate() {
        let begin = *start.get_or_insert(token.span.start);
        let ends = matches!(token.lexeme, Lexeme::Sym('.' | '!' | '?' | ';' | '…'))
            && tokens.get(i + 1).is_none_or(|next| {
                next.typed(text).chars().next().is_some_and(|c| {
                    c.is_uppercase() || c.is_ascii_digit() || "«\"“(•-–".contains(c)
                })
            });
        if ends {
            out.push(begin..token.span.end);
            start = None;
        }
    }
    if let (Some(begin), Some(last)) = (start, tokens.last()) {
        out.push(begin..last.span.end);
    }
    out
}

type Found = (Range<usize>, Finding, Option<ScannedFigure>);

/// "1. Souveraineté Numérique": a number opening a paragraph before "." or ")" numbers a list.
fn drop_list_marker(tokens: &[Token], found: &mut Vec<Found>) {
    let starts_list = |f: &Found| {
        let (range, _, scanned) = f;
        let bullet_before = tokens[..range.start]
            .iter()
            .all(|t| matches!(t.lexeme, Lexeme::Sym(_)));
        bullet_before
            && scanned.as_ref().is_some_and(|s| s.bare)
            && matches!(
                tokens.get(range.end).map(|t| &t.lexeme),
                Some(Lexeme::Sym('.' | ')'))
            )
    };
    if found.first().is_some_and(starts_list) {
        found.remove(0);
    }
}

/// "261 et 257 milliards de dollars", "5 à 10 %": a bare number joined to the next figure
/// takes its magnitude and unit. The cell is the number and the second figure's words after
/// its own number, read again by the grammar; if it does not read, nothing is carried.
fn share_units(text: &str, tokens: &[Token], found: &mut [Found], style: NumberStyle) {
    for k in 0..found.len().saturating_sub(1) {
        let dash = found[k].0.end == found[k + 1].0.start
            && found[k].2.as_ref().is_some_and(|first| first.bare)
            && matches!(
                tokens.get(found[k].0.end).map(|t| &t.lexeme),
                Some(Lexeme::Sym('-'))
            );
        if dash {
            undash(text, tokens, &mut found[k + 1], style);
        }
        let (Some(first), Some(next)) = (found[k].2.as_ref(), found[k + 1].2.as_ref()) else {
            continue;
        };
        let joined = dash
            || found[k].0.end + 1 == found[k + 1].0.start
                && matches!(
                    tokens.get(found[k].0.end).map(|t| &t.lexeme),
                    Some(Lexeme::Word(w)) if matches!(w.as_str(), "et" | "à" | "ou" | "and" | "to" | "or")
                );
        if !first.bare || !joined || (next.magnitude == 1.0 && next.quantity.unit == Unit::Count) {
            continue;
        }
        let Some(tail) = next.tail.and_then(|t| text.get(t..next.span.end)) else {
            continue;
        };
        let Some(number) = text.get(first.span.clone()) else {
            continue;
        };
        let cell = format!("{number} {tail}");
        if let Ok(quantity) = parse_quantity_styled(&cell, style) {
            let from = next.span.clone();
            if let What::Figure(figure) = &mut found[k].1.what {
                figure.quantity = quantity;
                figure.cell = cell;
                figure.carried = Some(Carried::Shared(from));
            }
            found[k].1.kind = Kind::of_unit(quantity.unit);
        }
    }
}

/// "5-10 %", "5 - 10 %": after a bare number, the hyphen is a dash between two numbers, not
/// the second one's sign. The second figure is read again from its number; if that does not
/// read, it is left as found.
fn undash(text: &str, tokens: &[Token], second: &mut Found, style: NumberStyle) {
    let (range, finding, Some(scanned)) = second else {
        return;
    };
    let Some(number) = tokens.get(range.start + 1).filter(|_| range.len() > 1) else {
        return;
    };
    let Some(cell) = text.get(number.span.start..scanned.span.end) else {
        return;
    };
    let Ok(quantity) = parse_quantity_styled(cell, style) else {
        return;
    };
    let What::Figure(figure) = &mut finding.what else {
        return;
    };
    figure.quantity = quantity;
    figure.cell = cell.to_string();
    finding.kind = Kind::of_unit(quantity.unit);
    finding.span.start = number.span.start;
    scanned.quantity = quantity;
    scanned.span.start = number.span.start;
    scanned.tail = tokens
        .get(range.start + 2)
        .filter(|_| range.len() > 2)
        .map(|t| t.span.start);
    range.start += 1;
}

/// Nouns that an amount of money may be "of": "39 milliards de subventions" is money; "2
/// milliards d'habitants" is not.
const MONEY_NOUNS: &[&str] = &[
    "subvention",
    "subventions",
    "aide",
    "aides",
    "prêt",
    "prêts",
    "crédit",
    "crédits",
    "investissement",
    "investissements",
    "dépense",
    "dépenses",
    "financement",
    "financements",
    "revenus",
    "recettes",
    "bénéfices",
    "pertes",
    "dette",
    "dettes",
    "capitalisation",
    "chiffre",
    "ventes",
    "budget",
    "fonds",
    "grants",
    "grant",
    "loans",
    "loan",
    "funding",
    "investment",
    "investments",
    "revenue",
    "revenues",
    "sales",
    "spending",
    "subsidies",
    "debt",
    "profit",
    "profits",
    "credits",
    "tax",
];

/// Words after an amount that leave it an amount: "250 milliards chacun", "39 milliards pour
/// la construction".
const AFTER_AMOUNT: &[&str] = &[
    "chacun",
    "chacune",
    "respectivement",
    "en",
    "au",
    "aux",
    "à",
    "pour",
    "sur",
    "par",
    "dont",
    "et",
    "ou",
    "soit",
    "contre",
    "avant",
    "après",
    "supplémentaires",
    "each",
    "apiece",
    "respectively",
    "for",
    "to",
    "and",
    "or",
    "on",
    "by",
    "from",
    "with",
    "over",
    "more",
    "additional",
];

/// "52,7 milliards de dollars, dont 39 milliards": a count in millions or more with no unit,
/// in a paragraph that names a currency, is an amount in that currency: the nearest one in
/// its sentence, else the last one before it in the paragraph. Not when a noun follows that
/// says what is counted ("2 milliards d'habitants").
fn carry_currencies(
    tokens: &[Token],
    sentences: &[Range<usize>],
    found: &mut [Found],
    style: NumberStyle,
) {
    let money: Vec<(Range<usize>, Unit)> = found
        .iter()
        .filter_map(|(_, f, _)| match &f.what {
            What::Figure(fig) if fig.carried.is_none() && fig.quantity.unit.is_money() => {
                Some((f.span.clone(), fig.quantity.unit))
            }
            _ => None,
        })
        .collect();
    if money.is_empty() {
        return;
    }
    for (range, finding, scanned) in found.iter_mut() {
        let Some(scanned) = scanned.as_ref() else {
            continue;
        };
        let What::Figure(figure) = &mut finding.what else {
            continue;
        };
        if figure.quantity.unit != Unit::Count
            || scanned.magnitude < 1e6
            || figure.carried.is_some()
        {
            continue;
        }
        let word = |k: usize| match tokens.get(k).map(|t| &t.lexeme) {
            Some(Lexeme::Word(w)) => Some(w.as_str()),
            _ => None,
        };
        let amount = match word(range.end) {
            None => true,
            Some("de" | "d'" | "of" | "in") => {
                word(range.end + 1).is_some_and(|w| MONEY_NOUNS.contains(&w))
            }
            Some(w) => AFTER_AMOUNT.contains(&w),
        };
        if !amount {
            continue;
        }
        let sentence = sentences
            .iter()
            .find(|s| s.contains(&finding.span.start))
            .cloned()
            .unwrap_or(0..0);
        let distance = |r: &Range<usize>| {
            if r.end <= finding.span.start {
                finding.span.start - r.end
            } else {
                r.start.saturating_sub(finding.span.end)
            }
        };
        let in_sentence = money
            .iter()
            .filter(|(r, _)| sentence.contains(&r.start))
            .min_by_key(|(r, _)| distance(r));
        let before = money.iter().rfind(|(r, _)| r.end <= finding.span.start);
        let Some((from, unit)) = in_sentence.or(before) else {
            continue;
        };
        let Some(currency) = unit.currency() else {
            continue;
        };
        let cell = format!("{} {currency}", figure.cell);
        if let Ok(quantity) = parse_quantity_styled(&cell, style)
            && quantity.unit.is_money()
        {
            figure.quantity = quantity;
            figure.cell = cell;
            figure.carried = Some(Carried::Currency(from.clone()));
            finding.kind = Kind::Money;
        }
    }
}

/// Function words that may open a sentence in capitals without being a name.
const STOPWORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "l'",
    "un",
    "une",
    "des",
    "du",
    "de",
    "d'",
    "ce",
    "cet",
    "cette",
    "ces",
    "il",
    "elle",
    "ils",
    "elles",
    "on",
    "nous",
    "vous",
    "je",
    "en",
    "dans",
    "pour",
    "par",
    "sur",
    "avec",
    "mais",
    "et",
    "ou",
    "si",
    "s'",
    "c'",
    "qu'",
    "que",
    "qui",
    "à",
    "a",
    "au",
    "aux",
    "tout",
    "tous",
    "toute",
    "toutes",
    "son",
    "sa",
    "ses",
    "leur",
    "leurs",
    "depuis",
    "selon",
    "après",
    "avant",
    "pendant",
    "comme",
    "cependant",
    "ainsi",
    "alors",
    "aujourd'",
    "bien",
    "outre",
    "face",
    "contrairement",
    "initialement",
    "par",
    "the",
    "an",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "for",
    "with",
    "but",
    "and",
    "or",
    "it",
    "its",
    "we",
    "they",
    "he",
    "she",
    "his",
    "her",
    "their",
    "our",
    "as",
    "by",
    "from",
    "after",
    "before",
    "while",
    "when",
    "if",
    "since",
    "to",
    "of",
    "i",
    "you",
    "however",
    "today",
    "also",
    "there",
    "here",
    "what",
    "which",
    "who",
    "why",
    "how",
    "all",
    "some",
    "many",
    "more",
    "most",
    "no",
    "not",
    "one",
    "two",
    "three",
    "other",
    "such",
    "so",
    "then",
    "than",
    "une",
    "ecrit",
    "écrit",
    "share",
    "résumé",
    "conclusion",
    "photo",
    "source",
    "sources",
];

/// Words between two capitalised words of one name ("Golfe du Mexique", "Bank of America").
/// Not "et" and "and", which join lists of names far more often than they are part of one.
const NAME_LINKS: &[&str] = &[
    "de", "du", "des", "d'", "la", "le", "of", "the", "von", "van", "der", "da", "di", "y", "al",
    "&",
];

/// Capitals that name no one: months, days, acronyms of common things.
const NOT_NAMES: &[&str] = &[
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "cpu",
    "cpus",
    "gpu",
    "gpus",
    "ram",
    "ia",
    "ai",
    "pdg",
    "ceo",
    "cfo",
    "pc",
    "tv",
    "usb",
    "ok",
    "etc",
    "llm",
    "llms",
    "eur",
    "usd",
    "gmt",
    "am",
    "pm",
    "edt",
    "est",
    "pst",
    "utc",
    "cet",
    "q",
    "t",
    "h",
    "s",
    "fy",
    "nm",
    "covid",
    "co",
    "co2",
    "3d",
    "ps",
    "nb",
    "vcs",
];

/// Words inside a name that say what it names.
const ORGANISATION_WORDS: &[&str] = &[
    "company",
    "corp",
    "corporation",
    "inc",
    "ltd",
    "co",
    "group",
    "groupe",
    "université",
    "university",
    "institute",
    "institut",
    "agence",
    "agency",
    "association",
    "office",
    "bank",
    "banque",
    "ministère",
    "ministry",
    "department",
    "département",
    "commission",
    "council",
    "conseil",
    "fund",
    "fonds",
    "foundation",
    "fondation",
    "electronics",
    "technologies",
    "technology",
    "systems",
    "systèmes",
    "semiconductor",
    "semiconductors",
    "motors",
    "labs",
    "laboratories",
    "partners",
    "capital",
    "holdings",
    "sa",
    "news",
    "press",
    "times",
    "journal",
    "bourse",
    "exchange",
    "administration",
    "parlement",
    "parliament",
    "congress",
    "senate",
    "sénat",
    "commerce",
    "act",
    "loi",
    "programme",
    "program",
    "initiative",
    "initiatives",
    "alliance",
    "consortium",
    "industries",
    "industry",
    "manufacturing",
];

const PLACE_WORDS: &[&str] = &[
    "mer", "golfe", "mont", "monts", "lac", "île", "îles", "océan", "sea", "gulf", "lake", "mount",
    "river", "ocean", "island", "islands", "county", "state", "province", "région", "region",
    "city", "ville", "bay", "baie", "cap", "cape", "détroit", "strait", "vallée", "valley",
    "désert", "desert", "canal", "fleuve", "comté", "état",
];

/// Words just before a name that say it names a person.
const PERSON_CUES: &[&str] = &[
    "m.",
    "mme",
    "monsieur",
    "madame",
    "président",
    "présidente",
    "ministre",
    "pdg",
    "ceo",
    "dr",
    "mr",
    "mrs",
    "ms",
    "selon",
    "according",
    "par",
    "by",
    "directeur",
    "directrice",
    "fondateur",
    "fondatrice",
    "founder",
    "secretary",
    "secrétaire",
    "senator",
    "sénateur",
    "gouverneur",
    "governor",
    "explique",
    "déclare",
    "said",
    "says",
    "analyste",
    "analyst",
    "cofondateur",
];

const PLACE_CUES: &[&str] = &["à", "au", "aux", "en", "in", "at", "near", "près", "vers"];

/// Capitalised names the gazetteer lacks: runs of capitalised words (with "de", "of"… between
/// them), not a sentence's first word when it is a common one, not a heading's words, not a
/// list item's title ("Souveraineté Numérique :"), not months or days.
fn new_names(text: &str, tokens: &[Token], covered: &[Range<usize>]) -> Vec<Finding> {
    let covered = Covered::new(covered);
    let is_covered = |t: &Token| covered.overlaps(&t.span);
    // The cheapest test first: most words are not typed with a capital.
    let capitalised = |t: &Token| {
        t.typed(text).chars().next().is_some_and(char::is_uppercase)
            && matches!(&t.lexeme, Lexeme::Word(w) if w.chars().filter(|c| c.is_alphabetic()).nth(1).is_some())
            && !is_covered(t)
    };
    let word = |t: &Token| match &t.lexeme {
        Lexeme::Word(w) => w.clone(),
        Lexeme::Sym(c) => c.to_string(),
        Lexeme::Num(n) => n.clone(),
    };
    // A heading: four words or more, mostly capitalised, with no sentence end.
    let words = || {
        tokens
            .iter()
            .filter(|t| matches!(t.lexeme, Lexeme::Word(_)))
    };
    let word_count = words().count();
    let capitals = words()
        .filter(|t| t.typed(text).chars().next().is_some_and(char::is_uppercase))
        .count();
    let ends_sentence = tokens
        .last()
        .is_some_and(|t| matches!(t.lexeme, Lexeme::Sym('.' | '!' | '?' | '…' | ':')));
    if word_count >= 4 && capitals * 2 >= word_count && !ends_sentence {
        return Vec::new();
    }
    let starts_sentence = |i: usize| {
        let mut before = tokens[..i]
            .iter()
            .rev()
            .filter(|t| !matches!(t.lexeme, Lexeme::Sym('«' | '"' | '(' | '•' | '-' | '\'')));
        match before.next() {
            None => true,
            // "L'Histoire": an elided article opening the sentence.
            Some(Token {
                lexeme: Lexeme::Word(w),
                ..
            }) if w.ends_with('\'') && w.len() <= 3 => before
                .next()
                .is_none_or(|t| matches!(t.lexeme, Lexeme::Sym('.' | '!' | '?' | ';' | ':' | '…'))),
            Some(t) => matches!(t.lexeme, Lexeme::Sym('.' | '!' | '?' | ';' | ':' | '…')),
        }
    };
    // "2. Accès aux Ressources : …", "Silicium : …": a list item's title, up to its colon.
    let title_end = tokens
        .iter()
        .position(|t| matches!(t.lexeme, Lexeme::Sym(':')))
        .filter(|&colon| {
            colon <= 8
                && tokens[..colon].iter().all(|t| match &t.lexeme {
                    Lexeme::Word(w) => {
                        w.chars().count() <= 3
                            || t.typed(text).chars().next().is_some_and(char::is_uppercase)
                    }
                    _ => true,
                })
        })
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !capitalised(&tokens[i]) {
            i += 1;
            continue;
        }
        // The run: capitalised words, and links between two of them.
        let mut end = i + 1;
        loop {
            if tokens.get(end).is_some_and(capitalised) {
                end += 1;
                continue;
            }
            let mut link = end;
            while tokens
                .get(link)
                .is_some_and(|t| NAME_LINKS.contains(&word(t).as_str()) && !is_covered(t))
                && link < end + 2
            {
                link += 1;
            }
            if link > end && tokens.get(link).is_some_and(capitalised) {
                end = link + 1;
                continue;
            }
            break;
        }
        let mut start = i;
        let next = end;
        if starts_sentence(start) && STOPWORDS.contains(&word(&tokens[start]).as_str()) {
            start += 1;
            while start < end && !capitalised(&tokens[start]) {
                start += 1;
            }
        }
        let first_in_sentence = start == i && starts_sentence(start);
        let count = tokens[start..end].iter().filter(|t| capitalised(t)).count();
        let single = count == 1;
        let item_title = start < title_end;
        // "GPT-4", "CO2", "H100": a code, not a name.
        let coded = tokens
            .get(end - 1)
            .and_then(|t| text.get(t.span.end..))
            .is_some_and(|rest| {
                let rest = rest.strip_prefix('-').unwrap_or(rest);
                rest.starts_with(|c: char| c.is_ascii_digit())
            });
        let dull = single
            && tokens.get(start).is_some_and(|t| {
                let w = word(t);
                NOT_NAMES.contains(&w.as_str()) || STOPWORDS.contains(&w.as_str())
            });
        // No capital left once the stop word is skipped ("Cependant, …"): nothing to keep.
        let keep = count > 0 && !(item_title || coded || dull || (single && first_in_sentence));
        if keep {
            let span = tokens[start].span.start..tokens[end - 1].span.end;
            let guess = guess(text, tokens, start, end);
            out.push(Finding {
                span,
                kind: Kind::NewName,
                what: What::NewName(guess),
                note: None,
            });
        }
        i = next;
    }
    out
}

/// Byte ranges to ask "does this span overlap one of them?" in O(log n): sorted by start,
/// with the furthest end reached so far. Ranges that overlap each other or come unsorted are
/// answered alike.
struct Covered {
    /// (start, the greatest end of this range and every one sorted before it).
    starts: Vec<(usize, usize)>,
}

impl Covered {
    fn new(ranges: &[Range<usize>]) -> Covered {
        let mut sorted: Vec<&Range<usize>> = ranges.iter().collect();
        sorted.sort_by_key(|r| r.start);
        let mut reach = 0;
        let starts = sorted
            .iter()
            .map(|r| {
                reach = reach.max(r.end);
                (r.start, reach)
            })
            .collect();
        Covered { starts }
    }

    /// Whether some range `c` has `c.start < span.end && span.start < c.end`: among the ranges
    /// that start before `span` ends, the furthest end passes its start.
    fn overlaps(&self, span: &Range<usize>) -> bool {
        let before = self.starts.partition_point(|(start, _)| *start < span.end);
        before > 0 && self.starts[before - 1].1 > span.start
    }
}

/// What a new name seems to be, from its own words and the word before it.
fn guess(text: &str, tokens: &[Token], start: usize, end: usize) -> Guess {
    let words: Vec<String> = tokens[start..end]
        .iter()
        .filter_map(|t| match &t.lexeme {
            Lexeme::Word(w) => Some(w.trim_end_matches('.').to_string()),
            _ => None,
        })
        .collect();
    let before: Vec<String> = tokens[start.saturating_sub(2)..start]
        .iter()
        .filter_map(|t| match &t.lexeme {
            Lexeme::Word(w) => Some(w.clone()),
            _ => None,
        })
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let capitals = tokens[start..end].iter().all(|t| {
        !matches!(t.lexeme, Lexeme::Word(_))
            || t.typed(text)
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
    });
    let linked = words.iter().any(|w| NAME_LINKS.contains(&w.as_str()));
    if has(ORGANISATION_WORDS) || capitals {
        Guess::Organisation
    } else if has(PLACE_WORDS) {
        Guess::Place
    } else if before
        .last()
        .is_some_and(|w| PERSON_CUES.contains(&w.as_str()))
        || words.first().is_some_and(|w| w.contains('-'))
    {
        Guess::Person
    } else if before
        .last()
        .is_some_and(|w| PLACE_CUES.contains(&w.as_str()))
    {
        Guess::Place
    } else if (2..=3).contains(&words.len()) && !linked {
        Guess::Person
    } else {
        Guess::Organisation
    }
}

#[cfg(test)]
mod tests;
