//! How well a draft finds what analysts transcribed by hand (`just eval-draft`).
//!
//! For each source whose text is on disk, the draft of that text is compared with the
//! source's sheets, paragraph by paragraph:
//! - figures (money, percent, ratio, multiplier, count, quantity, duration): each stated row
//!   of figures.csv must be found in its paragraph with the same value and unit (recall); a
//!   figure found counts as covered when such a row exists (precision);
//! - dates and periods: the periods of figures.csv and the date of source.csv, by label;
//! - entities: the names entity_mentions lists for the paragraph, where that name is written
//!   in the paragraph (names an analyst inferred are not the drafter's to find);
//! - new names have no transcription: they are counted and listed.
//!
//! A source without a local text cannot be drafted; its quotes are the only text there is,
//! so each stated figure is looked for in its own quote instead (reported apart).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use petrochip_text::NumberStyle;
use petrochip_text::scan::{Kind, Options, What, scan};
use petrochip_text::{canonical, fold};

use super::{Knowledge, Lang, Setup, draft_text};
use crate::table::{Dataset, Value};

/// Found, expected and matched findings of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Rows transcribed by hand.
    pub expected: usize,
    /// Of those, found by the draft.
    pub recalled: usize,
    /// Findings of the draft.
    pub found: usize,
    /// Of those, covered by a transcribed row.
    pub covered: usize,
}

impl Counts {
    pub fn recall(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.recalled as f64 / self.expected as f64)
    }
    pub fn precision(&self) -> Option<f64> {
        (self.found > 0).then(|| self.covered as f64 / self.found as f64)
    }
}

/// The evaluation of one source with a text.
#[derive(Debug, Clone, Default)]
pub struct SourceEval {
    pub source_id: String,
    pub per_kind: BTreeMap<Kind, Counts>,
    /// Transcribed rows the draft did not find: "paragraph 25: 265% (265 percent)".
    pub missed: Vec<String>,
    /// Findings no transcribed row covers, for review.
    pub uncovered: Vec<String>,
    /// Figures found with the right value and unit but another qualifier.
    pub qualifiers: Vec<String>,
}

impl SourceEval {
    /// All figure kinds together.
    pub fn figures(&self) -> Counts {
        let mut all = Counts::default();
        for (kind, c) in &self.per_kind {
            if kind.is_figure() {
                all.expected += c.expected;
                all.recalled += c.recalled;
                all.found += c.found;
                all.covered += c.covered;
            }
        }
        all
    }
}

/// The quote-level check of a source without a text.
#[derive(Debug, Clone, Default)]
pub struct QuoteEval {
    pub source_id: String,
    pub expected: usize,
    pub found: usize,
    pub missed: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub sources: Vec<SourceEval>,
    pub quotes: Vec<QuoteEval>,
}

/// A value and unit equal to a transcribed one (values as the grammar reads them, so equal up
/// to rounding of the last bit).
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Rows of a table, each as a closure over column names.
fn rows<'a>(dataset: &'a Dataset, table: &str) -> Vec<crate::table::RowView<'a>> {
    dataset
        .table(table)
        .map(|t| t.rows.iter().map(|r| t.view(r)).collect())
        .unwrap_or_default()
}

/// Evaluates the draft on every source of `raw`.
pub fn evaluate(raw: &Path) -> Result<Report, crate::Error> {
    let (knowledge, dataset) = Knowledge::load(raw)?;
    let sheets = crate::domains::RawSheets::read(raw).map_err(crate::Error::Ingest)?;
    let mut report = Report::default();
    for source in rows(&dataset, "sources") {
        let Some(id) = source.text("source_id") else {
            continue;
        };
        let style = source
            .text("number_style")
            .and_then(NumberStyle::from_code)
            .unwrap_or(NumberStyle::French);
        let lang = if source.text("language") == Some("en") {
            Lang::En
        } else {
            Lang::Fr
        };
        let text = sheets
            .sources
            .sources
            .records
            .iter()
            .find(|r| r.row.source_id.as_str() == id)
            .and_then(|r| {
                let folder = sheets.source_folders.iter().find(|f| f.source_id == id)?;
                let path = folder.folder.join(r.row.text_path.as_deref()?);
                std::fs::read_to_string(path).ok()
            });
        match text {
            Some(text) => report.sources.push(evaluate_text(
                id,
                &text,
                lang,
                style,
                &knowledge,
                &dataset,
                source.date("published_on"),
            )),
            None => report.quotes.push(evaluate_quotes(id, style, &dataset)),
        }
    }
    Ok(report)
}

/// A transcribed figure: paragraph, value, unit, qualifier, and how it reads to a person.
struct Stated {
    paragraph: i64,
    value: f64,
    unit: String,
    qualifier: String,
    shown: String,
}

fn stated_figures(dataset: &Dataset, source_id: &str) -> Vec<Stated> {
    rows(dataset, "figures")
        .into_iter()
        .filter(|r| r.text("source_id") == Some(source_id) && r.bool("derived") == Some(false))
        .filter_map(|r| {
            Some(Stated {
                paragraph: r.int("paragraph")?,
                value: r.float("value")?,
                unit: r.text("unit")?.to_string(),
                qualifier: r.text("qualifier").unwrap_or_default().to_string(),
                shown: format!(
                    "{} ({} {})",
                    r.text("value_text").unwrap_or_default(),
                    super::sheets::number(r.float("value")?),
                    r.text("unit")?
                ),
            })
        })
        .collect()
}

fn evaluate_text(
    source_id: &str,
    text: &str,
    lang: Lang,
    style: NumberStyle,
    knowledge: &Knowledge,
    dataset: &Dataset,
    published: Option<chrono::NaiveDate>,
) -> SourceEval {
    let setup = Setup {
        source_id: source_id.to_string(),
        lang: Some(lang),
        style: Some(style),
        text_path: String::new(),
        text_sha256: String::new(),
    };
    let draft = draft_text(text, knowledge, &setup);
    let mut eval = SourceEval {
        source_id: source_id.to_string(),
        ..SourceEval::default()
    };
    let paragraph_text: Vec<String> = petrochip_text::scan::paragraphs(text)
        .iter()
        .map(|p| fold(text.get(p.bytes.clone()).unwrap_or_default()))
        .collect();

    // Figures.
    let stated = stated_figures(dataset, source_id);
    for s in &stated {
        let kind = petrochip_text::Unit::from_code(&s.unit).map_or(Kind::Count, Kind::of_unit);
        let counts = eval.per_kind.entry(kind).or_default();
        counts.expected += 1;
        let hit = draft.spans.iter().find(|f| {
            f.paragraph as i64 == s.paragraph
                && f.unit == s.unit
                && f.value.is_some_and(|v| same(v, s.value))
        });
        match hit {
            Some(f) => {
                counts.recalled += 1;
                if f.qualifier != s.qualifier {
                    eval.qualifiers.push(format!(
                        "paragraph {}: {} read as {}, transcribed {}",
                        s.paragraph, f.text, f.qualifier, s.qualifier
                    ));
                }
            }
            None => eval
                .missed
                .push(format!("paragraph {}: {}", s.paragraph, s.shown)),
        }
    }
    // Periods: figures' periods and the source's date, by label.
    let mut periods: Vec<(i64, String)> = rows(dataset, "figures")
        .into_iter()
        .filter(|r| r.text("source_id") == Some(source_id) && r.bool("derived") == Some(false))
        .filter_map(|r| Some((r.int("paragraph")?, r.text("period")?.to_string())))
        .collect();
    let dateline = rows(dataset, "sources")
        .into_iter()
        .find(|r| r.text("source_id") == Some(source_id))
        .and_then(|r| r.int("paragraph"));
    if let (Some(p), Some(day)) = (dateline, published) {
        periods.push((p, day.to_string()));
    }
    periods.sort();
    periods.dedup();
    for (paragraph, label) in &periods {
        let hit = draft
            .spans
            .iter()
            .find(|f| f.paragraph as i64 == *paragraph && &f.period == label);
        let kind = hit.map_or(Kind::Period, |f| f.kind);
        let counts = eval.per_kind.entry(kind).or_default();
        counts.expected += 1;
        if hit.is_some() {
            counts.recalled += 1;
        } else {
            eval.missed
                .push(format!("paragraph {paragraph}: the period {label}"));
        }
    }
    // Entities written in their paragraph.
    let mut mentioned: Vec<(i64, String)> = rows(dataset, "entity_mentions")
        .into_iter()
        .filter(|r| r.text("source_id") == Some(source_id))
        .filter_map(|r| {
            let paragraph = r.int("paragraph")?;
            let surface = fold(r.text("surface")?);
            let written = paragraph_text
                .get(usize::try_from(paragraph - 1).ok()?)
                .is_some_and(|t| t.contains(&surface));
            written.then(|| Some((paragraph, r.text("entity_id")?.to_string())))?
        })
        .collect();
    mentioned.sort();
    mentioned.dedup();
    for (paragraph, id) in &mentioned {
        let counts = eval.per_kind.entry(Kind::Entity).or_default();
        counts.expected += 1;
        if draft
            .spans
            .iter()
            .any(|f| f.paragraph as i64 == *paragraph && &f.entity_id == id)
        {
            counts.recalled += 1;
        } else {
            eval.missed
                .push(format!("paragraph {paragraph}: the entity {id}"));
        }
    }
    // Precision: every finding, covered or not.
    for f in &draft.spans {
        let counts = eval.per_kind.entry(f.kind).or_default();
        counts.found += 1;
        let paragraph = f.paragraph as i64;
        let covered = match f.kind {
            Kind::Date | Kind::Period => periods
                .iter()
                .any(|(p, label)| *p == paragraph && *label == f.period),
            Kind::Entity => mentioned
                .iter()
                .any(|(p, id)| *p == paragraph && *id == f.entity_id),
            Kind::NewName => false,
            _ => stated.iter().any(|s| {
                s.paragraph == paragraph
                    && s.unit == f.unit
                    && f.value.is_some_and(|v| same(v, s.value))
            }),
        };
        if covered {
            counts.covered += 1;
        } else {
            let reading = match f.kind {
                Kind::Date | Kind::Period => f.period.clone(),
                Kind::Entity => f.entity_id.clone(),
                Kind::NewName => format!("guess {}", f.guess),
                _ => format!(
                    "{} {}",
                    f.value.map(super::sheets::number).unwrap_or_default(),
                    f.unit
                ),
            };
            eval.uncovered.push(format!(
                "paragraph {} {}: \"{}\" → {reading}",
                f.paragraph,
                f.kind.code(),
                canonical(&f.text)
            ));
        }
    }
    eval
}

/// A source without a text: is each stated figure found in its own quote?
fn evaluate_quotes(source_id: &str, style: NumberStyle, dataset: &Dataset) -> QuoteEval {
    let mut eval = QuoteEval {
        source_id: source_id.to_string(),
        ..QuoteEval::default()
    };
    let options = Options {
        style,
        as_of: None,
        names: None,
    };
    for r in rows(dataset, "figures") {
        if r.text("source_id") != Some(source_id) || r.bool("derived") != Some(false) {
            continue;
        }
        let (Some(quote), Some(value), Some(unit)) =
            (r.text("quote"), r.float("value"), r.text("unit"))
        else {
            continue;
        };
        eval.expected += 1;
        let found = scan(quote, &options)
            .findings
            .iter()
            .any(|f| match &f.what {
                What::Figure(fig) => {
                    fig.quantity.unit.code() == unit && same(fig.quantity.value, value)
                }
                _ => false,
            });
        if found {
            eval.found += 1;
        } else {
            eval.missed.push(format!(
                "{}: {} ({} {unit}) not in its quote \"{quote}\"{}",
                r.text("figure_id").unwrap_or_default(),
                r.text("value_text").unwrap_or_default(),
                super::sheets::number(value),
                match r.get("note") {
                    Some(Value::Text(note))
                        if note.contains("carried")
                            || note.contains("context")
                            || note.contains("adds") =>
                        " (its unit is carried from outside the quote)",
                    _ => "",
                }
            ));
        }
    }
    eval
}

fn percent(x: Option<f64>) -> String {
    x.map_or("   -   ".to_string(), |x| format!("{:6.1} %", x * 100.0))
}

/// The report as `just eval-draft` prints it.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for source in &report.sources {
        let _ = writeln!(
            out,
            "source {} (its text on disk): precision and recall per kind",
            source.source_id
        );
        let _ = writeln!(
            out,
            "  {:<12}{:>9}{:>9}{:>10}{:>9}{:>9}{:>11}",
            "kind", "expected", "recalled", "recall", "found", "covered", "precision"
        );
        let mut lines: Vec<(String, Counts)> = source
            .per_kind
            .iter()
            .map(|(k, c)| (k.code().to_string(), *c))
            .collect();
        lines.push(("all figures".to_string(), source.figures()));
        for (name, c) in lines {
            let _ = writeln!(
                out,
                "  {:<12}{:>9}{:>9}{:>10}{:>9}{:>9}{:>11}",
                name,
                c.expected,
                c.recalled,
                percent(c.recall()),
                c.found,
                c.covered,
                percent(c.precision())
            );
        }
        let _ = writeln!(
            out,
            "  transcribed rows not found ({}):",
            source.missed.len()
        );
        for line in &source.missed {
            let _ = writeln!(out, "    {line}");
        }
        let _ = writeln!(
            out,
            "  found with another qualifier ({}):",
            source.qualifiers.len()
        );
        for line in &source.qualifiers {
            let _ = writeln!(out, "    {line}");
        }
        let _ = writeln!(
            out,
            "  findings no transcribed row covers, for review ({}):",
            source.uncovered.len()
        );
        for line in &source.uncovered {
            let _ = writeln!(out, "    {line}");
        }
    }
    if !report.quotes.is_empty() {
        let expected: usize = report.quotes.iter().map(|q| q.expected).sum();
        let found: usize = report.quotes.iter().map(|q| q.found).sum();
        let _ = writeln!(
            out,
            "sources without a local text ({}): not drafted; each stated figure looked for in its own quote: {found} of {expected} ({})",
            report.quotes.len(),
            percent((expected > 0).then(|| found as f64 / expected as f64)).trim()
        );
        for q in &report.quotes {
            let _ = writeln!(
                out,
                "  {:<40}{:>3} of {:>3}",
                q.source_id, q.found, q.expected
            );
            for line in &q.missed {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}
