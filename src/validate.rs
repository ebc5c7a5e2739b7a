//! Stage 3: every table against its contract. The gate reports every failure it finds, each
//! with its table, check, row key and the sheet and line the row came from; only a dataset
//! with no error becomes [`Validated`], the one thing `publish` accepts. A check of severity
//! `warn` is reported (and kept in `output/validation.json`) but does not stop the run.

use std::collections::{HashMap, HashSet};
use std::fmt;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::contract::ColumnType;
use crate::ingest::MAX_QUOTE_WORDS;

/// Fewer words than this rarely identify a passage: a warning, not an error.
const MIN_EVIDENCE_WORDS: usize = 3;
use crate::contract::CONTRACT_VERSION;
use crate::problem::Problem;
use crate::table::{AsTyped, Dataset, KeyValue, Origin, RowsByKey, Table, Value};

/// A dataset that passed every check. Only [`validate`] makes one.
#[derive(Debug)]
pub struct Validated {
    dataset: Dataset,
    checks: Vec<CheckResult>,
    warnings: Vec<Failure>,
}

impl Validated {
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// Every check that ran, one per table and check.
    pub fn checks(&self) -> &[CheckResult] {
        &self.checks
    }

    /// Failures of `warn` checks: published, but reported.
    pub fn warnings(&self) -> &[Failure] {
        &self.warnings
    }
}

/// Whether a failed check stops the run.
pub use crate::problem::Severity;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    pub table: &'static str,
    pub check: String,
    pub severity: Severity,
    pub rows: usize,
    /// Rows (or tables) that failed it; only `warn` checks can have any in a published run.
    pub failures: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub table: &'static str,
    pub check: String,
    pub severity: Severity,
    pub key: String,
    /// The failing row's position in its table, as the gate checked it (and as it is
    /// published): the site finds a warned row by it, never by rendering every row's key.
    pub row: Option<usize>,
    pub column: Option<&'static str>,
    pub value: Option<String>,
    pub origin: Option<Origin>,
    /// The sheet's cell the failing column was read from, when the analyst typed it in
    /// another column or form: the place named is that cell.
    pub typed: Option<AsTyped>,
    /// The failed row this row was computed from: it is reported under that cause, once.
    pub depends_on: Option<Origin>,
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.severity == Severity::Warn {
            write!(f, "warning: ")?;
        }
        write!(f, "{}: {}", self.table, self.check)?;
        if !self.key.is_empty() {
            write!(f, " [{}]", self.key)?;
        }
        match (&self.origin, &self.typed) {
            (Some(origin), Some(typed)) => {
                write!(f, " ({origin}: column \"{}\")", typed.sheet_column)?;
            }
            (Some(origin), None) => write!(f, " ({origin})")?,
            _ => {}
        }
        write!(f, ": {}", self.message)
    }
}

/// Checks the whole dataset.
pub fn validate(dataset: Dataset) -> Result<Validated, Vec<Failure>> {
    let mut gate = Gate::new(
        dataset
            .tables
            .iter()
            .map(|t| (t.spec.name, t.spec.sheet))
            .collect(),
    );
    let start = std::time::Instant::now();
    let keys = primary_keys(&dataset);
    tracing::debug!(ms = crate::ms_since(start), "keys indexed");
    let start = std::time::Instant::now();
    // Each table is checked on its own, over every core; the gates are joined in table order,
    // so checks and failures come out as one gate would list them.
    let gates: Vec<Gate> = dataset
        .tables
        .par_iter()
        .map(|table| {
            let mut own = Gate::new(gate.sheets.clone());
            own.table(table, &keys);
            own
        })
        .collect();
    for own in gates {
        gate.failures.extend(own.failures);
        gate.inputs.extend(own.inputs);
        gate.checks.extend(own.checks);
        gate.warn.extend(own.warn);
    }
    tracing::debug!(ms = crate::ms_since(start), "tables checked");
    let start = std::time::Instant::now();
    gate.disagreements(&dataset);
    tracing::debug!(ms = crate::ms_since(start), "disagreements found");
    gate.dependents();
    // Grouped by table and check, each group in row order.
    gate.failures
        .sort_by(|a, b| (a.table, &a.check, a.severity).cmp(&(b.table, &b.check, b.severity)));
    let mut counts: HashMap<(&str, &str), usize> = HashMap::new();
    for f in &gate.failures {
        *counts.entry((f.table, f.check.as_str())).or_default() += 1;
    }
    for check in &mut gate.checks {
        check.failures = counts
            .get(&(check.table, check.check.as_str()))
            .copied()
            .unwrap_or(0);
    }
    if gate.failures.iter().any(|f| f.severity == Severity::Error) {
        Err(gate.failures)
    } else {
        Ok(Validated {
            dataset,
            checks: gate.checks,
            warnings: gate.failures,
        })
    }
}

/// The primary keys of every table a foreign key references, for foreign-key lookups (a
/// table nothing references, such as the mentions, is not indexed).
fn primary_keys(dataset: &Dataset) -> Keys<'_> {
    let referenced = dataset.referenced();
    dataset
        .tables
        .par_iter()
        .filter(|t| referenced.contains(t.spec.name))
        .map(|t| (t.spec.name, RowsByKey::new(t, t.spec.key_positions())))
        .collect()
}

/// Table → its rows by their primary key, borrowed from the dataset.
type Keys<'a> = HashMap<&'static str, RowsByKey<'a>>;

/// Rows a part of a large table holds when its rows are checked over every core.
const ROWS_PER_PART: usize = 50_000;

struct Gate {
    failures: Vec<Failure>,
    /// Each failure's row's inputs (the rows it was computed from), in the same order.
    inputs: Vec<Vec<Origin>>,
    checks: Vec<CheckResult>,
    /// The checks of severity warn, by table: every other check is an error.
    warn: Vec<(&'static str, String)>,
    /// Table → the sheet its rows come from, for "add the row to …" hints.
    sheets: HashMap<&'static str, &'static str>,
}

impl Gate {
    fn new(sheets: HashMap<&'static str, &'static str>) -> Gate {
        Gate {
            failures: Vec::new(),
            inputs: Vec::new(),
            checks: Vec::new(),
            warn: Vec::new(),
            sheets,
        }
    }

    /// A failure on a row computed from a row that failed is not a problem of its own: it
    /// follows from its cause, and is reported under it ("1 row depends on it").
    fn dependents(&mut self) {
        let failed: HashSet<Origin> = self
            .failures
            .iter()
            .zip(&self.inputs)
            .filter(|(f, inputs)| f.severity == Severity::Error && inputs.is_empty())
            .filter_map(|(f, _)| f.origin.clone())
            .collect();
        for (failure, inputs) in self.failures.iter_mut().zip(&self.inputs) {
            failure.depends_on = inputs.iter().find(|i| failed.contains(i)).cloned();
        }
    }

    fn ran(&mut self, table: &Table, check: impl Into<String>) {
        self.ran_as(table, check, Severity::Error);
    }

    fn ran_as(&mut self, table: &Table, check: impl Into<String>, severity: Severity) {
        let check = check.into();
        if severity == Severity::Warn {
            self.warn.push((table.spec.name, check.clone()));
        }
        self.checks.push(CheckResult {
            table: table.spec.name,
            check,
            severity,
            rows: table.rows.len(),
            failures: 0,
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn fail(
        &mut self,
        table: &Table,
        row: Option<usize>,
        check: impl Into<String>,
        column: Option<&'static str>,
        value: Option<&Value>,
        message: String,
    ) {
        let index = row;
        let row = row.map(|i| &table.rows[i]);
        let check = check.into();
        let warns = self
            .warn
            .iter()
            .any(|(t, c)| *t == table.spec.name && *c == check);
        let severity = if warns {
            Severity::Warn
        } else {
            Severity::Error
        };
        let typed = row
            .zip(column)
            .and_then(|(r, c)| r.trace().typed(c))
            .cloned();
        self.inputs
            .push(row.map(|r| r.trace().inputs.clone()).unwrap_or_default());
        self.failures.push(Failure {
            table: table.spec.name,
            check,
            severity,
            key: row.map(|r| table.key(r)).unwrap_or_default(),
            row: index,
            column,
            value: value.map(ToString::to_string),
            origin: row.map(|r| r.origin.clone()),
            typed,
            depends_on: None,
            message,
        });
    }

    fn table(&mut self, table: &Table, keys: &Keys<'_>) {
        let spec = table.spec;
        // A shared table (reference, vocabulary, entities) must have rows; a source's table
        // is empty when no source transcribes that kind of statement.
        let may_be_empty = spec.may_be_empty || spec.is_per_source();
        if !may_be_empty {
            self.ran(table, "not_empty");
        }
        if table.rows.is_empty() && !may_be_empty {
            self.fail(
                table,
                None,
                "not_empty",
                None,
                None,
                format!("the table has no rows; fill raw/{}", spec.sheet),
            );
        }
        let quote = spec.columns.iter().position(|c| c.name == "quote");
        for (c, _) in spec.columns.iter().enumerate() {
            self.column_checks(table, c);
            if Some(c) == quote {
                self.ran(table, "quote_length");
                self.ran_as(table, "quote_evidence", Severity::Warn);
            }
        }
        // Row by row, every cell and then every rule: a row's values are read while they are
        // in the cache, not once per column over the whole table.
        self.each_row(table, |gate, i| {
            for c in 0..spec.columns.len() {
                gate.cell(table, i, c);
            }
            if let Some(c) = quote {
                gate.quote(table, i, c);
            }
        });
        self.primary_key(table);
        for fk in spec.foreign_keys {
            self.foreign_key(table, fk, keys);
        }
        for rule in spec.rules {
            self.ran(table, rule.name);
        }
        self.each_row(table, |gate, i| {
            let view = table.view(&table.rows[i]);
            for rule in spec.rules {
                if let Some(message) = (rule.check)(&view) {
                    gate.fail(table, Some(i), rule.name, None, None, message);
                }
            }
        });
    }

    /// Runs `check` on every row of `table`: a large table in parts of [`ROWS_PER_PART`] over
    /// every core (the largest table is most of the gate's work), each part failing into a
    /// gate of its own that knows the same warnings, the parts' failures then kept in row
    /// order, as one pass would list them.
    fn each_row(&mut self, table: &Table, check: impl Fn(&mut Gate, usize) + Sync) {
        let rows = table.rows.len();
        if rows <= ROWS_PER_PART {
            for i in 0..rows {
                check(self, i);
            }
            return;
        }
        let starts: Vec<usize> = (0..rows).step_by(ROWS_PER_PART).collect();
        let (sheets, warn) = (&self.sheets, &self.warn);
        let parts: Vec<Gate> = starts
            .par_iter()
            .map(|&start| {
                let mut part = Gate::new(sheets.clone());
                part.warn.clone_from(warn);
                for i in start..(start + ROWS_PER_PART).min(rows) {
                    check(&mut part, i);
                }
                part
            })
            .collect();
        for part in parts {
            self.failures.extend(part.failures);
            self.inputs.extend(part.inputs);
        }
    }

    /// Two sources that state different values for the same subject, metric and period: a
    /// warning naming both rows, so the analyst can check which transcription (or source) is
    /// right; in a group too large to pair, a warning for each figure most others contradict.
    /// Published all the same: a disagreement between sources is data.
    fn disagreements(&mut self, dataset: &Dataset) {
        let (Some(comparisons), Some(figures)) = (
            dataset.table(crate::domains::figures::FIGURE_COMPARISONS.name),
            dataset.table(crate::domains::figures::FIGURES.name),
        ) else {
            return;
        };
        let check = "sources_agree";
        self.ran_as(comparisons, check, Severity::Warn);
        // Each side as its source wrote it, and where it was transcribed: figures by key,
        // indexed once (the first row of a key, as a scan would find it).
        let mut by_key: FxHashMap<(&str, &str), &crate::table::Row> = FxHashMap::default();
        by_key.reserve(figures.rows.len());
        for r in &figures.rows {
            let v = figures.view(r);
            if let (Some(source), Some(figure)) = (v.text("source_id"), v.text("figure_id")) {
                by_key.entry((source, figure)).or_insert(r);
            }
        }
        let written = |source: &str, figure: &str| {
            by_key
                .get(&(source, figure))
                .map(|r| {
                    let v = figures.view(r);
                    (
                        v.text("value_text").unwrap_or_default().to_string(),
                        r.origin.to_string(),
                    )
                })
                .unwrap_or_default()
        };
        // What a comparison is about: "tsmc market_cap in 2024-07-08".
        let group = |v: &crate::table::RowView| {
            format!(
                "{} {}{}",
                v.text("subject_id").unwrap_or_default(),
                v.text("metric").unwrap_or_default(),
                v.text("period")
                    .map(|p| format!(" in {p}"))
                    .unwrap_or_default()
            )
        };
        // Over every core: a corpus's sources disagree on tens of thousands of pairs.
        self.each_row(comparisons, |gate, i| {
            let v = comparisons.view(&comparisons.rows[i]);
            if !crate::domains::figures::disagrees(&v) {
                return;
            }
            let side = |s: &str| {
                let source = v.text(&format!("source_id_{s}")).unwrap_or_default();
                let figure = v.text(&format!("figure_id_{s}")).unwrap_or_default();
                let (text, origin) = written(source, figure);
                format!("{source} says \"{text}\" ({origin})")
            };
            let message = format!(
                "the sources disagree on {}: {}, but {}; check both transcriptions against their sources",
                group(&v),
                side("a"),
                side("b"),
            );
            gate.fail(comparisons, Some(i), check, Some("agree"), None, message);
        });
        // A group too large to pair warns once per figure that most of the others contradict:
        // the outliers of a repeated figure, not every pair they make.
        let Some(agreement) = dataset.table(crate::domains::figures::FIGURE_AGREEMENT.name) else {
            return;
        };
        self.ran_as(agreement, check, Severity::Warn);
        for (i, row) in agreement.rows.iter().enumerate() {
            let v = agreement.view(row);
            let Some((agreeing, disagreeing)) = crate::domains::figures::contradiction(&v) else {
                continue;
            };
            let source = v.text("source_id").unwrap_or_default();
            let (text, origin) = written(source, v.text("figure_id").unwrap_or_default());
            let message = format!(
                "the sources disagree on {}: {source} says \"{text}\" ({origin}), but {disagreeing} of the {} figures other sources state disagree with it; check its transcription against its source",
                group(&v),
                agreeing + disagreeing,
            );
            self.fail(
                agreement,
                Some(i),
                check,
                Some("disagreeing"),
                None,
                message,
            );
        }
    }

    /// Type, not-null, accepted values, range, clean text and id form: the checks of one
    /// column, listed in validation.json.
    fn column_checks(&mut self, table: &Table, c: usize) {
        let column = &table.spec.columns[c];
        let name = column.name;
        // Only the checks that can fail on this column are listed in validation.json: not_null
        // on a required column, accepted_values on an enumeration, range on numbers, clean_text
        // and id_form on text.
        let text = matches!(column.ty, ColumnType::Text | ColumnType::Enum(_));
        let numeric = matches!(column.ty, ColumnType::Number | ColumnType::Integer);
        let applicable = [
            ("type", true),
            ("not_null", column.required),
            ("accepted_values", matches!(column.ty, ColumnType::Enum(_))),
            ("range", numeric),
            ("clean_text", text),
            ("id_form", is_id_column(name)),
        ];
        for (check, applies) in applicable {
            if applies {
                self.ran(table, format!("{check}({name})"));
            }
        }
    }

    /// The column checks on one cell.
    fn cell(&mut self, table: &Table, i: usize, c: usize) {
        let column = &table.spec.columns[c];
        let name = column.name;
        let value = &table.rows[i].get(c);
        if !value.fits(&column.ty) {
            let message = format!(
                "{name} must be of type {}, got the {} \"{value}\"",
                column.ty.name(),
                value.type_name()
            );
            self.fail(
                table,
                Some(i),
                format!("type({name})"),
                Some(name),
                Some(value),
                message,
            );
            return;
        }
        match value {
            Value::Null if column.required => {
                let message = format!("{name} is required but empty");
                self.fail(
                    table,
                    Some(i),
                    format!("not_null({name})"),
                    Some(name),
                    None,
                    message,
                );
            }
            Value::Text(text) => {
                if let ColumnType::Enum(choices) = column.ty
                    && !choices.iter().any(|ch| ch.code == text)
                {
                    let codes: Vec<&str> = choices.iter().map(|ch| ch.code).collect();
                    let message = format!(
                        "\"{text}\" is not an accepted {name}; accepted: {}",
                        codes.join(", ")
                    );
                    self.fail(
                        table,
                        Some(i),
                        format!("accepted_values({name})"),
                        Some(name),
                        Some(value),
                        message,
                    );
                }
                if is_id_column(name) && !is_id(text) {
                    let message = format!(
                        "{name} \"{text}\" is not an id: ids are ASCII snake_case (lower-case letters, digits, single underscores between words, a double one between two codes) or a country's ISO alpha-3 code; retype it, e.g. \"{}\"",
                        petrochip_text::snake_case(text)
                    );
                    self.fail(
                        table,
                        Some(i),
                        format!("id_form({name})"),
                        Some(name),
                        Some(value),
                        message,
                    );
                }
                if text.trim() != text || text.is_empty() {
                    let message = format!("{name} \"{text}\" is empty or has spaces at its ends");
                    self.fail(
                        table,
                        Some(i),
                        format!("clean_text({name})"),
                        Some(name),
                        Some(value),
                        message,
                    );
                }
            }
            Value::Float(x) if !x.is_finite() => {
                let message = format!("{name} is {x}, not a finite number");
                self.fail(
                    table,
                    Some(i),
                    format!("range({name})"),
                    Some(name),
                    Some(value),
                    message,
                );
            }
            _ => {}
        }
        if let (Some((low, high)), Some(x)) = (column.range, value.as_f64())
            && (x < low || x > high)
        {
            let message = match table.rows[i].trace().typed(name) {
                Some(typed) if typed.text != value.to_string() => format!(
                    "\"{}\" gives {name} {value}, outside {low}..={high}; correct it in the sheet",
                    typed.text
                ),
                _ => format!("{name} is {value}, outside {low}..={high}; correct it in the sheet"),
            };
            self.fail(
                table,
                Some(i),
                format!("range({name})"),
                Some(name),
                Some(value),
                message,
            );
        }
    }

    /// Quote length (an error over the limit) and evidence (a warning under a few words), from
    /// one count of the quote's words.
    fn quote(&mut self, table: &Table, i: usize, c: usize) {
        let value = &table.rows[i].get(c);
        let Value::Text(quote) = value else {
            return;
        };
        let words = petrochip_text::word_count(quote);
        if words > MAX_QUOTE_WORDS {
            let message =
                format!("the quote has {words} words; keep it to {MAX_QUOTE_WORDS} at most");
            self.fail(table, Some(i), "quote_length", Some("quote"), None, message);
        }
        if words < MIN_EVIDENCE_WORDS {
            let message = format!(
                "the quote has {words} word(s), too few to find it again in the article; quote at least {MIN_EVIDENCE_WORDS} words"
            );
            self.fail(
                table,
                Some(i),
                "quote_evidence",
                Some("quote"),
                Some(value),
                message,
            );
        }
    }

    fn primary_key(&mut self, table: &Table) {
        let spec = table.spec;
        self.ran(table, "primary_key");
        let positions = spec.key_positions();
        // Rows of one key sit side by side in key order; each after the first is a duplicate
        // of the first, reported in table order.
        let sorted = table.indices_by_key();
        let mut duplicates: Vec<(usize, usize)> = Vec::new();
        let mut first = None;
        for pair in sorted.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if crate::table::compare_at(&positions, &table.rows[a], &table.rows[b]).is_eq() {
                let first = *first.get_or_insert(a);
                duplicates.push((b, first));
            } else {
                first = None;
            }
        }
        duplicates.sort_unstable();
        for (i, first) in duplicates {
            let key = table.key(&table.rows[i]);
            // A composite key renders as column=value pairs already.
            let shown = match spec.primary_key {
                [one] => format!("({one}) = {key}"),
                _ => key,
            };
            let message = format!(
                "the key {shown} appears twice, first at {}; make it unique or remove the duplicate",
                table.rows[first].origin
            );
            self.fail(table, Some(i), "primary_key", None, None, message);
        }
    }

    fn foreign_key(&mut self, table: &Table, fk: &crate::contract::ForeignKey, keys: &Keys<'_>) {
        let spec = table.spec;
        let check = format!("foreign_key({} → {})", fk.columns.join(", "), fk.table);
        self.ran(table, check.clone());
        let positions: Vec<usize> = fk
            .columns
            .iter()
            .filter_map(|c| spec.column_index(c))
            .collect();
        let targets = keys.get(fk.table);
        // Over every core for a large table; a key of up to four columns is looked up from
        // the stack, since nearly every row's key is found.
        self.each_row(table, |gate, i| {
            let row = &table.rows[i];
            let mut stack = [Value::Null; 4];
            let owned: Vec<Value>;
            let values: &[Value] = if positions.len() <= stack.len() {
                for (slot, &p) in stack.iter_mut().zip(&positions) {
                    *slot = row.get(p);
                }
                &stack[..positions.len()]
            } else {
                owned = positions.iter().map(|&p| row.get(p)).collect();
                &owned
            };
            let found = || targets.is_some_and(|t| t.find(values).is_some());
            if values.contains(&Value::Null) || found() {
                return;
            }
            gate.missing_key(table, fk, (i, values), targets, &check);
        });
    }

    /// A row whose foreign key `fk` finds no row in `targets`: what it names, what the
    /// analyst typed, the nearest key there is, and where to add the row.
    fn missing_key(
        &mut self,
        table: &Table,
        fk: &crate::contract::ForeignKey,
        (i, values): (usize, &[Value]),
        targets: Option<&RowsByKey>,
        check: &str,
    ) {
        let row = &table.rows[i];
        let key: Vec<String> = values.iter().map(ToString::to_string).collect();
        // A key scoped to a source is looked for among that source's rows only, and
        // shown without the source, which the row names already.
        let scope = fk
            .columns
            .iter()
            .position(|c| *c == "source_id")
            .filter(|_| fk.columns.len() > 1);
        let unscoped = |k: &[String]| -> String {
            k.iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != scope)
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let wanted = unscoped(&key);
        let closest = targets
            .into_iter()
            .flat_map(RowsByKey::keys)
            .filter(|t| {
                scope.is_none_or(|s| {
                    t.get(s).map(|&v| KeyValue(v)) == values.get(s).map(|&v| KeyValue(v))
                })
            })
            .map(|t| unscoped(&t.iter().map(ToString::to_string).collect::<Vec<_>>()))
            .map(|t| (strsim::osa_distance(&wanted, &t), t))
            // Two edits apart is a typo in a word, not in a three-letter code.
            .filter(|(d, _)| *d <= (wanted.chars().count() / 3).min(2))
            .min();
        let hint = match closest {
            Some((_, near)) => format!("did you mean {near}? "),
            None => String::new(),
        };
        let sheet = self.sheets.get(fk.table).copied().unwrap_or_default();
        // A source's sheet is named with the row's own source, not the placeholder.
        let sheet = match scope.and_then(|s| key.get(s)) {
            Some(source) => sheet.replace("<source_id>", source),
            None => sheet.to_string(),
        };
        let own: Vec<&str> = fk
            .columns
            .iter()
            .copied()
            .filter(|c| scope.is_none() || *c != "source_id")
            .collect();
        let among = match scope.and_then(|s| key.get(s)) {
            Some(source) => format!("the {} of source {source}", fk.table),
            None => format!("{}.{}", fk.table, fk.references.join(", ")),
        };
        // The column to fix: the key's own column, not the source it is scoped to.
        let column = fk
            .columns
            .iter()
            .copied()
            .find(|c| *c != "source_id" || fk.columns.len() == 1)
            .or(fk.columns.first().copied());
        // What the analyst typed, when it is not the key itself ("Pérou" for PER).
        let typed = column
            .and_then(|c| row.trace().typed(c))
            .map(|t| t.text.as_str())
            .filter(|t| *t != wanted);
        let message = match (
            fk.columns == ["country_iso3"] && fk.table == "entities",
            typed,
        ) {
            (true, Some(typed)) => format!(
                "\"{typed}\" is the country {wanted}, which no source names as an entity; {hint}fix the value, or add {wanted} to raw/{sheet} (entity_type country, its ISO code as entity_id) with the source that names it"
            ),
            (true, None) => format!(
                "country_iso3 = {wanted} is a country no source names as an entity; {hint}fix the value, or add {wanted} to raw/{sheet} (entity_type country, its ISO code as entity_id) with the source that names it"
            ),
            (false, Some(typed)) => format!(
                "\"{typed}\" ({} = {wanted}) has no match in {among}; {hint}fix the value, or add the row to raw/{sheet}",
                own.join(", "),
            ),
            (false, None) => format!(
                "{} = {wanted} has no match in {among}; {hint}fix the value, or add the row to raw/{sheet}",
                own.join(", "),
            ),
        };
        let value = column
            .and_then(|c| fk.columns.iter().position(|f| *f == c))
            .and_then(|k| values.get(k).copied());
        self.fail(table, Some(i), check, column, value.as_ref(), message);
    }
}

impl From<&Failure> for Problem {
    fn from(failure: &Failure) -> Self {
        // The place is the sheet's cell: its column and what was typed in it, when known.
        let (column, value) = match &failure.typed {
            Some(typed) => (
                Some(typed.sheet_column.to_string()),
                Some(typed.text.clone()),
            ),
            None => (failure.column.map(str::to_string), failure.value.clone()),
        };
        let mut finding = Problem {
            table: Some(failure.table.to_string()),
            check: Some(failure.check.clone()),
            severity: failure.severity,
            key: Some(failure.key.clone()).filter(|k| !k.is_empty()),
            column,
            value,
            depends_on: failure.depends_on.as_ref().map(ToString::to_string),
            ..Problem::error("validate", failure.to_string())
        };
        if let Some(origin) = &failure.origin {
            finding = finding.at(origin);
        }
        finding
    }
}

/// The warnings of a passing run.
pub fn warnings(validated: &Validated) -> Vec<Problem> {
    validated.warnings().iter().map(Problem::from).collect()
}

#[derive(serde::Serialize)]
struct CheckRow<'a> {
    table: &'a str,
    check: &'a str,
    severity: Severity,
    rows: usize,
    failures: usize,
    status: &'static str,
}

#[derive(serde::Serialize)]
struct Validation<'a> {
    contract_version: &'static str,
    checks: Vec<CheckRow<'a>>,
    warnings: Warnings<'a>,
}

/// The warnings as a JSON array, each made into its [`Problem`] only as it is written: a
/// corpus warns tens of thousands of times (every disagreeing pair).
struct Warnings<'a>(&'a [Failure]);

impl serde::Serialize for Warnings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Problem::from))
    }
}

/// `output/validation.json`, written to `out` as it is serialised (never held whole: 91 MB at
/// 10,000 synthetic sources): every check that ran and what it found. No timestamps, so the
/// file is the same on every run of the same inputs.
pub fn write_validation_json(
    validated: &Validated,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let checks = validated
        .checks()
        .iter()
        .map(|c: &CheckResult| CheckRow {
            table: c.table,
            check: &c.check,
            severity: c.severity,
            rows: c.rows,
            failures: c.failures,
            status: if c.failures == 0 { "passed" } else { "warned" },
        })
        .collect();
    let validation = Validation {
        contract_version: CONTRACT_VERSION,
        checks,
        warnings: Warnings(validated.warnings()),
    };
    serde_json::to_writer_pretty(&mut *out, &validation).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// Columns that hold ids: `*_id`, and the two sides of a comparison (`*_id_a`, `*_id_b`).
fn is_id_column(name: &str) -> bool {
    name.ends_with("_id") || name.ends_with("_id_a") || name.ends_with("_id_b")
}

/// The documented form of an id: ASCII snake_case (a double underscore joins two codes, as in
/// `crypto_mining__energy_demand`), or a country's ISO 3166-1 alpha-3 code.
fn is_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    let iso3 = bytes.len() == 3 && bytes.iter().all(u8::is_ascii_uppercase);
    // One pass over the bytes, every id cell of a corpus (millions) goes through it: the
    // characters allowed, and no run of three underscores.
    let mut underscores = 0;
    let snake = bytes.first().is_some_and(|&b| b != b'_')
        && bytes.last().is_some_and(|&b| b != b'_')
        && bytes.iter().all(|&b| {
            underscores = if b == b'_' { underscores + 1 } else { 0 };
            underscores < 3 && (b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        });
    iso3 || snake
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(line: u64) -> Origin {
        Origin {
            file: "raw/test.csv".into(),
            line,
        }
    }

    /// A minimal valid dataset: one source, one entity, one figure.
    fn dataset() -> Dataset {
        let mut tables: Vec<Table> = crate::domains::tables()
            .iter()
            .map(|s| Table::new(s))
            .collect();
        let date = chrono::NaiveDate::from_ymd_opt(2024, 3, 6).unwrap();
        let cite = || -> Vec<(&'static str, Value)> {
            vec![
                ("source_id", "s".into()),
                ("paragraph", 1i64.into()),
                ("quote", "un court extrait cité".into()),
            ]
        };
        for table in &mut tables {
            let mut cells: Vec<(&'static str, Value)> = match table.spec.name {
                "sources" => vec![
                    ("source_id", "s".into()),
                    ("title", "T".into()),
                    ("published_on", date.into()),
                    ("published_precision", "day".into()),
                    ("language", "fr".into()),
                    ("publisher", "Nvidia".into()),
                    ("publisher_id", "nvidia".into()),
                    ("number_style", "fr".into()),
                    ("has_text", true.into()),
                    ("place", "Paris".into()),
                    ("paragraph", 1i64.into()),
                    ("quote", "un court extrait cité".into()),
                ],
                "countries" => vec![
                    ("iso3", "USA".into()),
                    ("iso2", "US".into()),
                    ("numeric", "840".into()),
                    ("name_en", "United States".into()),
                    ("name_fr", "États-Unis".into()),
                ],
                "entities" => vec![
                    ("entity_id", "nvidia".into()),
                    ("entity_type", "company".into()),
                    ("name_en", "Nvidia".into()),
                    ("name_fr", "Nvidia".into()),
                    ("country_iso3", "USA".into()),
                    ("description", "d".into()),
                ],
                "metrics" => vec![
                    ("metric", "revenue_growth".into()),
                    ("quantity_kind", "change".into()),
                    ("description", "Growth of sales".into()),
                ],
                "figures" => vec![
                    ("figure_id", "f".into()),
                    ("subject_id", "nvidia".into()),
                    ("metric", "revenue_growth".into()),
                    ("value", 265.0.into()),
                    ("unit", "percent".into()),
                    ("qualifier", "exact".into()),
                    ("value_text", "265%".into()),
                    ("quote_support", "states_value".into()),
                    ("derived", false.into()),
                ],
                _ => continue,
            };
            if table.spec.name != "sources" && table.spec.is_fact() {
                cells.extend(cite());
            }
            if table.spec.column_index("statement_id").is_some() {
                cells.push(("statement_id", "a66d763d25cf13d9".into()));
            }
            table.push(&origin(2), cells).unwrap();
            // Nvidia's country is an entity too, as every country a table names must be.
            if table.spec.name == "entities" {
                let mut usa = vec![
                    ("entity_id", "USA".into()),
                    ("entity_type", "country".into()),
                    ("name_en", "United States".into()),
                    ("name_fr", "États-Unis".into()),
                    ("iso3", "USA".into()),
                    ("description", "d".into()),
                ];
                usa.extend(cite());
                table.push(&origin(3), usa).unwrap();
            }
        }
        let keep = ["sources", "countries", "entities", "metrics", "figures"];
        Dataset {
            tables: tables
                .into_iter()
                .filter(|t| keep.contains(&t.spec.name))
                .collect(),
        }
    }

    fn failures(edit: impl FnOnce(&mut Dataset)) -> Vec<String> {
        let mut d = dataset();
        edit(&mut d);
        match validate(d) {
            Ok(_) => Vec::new(),
            Err(failures) => failures.iter().map(ToString::to_string).collect(),
        }
    }

    fn set(d: &mut Dataset, table: &str, column: &str, value: Value) {
        let t = d.tables.iter_mut().find(|t| t.spec.name == table).unwrap();
        let i = t.spec.column_index(column).unwrap();
        t.rows[0].set(i, value);
    }

    /// A figure computed from another figure that fails is reported under it, not on its own;
    /// a cell typed in another column names that column and what was typed.
    #[test]
    fn a_derived_row_depends_on_its_failed_input_and_a_typed_cell_is_named() {
        let mut d = dataset();
        let figures = d
            .tables
            .iter_mut()
            .find(|t| t.spec.name == "figures")
            .unwrap();
        let mut derived = figures.rows[0].clone();
        let id = figures.spec.column_index("figure_id").unwrap();
        derived.set(id, "g".into());
        derived.origin = origin(4);
        derived.trace_mut().inputs = vec![origin(2)];
        figures.rows.push(derived);
        let value = figures.spec.column_index("value").unwrap();
        let paragraph = figures.spec.column_index("paragraph").unwrap();
        for row in &mut figures.rows {
            row.set(value, (-1.0).into());
        }
        figures.rows[0].set(paragraph, 0i64.into());
        figures.rows[0].trace_mut().typed =
            vec![crate::normalise::typed("paragraph", "para", "zéro")];
        let failures = validate(d).unwrap_err();
        let shown: Vec<(String, Option<String>)> = failures
            .iter()
            .map(|f| {
                (
                    f.to_string(),
                    f.depends_on.as_ref().map(ToString::to_string),
                )
            })
            .collect();
        let cause = Some("raw/test.csv:2".to_string());
        assert_eq!(
            shown,
            [
                (
                    "figures: range(paragraph) [source_id=s, figure_id=f] (raw/test.csv:2: column \"para\"): \"zéro\" gives paragraph 0, outside 1..=10000; correct it in the sheet".to_string(),
                    None
                ),
                (
                    "figures: value_fits_unit [source_id=s, figure_id=f] (raw/test.csv:2): value -1 is out of range for unit percent, which takes 0 or more; check the sign and the unit in the figures sheet".to_string(),
                    None
                ),
                (
                    "figures: value_fits_unit [source_id=s, figure_id=g] (raw/test.csv:4): value -1 is out of range for unit percent, which takes 0 or more; check the sign and the unit in the figures sheet".to_string(),
                    cause
                ),
            ]
        );
        let error = crate::Error::Validate(failures);
        assert_eq!(error.count(), 2);
        // The count line follows the cause row's first problem.
        assert_eq!(
            error.problems()[1],
            "  1 row depends on it and was not checked: raw/test.csv:4"
        );
    }

    #[test]
    fn a_valid_dataset_passes() {
        assert_eq!(failures(|_| {}), Vec::<String>::new());
    }

    /// validation.json lists the checks that can fail, each once: no not_null on an optional
    /// column, no id_form on a column that is not an id.
    #[test]
    fn only_checks_that_can_fail_are_listed() {
        let validated = validate(dataset()).unwrap();
        let listed: Vec<String> = validated
            .checks()
            .iter()
            .filter(|c| c.table == "figures")
            .map(|c| c.check.clone())
            .collect();
        for present in [
            "not_null(figure_id)",
            "id_form(figure_id)",
            "range(value)",
            "accepted_values(qualifier)",
            "clean_text(note)",
        ] {
            assert!(
                listed.iter().any(|c| c == present),
                "{present} missing: {listed:?}"
            );
        }
        for absent in [
            "not_null(note)",
            "id_form(note)",
            "range(note)",
            "accepted_values(unit)",
            "clean_text(value)",
        ] {
            assert!(!listed.iter().any(|c| c == absent), "{absent} listed");
        }
        let mut unique = listed.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), listed.len(), "a check listed twice");
    }

    #[test]
    fn each_check_names_table_key_and_line() {
        assert_eq!(
            failures(|d| set(d, "figures", "unit", "dollars".into())),
            [
                "figures: unit_is_known [source_id=s, figure_id=f] (raw/test.csv:2): \"dollars\" is not a unit petrochip publishes: an ISO 4217 code (USD), percent, ratio, multiplier, count, year, Wh to TWh, g, kg, t, or a price per unit (USD/kg)"
            ]
        );
        assert_eq!(
            failures(|d| set(d, "entities", "name_en", Value::Null)),
            [
                "entities: not_null(name_en) [nvidia] (raw/test.csv:2): name_en is required but empty"
            ]
        );
        assert_eq!(
            failures(|d| set(d, "figures", "value", "265".into())),
            [
                "figures: type(value) [source_id=s, figure_id=f] (raw/test.csv:2): value must be of type number, got the string \"265\""
            ]
        );
        assert_eq!(
            failures(|d| set(d, "figures", "subject_id", "nvidea".into())),
            [
                "figures: foreign_key(subject_id → entities) [source_id=s, figure_id=f] (raw/test.csv:2): subject_id = nvidea has no match in entities.entity_id; did you mean nvidia? fix the value, or add the row to raw/entities.csv"
            ]
        );
        assert_eq!(
            failures(|d| set(d, "figures", "paragraph", 0i64.into())),
            [
                "figures: range(paragraph) [source_id=s, figure_id=f] (raw/test.csv:2): paragraph is 0, outside 1..=10000; correct it in the sheet"
            ]
        );
        assert_eq!(
            failures(|d| set(d, "entities", "description", " d".into())),
            [
                "entities: clean_text(description) [nvidia] (raw/test.csv:2): description \" d\" is empty or has spaces at its ends"
            ]
        );
        assert_eq!(
            failures(|d| set(d, "figures", "value", f64::NAN.into())),
            [
                "figures: range(value) [source_id=s, figure_id=f] (raw/test.csv:2): value is NaN, not a finite number"
            ]
        );
    }

    #[test]
    fn row_rules_and_keys() {
        assert_eq!(
            failures(|d| {
                set(d, "figures", "unit", "ratio".into());
                set(d, "figures", "value", 2.0.into());
            }),
            [
                "figures: value_fits_unit [source_id=s, figure_id=f] (raw/test.csv:2): value 2 is out of range for unit ratio, which takes a share between 0 and 1; check the sign and the unit in the figures sheet"
            ]
        );
        assert_eq!(
            failures(|d| set(d, "figures", "derived", true.into())),
            [
                "figures: derived_has_derivation [source_id=s, figure_id=f] (raw/test.csv:2): a derived figure must say how in derivation",
                "figures: quote_support_fits [source_id=s, figure_id=f] (raw/test.csv:2): a derived figure's quote_support is derived, not states_value"
            ]
        );
        assert_eq!(
            failures(|d| set(d, "figures", "quote_support", "derived".into())),
            [
                "figures: quote_support_fits [source_id=s, figure_id=f] (raw/test.csv:2): only a derived figure has quote_support derived"
            ]
        );
        assert_eq!(
            failures(|d| set(d, "figures", "quote_support", "analyst_reading".into())),
            [
                "figures: quote_support_fits [source_id=s, figure_id=f] (raw/test.csv:2): an analyst's reading must say how the quote was read, in note"
            ]
        );
        assert_eq!(
            failures(|d| set(d, "entities", "iso3", "USA".into())),
            [
                "entities: country_iso3_matches [nvidia] (raw/test.csv:2): only countries have an iso3"
            ]
        );
        let duplicate = failures(|d| {
            let t = d
                .tables
                .iter_mut()
                .find(|t| t.spec.name == "figures")
                .unwrap();
            let mut row = t.rows[0].clone();
            row.origin.line = 7;
            t.rows.push(row);
        });
        assert_eq!(
            duplicate,
            [
                "figures: primary_key [source_id=s, figure_id=f] (raw/test.csv:7): the key source_id=s, figure_id=f appears twice, first at raw/test.csv:2; make it unique or remove the duplicate"
            ]
        );
        let emptied = |table: &'static str| {
            failures(move |d| {
                d.tables
                    .iter_mut()
                    .find(|t| t.spec.name == table)
                    .unwrap()
                    .rows
                    .clear()
            })
        };
        // No source need transcribe figures; a reference table must have rows.
        assert_eq!(emptied("figures"), Vec::<String>::new());
        assert!(
            emptied("countries").contains(
                &"countries: not_empty: the table has no rows; fill raw/reference/countries.csv"
                    .to_string()
            )
        );
    }

    #[test]
    fn every_failure_is_reported_not_only_the_first() {
        let all = failures(|d| {
            set(d, "figures", "unit", "dollars".into());
            set(d, "figures", "qualifier", "roughly".into());
            set(d, "entities", "entity_type", "firm".into());
        });
        assert_eq!(all.len(), 3, "{all:#?}");
    }

    /// A table of more rows than a part (50,000) is checked in parts over every core; its
    /// failures come out in row order, as one pass would list them.
    #[test]
    fn a_large_tables_failures_keep_the_rows_order() {
        let mut countries = Table::new(&crate::domains::reference::COUNTRIES);
        let spaced = [3, 49_999, 50_000, 100_000];
        for i in 0..100_001 {
            let name = if spaced.contains(&i) {
                " Xland"
            } else {
                "Xland"
            };
            let cells = vec![
                ("iso3", format!("X{i:06}").into()),
                ("iso2", "XX".into()),
                ("numeric", "999".into()),
                ("name_en", name.into()),
                ("name_fr", "Xlande".into()),
            ];
            countries
                .push(&origin(u64::try_from(i).unwrap() + 2), cells)
                .unwrap();
        }
        let Err(failures) = validate(Dataset {
            tables: vec![countries],
        }) else {
            panic!("the spaced names pass");
        };
        let keys: Vec<&str> = failures
            .iter()
            .filter(|f| f.check == "clean_text(name_en)")
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(keys, ["X000003", "X049999", "X050000", "X100000"]);
    }

    #[test]
    fn quotes_are_fifteen_words_at_most() {
        let long = "un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize";
        assert_eq!(
            failures(|d| set(d, "figures", "quote", long.into())),
            [
                "figures: quote_length [source_id=s, figure_id=f] (raw/test.csv:2): the quote has 16 words; keep it to 15 at most"
            ]
        );
    }

    #[test]
    fn a_warning_is_kept_with_the_validated_dataset_and_counted() {
        let mut d = dataset();
        let figures = d
            .tables
            .iter_mut()
            .find(|t| t.spec.name == "figures")
            .unwrap();
        let c = figures
            .spec
            .columns
            .iter()
            .position(|c| c.name == "quote")
            .unwrap();
        figures.rows[0].set(c, Value::Text("bondi".into()));
        let validated = validate(d).unwrap();
        let shown: Vec<String> = validated
            .warnings()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "warning: figures: quote_evidence [source_id=s, figure_id=f] (raw/test.csv:2): the quote has 1 word(s), too few to find it again in the article; quote at least 3 words"
            ]
        );
        let check = validated
            .checks()
            .iter()
            .find(|c| c.table == "figures" && c.check == "quote_evidence")
            .unwrap();
        assert_eq!((check.severity, check.failures), (Severity::Warn, 1));
    }

    #[test]
    fn ids_are_snake_case_or_an_iso3_code() {
        for id in [
            "nvidia",
            "gpt_4",
            "crypto_mining__energy_demand",
            "a__b__c",
            "x",
            "TWN",
            "a66d763d25cf13d9",
        ] {
            assert!(is_id(id), "{id}");
        }
        for id in [
            "Nvidia",
            "nvidia cofounders",
            "_x",
            "x_",
            "a___b",
            "a____b",
            "___",
            "a__b___",
            "Tw",
            "TWNX",
            "énergie",
            "",
        ] {
            assert!(!is_id(id), "{id}");
        }
        assert!(is_id_column("figure_id") && is_id_column("source_id_a"));
        assert!(!is_id_column("identity") && !is_id_column("paragraph"));
    }
}
