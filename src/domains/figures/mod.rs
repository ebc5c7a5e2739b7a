//! The figures each source states or implies, and every pair of sources that state the same
//! measure (figure_comparisons).

#![allow(clippy::wildcard_imports)]

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Group, RawSheets};
use crate::contract::*;
use crate::ingest::cells::Text;
use crate::ingest::{Cited, Reader, Sheet, fact_sheet};
use crate::interned::Interned;
use crate::normalise::gazetteer::Gazetteer;
use crate::normalise::*;
use chrono::Datelike;
use petrochip_text::derive;
use petrochip_text::number::{NumberStyle, Quantity, QuantityKind, parse_quantity_styled};
use petrochip_text::period::{Period, parse_date, parse_period};
use petrochip_text::scan::Support;
use rayon::prelude::*;

mod compare;

pub use compare::{contradiction, disagrees};

/// The sheets this group reads.
#[derive(Debug, Clone)]
pub struct Sheets {
    pub figures: Sheet<FigureRow>,
    pub fiscal_periods: Sheet<FiscalPeriodRow>,
}

impl Group for Sheets {
    const TABLES: &'static [&'static TableSpec] = &[
        &FISCAL_PERIODS,
        &FIGURES,
        &FIGURE_AGREEMENT,
        &FIGURE_COMPARISONS,
    ];
    const TYPED: &'static [crate::domains::Typed] = &[
        (
            FIGURES.sheet,
            "value",
            "The figure exactly as the source writes it, in its number_style: 22,1 milliards de $, la moitié, +265 %, près d'un siècle, jusqu'à 2000 euros (→ figures.value_text, read into value, unit, currency and qualifier). Empty when derivation gives it.",
        ),
        (
            FIGURES.sheet,
            "period",
            "The period as the source words it: dernier trimestre 2023, d'ici 2030, tous les deux ans, aujourd'hui, or petrochip's own form (2023-Q4, FY2024-Q4, 2024-03-06) (→ figures.period, period_start, period_end).",
        ),
        (
            FIGURES.sheet,
            "derivation",
            "For a figure the source implies but does not state: an expression over this source's figure_ids and numbers (gpu_share * market_size); leave value empty.",
        ),
        (
            FIGURES.sheet,
            "quote_support",
            "Empty when the quote states the value; unit_from_context when the quote has the number but the unit is in the paragraph; analyst_reading (with a note) when the value is the analyst's reading.",
        ),
    ];
    const SITE: &'static [crate::site::Section] = &compare::SITE;

    fn read(reader: &mut Reader) -> Self {
        Sheets {
            fiscal_periods: reader.shared("reference/fiscal_periods.csv"),
            figures: reader.per_source("figures.csv", false),
        }
    }

    fn files(&self) -> Vec<&[crate::ingest::SheetFile]> {
        vec![&self.fiscal_periods.files, &self.figures.files]
    }

    fn normalise(&self, raw: &RawSheets, cx: &mut Context) {
        let _ = raw;
        let g = cx.gazetteer.clone();
        let dates = std::mem::take(&mut cx.dates);
        let styles = std::mem::take(&mut cx.styles);
        let kinds = std::mem::take(&mut cx.metric_kinds);
        let rates = std::mem::take(&mut cx.rates);
        let calendar = cx.fiscal_periods(&self.fiscal_periods, &g);
        let known = Known {
            dates: &dates,
            styles: &styles,
            metrics: &kinds,
            rates: &rates,
            calendar: &calendar,
        };
        let start = std::time::Instant::now();
        cx.figures(&self.figures, &g, &known);
        tracing::debug!(ms = crate::ms_since(start), "figures read");
        (cx.dates, cx.styles, cx.metric_kinds, cx.rates) = (dates, styles, kinds, rates);
    }

    /// The figures' sheets: read by no other group, and the manifest has their files.
    fn release(&mut self) {
        self.figures.records = Vec::new();
    }

    fn derive(&self, cx: &mut Context) {
        let start = std::time::Instant::now();
        cx.comparisons();
        tracing::debug!(ms = crate::ms_since(start), "figures compared");
    }
}

// -- sheets ---------------------------------------------------------------------------------

fact_sheet!(FigureRow {
    figure_id: Text,
    subject: Text,
    metric: Text,
    /// Empty for a derived figure, which has a derivation instead.
    value: Option<Interned>,
    period: Option<Interned>,
    initiative_id: Option<Interned>,
    derivation: Option<Interned>,
    /// Empty when the quote states the value as typed (checked); else why it cannot
    /// (`unit_from_context`, `analyst_reading`).
    quote_support: Option<Interned>,
    /// The analyst's remark: a conversion, a caveat, what part of a period is meant.
    note: Option<Interned>,
});

/// `reference/fiscal_periods.csv`: a company's fiscal quarters and their real dates, typed from
/// its own reports.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct FiscalPeriodRow {
    pub entity: Text,
    pub fiscal_year: Text,
    pub fiscal_quarter: Text,
    pub start: Text,
    pub end: Text,
    pub source_url: Text,
    pub note: Option<String>,
}

/// What the figures are read with, from the groups before them and the calendar.
#[derive(Clone, Copy)]
struct Known<'a> {
    dates: &'a Dates,
    styles: &'a FxHashMap<String, NumberStyle>,
    metrics: &'a FxHashMap<String, &'static str>,
    rates: &'a Rates,
    calendar: &'a Calendar,
}

/// (entity_id, fiscal year, fiscal quarter) → first and last day.
type Calendar = HashMap<(String, i32, u32), (chrono::NaiveDate, chrono::NaiveDate)>;

// -- vocabularies -------------------------------------------------------------------------

pub const QUALIFIERS: &[Choice] = &[
    choice("exact", "Stated as is", &[]),
    choice(
        "approximate",
        "Stated as approximate (environ, près de)",
        &[],
    ),
    choice("at_least", "A lower bound (au moins, des milliers)", &[]),
    choice("at_most", "An upper bound (au plus, jusqu'à)", &[]),
    choice("more_than", "Strictly more than (plus de)", &[]),
    choice("less_than", "Strictly less than (moins de)", &[]),
];

/// How a figure's quote supports its value. The first three are checked at run time: the
/// grammar reads the quote and must find the value there.
pub const QUOTE_SUPPORT: &[Choice] = &[
    choice(
        "states_value",
        "The quote states the value, unit and qualifier (checked: the grammar reads them in it)",
        &[],
    ),
    choice(
        "unit_from_context",
        "The quote states the number and qualifier; the unit comes from the text around it, as the note says (checked: the number)",
        &[],
    ),
    choice(
        "analyst_reading",
        "The quote's wording is one the grammar cannot read as this figure (\"avec, environ, 55%\"); the note says how it was read (not checked)",
        &[],
    ),
    choice(
        "derived",
        "Not stated: computed from stated figures (derivation)",
        &[],
    ),
];

/// The codes an analyst may write in the sheet's quote_support column (empty: states_value).
const QUOTE_SUPPORT_TYPED: &[&str] = &["unit_from_context", "analyst_reading"];

pub const PERIOD_KINDS: &[Choice] = &[
    choice("day", "One day", &[]),
    choice("month", "One calendar month", &[]),
    choice("quarter", "One calendar quarter", &[]),
    choice("half", "One calendar half-year", &[]),
    choice("year", "One calendar year", &[]),
    choice("decade", "A decade (the 1930s: 1930-1939)", &[]),
    choice("century", "A century (the 20th: 1901-2000)", &[]),
    choice("target", "A deadline: by the end of target_year", &[]),
    choice("recurring", "Every recurrence_years years", &[]),
    choice("as_of", "At the publication date of the source", &[]),
    choice(
        "fiscal_year",
        "A company's fiscal year (fiscal_year); its months are the company's, so no dates",
        &[],
    ),
    choice(
        "fiscal_quarter",
        "A quarter of a company's fiscal year (fiscal_year, fiscal_quarter), dated from the company's calendar when reference/fiscal_periods.csv has it, else undated",
        &[],
    ),
    choice(
        "span",
        "From the start of one period to the end of another (entre 2022 et 2026: 2022-01-01 to 2026-12-31)",
        &[],
    ),
    choice(
        "since",
        "From a period's start on (depuis 2021: period_start 2021-01-01), with no end",
        &[],
    ),
];

// -- tables -------------------------------------------------------------------------------

/// A quarter of a company's fiscal year: a key of the fiscal calendar, and what a figure's
/// period names.
const FISCAL_QUARTER: ColumnSpec = ranged(
    col(
        "fiscal_quarter",
        ColumnType::Integer,
        "The quarter of that fiscal year.",
    ),
    1.0,
    4.0,
);

pub static FISCAL_PERIODS: TableSpec = TableSpec {
    name: "fiscal_periods",
    description: "Companies' fiscal quarters with their real first and last days, typed from each company's own reports (reference data): a figure for a fiscal quarter takes its dates from here.",
    sheet: "reference/fiscal_periods.csv",
    may_be_empty: true,
    columns: &[
        text("entity_id", "The company (entities.entity_id)."),
        ranged(
            col(
                "fiscal_year",
                ColumnType::Integer,
                "The fiscal year, as the company names it (FY2024).",
            ),
            1900.0,
            2100.0,
        ),
        FISCAL_QUARTER,
        col(
            "period_start",
            ColumnType::Date,
            "First day of the quarter.",
        ),
        col("period_end", ColumnType::Date, "Last day of the quarter."),
        text(
            "source_url",
            "Where the company states the dates (its results release or filing).",
        ),
        optional(text("note", "How the dates were read (English).")),
    ],
    primary_key: &["entity_id", "fiscal_year", "fiscal_quarter"],
    foreign_keys: &[FK_ENTITY],
    rules: &[rule(
        "period_is_ordered",
        "period_start is not after period_end.",
        rules::period_is_ordered,
    )],
};

/// What a figure is about and what it measures: keys of the figures and of both comparisons.
const SUBJECT: ForeignKey = ForeignKey {
    columns: &["subject_id"],
    table: "entities",
    references: &["entity_id"],
};

const METRIC: ForeignKey = ForeignKey {
    columns: &["metric"],
    table: "metrics",
    references: &["metric"],
};

/// The figure a row of `figure_agreement` counts.
const FIGURE: ForeignKey = ForeignKey {
    columns: &["source_id", "figure_id"],
    table: "figures",
    references: &["source_id", "figure_id"],
};

pub static FIGURES: TableSpec = TableSpec {
    name: "figures",
    description: "Every figure the article states, normalised, and the figures it implies (derived).",
    sheet: "sources/<source_id>/figures.csv",
    may_be_empty: false,
    columns: &[
        text("figure_id", "Identifier."),
        text(
            "subject_id",
            "What the figure is about (entities.entity_id).",
        ),
        text("metric", "What is measured (metrics.metric)."),
        measured(
            col(
                "value",
                ColumnType::Number,
                "The value, in unit (money in the currency's unit).",
            ),
            Unit::Column("unit"),
        ),
        text(
            "unit",
            "Unit of value: an ISO 4217 code for money (USD, EUR, JPY…), percent, ratio, multiplier, count, year, Wh to TWh, g, kg, t, or a price per unit (USD/kg).",
        ),
        restating(
            optional(text(
                "currency",
                "The currency of money or of a price (currencies.code); empty otherwise.",
            )),
            &["unit"],
        ),
        restating(
            optional(measured(
                col(
                    "value_usd",
                    ColumnType::Number,
                    "The value in US dollars: as is for USD, else at the yearly average rate of usd_rate_year (exchange_rates); empty where no rate applies (not money, a period over several years or none, or no rate for that year): never a guess.",
                ),
                Unit::Fixed("USD"),
            )),
            &["value", "unit"],
        ),
        restating(
            optional(ranged(
                col(
                    "usd_rate_year",
                    ColumnType::Integer,
                    "The year whose rate value_usd uses: the year the figure's period lies in; empty for US dollars, which need no rate.",
                ),
                1900.0,
                2100.0,
            )),
            &["period"],
        ),
        col(
            "qualifier",
            ColumnType::Enum(QUALIFIERS),
            "Exact, approximate or a bound.",
        ),
        restating(
            optional(measured(
                col(
                    "value_low",
                    ColumnType::Number,
                    "The least value the statement allows, in unit: value when exact or a lower bound (excluded for more_than), value less 10 % when approximate; empty when unbounded below (at_most, less_than). Take means and sums over ranges, not over value.",
                ),
                Unit::Column("unit"),
            )),
            &["value", "qualifier"],
        ),
        restating(
            optional(measured(
                col(
                    "value_high",
                    ColumnType::Number,
                    "The greatest value the statement allows, in unit: value when exact or an upper bound (excluded for less_than), value plus 10 % when approximate; empty when unbounded above (des milliers: at least 2000).",
                ),
                Unit::Column("unit"),
            )),
            &["value", "qualifier"],
        ),
        optional(text(
            "value_text",
            "The figure as the article writes it; empty for derived figures.",
        )),
        col(
            "quote_support",
            ColumnType::Enum(QUOTE_SUPPORT),
            "How the quote supports the value: filter on states_value for figures the quote states word for word.",
        ),
        optional(text(
            "period",
            "Canonical label of the period (2023-Q4, by 2030, every 2 years).",
        )),
        restating(
            optional(col(
                "period_kind",
                ColumnType::Enum(PERIOD_KINDS),
                "Kind of period.",
            )),
            &["period"],
        ),
        restating(
            optional(col(
                "period_start",
                ColumnType::Date,
                "First day of the period.",
            )),
            &["period"],
        ),
        restating(
            optional(col(
                "period_end",
                ColumnType::Date,
                "Last day of the period.",
            )),
            &["period"],
        ),
        optional(col(
            "period_approximate",
            ColumnType::Boolean,
            "True when the source gives the period itself as approximate (environ tous les deux ans); the value's own approximation is in qualifier.",
        )),
        restating(
            optional(ranged(
                col(
                    "fiscal_year",
                    ColumnType::Integer,
                    "The fiscal year a company names its period by (exercice 2025, fiscal 2025).",
                ),
                1900.0,
                2100.0,
            )),
            &["period"],
        ),
        restating(optional(FISCAL_QUARTER), &["period"]),
        restating(
            optional(ranged(
                col("target_year", ColumnType::Integer, "Year a target is due."),
                1900.0,
                2100.0,
            )),
            &["period"],
        ),
        restating(
            optional(ranged(
                measured(
                    col(
                        "recurrence_years",
                        ColumnType::Number,
                        "Years between recurrences.",
                    ),
                    Unit::Fixed("years"),
                ),
                0.0,
                100.0,
            )),
            &["period"],
        ),
        optional(text(
            "initiative_id",
            "The initiative the figure belongs to (initiatives.initiative_id).",
        )),
        col(
            "derived",
            ColumnType::Boolean,
            "True when the article implies the figure without stating it.",
        ),
        optional(text(
            "derivation",
            "How a derived figure is computed from stated ones.",
        )),
        optional(text(
            "note",
            "The analyst's remark on the figure (English).",
        )),
        STATEMENT_ID,
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "figure_id"],
    foreign_keys: &[
        FK_SOURCE,
        SUBJECT,
        ForeignKey {
            columns: &["source_id", "initiative_id"],
            table: "initiatives",
            references: &["source_id", "initiative_id"],
        },
        METRIC,
        ForeignKey {
            columns: &["currency"],
            table: "currencies",
            references: &["code"],
        },
    ],
    rules: &[
        rule(
            "unit_is_known",
            "The unit is one petrochip publishes.",
            rules::unit_is_known,
        ),
        rule(
            "currency_matches_unit",
            "currency is the unit's currency, and empty for a unit without one.",
            rules::currency_matches_unit,
        ),
        rule(
            "derived_has_derivation",
            "Derived figures say how and have no value_text; stated figures have value_text.",
            rules::derived_has_derivation,
        ),
        rule(
            "quote_support_fits",
            "Derived figures and only they have quote_support derived; an analyst's reading says how in note.",
            rules::quote_support_fits,
        ),
        rule(
            "range_holds_value",
            "value_low <= value <= value_high where they are given.",
            rules::range_holds_value,
        ),
        rule(
            "value_fits_unit",
            "Ratios lie in 0..1, multipliers are positive, counts are whole, nothing is negative.",
            rules::value_fits_unit,
        ),
        rule(
            "period_is_ordered",
            "period_start is not after period_end.",
            rules::period_is_ordered,
        ),
        rule(
            "period_kind_has_fields",
            "Each kind of period has the fields it needs.",
            rules::period_kind_has_fields,
        ),
    ],
};

/// The columns a compared figure brings to `figure_agreement` and to each side of
/// `figure_comparisons`: its value in the compared unit, its qualifier and its interval (which
/// restates the value and qualifier it is computed from).
const fn stated_value(name: &'static str) -> ColumnSpec {
    measured(
        col(name, ColumnType::Number, "Its value, in unit."),
        Unit::Column("unit"),
    )
}

const fn stated_qualifier(name: &'static str) -> ColumnSpec {
    col(
        name,
        ColumnType::Enum(QUALIFIERS),
        "How its source states it.",
    )
}

const fn lowest(name: &'static str, of: &'static [&'static str]) -> ColumnSpec {
    restating(
        optional(measured(
            col(
                name,
                ColumnType::Number,
                "Lowest value its statement allows; empty when unbounded.",
            ),
            Unit::Column("unit"),
        )),
        of,
    )
}

const fn highest(name: &'static str, of: &'static [&'static str]) -> ColumnSpec {
    restating(
        optional(measured(
            col(
                name,
                ColumnType::Number,
                "Highest value its statement allows; empty when unbounded.",
            ),
            Unit::Column("unit"),
        )),
        of,
    )
}

pub static FIGURE_AGREEMENT: TableSpec = TableSpec {
    name: "figure_agreement",
    description: "Every stated figure that another source also states (same subject, metric and period), with its value as an interval and how many of the other sources' figures agree and disagree with it: the comparison of a group of any size, one row per figure.",
    sheet: "sources/<source_id>/figures.csv",
    may_be_empty: true,
    columns: &[
        text("source_id", "The figure's source (sources.source_id)."),
        text(
            "figure_id",
            "The figure (figures.figure_id of that source).",
        ),
        text("subject_id", "What it is about (entities.entity_id)."),
        text("metric", "What it measures (metrics.metric)."),
        optional(text(
            "period",
            "The period it states, as petrochip writes it; empty when it states none.",
        )),
        text(
            "unit",
            "The unit it is compared in (a ratio is compared as a percent).",
        ),
        stated_value("value"),
        stated_qualifier("qualifier"),
        lowest("low", &["value", "qualifier"]),
        highest("high", &["value", "qualifier"]),
        col(
            "agreeing",
            ColumnType::Integer,
            "How many figures of other sources, on the same subject, metric, period and unit, have an interval that overlaps this one (as figure_comparisons.agree decides a pair).",
        ),
        col(
            "disagreeing",
            ColumnType::Integer,
            "How many of those figures have an interval that does not overlap this one.",
        ),
        col(
            "paired",
            ColumnType::Boolean,
            "Whether its group is small enough (at most 16 figures) to be listed pair by pair in figure_comparisons; a larger group is only counted here.",
        ),
    ],
    primary_key: &["source_id", "figure_id"],
    foreign_keys: &[FIGURE, SUBJECT, METRIC],
    rules: &[],
};

pub static FIGURE_COMPARISONS: TableSpec = TableSpec {
    name: "figure_comparisons",
    description: "Every pair of stated figures from two sources with the same subject, metric and period, with each value as an interval and whether they agree; listed for groups of at most 16 figures (figure_agreement counts every group).",
    sheet: "sources/<source_id>/figures.csv",
    may_be_empty: true,
    columns: &[
        text(
            "subject_id",
            "What both figures are about (entities.entity_id).",
        ),
        text("metric", "What both measure (metrics.metric)."),
        optional(text(
            "period",
            "The period both state, as petrochip writes it; empty when neither states one.",
        )),
        text(
            "unit",
            "The unit both are compared in (a ratio is compared as a percent).",
        ),
        text(
            "source_id_a",
            "The first source (sources.source_id), in id order.",
        ),
        text(
            "figure_id_a",
            "Its figure (figures.figure_id of that source).",
        ),
        stated_value("value_a"),
        stated_qualifier("qualifier_a"),
        lowest("low_a", &["value_a", "qualifier_a"]),
        highest("high_a", &["value_a", "qualifier_a"]),
        text("source_id_b", "The second source (sources.source_id)."),
        text(
            "figure_id_b",
            "Its figure (figures.figure_id of that source).",
        ),
        stated_value("value_b"),
        stated_qualifier("qualifier_b"),
        lowest("low_b", &["value_b", "qualifier_b"]),
        highest("high_b", &["value_b", "qualifier_b"]),
        col(
            "agree",
            ColumnType::Boolean,
            "Whether the two intervals overlap: exact is a point, approximate is within 10 %, at least / more than has no upper bound, at most / less than no lower bound.",
        ),
    ],
    primary_key: &["source_id_a", "figure_id_a", "source_id_b", "figure_id_b"],
    foreign_keys: &[
        ForeignKey {
            columns: &["source_id_a", "figure_id_a"],
            table: "figures",
            references: &["source_id", "figure_id"],
        },
        ForeignKey {
            columns: &["source_id_b", "figure_id_b"],
            table: "figures",
            references: &["source_id", "figure_id"],
        },
        SUBJECT,
        METRIC,
    ],
    rules: &[],
};

mod rules {
    use crate::contract::Row;

    pub fn unit_is_known(row: &dyn Row) -> Option<String> {
        let unit = row.text("unit")?;
        if petrochip_text::Unit::from_code(unit).is_some() {
            return None;
        }
        Some(format!(
            "\"{unit}\" is not a unit petrochip publishes: an ISO 4217 code (USD), percent, ratio, multiplier, count, year, Wh to TWh, g, kg, t, or a price per unit (USD/kg)"
        ))
    }

    pub fn currency_matches_unit(row: &dyn Row) -> Option<String> {
        let unit = petrochip_text::Unit::from_code(row.text("unit")?)?;
        let expected = unit.currency().map(|c| c.code().to_string());
        (row.text("currency").map(str::to_string) != expected).then(|| {
            format!(
                "currency must be {} for unit {}",
                expected.as_deref().unwrap_or("empty"),
                row.text("unit").unwrap_or_default()
            )
        })
    }

    pub fn derived_has_derivation(row: &dyn Row) -> Option<String> {
        match (
            row.bool("derived"),
            row.text("derivation"),
            row.text("value_text"),
        ) {
            (Some(true), None, _) => Some("a derived figure must say how in derivation".into()),
            (Some(true), _, Some(_)) => {
                Some("a derived figure is not stated, so it has no value_text".into())
            }
            (Some(false), Some(_), _) => Some("a stated figure has no derivation".into()),
            (Some(false), _, None) => Some("a stated figure needs its value_text".into()),
            _ => None,
        }
    }

    pub fn quote_support_fits(row: &dyn Row) -> Option<String> {
        let support = row.text("quote_support")?;
        match (row.bool("derived")?, support) {
            (true, "derived") | (false, "states_value" | "unit_from_context") => None,
            (false, "analyst_reading") if row.text("note").is_some() => None,
            (false, "analyst_reading") => {
                Some("an analyst's reading must say how the quote was read, in note".into())
            }
            (true, other) => Some(format!(
                "a derived figure's quote_support is derived, not {other}"
            )),
            (false, _) => Some("only a derived figure has quote_support derived".into()),
        }
    }

    pub fn range_holds_value(row: &dyn Row) -> Option<String> {
        let value = row.float("value").filter(|v| v.is_finite())?;
        let low = row.float("value_low").unwrap_or(f64::NEG_INFINITY);
        let high = row.float("value_high").unwrap_or(f64::INFINITY);
        (!(low <= value && value <= high))
            .then(|| format!("value {value} lies outside its range {low}..{high}"))
    }

    pub fn value_fits_unit(row: &dyn Row) -> Option<String> {
        let value = row.float("value").filter(|v| v.is_finite())?;
        let unit = row.text("unit")?;
        let (ok, range) = match unit {
            "ratio" => ((0.0..=1.0).contains(&value), "a share between 0 and 1"),
            "multiplier" => (value > 0.0, "a factor above 0"),
            "count" => (
                value >= 0.0 && value.fract() == 0.0,
                "a whole number, 0 or more",
            ),
            _ => (value >= 0.0, "0 or more"),
        };
        (!ok).then(|| {
            format!(
                "value {value} is out of range for unit {unit}, which takes {range}; check the sign and the unit in the figures sheet"
            )
        })
    }

    pub fn period_is_ordered(row: &dyn Row) -> Option<String> {
        match (row.date("period_start"), row.date("period_end")) {
            (Some(start), Some(end)) if start > end => {
                Some(format!("period_start {start} is after period_end {end}"))
            }
            _ => None,
        }
    }

    pub fn period_kind_has_fields(row: &dyn Row) -> Option<String> {
        let kind = row.text("period_kind");
        let has_label = row.text("period").is_some();
        if kind.is_some() != has_label {
            return Some("period and period_kind go together".into());
        }
        match kind {
            Some("target") if row.int("target_year").is_none() => {
                Some("a target period needs target_year".into())
            }
            Some("recurring") if row.float("recurrence_years").is_none() => {
                Some("a recurring period needs recurrence_years".into())
            }
            Some("fiscal_year" | "fiscal_quarter") if row.int("fiscal_year").is_none() => {
                Some("a fiscal period needs fiscal_year".into())
            }
            Some("since")
                if row.date("period_start").is_none() || row.date("period_end").is_some() =>
            {
                Some("a period since a date has period_start and no period_end".into())
            }
            Some("since") => None,
            Some("fiscal_quarter") if row.int("fiscal_quarter").is_none() => {
                Some("a fiscal quarter needs fiscal_quarter".into())
            }
            Some("fiscal_year" | "fiscal_quarter")
                if row.date("period_start").is_some() != row.date("period_end").is_some() =>
            {
                Some("a fiscal period has both its dates (from fiscal_periods) or neither".into())
            }
            Some("recurring" | "target" | "fiscal_year" | "fiscal_quarter") | None => None,
            Some(_) if row.date("period_start").is_none() || row.date("period_end").is_none() => {
                Some("a dated period needs period_start and period_end".into())
            }
            Some(_) => None,
        }
    }
}

// -- normaliser ---------------------------------------------------------------------------

/// What a figure's row names, looked up beside its value on every core: its subject in the
/// gazetteer and its period read against its source's date.
struct Looked<'g> {
    subject: Result<&'g str, String>,
    period: Option<Result<Period, petrochip_text::GrammarError>>,
}

/// What the first pass read of a figure's row: its value, the figures its quote states, and
/// what it looked up.
type Read<'g> = (
    Option<Result<Quantity, petrochip_text::GrammarError>>,
    Option<Vec<Quantity>>,
    Looked<'g>,
);

/// What a figure's row gives, made on any core: its subject as looked up (resolved, or why
/// not), its problems in the order its cells are checked, and its row unless it has none.
struct Made {
    subject: Result<Interned, String>,
    problems: Vec<NormaliseError>,
    row: Option<Result<crate::table::Row, crate::table::UnknownColumn>>,
}

/// Rows made at once before they are taken in order: enough to keep both cores busy, few enough
/// that a batch's rows are a small part of the peak.
const FIGURES_BATCH: usize = 16_384;

/// A problem with a cell of a figure's row, held with the row's others until the rows are
/// taken in order.
fn fail(
    problems: &mut Vec<NormaliseError>,
    origin: &crate::table::Origin,
    column: &'static str,
    message: impl Into<String>,
) {
    problems.push(NormaliseError::cell(origin, column, message));
}

impl Context {
    fn figures(&mut self, sheet: &Sheet<FigureRow>, g: &Gazetteer, known: &Known) {
        let Known {
            dates,
            styles,
            metrics,
            rates,
            calendar,
        } = *known;
        let spec = &crate::domains::figures::FIGURES;
        let style = |source: &str| styles.get(source).copied().unwrap_or(NumberStyle::French);
        let parse =
            |row: &FigureRow, text: &str| parse_quantity_styled(text, style(row.source_id()));
        // The grammar's work on each row depends on the row and its source's number style
        // only: its value and the figures its quote states are read over every core, in row
        // order, once.
        let read: Vec<_> = sheet
            .records
            .par_iter()
            .map(|record| {
                let row = &record.row;
                let value = row.value.as_deref().map(|v| parse(row, v));
                let quoted = match (&value, &row.derivation) {
                    (Some(Ok(q)), None) => Some(petrochip_text::scan::figures_stated_for(
                        row.quote(),
                        style(row.source_id()),
                        q,
                    )),
                    _ => None,
                };
                let as_of = dates.get(row.source_id()).copied();
                let looked_up = Looked {
                    subject: g.entity(row.subject.as_str()),
                    period: row.period.as_deref().map(|p| parse_period(p, as_of)),
                };
                (value, quoted, looked_up)
            })
            .collect();
        // Derivations refer to figures of their own source: keys are (source_id, figure_id).
        // Each stated figure's value and where it was typed (a derived figure's inputs); borrowed
        // keys and a fast hasher: a corpus states half a million figures.
        let mut stated: FxHashMap<(&str, &str), (Quantity, crate::table::Origin)> =
            FxHashMap::default();
        // Figures whose value is unreadable: their own error is reported, so a derivation that
        // uses them is not reported again.
        let mut unreadable: FxHashSet<(&str, &str)> = FxHashSet::default();
        for (record, (value, _, _)) in sheet.records.iter().zip(&read) {
            let row = &record.row;
            let key = (row.source_id(), row.figure_id.as_str());
            match value {
                Some(Ok(q)) => {
                    stated.insert(key, (*q, sheet.origin(record)));
                }
                Some(Err(_)) => {
                    unreadable.insert(key);
                }
                None => {}
            }
        }
        // The rest of a row's work reads only the row, what it looked up and the tables above:
        // made over every core, a batch at a time (a batch's rows held at once), then taken in
        // row order, so the problems, the names resolved and the rows come out as one loop
        // gives them.
        let make = |record: &crate::ingest::Record<FigureRow>,
                    (value, quoted, looked_up): Read<'_>,
                    upstream: &Upstream|
         -> Made {
            let origin = sheet.origin(record);
            let row = &record.row;
            let mut problems = Vec::new();
            let subject = looked_up.subject.map(Interned::from);
            let subject_id = subject.as_ref().ok().copied();
            // The row, or none (a break) once a problem leaves nothing to publish.
            let made = 'row: {
                let metric = row.metric.as_str();
                let kind = metrics.get(metric).copied();
                let depends = kind
                    .is_none()
                    .then(|| upstream.depends(("metric", metric), &origin, "metric", metric))
                    .flatten();
                if let Some(depends) = depends {
                    problems.push(depends);
                } else if kind.is_none() {
                    let nearest = metrics
                        .keys()
                        .map(|k| (strsim::osa_distance(metric, k), k))
                        .filter(|(d, _)| *d <= 3)
                        .min();
                    let hint = match nearest {
                        Some((_, k)) => format!("did you mean {k}? "),
                        None => String::new(),
                    };
                    fail(
                        &mut problems,
                        &origin,
                        "metric",
                        format!(
                            "\"{metric}\" is not a metric of raw/vocabularies/metrics.csv; {hint}fix it, or add the metric there with its quantity_kind"
                        ),
                    );
                }
                // The stated figures a derivation read.
                let used = std::cell::RefCell::new(Vec::new());
                let (quantity, derivation) = match (value, &row.derivation) {
                    (Some(read), None) => match read {
                        Ok(q) => (Some(q), None),
                        Err(e) => {
                            // A figure refused as another style's (1.000, 22.1, billion) may be
                            // right for its source: the fix is then its number_style, not the cell.
                            let other_style = [
                                "the dot may separate",
                                "the comma may separate",
                                "decimal point",
                                "\"billion\"",
                            ]
                            .iter()
                            .any(|w| e.reason.contains(w));
                            let hint = if other_style {
                                format!(
                                    "; if {} writes its numbers this way, declare its number_style in source.csv (it is {}; fr_dot reads 1.000 milliards, en reads $22.1 billion)",
                                    row.source_id(),
                                    style(row.source_id()).code()
                                )
                            } else {
                                String::new()
                            };
                            let text = row.value.as_deref().unwrap_or_default();
                            let message = if crate::normalise::spreadsheet::made_a_date(text) {
                                format!(
                                    "\"{text}\" is a date a spreadsheet made of what was typed (it turns 1-2 or 1/2 into a day and a month); retype the figure as the source writes it, in a cell formatted as text"
                                )
                            } else {
                                format!("{e}{hint}")
                            };
                            fail(&mut problems, &origin, "value", message);
                            (None, None)
                        }
                    },
                    (None, Some(expression)) => {
                        let source = row.source_id();
                        let lookup = |id: &str| {
                            let (quantity, at) = stated.get(&(source, id))?;
                            used.borrow_mut().push(at.clone());
                            Some(*quantity)
                        };
                        match derive::derive(expression, lookup) {
                            Ok(d) => (Some(d.quantity), Some(d.how)),
                            Err(derive::DeriveError::Unknown(id, _))
                                if unreadable.contains(&(source, id.as_str())) =>
                            {
                                (None, None)
                            }
                            Err(message) => {
                                fail(
                                    &mut problems,
                                    &origin,
                                    "derivation",
                                    format!("cannot derive \"{expression}\": {message}"),
                                );
                                (None, None)
                            }
                        }
                    }
                    (Some(_), Some(_)) => {
                        fail(
                            &mut problems,
                            &origin,
                            "derivation",
                            "a figure is either stated (value) or derived (derivation), not both; empty one of them",
                        );
                        (None, None)
                    }
                    (None, None) => {
                        fail(
                            &mut problems,
                            &origin,
                            "value",
                            "the value is empty; copy the figure, or give a derivation for an implied one",
                        );
                        (None, None)
                    }
                };
                let as_of = dates.get(row.source_id()).copied();
                let period = match looked_up.period {
                    // A fiscal quarter has the real dates of its company's calendar, when known.
                    Some(Ok(mut p)) => {
                        if let (Some(id), Some(year), Some(quarter)) =
                            (&subject_id, p.fiscal_year, p.fiscal_quarter)
                            && let Some((start, end)) =
                                calendar.get(&(id.to_string(), year, quarter))
                        {
                            (p.start, p.end) = (Some(*start), Some(*end));
                        }
                        Some(p)
                    }
                    Some(Err(e)) => {
                        // "aujourd'hui" without a day to mean: the cause is in source.csv.
                        let needs_date = as_of.is_none() && e.reason.contains("publication date");
                        let typed = row.period.as_deref().unwrap_or_default();
                        let key = ("source_date", row.source_id());
                        let depends = needs_date
                            .then(|| upstream.depends(key, &origin, "period", typed))
                            .flatten();
                        if let Some(depends) = depends {
                            problems.push(depends);
                        } else {
                            let cause = if needs_date {
                                format!(
                                    "; raw/sources/{}/source.csv gives no day in published_on",
                                    row.source_id()
                                )
                            } else {
                                String::new()
                            };
                            fail(&mut problems, &origin, "period", format!("{e}{cause}"));
                        }
                        None
                    }
                    None => None,
                };
                let Some(q) = quantity else {
                    break 'row None;
                };
                if let Some(kind) = kind
                    && let Some(quantity_kind) = QuantityKind::from_code(kind)
                    && !q.unit.fits(quantity_kind)
                {
                    let how = crate::domains::metrics::how_to_write(kind);
                    let read = match &row.value {
                        Some(text) => format!("\"{text}\" reads as {}", q.unit.code()),
                        None => format!("the derivation gives {}", q.unit.code()),
                    };
                    fail(
                        &mut problems,
                        &origin,
                        if row.value.is_some() {
                            "value"
                        } else {
                            "derivation"
                        },
                        format!("{read}, but {metric} measures {kind}; {how}"),
                    );
                    break 'row None;
                }
                let support = match (&derivation, row.quote_support.as_deref()) {
                    (Some(_), None) => "derived",
                    (Some(_), Some(typed)) => {
                        fail(
                            &mut problems,
                            &origin,
                            "quote_support",
                            format!(
                                "a derived figure is not stated by its quote, so it takes no quote_support (\"{typed}\"); empty the cell"
                            ),
                        );
                        break 'row None;
                    }
                    (None, typed) => {
                        match Self::quote_states(row, &q, typed, quoted.unwrap_or_default()) {
                            Ok(support) => support,
                            Err((column, message)) => {
                                fail(&mut problems, &origin, column, message);
                                break 'row None;
                            }
                        }
                    }
                };
                // The year whose exchange rate turns money into US dollars: the period's, when it
                // lies in one calendar year; else none (no rate is ever guessed).
                let year = period
                    .as_ref()
                    .and_then(|p| Some((p.start?, p.end?)))
                    .filter(|(start, end)| start.year() == end.year())
                    .map(|(start, _)| start.year());
                let ((low, high), _) = compare::bounds(q.value, q.qualifier.code());
                let currency = q.unit.currency().map(|c| c.code().to_string());
                // US dollars need no rate; other currencies need the year's.
                let usd = match (&currency, year) {
                    (Some(c), _) if c == "USD" => Some((q.value, None)),
                    (Some(c), Some(y)) => rates
                        .get(&(c.clone(), y))
                        .map(|rate| (q.value * rate, Some(y))),
                    _ => None,
                };
                let cells = vec![
                    ("figure_id", row.figure_id.0.into()),
                    ("subject_id", subject_id.into()),
                    ("metric", row.metric.0.into()),
                    ("value", q.value.into()),
                    ("unit", q.unit.code().into()),
                    ("currency", currency.into()),
                    ("value_usd", usd.map(|(v, _)| v).into()),
                    (
                        "usd_rate_year",
                        usd.and_then(|(_, y)| y).map(i64::from).into(),
                    ),
                    ("qualifier", q.qualifier.code().into()),
                    ("value_low", low.into()),
                    ("value_high", high.into()),
                    ("value_text", row.value.into()),
                    ("quote_support", support.into()),
                    ("period", period.as_ref().map(|p| p.label.clone()).into()),
                    ("period_kind", period.as_ref().map(|p| p.kind.code()).into()),
                    ("period_start", period.as_ref().and_then(|p| p.start).into()),
                    ("period_end", period.as_ref().and_then(|p| p.end).into()),
                    (
                        "period_approximate",
                        period.as_ref().map(|p| p.approximate).into(),
                    ),
                    (
                        "fiscal_year",
                        period
                            .as_ref()
                            .and_then(|p| p.fiscal_year)
                            .map(i64::from)
                            .into(),
                    ),
                    (
                        "fiscal_quarter",
                        period
                            .as_ref()
                            .and_then(|p| p.fiscal_quarter)
                            .map(i64::from)
                            .into(),
                    ),
                    (
                        "target_year",
                        period
                            .as_ref()
                            .and_then(|p| p.target_year)
                            .map(i64::from)
                            .into(),
                    ),
                    (
                        "recurrence_years",
                        period.as_ref().and_then(|p| p.recurrence_years).into(),
                    ),
                    ("initiative_id", row.initiative_id.into()),
                    ("derived", derivation.is_some().into()),
                    ("derivation", derivation.into()),
                    ("note", row.note.into()),
                ];
                let trace = Trace {
                    typed: Vec::new(),
                    inputs: used.into_inner(),
                };
                Some(crate::table::Row::new(
                    spec,
                    &origin,
                    with_cite(cells, row),
                    trace,
                ))
            };
            Made {
                subject,
                problems,
                row: made,
            }
        };
        let mut read = read.into_iter();
        for batch in sheet.records.chunks(FIGURES_BATCH) {
            let made: Vec<Made> = {
                let upstream = &self.upstream;
                let read: Vec<_> = read.by_ref().take(batch.len()).collect();
                batch
                    .par_iter()
                    .zip(read)
                    .map(|(record, read)| make(record, read, upstream))
                    .collect()
            };
            for (record, made) in batch.iter().zip(made) {
                let origin = sheet.origin(record);
                let name = record.row.subject.as_str();
                self.entity_found(made.subject, name, &origin, "subject");
                self.errors.extend(made.problems);
                if let Some(row) = made.row {
                    self.push_row(spec, row);
                }
            }
        }
    }

    /// Whether the quote states the row's value: the gate that makes a quote evidence. The
    /// grammar reads the quote as running text and must find the figure as typed: same value,
    /// unit and qualifier, or, for `unit_from_context`, the same number and qualifier. Returns
    /// the published quote_support, or the column to blame and why.
    fn quote_states(
        row: &FigureRow,
        q: &Quantity,
        typed: Option<&str>,
        stated: Vec<Quantity>,
    ) -> Result<&'static str, (&'static str, String)> {
        let support = petrochip_text::scan::support(&stated, q);
        let reads = || match stated.as_slice() {
            [] => "the grammar reads no figure in it".to_string(),
            found => format!(
                "it reads {}",
                found.iter().map(describe).collect::<Vec<_>>().join(", ")
            ),
        };
        let value = row.value.as_deref().unwrap_or_default();
        match typed {
            None if support == Support::Value => Ok("states_value"),
            None => Err((
                "value",
                format!(
                    "\"{value}\" ({}) is not stated by the quote: {}; fix the value or the quote, or, where the quote's words cannot state it, say why in quote_support (unit_from_context or analyst_reading) and note",
                    describe(q),
                    reads()
                ),
            )),
            Some("unit_from_context") if support != Support::Neither => Ok("unit_from_context"),
            Some("unit_from_context") => Err((
                "value",
                format!(
                    "quote_support is unit_from_context, but the quote does not state the number {} ({}): {}",
                    q.value,
                    q.qualifier.code(),
                    reads()
                ),
            )),
            Some("analyst_reading") => Ok("analyst_reading"),
            Some(other) => Err((
                "quote_support",
                format!(
                    "\"{other}\" is not a quote_support; leave it empty when the quote states the value, or write one of: {}",
                    QUOTE_SUPPORT_TYPED.join(", ")
                ),
            )),
        }
    }

    /// Publishes the fiscal calendar and returns it for the figures.
    fn fiscal_periods(&mut self, sheet: &Sheet<FiscalPeriodRow>, g: &Gazetteer) -> Calendar {
        let spec = &crate::domains::figures::FISCAL_PERIODS;
        let mut calendar = Calendar::new();
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let entity = self.entity(g, row.entity.as_str(), &origin, "entity");
            let year = row.fiscal_year.as_str().parse::<i32>().ok();
            let quarter = row
                .fiscal_quarter
                .as_str()
                .parse::<u32>()
                .ok()
                .filter(|q| (1..=4).contains(q));
            if year.is_none() {
                self.fail(&origin, "fiscal_year", format!("\"{}\" is not a year; write it in four digits, as the company names the fiscal year (2024 for FY2024)", row.fiscal_year.as_str()));
            }
            if quarter.is_none() {
                self.fail(
                    &origin,
                    "fiscal_quarter",
                    format!(
                        "\"{}\" is not a quarter; write 1, 2, 3 or 4",
                        row.fiscal_quarter.as_str()
                    ),
                );
            }
            let mut day = |column: &'static str, typed: &str| match parse_date(typed) {
                Ok(date) => Some(date),
                Err(e) => {
                    self.fail(&origin, column, e.to_string());
                    None
                }
            };
            let start = day("start", row.start.as_str());
            let mut end = day("end", row.end.as_str());
            // Refused here, once: a reversed quarter would otherwise date every figure in it.
            if let (Some(first), Some(last)) = (start, end)
                && first > last
            {
                self.fail(
                    &origin,
                    "end",
                    format!("{last} is before the quarter's start, {first}; check both dates against the company's report"),
                );
                end = None;
            }
            if let (Some(id), Some(year), Some(quarter), Some(start), Some(end)) =
                (&entity, year, quarter, start, end)
            {
                calendar.insert((id.clone(), year, quarter), (start, end));
            }
            let cells = vec![
                ("entity_id", entity.into()),
                ("fiscal_year", year.map(i64::from).into()),
                ("fiscal_quarter", quarter.map(i64::from).into()),
                ("period_start", start.into()),
                ("period_end", end.into()),
                ("source_url", row.source_url.as_str().into()),
                ("note", row.note.as_deref().into()),
            ];
            self.push(spec, &origin, cells);
        }
        calendar
    }

    /// How the figures of sources on the same subject, metric and period agree: counted per
    /// figure, and pair by pair in small groups.
    fn comparisons(&mut self) {
        let name = crate::domains::figures::FIGURES.name;
        // Out of the map while its pairs are pushed into another table of it.
        let Some(figures) = self.tables.remove(name) else {
            return;
        };
        compare::comparisons(&figures, |spec, row| self.push_row(spec, row));
        self.tables.insert(name, figures);
    }
}

/// A quantity as messages show it: "15 year (exact)".
fn describe(q: &Quantity) -> String {
    format!("{} {} ({})", q.value, q.unit.code(), q.qualifier.code())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::testing::{errors, gazetteer, rows, source_sheet};

    /// A stated price, a stated share and the price derived from both: the derived row
    /// records the two rows it was computed from, so a failure of either is its cause.
    #[test]
    fn a_derived_figure_is_computed_from_its_sources_stated_figures_and_remembers_them() {
        let mut cx = Context::default();
        let g = gazetteer(&[("nvidia", "company", "Nvidia")]);
        let metrics: FxHashMap<String, &'static str> =
            [("price", "money"), ("price_share", "share")]
                .into_iter()
                .map(|(m, k)| (m.to_string(), k))
                .collect();
        let (dates, styles, rates, calendar) = Default::default();
        let known = Known {
            dates: &dates,
            styles: &styles,
            metrics: &metrics,
            rates: &rates,
            calendar: &calendar,
        };
        let figures = source_sheet::<FigureRow>(
            "s",
            "raw/sources/s/figures.csv",
            "figure_id,subject,metric,value,period,initiative_id,derivation,quote_support,note,paragraph,quote\n\
             pc_price,Nvidia,price,2 000 euros,2024,,,,,5,un PC coûte 2 000 euros en 2024\n\
             half,Nvidia,price_share,la moitié,2024,,,,,5,le GPU en fait la moitié\n\
             gpu_price,Nvidia,price,,2024,,pc_price * half,,,5,le GPU en fait la moitié\n\
             ghost_price,Nvidia,price,,2024,,pc_price * ghost,,,5,le GPU en fait la moitié\n",
        );
        cx.figures(&figures, &g, &known);
        assert_eq!(
            rows(
                &cx,
                "figures",
                &[
                    "figure_id",
                    "subject_id",
                    "value",
                    "unit",
                    "currency",
                    "value_text",
                    "quote_support",
                    "derived",
                    "derivation"
                ]
            ),
            [
                [
                    "pc_price",
                    "nvidia",
                    "2000.0",
                    "EUR",
                    "EUR",
                    "2 000 euros",
                    "states_value",
                    "false",
                    ""
                ],
                [
                    "half",
                    "nvidia",
                    "0.5",
                    "ratio",
                    "",
                    "la moitié",
                    "states_value",
                    "false",
                    ""
                ],
                [
                    "gpu_price",
                    "nvidia",
                    "1000.0",
                    "EUR",
                    "EUR",
                    "",
                    "derived",
                    "true",
                    "pc_price (2000 EUR) × half (0.5 ratio) = 1000 EUR"
                ],
            ]
        );
        assert_eq!(
            errors(&cx),
            [
                "raw/sources/s/figures.csv:5: column \"derivation\": cannot derive \"pc_price * ghost\": \"ghost\" is not a stated figure of figures.csv; a derivation uses stated figures only"
            ]
        );
        let inputs: Vec<Vec<String>> = cx.tables["figures"]
            .rows
            .iter()
            .map(|r| r.trace().inputs.iter().map(ToString::to_string).collect())
            .collect();
        assert_eq!(
            inputs,
            [
                vec![],
                vec![],
                vec!["raw/sources/s/figures.csv:2", "raw/sources/s/figures.csv:3"],
            ]
        );
    }
}
