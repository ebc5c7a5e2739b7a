//! Cross-source comparison of stated figures from sources that share a subject, a metric and a
//! period, each as the interval its statement allows. Figures compare only under the same
//! metric, so a share of capacity never meets a share of a market; derived figures are left out
//! (they restate their own source).
//!
//! Two tables, so the cost grows with the claims, not with their square: `figure_agreement`
//! counts, for every claim, the other sources' claims that agree and disagree with it (sorted
//! ends, O(n log n) per group), and `figure_comparisons` lists the pairs of the groups small
//! enough to read pair by pair.

use rustc_hash::FxHashMap;

use crate::contract::TableSpec;
use crate::interned::Interned;
use crate::table::{Origin, Row, Table, Trace, UnknownColumn, Value};

/// How far "approximate" (environ, près de) reaches either side of the stated value.
pub const APPROXIMATE: f64 = 0.10;

/// Groups of at most this many claims are listed pair by pair. A press-release figure repeated
/// by 500 articles would make 124,750 pairs, read by nobody and costing the square of the
/// corpus; its claims are counted in `figure_agreement` instead. 16 claims make at most 120
/// pairs, and the real sources' groups hold 2 or 3.
pub const PAIRED_UP_TO: usize = 16;

/// One stated figure, as the comparison needs it.
#[derive(Debug, Clone)]
struct Claim<'a> {
    origin: &'a Origin,
    /// Its row in the figures table.
    row: usize,
    /// Interned, as the cells of the rows it makes.
    source_id: Interned,
    figure_id: Interned,
    value: f64,
    qualifier: Interned,
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

/// The tolerance at `x`, the same for a pair and for a count.
fn slack(x: f64) -> f64 {
    x.abs() * 1e-9
}

/// [`overlap`], where an excluded end does not meet the same value on the other side.
pub fn overlap_strict(a: Bounds, b: Bounds) -> bool {
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

/// The ends of a set of intervals, sorted, to count how many of them meet a given interval in
/// O(log n), deciding each exactly as [`overlap_strict`] decides a pair. Two intervals miss
/// each other when one lies wholly below the other; both at once cannot happen (an interval
/// with two finite ends excludes neither, and its low is not above its high), so the count is
/// all of them less those wholly below and those wholly above.
#[derive(Debug, Default)]
struct Ends {
    len: usize,
    /// `h - slack(h)` of every finite high, and of the excluded ones alone.
    high_minus: Vec<f64>,
    strict_high_minus: Vec<f64>,
    /// `h + slack(h)` of the included finite highs.
    loose_high_plus: Vec<f64>,
    /// Every finite low, the excluded ones, the included ones.
    lows: Vec<f64>,
    strict_lows: Vec<f64>,
    loose_lows: Vec<f64>,
}

impl Ends {
    fn new<'a>(intervals: impl Iterator<Item = &'a Bounds>) -> Ends {
        let mut ends = Ends::default();
        for &((low, high), (low_strict, high_strict)) in intervals {
            ends.len += 1;
            if let Some(h) = high {
                ends.high_minus.push(h - slack(h));
                if high_strict {
                    ends.strict_high_minus.push(h - slack(h));
                } else {
                    ends.loose_high_plus.push(h + slack(h));
                }
            }
            if let Some(l) = low {
                ends.lows.push(l);
                if low_strict {
                    ends.strict_lows.push(l);
                } else {
                    ends.loose_lows.push(l);
                }
            }
        }
        for keys in [
            &mut ends.high_minus,
            &mut ends.strict_high_minus,
            &mut ends.loose_high_plus,
            &mut ends.lows,
            &mut ends.strict_lows,
            &mut ends.loose_lows,
        ] {
            keys.sort_unstable_by(f64::total_cmp);
        }
        ends
    }

    /// How many of the intervals meet `b` (itself included, when it is one of them).
    fn meeting(&self, b: &Bounds) -> usize {
        let &((low, high), (low_strict, high_strict)) = b;
        let at_or_below = |keys: &[f64], x: f64| keys.partition_point(|&k| k <= x);
        let below = |keys: &[f64], x: f64| keys.partition_point(|&k| k < x);
        let mut apart = 0;
        if let Some(l) = low {
            // Wholly below: a high that does not reach `l`.
            apart += if low_strict {
                at_or_below(&self.high_minus, l)
            } else {
                at_or_below(&self.strict_high_minus, l) + below(&self.loose_high_plus, l)
            };
        }
        if let Some(h) = high {
            // Wholly above: a low past `h`.
            let (minus, plus) = (h - slack(h), h + slack(h));
            apart += if high_strict {
                self.lows.len() - below(&self.lows, minus)
            } else {
                self.strict_lows.len() - below(&self.strict_lows, minus) + self.loose_lows.len()
                    - at_or_below(&self.loose_lows, plus)
            };
        }
        self.len.saturating_sub(apart)
    }
}

/// Of each claim's group, the claims of other sources that agree and disagree with it.
fn agreement(claims: &[Claim], bounds: &[Bounds]) -> Vec<(usize, usize)> {
    let all = Ends::new(bounds.iter());
    let mut counts = Vec::with_capacity(claims.len());
    // Claims are sorted by source, so each source's claims are one run.
    for run in claims
        .chunk_by(|a, b| a.source_id == b.source_id)
        .scan(0, |start, run| {
            let range = *start..*start + run.len();
            *start = range.end;
            Some(range)
        })
    {
        let own = Ends::new(bounds[run.clone()].iter());
        let others = claims.len() - run.len();
        for b in &bounds[run] {
            let agreeing = all.meeting(b).saturating_sub(own.meeting(b));
            counts.push((agreeing, others.saturating_sub(agreeing)));
        }
    }
    counts
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

/// The rows of `figure_agreement` and `figure_comparisons`, each with the origin of its (first)
/// figure, handed to `emit` one by one in the groups' order. The groups are paired a batch at
/// a time over every core, each row made where it is computed: a corpus makes a million rows,
/// never all held at once.
pub fn comparisons(
    figures: &Table,
    mut emit: impl FnMut(&'static TableSpec, Result<Row, UnknownColumn>),
) {
    use rayon::prelude::*;
    // Grouped by hash (a corpus's half a million figures), then the groups sorted once.
    let claims =
        crate::parallel::map_indexed(&figures.rows, |index, row| claim_of(figures, index, row));
    let mut groups: FxHashMap<GroupKey, Vec<Claim>> = FxHashMap::default();
    for (key, claim) in claims.into_iter().flatten() {
        groups.entry(key).or_default().push(claim);
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for batch in groups.chunks_mut(GROUPS_PER_BATCH) {
        let rows: Vec<Vec<Emitted>> = batch
            .par_iter_mut()
            .map(|(key, claims)| group_rows(figures, key, claims))
            .collect();
        for (spec, row) in rows.into_iter().flatten() {
            emit(spec, row);
        }
    }
}

/// Groups paired at once: enough to keep every core busy, few enough that their rows are
/// small beside the tables they join.
const GROUPS_PER_BATCH: usize = 4096;

/// What figures are compared on: subject, metric, the period as a whole and the unit.
type GroupKey<'a> = (&'a str, &'a str, String, String);

/// A row for `emit` and its table, made where it was computed.
type Emitted = (&'static TableSpec, Result<Row, UnknownColumn>);

/// A stated figure's group and claim; `None` for a derived figure or one without a value.
fn claim_of<'a>(
    figures: &'a Table,
    index: usize,
    row: &'a Row,
) -> Option<(GroupKey<'a>, Claim<'a>)> {
    let view = figures.view(row);
    if view.bool("derived") != Some(false) {
        return None;
    }
    let (Some(subject), Some(metric), Some(value), Some(unit), Some(qualifier)) = (
        view.text("subject_id"),
        view.text("metric"),
        view.float("value"),
        view.text("unit"),
        view.interned("qualifier"),
    ) else {
        return None;
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
    .map(|c| view.get(c).map(|v| v.to_string()).unwrap_or_default())
    .collect::<Vec<_>>()
    .join("|");
    let (value, unit) = comparable(value, unit);
    let claim = Claim {
        origin: &row.origin,
        row: index,
        source_id: view.interned("source_id").unwrap_or_default(),
        figure_id: view.interned("figure_id").unwrap_or_default(),
        value,
        qualifier,
    };
    Some(((subject, metric, period, unit), claim))
}

/// The rows one group of claims makes: a row of `figure_agreement` per claim, and when the
/// group is small enough to pair, a row of `figure_comparisons` per pair of two sources.
fn group_rows<'a>(
    figures: &Table,
    (subject, metric, _, unit): &GroupKey<'a>,
    claims: &mut [Claim<'a>],
) -> Vec<Emitted> {
    claims.sort_by_key(|c| (c.source_id, c.figure_id));
    let mut rows = Vec::new();
    // A group one source states alone has nothing to compare.
    if claims.first().map(|c| c.source_id) == claims.last().map(|c| c.source_id) {
        return rows;
    }
    let period: Value = claims
        .first()
        .and_then(|c| figures.rows.get(c.row))
        .and_then(|r| figures.view(r).interned("period"))
        .into();
    // The group's cells, interned once for all its rows.
    let (subject, metric, unit) = (
        Value::from(*subject),
        Value::from(*metric),
        Value::from(unit.as_str()),
    );
    let bounds: Vec<Bounds> = claims
        .iter()
        .map(|c| bounds(c.value, &c.qualifier))
        .collect();
    let paired = claims.len() <= PAIRED_UP_TO;
    for ((claim, b), (agreeing, disagreeing)) in
        claims.iter().zip(&bounds).zip(agreement(claims, &bounds))
    {
        let spec = &super::FIGURE_AGREEMENT;
        rows.push((
            spec,
            Row::new(
                spec,
                claim.origin,
                vec![
                    ("source_id", claim.source_id.into()),
                    ("figure_id", claim.figure_id.into()),
                    ("subject_id", subject),
                    ("metric", metric),
                    ("period", period),
                    ("unit", unit),
                    ("value", claim.value.into()),
                    ("qualifier", claim.qualifier.into()),
                    ("low", b.0.0.into()),
                    ("high", b.0.1.into()),
                    ("agreeing", count(agreeing)),
                    ("disagreeing", count(disagreeing)),
                    ("paired", paired.into()),
                ],
                Trace::default(),
            ),
        ));
    }
    if !paired {
        return rows;
    }
    for (i, (a, ba)) in claims.iter().zip(&bounds).enumerate() {
        for (b, bb) in claims[i + 1..].iter().zip(&bounds[i + 1..]) {
            if a.source_id == b.source_id {
                continue;
            }
            let (ia, ib) = (ba.0, bb.0);
            let spec = &super::FIGURE_COMPARISONS;
            rows.push((
                spec,
                Row::new(
                    spec,
                    a.origin,
                    vec![
                        ("subject_id", subject),
                        ("metric", metric),
                        ("period", period),
                        ("unit", unit),
                        ("source_id_a", a.source_id.into()),
                        ("figure_id_a", a.figure_id.into()),
                        ("value_a", a.value.into()),
                        ("qualifier_a", a.qualifier.into()),
                        ("low_a", ia.0.into()),
                        ("high_a", ia.1.into()),
                        ("source_id_b", b.source_id.into()),
                        ("figure_id_b", b.figure_id.into()),
                        ("value_b", b.value.into()),
                        ("qualifier_b", b.qualifier.into()),
                        ("low_b", ib.0.into()),
                        ("high_b", ib.1.into()),
                        ("agree", overlap_strict(*ba, *bb).into()),
                    ],
                    Trace::default(),
                ),
            ));
        }
    }
    rows
}

/// A count as a published integer (a group never holds 2^63 claims).
fn count(n: usize) -> Value {
    i64::try_from(n).unwrap_or(i64::MAX).into()
}

/// The site's pages of cross-source disagreements: per subject, metric and period, each side's
/// value and interval with its quote, side by side. Pairs that agree are counted, and listed in
/// `figure_comparisons` only: in a corpus they are most pairs, and not what a reader looks for.
/// Groups too large to pair have pages of their own, listing the figures most others contradict.
pub const SITE: [crate::site::Section; 4] = [
    crate::site::Section::Page(PAGES),
    crate::site::Section::Page(CONTESTED),
    crate::site::Section::Selected(crate::site::Selected {
        table: super::FIGURE_COMPARISONS.name,
        listed: disagreeing_row,
        listed_as: ("disagrees", "disagree"),
        others_as: ("agrees", "agree"),
        restates: "two figures listed above",
    }),
    crate::site::Section::Selected(crate::site::Selected {
        table: super::FIGURE_AGREEMENT.name,
        listed: contradicted,
        listed_as: (
            "another source's figure contradicts",
            "another source's figure contradicts",
        ),
        others_as: (
            "agrees with every other source's figure",
            "agree with every other source's figure",
        ),
        restates: "a figure listed above",
    }),
];

/// Whether a row of `figure_comparisons` is a pair that disagrees: the gate warns about it,
/// the Disagreements page shows it, an entity's page lists it.
pub fn disagrees(row: &impl crate::contract::Row) -> bool {
    row.bool("agree") == Some(false)
}

/// [`disagrees`], for a record page's selection.
fn disagreeing_row(table: &crate::table::Table, index: usize) -> bool {
    (table.rows.get(index)).is_some_and(|row| disagrees(&table.view(row)))
}

/// Whether another source's figure disagrees with a figure of `figure_agreement`.
fn contradicted(table: &crate::table::Table, index: usize) -> bool {
    (table.rows.get(index))
        .and_then(|row| table.view(row).int("disagreeing"))
        .is_some_and(|n| n > 0)
}

const PAGES: crate::site::Custom = crate::site::Custom {
    file: "disagreements.html",
    title: "Disagreements",
    items: disagreeing,
    // Each pair shows two quotes, so fewer than a table page's rows.
    per_page: 50,
    render: disagreements,
};

const CONTESTED: crate::site::Custom = crate::site::Custom {
    file: "contested.html",
    title: "Contested figures",
    items: contested,
    per_page: 50,
    render: contested_figures,
};

/// The rows of `figure_comparisons` whose sides do not agree, in the table's order.
fn disagreeing(site: &crate::site::Site) -> Vec<usize> {
    let Some(table) = site.dataset.table(super::FIGURE_COMPARISONS.name) else {
        return Vec::new();
    };
    (0..table.rows.len())
        .filter(|&index| disagreeing_row(table, index))
        .collect()
}

/// A row of `figure_agreement` that is a contested figure, as its (agreeing, disagreeing)
/// counts: in a group too large to pair, more of the other sources' figures disagree with it
/// than agree. The gate warns about these and the site lists them; a figure most sources repeat
/// is not one, its few contradictors are.
pub fn contradiction(row: &impl crate::contract::Row) -> Option<(i64, i64)> {
    match (
        row.bool("paired"),
        row.int("agreeing"),
        row.int("disagreeing"),
    ) {
        (Some(false), Some(agreeing), Some(disagreeing)) if disagreeing > agreeing => {
            Some((agreeing, disagreeing))
        }
        _ => None,
    }
}

/// The contested rows of `figure_agreement`, in the table's order.
fn contested(site: &crate::site::Site) -> Vec<usize> {
    let Some(table) = site.dataset.table(super::FIGURE_AGREEMENT.name) else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| contradiction(&table.view(row)).is_some())
        .map(|(index, _)| index)
        .collect()
}

/// A cell of a row as text, empty when the table has no such column.
fn text(table: &Table, index: usize, column: &str) -> String {
    table
        .spec
        .column_index(column)
        .map(|i| table.rows[index].get(i).to_string())
        .unwrap_or_default()
}

/// One stated figure of a comparison's row (`suffix` `_a` or `_b`) or of an agreement's row
/// (no suffix): its source, its value and interval, and the figure as written, with its quote
/// and links to its paragraph and its row.
fn claim(site: &crate::site::Site, table: &Table, index: usize, suffix: &str) -> maud::Markup {
    use maud::html;
    let key = [
        text(table, index, &format!("source_id{suffix}")),
        text(table, index, &format!("figure_id{suffix}")),
    ];
    let figure = site.find(super::FIGURES.name, &key);
    let source_page = site
        .find(crate::contract::FK_SOURCE.table, &key[..1])
        .and_then(|(t, i)| site.record_href(t, i));
    let bound = |name: String, open: &'static str| match table
        .spec
        .column_index(&name)
        .map(|i| table.rows[index].get(i))
    {
        Some(Value::Float(x)) => crate::site::measure(x, None),
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
                @if let Some(value) = table.spec.column_index(&format!("value{suffix}")) { strong { (site.cell(table, index, value)) } }
                " (" (text(table, index, &format!("qualifier{suffix}"))) "), interval ["
                (bound(format!("low{suffix}"), "−∞")) ", " (bound(format!("high{suffix}"), "+∞")) "] " (text(table, index, "unit"))
            }
            @if let Some((figures, index)) = figure {
                @let href = site.cited_href(figures, index);
                @if let Some(written) = figures.spec.column_index("value_text").map(|i| figures.rows[index].get(i).to_string()) {
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
}

/// A group's heading: its subject (linked to the subject's page, found through the figure
/// `suffix` names), metric and period.
fn group_heading(
    site: &crate::site::Site,
    table: &Table,
    index: usize,
    suffix: &str,
) -> maud::Markup {
    use maud::html;
    let subject = text(table, index, "subject_id");
    let key = [
        text(table, index, &format!("source_id{suffix}")),
        text(table, index, &format!("figure_id{suffix}")),
    ];
    let href = site.find(super::FIGURES.name, &key).and_then(|(f, i)| {
        let fk = f
            .spec
            .foreign_keys
            .iter()
            .position(|fk| fk.columns == ["subject_id"])?;
        site.fk_href(f, fk, i)
    });
    let period = text(table, index, "period");
    html! {
        h2 {
            @match href {
                Some(href) => a href=(href) { (subject) },
                None => (subject),
            }
            ", " (text(table, index, "metric")) ", " (if period.is_empty() { "no period" } else { period.as_str() })
        }
    }
}

fn disagreements(site: &crate::site::Site, shown: &[usize], page: usize) -> maud::Markup {
    use maud::html;
    let Some(table) = site.dataset.table(super::FIGURE_COMPARISONS.name) else {
        return html! { h1 { "Disagreements" } p { "No comparison table." } };
    };
    let pages = PAGES.pages(shown);
    let window = PAGES.window(shown, page);
    let pager = crate::site::pager("Pages of pairs", page, pages, |p| PAGES.file_of(p));
    let all = crate::site::table_file(super::FIGURE_COMPARISONS.name, 0);
    html! {
        h1 { "Disagreements between sources" }
        p {
            "Pairs of figures two sources state about the same subject, metric and period, "
            "each as the interval its wording allows, whose intervals do not overlap: "
            strong { (shown.len()) " of " (table.rows.len()) " pairs disagree" } ". "
            "Every pair, agreeing or not, is in " a href=(all) { (super::FIGURE_COMPARISONS.name) } "."
        }
        p {
            "Groups of more than " (PAIRED_UP_TO) " figures are not paired: "
            a href=(CONTESTED.file) { "Contested figures" }
            " lists the figures in them that most of the others contradict."
        }
        @if pages > 1 { p { "Pairs " (window.start + 1) " to " (window.end) ", page " (page + 1) " of " (pages) "." } }
        (pager)
        @for &index in &shown[window] {
            section.pair id=(site.row_anchor(table, index)) aria-label=(format!("{} {} {}", text(table, index, "subject_id"), text(table, index, "metric"), text(table, index, "period"))) {
                (group_heading(site, table, index, "_a"))
                div.side { (claim(site, table, index, "_a")) (claim(site, table, index, "_b")) }
                @if let Some(row) = site.row_href(table, index) { p { a href=(row) { "This pair's row" } } }
            }
        }
        (pager)
    }
}

fn contested_figures(site: &crate::site::Site, shown: &[usize], page: usize) -> maud::Markup {
    use maud::html;
    let Some(table) = site.dataset.table(super::FIGURE_AGREEMENT.name) else {
        return html! { h1 { "Contested figures" } p { "No agreement table." } };
    };
    let pages = CONTESTED.pages(shown);
    let window = CONTESTED.window(shown, page);
    let pager = crate::site::pager("Pages of figures", page, pages, |p| CONTESTED.file_of(p));
    let all = crate::site::table_file(super::FIGURE_AGREEMENT.name, 0);
    html! {
        h1 { "Contested figures" }
        p {
            "In groups of more than " (PAIRED_UP_TO) " figures on one subject, metric and period "
            "(too many to list pair by pair on " a href=(PAGES.file) { "Disagreements" } "), "
            "the figures that more of the other sources' figures disagree with than agree: "
            strong { (shown.len()) (if shown.len() == 1 { " figure" } else { " figures" }) } ". "
            "Every compared figure, with its counts, is in " a href=(all) { (super::FIGURE_AGREEMENT.name) } "."
        }
        @if shown.is_empty() { p { "No group is that large." } }
        @if pages > 1 { p { "Figures " (window.start + 1) " to " (window.end) ", page " (page + 1) " of " (pages) "." } }
        (pager)
        @for &index in &shown[window] {
            section.contested id=(site.row_anchor(table, index)) aria-label=(format!("{} {} {} {}", text(table, index, "subject_id"), text(table, index, "metric"), text(table, index, "period"), text(table, index, "source_id"))) {
                (group_heading(site, table, index, ""))
                (claim(site, table, index, ""))
                @let (agreeing, disagreeing) = contradiction(&table.view(&table.rows[index])).unwrap_or_default();
                p {
                    strong { (disagreeing) } " of the " (agreeing + disagreeing)
                    " figures other sources state disagree with it; " (agreeing) " agree."
                }
                @if let Some(row) = site.row_href(table, index) { p { a href=(row) { "This figure's counts" } } }
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
        // 51,9 % read twice, once through a ratio; 7 % as a ratio is 7.000000000000001 %.
        assert!(overlap(exact(0.519 * 100.0), exact(51.9)));
        assert!(overlap(exact(0.07 * 100.0), exact(7.0)));
        assert!(!overlap(exact(7.000001), exact(7.0)));
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

    fn claim<'a>(source: &'a str, figure: &'a str, value: f64, qualifier: &'a str) -> Claim<'a> {
        static ORIGIN: std::sync::LazyLock<Origin> = std::sync::LazyLock::new(|| Origin {
            file: "figures.csv".into(),
            line: 2,
        });
        Claim {
            origin: &ORIGIN,
            row: 0,
            source_id: source.into(),
            figure_id: figure.into(),
            value,
            qualifier: qualifier.into(),
        }
    }

    /// Each claim's counts, decided pair by pair: what the sorted ends must reproduce.
    fn pair_by_pair(claims: &[Claim], bounds: &[Bounds]) -> Vec<(usize, usize)> {
        claims
            .iter()
            .zip(bounds)
            .map(|(a, ba)| {
                let others = claims
                    .iter()
                    .zip(bounds)
                    .filter(|(b, _)| b.source_id != a.source_id);
                let agreeing = others
                    .clone()
                    .filter(|(_, bb)| overlap_strict(*ba, **bb))
                    .count();
                (agreeing, others.count() - agreeing)
            })
            .collect()
    }

    #[test]
    fn counts_hold_the_disagreement_a_reference_claim_would_hide() {
        // "environ 1 000" agrees with 980 and with 1 000, which disagree with each other; a
        // second 1 000 from the same source as the first is not compared with it.
        let claims = [
            claim("a", "f", 1000.0, "approximate"),
            claim("b", "f", 980.0, "exact"),
            claim("c", "f", 1000.0, "exact"),
            claim("c", "g", 1000.0, "at_least"),
        ];
        let bounds: Vec<Bounds> = claims
            .iter()
            .map(|c| bounds(c.value, &c.qualifier))
            .collect();
        assert_eq!(
            agreement(&claims, &bounds),
            [(3, 0), (1, 2), (1, 1), (1, 1)]
        );
    }

    #[test]
    fn sorted_ends_count_exactly_what_pairs_decide() {
        // Small whole values, so equal ends, excluded ends and the slack (7 % and 0.07 read as
        // a percent, 7.000000000000001) meet often; a fixed sequence, so a failure replays.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let qualifiers = [
            "exact",
            "approximate",
            "at_least",
            "more_than",
            "at_most",
            "less_than",
        ];
        let sources: Vec<String> = (0..6).map(|s| format!("s{s}")).collect();
        let figures: Vec<String> = (0..40).map(|f| format!("f{f}")).collect();
        for _ in 0..2_000 {
            let size = 1 + next(40) as usize;
            let mut claims: Vec<Claim> = (0..size)
                .map(|i| {
                    let value = match next(4) {
                        0 => 0.07 * 100.0,
                        1 => 7.0,
                        2 => -(next(12) as f64),
                        _ => next(12) as f64 * 10.0,
                    };
                    let source = &sources[next(6) as usize];
                    let q = qualifiers[next(6) as usize];
                    claim(source, &figures[i], value, q)
                })
                .collect();
            claims.sort_by_key(|c| (c.source_id, c.figure_id));
            let bounds: Vec<Bounds> = claims
                .iter()
                .map(|c| bounds(c.value, &c.qualifier))
                .collect();
            assert_eq!(
                agreement(&claims, &bounds),
                pair_by_pair(&claims, &bounds),
                "{claims:#?}"
            );
        }
    }

    #[test]
    fn the_tables_describe_the_pairing_limit_as_the_code_applies_it() {
        let limit = format!("at most {PAIRED_UP_TO} figures");
        assert!(
            super::super::FIGURE_AGREEMENT
                .columns
                .iter()
                .any(|c| c.description.contains(&limit))
        );
        assert!(
            super::super::FIGURE_COMPARISONS
                .description
                .contains(&limit)
        );
    }
}
