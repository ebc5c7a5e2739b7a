//! Cross-source comparison: every pair of stated figures from two sources that share a subject,
//! a metric and a period, each as the interval its statement allows, and whether they overlap.
//! Figures compare only under the same metric, so a share of capacity never meets a share of a
//! market; derived figures are left out (they restate their own source).

use rustc_hash::FxHashMap;

use crate::table::{Origin, Table, Value};

/// How far "approximate" (environ, près de) reaches either side of the stated value.
pub const APPROXIMATE: f64 = 0.10;

/// One stated figure, as the comparison needs it.
#[derive(Debug, Clone)]
struct Claim {
    origin: Origin,
    /// Its row in the figures table.
    row: usize,
    source_id: String,
    figure_id: String,
    value: f64,
    qualifier: String,
    unit: String,
}

/// The interval a statement allows: `None` is unbounded on that side.
#[cfg(test)]
pub fn interval(value: f64, qualifier: &str) -> (Option<f64>, Option<f64>) {
    bounds(value, qualifier).0
}

/// The interval, and whether each end excludes its value ("more than 1 000" excludes 1 000).
pub fn bounds(value: f64, qualifier: &str) -> ((Option<f64>, Option<f64>), (bool, bool)) {
    let strict = (qualifier == "more_than", qualifier == "less_than");
    let interval = match qualifier {
        "approximate" => {
            let reach = (value * APPROXIMATE).abs();
            (Some(value - reach), Some(value + reach))
        }
        "at_least" | "more_than" => (Some(value), None),
        "at_most" | "less_than" => (None, Some(value)),
        _ => (Some(value), Some(value)),
    };
    (interval, strict)
}

/// Whether two intervals share a value (a relative tolerance absorbs float noise: 51,9 % and
/// 0,519 as a ratio are the same).
#[cfg(test)]
pub fn overlap(a: (Option<f64>, Option<f64>), b: (Option<f64>, Option<f64>)) -> bool {
    overlap_strict((a, (false, false)), (b, (false, false)))
}

/// [`overlap`], where an excluded end does not meet the same value on the other side.
pub fn overlap_strict(a: Bounds, b: Bounds) -> bool {
    let slack = |x: f64| x.abs() * 1e-9;
    // `low` of one side against `high` of the other; equal values meet unless either is excluded.
    let below = |low: Option<f64>, low_strict: bool, high: Option<f64>, high_strict: bool| match (
        low, high,
    ) {
        (Some(l), Some(h)) if low_strict || high_strict => l < h - slack(h),
        (Some(l), Some(h)) => l <= h + slack(h),
        _ => true,
    };
    let ((a_low, a_high), (a_low_strict, a_high_strict)) = a;
    let ((b_low, b_high), (b_low_strict, b_high_strict)) = b;
    below(a_low, a_low_strict, b_high, b_high_strict)
        && below(b_low, b_low_strict, a_high, a_high_strict)
}

/// An interval and whether each of its ends is excluded.
pub type Bounds = ((Option<f64>, Option<f64>), (bool, bool));

/// A ratio is compared as a percent, so "la moitié" meets "50 %".
fn comparable(value: f64, unit: &str) -> (f64, String) {
    match unit {
        "ratio" => (value * 100.0, "percent".to_string()),
        _ => (value, unit.to_string()),
    }
}

/// The rows of `figure_comparisons`, each with the origin of its first figure, handed to
/// `emit` one by one: a corpus makes a million pairs, never held twice.
pub fn comparisons(figures: &Table, mut emit: impl FnMut(&Origin, Vec<(&'static str, Value)>)) {
    // Grouped by hash (a corpus's half a million figures), then the groups sorted once.
    let mut groups: FxHashMap<(&str, &str, String), Vec<Claim>> = FxHashMap::default();
    for (index, row) in figures.rows.iter().enumerate() {
        let view = figures.view(row);
        if view.bool("derived") != Some(false) {
            continue;
        }
        let (Some(subject), Some(metric), Some(value), Some(unit), Some(qualifier)) = (
            view.text("subject_id"),
            view.text("metric"),
            view.float("value"),
            view.text("unit"),
            view.text("qualifier"),
        ) else {
            continue;
        };
        // The period as a whole: kind, bounds, target and recurrence must all match.
        let period = [
            "period_kind",
            "period_start",
            "period_end",
            "target_year",
            "recurrence_years",
        ]
        .iter()
        .map(|c| view.get(c).map(ToString::to_string).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("|");
        let (value, unit) = comparable(value, unit);
        groups
            .entry((subject, metric, period))
            .or_default()
            .push(Claim {
                origin: row.origin.clone(),
                row: index,
                source_id: view.text("source_id").unwrap_or_default().to_string(),
                figure_id: view.text("figure_id").unwrap_or_default().to_string(),
                value,
                qualifier: qualifier.to_string(),
                unit,
            });
    }
    let label = |claims: &[Claim]| -> Value {
        claims
            .first()
            .and_then(|c| figures.rows.get(c.row))
            .and_then(|r| figures.view(r).text("period").map(str::to_string))
            .into()
    };
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for ((subject, metric, _), mut claims) in groups {
        claims.sort_by(|a, b| (&a.source_id, &a.figure_id).cmp(&(&b.source_id, &b.figure_id)));
        let period = label(&claims);
        for (i, a) in claims.iter().enumerate() {
            for b in &claims[i + 1..] {
                if a.source_id == b.source_id || a.unit != b.unit {
                    continue;
                }
                let (ba, bb) = (bounds(a.value, &a.qualifier), bounds(b.value, &b.qualifier));
                let (ia, ib) = (ba.0, bb.0);
                emit(
                    &a.origin,
                    vec![
                        ("subject_id", subject.into()),
                        ("metric", metric.into()),
                        ("period", period.clone()),
                        ("unit", a.unit.as_str().into()),
                        ("source_id_a", a.source_id.as_str().into()),
                        ("figure_id_a", a.figure_id.as_str().into()),
                        ("value_a", a.value.into()),
                        ("qualifier_a", a.qualifier.as_str().into()),
                        ("low_a", ia.0.into()),
                        ("high_a", ia.1.into()),
                        ("source_id_b", b.source_id.as_str().into()),
                        ("figure_id_b", b.figure_id.as_str().into()),
                        ("value_b", b.value.into()),
                        ("qualifier_b", b.qualifier.as_str().into()),
                        ("low_b", ib.0.into()),
                        ("high_b", ib.1.into()),
                        ("agree", overlap_strict(ba, bb).into()),
                    ],
                );
            }
        }
    }
}

/// The site's pages of cross-source disagreements: per subject, metric and period, each side's
/// value and interval with its quote, side by side. Pairs that agree are counted, and listed in
/// `figure_comparisons` only: in a corpus they are most pairs, and not what a reader looks for.
pub const SITE: crate::site::Section = crate::site::Section::Page(PAGES);

const PAGES: crate::site::Custom = crate::site::Custom {
    file: "disagreements.html",
    title: "Disagreements",
    items: disagreeing,
    // Each pair shows two quotes, so fewer than a table page's rows.
    per_page: 50,
    render: disagreements,
};

/// The rows of `figure_comparisons` whose sides do not agree, in the table's order.
fn disagreeing(site: &crate::site::Site) -> Vec<usize> {
    let Some(table) = site.dataset.table(super::FIGURE_COMPARISONS.name) else {
        return Vec::new();
    };
    let Some(agree) = table.spec.column_index("agree") else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| row.values[agree] == Value::Bool(false))
        .map(|(index, _)| index)
        .collect()
}

fn disagreements(site: &crate::site::Site, shown: &[usize], page: usize) -> maud::Markup {
    use maud::html;
    let Some(table) = site.dataset.table(super::FIGURE_COMPARISONS.name) else {
        return html! { h1 { "Disagreements" } p { "No comparison table." } };
    };
    let pages = PAGES.pages(shown);
    let start = (page * PAGES.per_page).min(shown.len());
    let end = (start + PAGES.per_page).min(shown.len());
    let pager = crate::site::pager("Pages of pairs", page, pages, |p| PAGES.file_of(p));
    let text = |row: &crate::table::Row, column: &str| {
        table
            .spec
            .column_index(column)
            .map(|i| row.values[i].to_string())
            .unwrap_or_default()
    };
    let column = |name: &str| table.spec.column_index(name);
    let side = |index: usize, s: &str| {
        let row = &table.rows[index];
        let key = [
            text(row, &format!("source_id_{s}")),
            text(row, &format!("figure_id_{s}")),
        ];
        let figure = site.find(super::FIGURES.name, &key);
        let source_page = site
            .find(crate::contract::FK_SOURCE.table, &key[..1])
            .and_then(|(t, i)| site.record_href(t, i));
        let bound = |name: String, open: &'static str| match column(&name).map(|i| &row.values[i]) {
            Some(crate::table::Value::Float(x)) => crate::site::measure(*x, None),
            _ => maud::PreEscaped(open.to_string()),
        };
        html! {
            div {
                p {
                    "Source: "
                    @match &source_page {
                        Some(href) => a href=(href) { (key[0]) },
                        None => (key[0]),
                    }
                }
                p {
                    "Value "
                    @if let Some(value) = column(&format!("value_{s}")) { strong { (site.cell(table, index, value)) } }
                    " (" (text(row, &format!("qualifier_{s}"))) "), interval ["
                    (bound(format!("low_{s}"), "−∞")) ", " (bound(format!("high_{s}"), "+∞")) "] " (text(row, "unit"))
                }
                @if let Some((figures, index)) = figure {
                    @let href = site.cited_href(figures, index);
                    @if let Some(written) = figures.spec.column_index("value_text").map(|i| figures.rows[index].values[i].to_string()) {
                        p { "As written: " (written) }
                    }
                    p {
                        @if let Some(q) = figures.spec.column_index(crate::contract::QUOTE.name) {
                            (site.cell(figures, index, q))
                        }
                    }
                    p {
                        @if let Some(href) = href { a href=(href) { "The figure " (key[1]) ", with its paragraph" } }
                        @if let Some(row) = site.row_href(figures, index) { " · " a href=(row) { "its row" } }
                    }
                }
            }
        }
    };
    let all = crate::site::table_file(super::FIGURE_COMPARISONS.name, 0);
    html! {
        h1 { "Disagreements between sources" }
        p {
            "Pairs of figures two sources state about the same subject, metric and period, "
            "each as the interval its wording allows, whose intervals do not overlap: "
            strong { (shown.len()) " of " (table.rows.len()) " pairs disagree" } ". "
            "Every pair, agreeing or not, is in " a href=(all) { (super::FIGURE_COMPARISONS.name) } "."
        }
        @if pages > 1 { p { "Pairs " (start + 1) " to " (end) ", page " (page + 1) " of " (pages) "." } }
        (pager)
        @for &index in &shown[start..end] {
            @let row = &table.rows[index];
            section.pair id=(site.row_anchor(table, index)) aria-label=(format!("{} {} {}", text(row, "subject_id"), text(row, "metric"), text(row, "period"))) {
                h2 {
                    @match site.find(super::FIGURES.name, &[text(row, "source_id_a"), text(row, "figure_id_a")]).and_then(|(f, i)| {
                        let subject = f.spec.foreign_keys.iter().position(|fk| fk.columns == ["subject_id"])?;
                        site.fk_href(f, subject, i)
                    }) {
                        Some(href) => a href=(href) { (text(row, "subject_id")) },
                        None => (text(row, "subject_id")),
                    }
                    ", " (text(row, "metric")) ", " (if text(row, "period").is_empty() { "no period".to_string() } else { text(row, "period") })
                }
                div.side { (side(index, "a")) (side(index, "b")) }
                @if let Some(row) = site.row_href(table, index) { p { a href=(row) { "This pair's row" } } }
            }
        }
        (pager)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_widen_the_stated_value() {
        assert_eq!(interval(52.0, "exact"), (Some(52.0), Some(52.0)));
        assert_eq!(interval(55.0, "approximate"), (Some(49.5), Some(60.5)));
        assert_eq!(interval(1000.0, "more_than"), (Some(1000.0), None));
        assert_eq!(interval(11.0, "at_most"), (None, Some(11.0)));
    }

    #[test]
    fn intervals_agree_when_they_share_a_value() {
        let exact = |v| interval(v, "exact");
        // "$52 billion" and "52,7 milliards de dollars": two exact statements that differ.
        assert!(!overlap(exact(52e9), exact(52.7e9)));
        // "plus de 1.000 milliards" and "980 milliards" on the same day.
        assert!(!overlap(interval(1000e9, "more_than"), exact(980e9)));
        // "environ 55 %" covers 51,9 %; "plus de la moitié" covers both.
        assert!(overlap(interval(55.0, "approximate"), exact(51.9)));
        assert!(overlap(interval(50.0, "more_than"), exact(51.9)));
        // 51,9 % read twice, once through a ratio.
        assert!(overlap(exact(0.519 * 100.0), exact(51.9)));
    }

    #[test]
    fn a_strict_bound_excludes_its_own_value() {
        // "plus de 1.000 milliards" does not agree with exactly 1 000 milliards…
        let more = bounds(1000e9, "more_than");
        assert!(!overlap_strict(more, bounds(1000e9, "exact")));
        // …but "au moins 1 000 milliards" does, and so does 1 001 milliards.
        assert!(overlap_strict(
            bounds(1000e9, "at_least"),
            bounds(1000e9, "exact")
        ));
        assert!(overlap_strict(more, bounds(1001e9, "exact")));
        assert!(!overlap_strict(
            bounds(10.0, "less_than"),
            bounds(10.0, "at_least")
        ));
    }
}
