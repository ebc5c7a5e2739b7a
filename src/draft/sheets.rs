//! The draft's rows and the CSV files they are written as: source.csv, figures.csv and
//! mentions.csv with the columns `raw/` sheets have, and spans.csv for review tools.

use petrochip_text::scan::{Finding, Kind, What};

use super::{Draft, Knowledge, Read, Setup};
use crate::normalise::gazetteer::Target;

/// A row of figures.csv; what the draft cannot know stays empty for the analyst.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FigureDraft {
    pub figure_id: String,
    pub subject: String,
    pub metric: String,
    pub value: String,
    pub period: String,
    /// Empty when the quote states the value; else what `run` must be told.
    pub quote_support: String,
    pub note: String,
    pub paragraph: usize,
    pub quote: String,
}

/// A row of spans.csv: one finding, where it is and what it reads as.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanRow {
    pub kind: Kind,
    pub paragraph: usize,
    /// The file's line (1-based), for editors.
    pub line: usize,
    /// Code points into the paragraph's line, end exclusive.
    pub start: usize,
    pub end: usize,
    /// Bytes into the file.
    pub byte_start: usize,
    pub byte_end: usize,
    pub text: String,
    pub value: Option<f64>,
    pub unit: String,
    pub qualifier: String,
    pub period: String,
    pub period_kind: String,
    pub period_start: String,
    pub period_end: String,
    pub entity_id: String,
    pub guess: String,
    pub note: String,
}

pub const SPAN_COLUMNS: &[&str] = &[
    "kind",
    "paragraph",
    "line",
    "start",
    "end",
    "byte_start",
    "byte_end",
    "text",
    "value",
    "unit",
    "qualifier",
    "period",
    "period_kind",
    "period_start",
    "period_end",
    "entity_id",
    "guess",
    "note",
];

/// Code points before a byte of a line, counted on from the last byte asked when it is not
/// further on (a paragraph's findings come in order), else from the line's start.
pub(super) struct CharCount<'t> {
    line: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharCount<'t> {
    pub(super) fn new(line: &'t str) -> CharCount<'t> {
        CharCount {
            line,
            byte: 0,
            chars: 0,
        }
    }

    /// `line.get(..byte).map_or(0, |s| s.chars().count())`.
    pub(super) fn to(&mut self, byte: usize) -> usize {
        if !self.line.is_char_boundary(byte) || byte > self.line.len() {
            return 0;
        }
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self
            .line
            .get(self.byte..byte)
            .map_or(0, |s| s.chars().count());
        self.byte = byte;
        self.chars
    }
}

/// A finding's row. `resolves`: for a name spelt as raw/ spells it, whether it resolves as
/// written.
pub(super) fn span_row(
    read: &Read,
    finding: &Finding,
    knowledge: &Knowledge,
    resolves: Option<bool>,
    chars: &mut CharCount,
) -> SpanRow {
    let line = read.line;
    let offset = read.paragraph.bytes.start;
    let mut row = SpanRow {
        kind: finding.kind,
        paragraph: read.paragraph.number,
        line: read.paragraph.line,
        start: chars.to(finding.span.start),
        end: chars.to(finding.span.end),
        byte_start: offset + finding.span.start,
        byte_end: offset + finding.span.end,
        text: line
            .get(finding.span.clone())
            .unwrap_or_default()
            .to_string(),
        value: None,
        unit: String::new(),
        qualifier: String::new(),
        period: String::new(),
        period_kind: String::new(),
        period_start: String::new(),
        period_end: String::new(),
        entity_id: String::new(),
        guess: String::new(),
        note: finding.note.clone().unwrap_or_default(),
    };
    match &finding.what {
        What::Figure(figure) => {
            row.value = Some(figure.quantity.value);
            row.unit = figure.quantity.unit.code();
            row.qualifier = figure.quantity.qualifier.code().to_string();
            if figure.cell != row.text {
                row.note = format!("read as \"{}\"", figure.cell);
            }
        }
        What::Period(period) => {
            row.period = period.label.clone();
            row.period_kind = period.kind.code().to_string();
            row.period_start = period.start.map(|d| d.to_string()).unwrap_or_default();
            row.period_end = period.end.map(|d| d.to_string()).unwrap_or_default();
            if period.approximate {
                row.qualifier = "approximate".into();
            }
        }
        What::Name { target, exact } => {
            match target {
                Target::Entity(id) => {
                    row.entity_id = id.clone();
                    if !exact {
                        row.note = format!(
                            "spelt with other accents than raw/ knows {}: add this spelling to raw/aliases.csv to mention it",
                            knowledge.gazetteer.name_of(id).unwrap_or(id)
                        );
                    } else if resolves != Some(true) {
                        row.note = "known only in other words (a leading article): not listed in mentions.csv".into();
                    }
                }
                Target::Country(iso3) => {
                    row.entity_id = iso3.clone();
                    row.note = format!(
                        "the country {iso3} of the ISO reference, not an entity of raw/entities.csv: add it there to mention it"
                    );
                }
            }
        }
        What::NewName(guess) => row.guess = guess.code().to_string(),
    }
    row
}

/// A CSV file's bytes, from a header and rows of cells.
fn csv(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(&row);
    }
    writer.into_inner().unwrap_or_default()
}

/// Numbers as the tables print them: integers without a fraction.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

/// source.csv: one row, the columns of `raw/sources/<id>/source.csv`.
pub fn source_csv(setup: &Setup, draft: &Draft) -> Vec<u8> {
    let s = &draft.source;
    let (paragraph, quote) = match &s.dateline {
        Some((p, q)) => (p.to_string(), q.clone()),
        None => (String::new(), String::new()),
    };
    let row = vec![
        setup.source_id.clone(),
        s.title.trim_start_matches('\u{feff}').to_string(),
        s.authors.join(", "),
        s.published_on.clone().unwrap_or_default(),
        draft.lang.code().to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        draft.style.code().to_string(),
        setup.text_path.clone(),
        setup.text_sha256.clone(),
        s.places.join(", "),
        paragraph,
        quote,
    ];
    csv(
        &[
            "source_id",
            "title",
            "authors",
            "published_on",
            "language",
            "publisher",
            "url",
            "retrieved_on",
            "licence_note",
            "number_style",
            "text_path",
            "text_sha256",
            "places",
            "paragraph",
            "quote",
        ],
        [row],
    )
}

/// figures.csv, with the columns the figures sheet is read with (taken from the registry, so a
/// column added there is never missing here); the ones a draft cannot fill stay empty.
pub fn figures_csv(draft: &Draft) -> Vec<u8> {
    let columns = crate::domains::RawSheets::layout()
        .into_iter()
        .find(|sheet| sheet.per_source && sheet.name == "figures.csv")
        .map_or(&[][..], |sheet| sheet.columns);
    csv(
        columns,
        draft.figures.iter().map(|f| {
            columns
                .iter()
                .map(|column| match *column {
                    "figure_id" => f.figure_id.clone(),
                    "subject" => f.subject.clone(),
                    "metric" => f.metric.clone(),
                    "value" => f.value.clone(),
                    "period" => f.period.clone(),
                    "quote_support" => f.quote_support.clone(),
                    "note" => f.note.clone(),
                    "paragraph" => f.paragraph.to_string(),
                    "quote" => f.quote.clone(),
                    _ => String::new(),
                })
                .collect()
        }),
    )
}

/// mentions.csv: each known name as written, once per paragraph.
pub fn mentions_csv(draft: &Draft) -> Vec<u8> {
    csv(
        &["name", "paragraph"],
        draft
            .mentions
            .iter()
            .map(|(name, p)| vec![name.clone(), p.to_string()]),
    )
}

/// spans.csv: every finding.
pub fn spans_csv(draft: &Draft) -> Vec<u8> {
    csv(
        SPAN_COLUMNS,
        draft.spans.iter().map(|s| {
            vec![
                s.kind.code().to_string(),
                s.paragraph.to_string(),
                s.line.to_string(),
                s.start.to_string(),
                s.end.to_string(),
                s.byte_start.to_string(),
                s.byte_end.to_string(),
                s.text.clone(),
                s.value.map(number).unwrap_or_default(),
                s.unit.clone(),
                s.qualifier.clone(),
                s.period.clone(),
                s.period_kind.clone(),
                s.period_start.clone(),
                s.period_end.clone(),
                s.entity_id.clone(),
                s.guess.clone(),
                s.note.clone(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_are_counted_as_from_the_start() {
        let line = "Les États-Unis, la Corée : 7\u{202f}000 €";
        let mut count = CharCount::new(line);
        for byte in [0, 4, 4, 9, 2, 30, line.len(), 5, 6, line.len() + 3, 0, 17] {
            let expected = line.get(..byte).map_or(0, |s| s.chars().count());
            assert_eq!(count.to(byte), expected, "{byte}");
        }
    }
}
