//! The sources: one folder each under raw/sources/, its metadata (source.csv) and its authors.

#![allow(clippy::wildcard_imports)]

use rustc_hash::FxHashMap;
use std::collections::HashMap;

use serde::Deserialize;

use super::{Group, RawSheets};
use crate::contract::*;
use crate::ingest::cells::{List, Quote, Text, Whole};
use crate::ingest::{Cited, FromSource, Reader, Sheet, fact_sheet};
use crate::normalise::gazetteer::{Gazetteer, split_list};
use crate::normalise::*;
use crate::table::Value;
use petrochip_text::number::NumberStyle;
use petrochip_text::period::{PeriodKind, parse_date, parse_period};

/// The sheets this group reads.
#[derive(Debug, Clone)]
pub struct Sheets {
    pub sources: Sheet<SourceRow>,
    pub authors: Sheet<AuthorRow>,
}

impl Group for Sheets {
    const TABLES: &'static [&'static TableSpec] = &[&SOURCES, &SOURCE_AUTHORS, &SOURCE_PLACES];
    const TYPED: &'static [crate::domains::Typed] = &[
        (
            SOURCES.sheet,
            "authors",
            "The byline: each author's name, as raw/entities.csv or raw/aliases.csv spells it (→ source_authors).",
        ),
        (
            SOURCES.sheet,
            "published_on",
            "The publication date as the source gives it: the day (6 mars 2024, 2024-03-06), the month (2024-03) or the year (2024) (→ sources.published_on and published_precision); the day is what aujourd'hui means in its figures.",
        ),
        (
            SOURCES.sheet,
            "publisher",
            "Who publishes the source: a name of raw/entities.csv or a spelling of raw/aliases.csv (→ sources.publisher_id).",
        ),
        (
            SOURCES.sheet,
            "text_path",
            "Where the source's text is, relative to this source.csv, to ground every quote against it; empty when the text may not be kept.",
        ),
        (
            SOURCES.sheet,
            "places",
            "The places its dateline names, each a name of raw/entities.csv or raw/aliases.csv (→ source_places).",
        ),
    ];
    /// A page per source: its metadata, how to cite it, what it states paragraph by paragraph.
    const SITE: &'static [crate::site::Section] =
        &[crate::site::Section::Records(crate::site::Records {
            table: "sources",
            prefix: "source",
            heading: "Sources",
            title: &["title"],
            lang: Some("language"),
            url: Some("url"),
            cite: &["title", "publisher", "published_on", "url"],
            by_paragraph: true,
        })];

    fn read(reader: &mut Reader) -> Self {
        let sources: Sheet<SourceRow> = reader.per_source(crate::ingest::SOURCE_SHEET, true);
        // A source's folder is named after its id, so two folders can never claim one source.
        for record in &sources.records {
            let folder = std::path::Path::new(&*record.file)
                .parent()
                .and_then(|f| f.file_name())
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            if record.row.source_id.as_str() != folder {
                reader.error(crate::ingest::IngestError::Cell {
                    place: crate::ingest::Place {
                        file: record.file.to_string(),
                        line: Some(record.line),
                        column: Some("source_id".into()),
                    },
                    value: record.row.source_id.as_str().to_owned(),
                    message: format!(
                        "the folder is named \"{folder}\" but its source.csv says \"{}\"; a source's folder is named after its source_id, so rename one of them",
                        record.row.source_id.as_str()
                    ),
                });
            }
        }
        Sheets {
            sources,
            authors: reader.per_source("authors.csv", false),
        }
    }

    fn files(&self) -> Vec<&[crate::ingest::SheetFile]> {
        vec![&self.sources.files, &self.authors.files]
    }

    fn normalise(&self, raw: &RawSheets, cx: &mut Context) {
        let _ = raw;
        let g = cx.gazetteer.clone();
        let (dates, styles, bylines) = cx.sources(&self.sources, &g);
        cx.authors(&self.authors, &g, &bylines);
        cx.dates = dates;
        cx.styles = styles;
    }
}

// -- sheets ---------------------------------------------------------------------------------

/// `source.csv`: one row describing the source its folder holds.
#[derive(Debug, Clone, Deserialize)]
pub struct SourceRow {
    /// Must equal the folder's name; two folders can then never claim one source.
    pub source_id: Text,
    pub title: Text,
    /// The byline: the authors' names, in order (each a person entity).
    pub authors: Option<List>,
    /// The day, month or year of publication, as precisely as the source gives it.
    pub published_on: Option<String>,
    pub language: Text,
    pub publisher: Text,
    pub url: Option<String>,
    pub retrieved_on: Option<String>,
    pub licence_note: Option<String>,
    /// How the source writes numbers: fr (default), fr_dot or en.
    pub number_style: Option<String>,
    /// The source's text, relative to the source folder, to ground quotes against.
    pub text_path: Option<String>,
    /// The SHA-256 of that text when it was transcribed; a changed text stops the run.
    pub text_sha256: Option<String>,
    /// Where the source was written, as its dateline says.
    pub places: Option<List>,
    pub paragraph: Option<Whole>,
    pub quote: Option<Quote>,
}

impl FromSource for SourceRow {
    /// `source.csv` states its own id, and ingest checks it against the folder's name.
    fn set_source_id(&mut self, _source_id: &str) {}
}

fact_sheet!(AuthorRow {
    author_order: Whole,
    person: Text,
    role: Text,
    role_en: Text,
    affiliation: Option<String>,
});

// -- vocabularies -------------------------------------------------------------------------

pub const DATE_PRECISIONS: &[Choice] = &[
    choice("day", "The day is known", &[]),
    choice("month", "Only the month is known", &[]),
    choice("year", "Only the year is known", &[]),
    choice("unknown", "The source gives no date", &[]),
];

pub const NUMBER_STYLES: &[Choice] = &[
    choice(
        "fr",
        "French: decimal comma, thousands grouped by spaces; refuses 1.000 and billion as ambiguous",
        &["français", "francais"],
    ),
    choice(
        "fr_dot",
        "French with dots between thousands (Belgian, AFP): 1.000 milliards",
        &[],
    ),
    choice(
        "en",
        "English: decimal point, comma thousands, billion = 10^9",
        &["english", "anglais"],
    ),
];

// -- tables -------------------------------------------------------------------------------

pub static SOURCES: TableSpec = TableSpec {
    name: "sources",
    description: "The sources the data comes from: articles, reports and pages, one folder each under raw/sources/.",
    sheet: "sources/<source_id>/source.csv",
    may_be_empty: false,
    columns: &[
        text("source_id", "Identifier of the source; its folder's name."),
        text("title", "Title as published."),
        optional(col(
            "published_on",
            ColumnType::Date,
            "When the source was published, from its dateline or page: the day, or the first day of the month or year that published_precision names.",
        )),
        col(
            "published_precision",
            ColumnType::Enum(DATE_PRECISIONS),
            "How precisely the source gives its date: day, month, year, or unknown (published_on empty).",
        ),
        col(
            "language",
            ColumnType::Enum(LANGUAGES),
            "Language of the source.",
        ),
        text("publisher", "Who publishes the source (English name)."),
        text("publisher_id", "The publisher (entities.entity_id)."),
        optional(text("url", "Where the source was read, when it is online.")),
        optional(col(
            "retrieved_on",
            ColumnType::Date,
            "When the online copy was read.",
        )),
        optional(text(
            "licence_note",
            "What the source's licence allows, and what was taken from it.",
        )),
        col(
            "number_style",
            ColumnType::Enum(NUMBER_STYLES),
            "How the source writes numbers, which decides how its figures are read.",
        ),
        col(
            "has_text",
            ColumnType::Boolean,
            "Whether the source declares a text its quotes can be grounded against.",
        ),
        optional(text(
            "text_sha256",
            "SHA-256 of that text when it was transcribed; a run stops when the text differs.",
        )),
        optional(text(
            "place",
            "Where the source was written, as its dateline says.",
        )),
        optional(PARAGRAPH),
        optional(QUOTE),
    ],
    primary_key: &["source_id"],
    foreign_keys: &[ForeignKey {
        columns: &["publisher_id"],
        table: "entities",
        references: &["entity_id"],
    }],
    rules: &[],
};

pub static SOURCE_AUTHORS: TableSpec = TableSpec {
    name: "source_authors",
    description: "Who wrote each article, in byline order, with their role and affiliation.",
    sheet: "sources/<source_id>/authors.csv",
    may_be_empty: false,
    columns: &[
        SOURCE_ID,
        text("person_id", "The author (entities.entity_id)."),
        ranged(
            col(
                "author_order",
                ColumnType::Integer,
                "Position in the byline, from 1.",
            ),
            1.0,
            100.0,
        ),
        optional(text(
            "role",
            "The author's role as the source states it, in its language.",
        )),
        optional(text("role_en", "The same role in English.")),
        optional(text(
            "affiliation",
            "English name of the organisation the role is held at.",
        )),
        optional(text(
            "affiliation_id",
            "That organisation (entities.entity_id).",
        )),
        optional(STATEMENT_ID),
        optional(PARAGRAPH),
        optional(QUOTE),
    ],
    primary_key: &["source_id", "person_id"],
    foreign_keys: &[
        FK_SOURCE,
        ForeignKey {
            columns: &["person_id"],
            table: "entities",
            references: &["entity_id"],
        },
        ForeignKey {
            columns: &["affiliation_id"],
            table: "entities",
            references: &["entity_id"],
        },
    ],
    rules: &[],
};

pub static SOURCE_PLACES: TableSpec = TableSpec {
    name: "source_places",
    description: "The places an article was written in, one row per place.",
    sheet: "sources/<source_id>/source.csv",
    may_be_empty: false,
    columns: &[
        SOURCE_ID,
        text("place_id", "The place (entities.entity_id)."),
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "place_id"],
    foreign_keys: &[
        FK_SOURCE,
        ForeignKey {
            columns: &["place_id"],
            table: "entities",
            references: &["entity_id"],
        },
    ],
    rules: &[],
};

// -- normaliser ---------------------------------------------------------------------------

impl Context {
    /// Returns each source's date, which "aujourd'hui" in a figure refers to.
    /// The sources, the day each was published (what "aujourd'hui" means in it), and the
    /// authors its source.csv lists, in byline order.
    fn sources(
        &mut self,
        sheet: &Sheet<SourceRow>,
        g: &Gazetteer,
    ) -> (Dates, FxHashMap<String, NumberStyle>, Bylines) {
        let mut dates = Dates::default();
        let mut styles = FxHashMap::default();
        let mut bylines = Bylines::default();
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            // A page may give only a month or a year; the precision says which.
            let (published, precision) = match row.published_on.as_deref() {
                None => (Value::Null, "unknown"),
                Some(text) => match parse_period(text, None) {
                    Ok(p) if p.kind == PeriodKind::Day && p.start.is_some() => {
                        let day = p.start.unwrap_or_default();
                        dates.insert(row.source_id.as_str().to_string(), day);
                        (Value::Date(day), "day")
                    }
                    Ok(p) if matches!(p.kind, PeriodKind::Month | PeriodKind::Year) => {
                        let precision = if p.kind == PeriodKind::Month {
                            "month"
                        } else {
                            "year"
                        };
                        (p.start.into(), precision)
                    }
                    Ok(p) => {
                        self.fail(
                            &origin,
                            "published_on",
                            format!("\"{text}\" is a {} period; give the day (6 mars 2024, 2024-03-06), the month (2024-03) or the year", p.kind.code()),
                        );
                        (Value::Null, "unknown")
                    }
                    Err(e) => {
                        self.broke("source_date", row.source_id.as_str(), &origin);
                        let message = match crate::normalise::spreadsheet::date_serial(text) {
                            Some(day) => format!(
                                "\"{text}\" is a date as a spreadsheet counts it (days since 1899-12-30), so {day}: type {day}, in a column formatted as text so the spreadsheet keeps it"
                            ),
                            None => format!(
                                "cannot read \"{text}\" as a publication date: {}; write the day (6 mars 2024, 2024-03-06), the month (2024-03) or the year (2024)",
                                e.reason
                                    .replace("a period petrochip reads", "a date petrochip reads")
                            ),
                        };
                        self.fail(&origin, "published_on", message);
                        (Value::Null, "unknown")
                    }
                },
            };
            let mut byline = Vec::new();
            // Not a mention: the row's paragraph is its dateline, not its byline.
            for name in row
                .authors
                .as_ref()
                .map(|a| split_list(a.as_str()))
                .unwrap_or_default()
            {
                match g.entity(&name) {
                    Ok(id) => byline.push((origin.clone(), id.to_string())),
                    Err(message) => self.unknown_name(&origin, "authors", &name, message),
                }
            }
            bylines.insert(row.source_id.as_str().to_string(), byline);
            let language = self.code(
                &crate::domains::sources::SOURCES,
                "language",
                row.language.as_str(),
                &origin,
            );
            // Not a mention: the row's paragraph is its dateline, which need not name it.
            let publisher = match g.entity(row.publisher.as_str()) {
                Ok(id) => Some(id.to_string()),
                Err(message) => {
                    self.unknown_name(&origin, "publisher", row.publisher.as_str(), message);
                    None
                }
            };
            let publisher_name = publisher
                .as_ref()
                .and_then(|id| self.names.get(id).cloned());
            let retrieved = match row.retrieved_on.as_deref().map(parse_date) {
                None => Value::Null,
                Some(Ok(date)) => Value::Date(date),
                Some(Err(e)) => {
                    self.fail(&origin, "retrieved_on", e.to_string());
                    Value::Null
                }
            };
            let number_style = self.code(
                &crate::domains::sources::SOURCES,
                "number_style",
                row.number_style.as_deref().unwrap_or("fr"),
                &origin,
            );
            if let Some(style) = number_style.as_text().and_then(NumberStyle::from_code) {
                styles.insert(row.source_id.as_str().to_string(), style);
            }
            let text_sha256 = row.text_sha256.as_deref().map(str::to_ascii_lowercase);
            if let Some(hash) = &text_sha256
                && (hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                self.fail(
                    &origin,
                    "text_sha256",
                    format!("\"{hash}\" is not a SHA-256 (64 hexadecimal digits); run sha256sum on the text and copy its first word"),
                );
            }
            if text_sha256.is_some() && row.text_path.is_none() {
                self.fail(
                    &origin,
                    "text_sha256",
                    "a text_sha256 without a text_path: give the text's path, or empty both",
                );
            }
            self.push(
                &crate::domains::sources::SOURCES,
                &origin,
                vec![
                    ("source_id", row.source_id.as_str().into()),
                    ("title", row.title.as_str().into()),
                    ("published_on", published),
                    ("published_precision", precision.into()),
                    ("language", language),
                    ("publisher", publisher_name.into()),
                    ("publisher_id", publisher.into()),
                    ("url", row.url.clone().into()),
                    ("retrieved_on", retrieved),
                    ("licence_note", row.licence_note.clone().into()),
                    ("number_style", number_style),
                    ("has_text", row.text_path.is_some().into()),
                    ("text_sha256", text_sha256.into()),
                    ("place", row.places.as_ref().map(List::as_str).into()),
                    ("paragraph", row.paragraph.map(|p| i64::from(p.0)).into()),
                    ("quote", row.quote.as_ref().map(|q| q.0).into()),
                ],
            );
            let Some(places) = row.places.as_ref().map(List::as_str) else {
                continue;
            };
            let (Some(paragraph), Some(quote)) = (row.paragraph, row.quote.as_ref()) else {
                self.fail(
                    &origin,
                    "places",
                    "places need the paragraph and quote of the dateline that names them",
                );
                continue;
            };
            for place in split_list(places) {
                if let Some(id) = self.entity(g, &place, &origin, "places") {
                    self.push(
                        &crate::domains::sources::SOURCE_PLACES,
                        &origin,
                        vec![
                            ("place_id", id.into()),
                            ("source_id", row.source_id.as_str().into()),
                            ("paragraph", i64::from(paragraph.0).into()),
                            ("quote", quote.0.as_str().into()),
                        ],
                    );
                }
            }
        }
        (dates, styles, bylines)
    }

    /// A source's authors: its authors.csv (role, affiliation, the sentence that says so) when
    /// it has one, which must then name the byline's authors in its order; else the byline of
    /// source.csv alone.
    fn authors(&mut self, sheet: &Sheet<AuthorRow>, g: &Gazetteer, bylines: &Bylines) {
        let mut detailed: HashMap<&str, Vec<String>> = HashMap::new();
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let person = self.entity(g, row.person.as_str(), &origin, "person");
            let affiliation = row
                .affiliation
                .as_deref()
                .and_then(|a| self.entity(g, a, &origin, "affiliation"));
            let affiliation_name = affiliation
                .as_ref()
                .and_then(|id| self.names.get(id).cloned());
            let cells = vec![
                ("person_id", person.clone().into()),
                ("author_order", i64::from(row.author_order.0).into()),
                ("role", row.role.as_str().into()),
                ("role_en", row.role_en.as_str().into()),
                ("affiliation", affiliation_name.into()),
                ("affiliation_id", affiliation.into()),
            ];
            if let Some(id) = &person {
                detailed
                    .entry(row.source_id())
                    .or_default()
                    .push(id.clone());
            }
            self.push(
                &crate::domains::sources::SOURCE_AUTHORS,
                &origin,
                with_cite(cells, row),
            );
        }
        let mut ids: Vec<&String> = bylines.keys().collect();
        ids.sort();
        for source in ids {
            let byline = &bylines[source];
            match detailed.get(source.as_str()) {
                Some(persons) => {
                    let listed: Vec<&String> = byline.iter().map(|(_, id)| id).collect();
                    if !byline.is_empty() && listed != persons.iter().collect::<Vec<_>>() {
                        let (origin, _) = &byline[0];
                        self.fail(
                            origin,
                            "authors",
                            format!("the byline lists {} but authors.csv has {}; list the same authors in the same order", listed.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "), persons.join(", ")),
                        );
                    }
                }
                None => {
                    for (order, (origin, id)) in byline.iter().enumerate() {
                        let cells = vec![
                            ("source_id", source.as_str().into()),
                            ("person_id", id.as_str().into()),
                            ("author_order", (order as i64 + 1).into()),
                        ];
                        self.push(&crate::domains::sources::SOURCE_AUTHORS, origin, cells);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::testing::{errors, gazetteer, rows, sheet};

    #[test]
    fn a_source_gives_its_day_its_number_style_and_its_publisher() {
        let mut cx = Context::default();
        let g = gazetteer(&[("le_monde", "media", "Le Monde")]);
        let sources = sheet::<SourceRow>(
            "raw/sources/x/source.csv",
            "source_id,title,authors,published_on,language,publisher,url,retrieved_on,licence_note,number_style,text_path,text_sha256,places,paragraph,quote\n\
             a,Titre A,,6 mars 2024,français,Le Monde,,,,,,,,,\n\
             b,Title B,,2024-03,english,Le Monde,,2024-04-02,,en,,,,,\n\
             c,Titre C,,45357,fr,Le Monde,,,,fr_dot,,,,,\n",
        );
        let (dates, styles, bylines) = cx.sources(&sources, &g);
        // Only a day is what "aujourd'hui" means: b gives a month, c's date did not read.
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            dates.into_iter().collect::<Vec<_>>(),
            [("a".to_string(), day(2024, 3, 6))]
        );
        let mut styles: Vec<(String, &str)> =
            styles.into_iter().map(|(s, n)| (s, n.code())).collect();
        styles.sort();
        assert_eq!(
            styles,
            [
                ("a".to_string(), "fr"),
                ("b".to_string(), "en"),
                ("c".to_string(), "fr_dot")
            ]
        );
        assert!(bylines.values().all(Vec::is_empty));
        assert_eq!(
            rows(
                &cx,
                "sources",
                &[
                    "source_id",
                    "published_on",
                    "published_precision",
                    "language",
                    "publisher_id",
                    "retrieved_on",
                    "number_style",
                    "has_text"
                ]
            ),
            [
                [
                    "a",
                    "2024-03-06",
                    "day",
                    "fr",
                    "le_monde",
                    "",
                    "fr",
                    "false"
                ],
                [
                    "b",
                    "2024-03-01",
                    "month",
                    "en",
                    "le_monde",
                    "2024-04-02",
                    "en",
                    "false"
                ],
                ["c", "", "unknown", "fr", "le_monde", "", "fr_dot", "false"],
            ]
        );
        assert_eq!(
            errors(&cx),
            [
                "raw/sources/x/source.csv:4: column \"published_on\": \"45357\" is a date as a spreadsheet counts it (days since 1899-12-30), so 2024-03-06: type 2024-03-06, in a column formatted as text so the spreadsheet keeps it"
            ]
        );
        // Its figures that say "aujourd'hui" then depend on that row.
        let cause = cx.upstream.rows.get(&("source_date", "c".to_string()));
        assert_eq!(
            cause.map(ToString::to_string).as_deref(),
            Some("raw/sources/x/source.csv:4")
        );
    }
}
