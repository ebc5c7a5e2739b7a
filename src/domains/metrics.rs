//! What a figure may measure: the shared vocabulary of metrics, each with its quantity kind.

#![allow(clippy::wildcard_imports)]

use rustc_hash::FxHashMap;

use serde::Deserialize;

use super::{Group, RawSheets};
use crate::contract::*;
use crate::ingest::cells::Text;
use crate::ingest::{Reader, Sheet};
use crate::normalise::*;

/// The sheets this group reads.
#[derive(Debug, Clone)]
pub struct Sheets {
    pub metrics: Sheet<MetricRow>,
}

impl Group for Sheets {
    const TABLES: &'static [&'static TableSpec] = &[&METRICS];

    fn read(reader: &mut Reader) -> Self {
        Sheets {
            metrics: reader.shared("vocabularies/metrics.csv"),
        }
    }

    fn files(&self) -> Vec<&[crate::ingest::SheetFile]> {
        vec![&self.metrics.files]
    }

    fn normalise(&self, raw: &RawSheets, cx: &mut Context) {
        let _ = raw;
        cx.metric_kinds = cx.metrics(&self.metrics);
    }
}

// -- sheets ---------------------------------------------------------------------------------

/// `vocabularies/metrics.csv`: what a figure may measure, shared by every source.
#[derive(Debug, Clone, Deserialize)]
pub struct MetricRow {
    pub metric: Text,
    pub quantity_kind: Text,
    pub description: Text,
}

// -- vocabularies -------------------------------------------------------------------------

/// What a metric measures, which decides the units its figures may have.
pub const QUANTITY_KINDS: &[Choice] = &[
    choice("money", "An amount of money, in any ISO 4217 currency", &[]),
    choice(
        "share",
        "A part of a whole: percent or ratio, at most 100 %",
        &[],
    ),
    choice("ratio", "One quantity over another (percent, ratio)", &[]),
    choice("change", "A change over a period, in percent", &[]),
    choice("multiplier", "A factor (doubling is 2)", &[]),
    choice("count", "A number of things", &[]),
    choice("duration", "A length of time, in years", &[]),
    choice("energy", "An amount of energy (Wh to TWh)", &[]),
    choice("mass", "A mass (g, kg, t)", &[]),
    choice("price_per_mass", "A price per unit of mass (USD/kg)", &[]),
    choice(
        "price_per_energy",
        "A price per unit of energy (EUR/MWh)",
        &[],
    ),
];

/// How to write a figure that a metric of `kind` can take (the hint when one cannot).
pub fn how_to_write(kind: &str) -> &'static str {
    match kind {
        "money" => "write its currency: 22,1 milliards de $, 43 milliards d'euros, $8.5 billion",
        "share" => "write it as a percent (46 %) or a fraction (la moitié)",
        "ratio" => "write it as a fraction (la moitié) or a percent",
        "change" => "write it as a percent: +265 %",
        "multiplier" => "write it as a factor: doubler, x2",
        "count" => "a count is a bare number: 3, des milliers",
        "duration" => "write its unit: 15 ans, près d'un siècle",
        "energy" => "write its unit: 10 TWh",
        "mass" => "write its unit: 3 tonnes, 1 530 kg",
        "price_per_mass" => "write it as a price per mass: 5 $/kg",
        "price_per_energy" => "write it as a price per energy: 80 €/MWh",
        _ => "the metric's quantity_kind is not one petrochip knows",
    }
}

// -- tables -------------------------------------------------------------------------------

pub static METRICS: TableSpec = TableSpec {
    name: "metrics",
    description: "What a figure measures: the shared vocabulary of metrics, each with the kind of quantity it is.",
    sheet: "vocabularies/metrics.csv",
    may_be_empty: false,
    columns: &[
        text(
            "metric",
            "Identifier of the metric; two sources' figures compare only under the same metric.",
        ),
        col(
            "quantity_kind",
            ColumnType::Enum(QUANTITY_KINDS),
            "The kind of quantity, which decides the units a figure of this metric may have.",
        ),
        text("description", "What exactly is measured (English)."),
    ],
    primary_key: &["metric"],
    foreign_keys: &[],
    rules: &[],
};

// -- normaliser ---------------------------------------------------------------------------

impl Context {
    /// The metrics vocabulary, and each metric's quantity kind for the figures' unit check.
    fn metrics(&mut self, sheet: &Sheet<MetricRow>) -> FxHashMap<String, &'static str> {
        let spec = &crate::domains::metrics::METRICS;
        let mut kinds = FxHashMap::default();
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let kind = self.code(spec, "quantity_kind", row.quantity_kind.as_str(), &origin);
            match static_code(&kind, crate::domains::metrics::QUANTITY_KINDS) {
                Some(code) => {
                    kinds.insert(row.metric.as_str().to_string(), code);
                }
                None => self.broke("metric", row.metric.as_str(), &origin),
            }
            let cells = vec![
                ("metric", row.metric.as_str().into()),
                ("quantity_kind", kind),
                ("description", row.description.as_str().into()),
            ];
            self.push(spec, &origin, cells);
        }
        kinds
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::testing::{errors, rows, sheet};

    #[test]
    fn each_metric_has_its_kind_and_one_that_does_not_read_is_remembered_as_failed() {
        let mut cx = Context::default();
        let metrics = sheet::<MetricRow>(
            "raw/vocabularies/metrics.csv",
            "metric,quantity_kind,description\n\
             quarterly_revenue,money,Sales over one quarter\n\
             fab_count,nombre,Plants\n\
             market_share, SHARE ,Part of a market\n",
        );
        let kinds = cx.metrics(&metrics);
        let mut listed: Vec<(&str, &str)> = kinds.iter().map(|(m, k)| (m.as_str(), *k)).collect();
        listed.sort_unstable();
        assert_eq!(
            listed,
            [("market_share", "share"), ("quarterly_revenue", "money")]
        );
        assert_eq!(
            rows(&cx, "metrics", &["metric", "quantity_kind"]),
            [
                ["quarterly_revenue", "money"],
                ["fab_count", ""],
                ["market_share", "share"]
            ]
        );
        assert_eq!(
            errors(&cx),
            [
                "raw/vocabularies/metrics.csv:3: column \"quantity_kind\": \"nombre\" is not an accepted quantity_kind; use one of: money; share; ratio; change; multiplier; count; duration; energy; mass; price_per_mass; price_per_energy"
            ]
        );
        // A figure under fab_count is then reported under this row, not on its own.
        let cause = cx.upstream.rows.get(&("metric", "fab_count".to_string()));
        assert_eq!(
            cause.map(ToString::to_string).as_deref(),
            Some("raw/vocabularies/metrics.csv:3")
        );
    }
}
