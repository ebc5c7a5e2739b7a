//! Stage 2: from what the analyst typed to tidy, typed tables.
//!
//! French numbers and periods go through their grammars, names through the gazetteer, spellings
//! of enumerated values through the contract's vocabularies, list cells become one row per item,
//! and implied figures are derived. Anything that cannot be read is an error quoting the cell;
//! nothing becomes a silent null.

pub mod spreadsheet;

/// The name index of `petrochip-text`, with each spelling remembering the sheet row that
/// declared it.
pub mod gazetteer {
    pub use petrochip_text::gazetteer::{Target, split_list};
    pub type Gazetteer = petrochip_text::gazetteer::Gazetteer<crate::table::Origin>;
}

use crate::interned::Interned;
use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::contract::{self, TableSpec};
use crate::ingest::Cited;
pub(crate) use crate::table::{AsTyped, Trace};
use crate::table::{Dataset, Origin, Row, Table, UnknownColumn, Value};
use gazetteer::Gazetteer;
use petrochip_text::number::NumberStyle;

#[derive(Debug, thiserror::Error)]
pub enum NormaliseError {
    #[error("{origin}: column \"{column}\": {message}")]
    Cell {
        origin: Origin,
        column: &'static str,
        message: String,
    },
    /// A row that names something whose own row failed: not checked, reported under its cause.
    #[error(
        "{origin}: column \"{column}\": \"{value}\" was not checked: it depends on {cause}, which failed; fix that row first"
    )]
    Depends {
        origin: Origin,
        column: &'static str,
        value: String,
        cause: Origin,
    },
    #[error(transparent)]
    Internal(#[from] UnknownColumn),
}

impl NormaliseError {
    /// A problem with one cell: what is wrong with it and how to fix it.
    pub(crate) fn cell(origin: &Origin, column: &'static str, message: impl Into<String>) -> Self {
        NormaliseError::Cell {
            origin: origin.clone(),
            column,
            message: message.into(),
        }
    }

    /// The row whose failure this one follows from, for a dependent problem.
    pub fn cause(&self) -> Option<&Origin> {
        match self {
            NormaliseError::Depends { cause, .. } => Some(cause),
            _ => None,
        }
    }

    /// The row the problem is on.
    pub fn origin(&self) -> Option<&Origin> {
        match self {
            NormaliseError::Cell { origin, .. } | NormaliseError::Depends { origin, .. } => {
                Some(origin)
            }
            NormaliseError::Internal(_) => None,
        }
    }
}

/// What failed upstream. One bad row in a shared sheet (an entity's type, a metric's kind, a
/// source's date) would otherwise give every row that uses it an unrelated error of its own; a
/// row that depends on a failed one says so instead, and the report counts it under its cause.
#[derive(Default)]
pub(crate) struct Upstream {
    /// The spellings of entities whose row failed.
    pub(crate) names: Gazetteer,
    /// (what, key) → the row that failed: ("entity", id) for rows that give an entity's id,
    /// ("name", id) for rows that type one of its names, ("metric", code), ("source_date", id).
    pub(crate) rows: FxHashMap<(&'static str, String), Origin>,
}

/// Turns typed sheets into typed tables: the state every group of tables shares while it
/// normalises (the gazetteer, the sources' dates and number styles, the metrics, the rates),
/// the tables built so far and the problems found. Each group adds its own methods in its
/// module (`crate::domains`).
#[derive(Default)]
pub struct Context {
    pub(crate) errors: Vec<NormaliseError>,
    /// entity_id → English name, for columns that repeat it.
    pub(crate) names: FxHashMap<String, String>,
    pub(crate) tables: FxHashMap<&'static str, Table>,
    /// Every name a source's row resolved: the row, the name as typed, the entity. Interned,
    /// as the mentions' cells they become: a corpus resolves hundreds of thousands of names.
    pub(crate) resolved: Vec<(Origin, Interned, Interned)>,
    /// The last row each sheet row of a source gave (its table and index), whose source,
    /// paragraph and quote place the names the sheet row resolved.
    pub(crate) cited: FxHashMap<Origin, (&'static str, u32)>,
    /// Whether the names are placed already (the mentions are made last): the rows pushed
    /// after that, the mentions themselves, have no names left to place.
    pub(crate) names_placed: bool,
    /// Every spelling of every entity and country (built by the entities group).
    pub(crate) gazetteer: std::rc::Rc<Gazetteer>,
    /// Source id → the day it was published, which "aujourd'hui" means in it.
    pub(crate) dates: Dates,
    /// Source id → how it writes numbers.
    pub(crate) styles: FxHashMap<String, NumberStyle>,
    /// Metric → its quantity kind.
    pub(crate) metric_kinds: FxHashMap<String, &'static str>,
    /// (currency, year) → US dollars per unit.
    pub(crate) rates: Rates,
    /// Vocabulary table → folded spelling → code.
    pub(crate) vocabularies: FxHashMap<&'static str, FxHashMap<String, String>>,
    /// Entity or country id → its folded spellings, built on first use by [`Context::quote_names`].
    pub(crate) spellings_of: Option<FxHashMap<String, Vec<String>>>,
    /// The rows that failed, for the rows that depend on them.
    pub(crate) upstream: Upstream,
}

impl Upstream {
    /// The problem of a cell that names `key` of kind `what`, typed `typed`, when that key's
    /// row failed: reported under its cause rather than on its own.
    pub(crate) fn depends(
        &self,
        (what, key): (&'static str, &str),
        origin: &Origin,
        column: &'static str,
        typed: &str,
    ) -> Option<NormaliseError> {
        let cause = self.rows.get(&(what, key.to_string()))?;
        Some(NormaliseError::Depends {
            origin: origin.clone(),
            column,
            value: typed.trim().to_string(),
            cause: cause.clone(),
        })
    }
}

impl Context {
    /// The tables, in `order`, each sorted by its key; or every problem the groups found.
    pub fn finish(self, order: &[&'static TableSpec]) -> Result<Dataset, Vec<NormaliseError>> {
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        let mut tables = self.tables;
        let mut ordered: Vec<Table> = order
            .iter()
            .map(|spec| tables.remove(spec.name).unwrap_or_else(|| Table::new(spec)))
            .collect();
        // Over every core: at 10,000 sources four tables hold 2 million rows between them.
        use rayon::prelude::*;
        ordered.par_iter_mut().for_each(Table::sort_by_key);
        Ok(Dataset { tables: ordered })
    }
}

pub(crate) type Cells = Vec<(&'static str, Value)>;
/// Source id → the day it was published.
pub(crate) type Dates = FxHashMap<String, NaiveDate>;
/// (currency, year) → US dollars per unit of that currency.
pub(crate) type Rates = FxHashMap<(String, i32), f64>;
/// Source id → the authors its source.csv lists, each with the row that lists it.
pub(crate) type Bylines = FxHashMap<String, Vec<(Origin, String)>>;

/// The citation columns of a fact row: its statement, source, paragraph and quote.
pub(crate) fn cite(row: &impl Cited) -> Cells {
    let (source_id, quote) = row.interned();
    vec![
        (
            "statement_id",
            statement_id(&source_id, row.paragraph(), &quote).into(),
        ),
        ("source_id", source_id.into()),
        ("paragraph", i64::from(row.paragraph()).into()),
        ("quote", quote.into()),
    ]
}

/// The id of a statement: the first 16 hex digits of the SHA-256 of its source, paragraph and
/// quote (NUL-separated), so that it joins across tables, survives reordering the sheets and
/// never depends on a label.
pub fn statement_id(source_id: &str, paragraph: u32, quote: &str) -> String {
    use sha2::{Digest, Sha256};
    // Hashed in parts, as one buffer would be: a million rows each hash one.
    let digest = Sha256::new()
        .chain_update(source_id)
        .chain_update([0])
        .chain_update(paragraph.to_string())
        .chain_update([0])
        .chain_update(quote)
        .finalize();
    crate::manifest::hex(&digest[..8])
}

/// The published `column` was read from the sheet's `sheet_column`, typed as `text`.
pub(crate) fn typed(column: &'static str, sheet_column: &'static str, text: &str) -> AsTyped {
    AsTyped {
        column,
        sheet_column,
        text: text.to_string(),
    }
}

pub(crate) fn with_cite(mut cells: Cells, row: &impl Cited) -> Cells {
    cells.extend(cite(row));
    cells
}

impl Context {
    pub(crate) fn fail(
        &mut self,
        origin: &Origin,
        column: &'static str,
        message: impl Into<String>,
    ) {
        self.errors
            .push(NormaliseError::cell(origin, column, message));
    }

    /// Records that the row at `cause`, which defines `key` of kind `what`, failed.
    pub(crate) fn broke(&mut self, what: &'static str, key: &str, cause: &Origin) {
        self.upstream
            .rows
            .entry((what, key.to_string()))
            .or_insert_with(|| cause.clone());
    }

    /// Whether `key` of kind `what` failed upstream; if so, records this cell as depending on
    /// it instead of failing on its own.
    pub(crate) fn depends_on(
        &mut self,
        (what, key): (&'static str, &str),
        origin: &Origin,
        column: &'static str,
        typed: &str,
    ) -> bool {
        let Some(depends) = self.upstream.depends((what, key), origin, column, typed) else {
            return false;
        };
        self.errors.push(depends);
        true
    }

    /// A name that did not resolve: a dependent problem when it names an entity whose row
    /// failed, else `message`.
    pub(crate) fn unknown_name(
        &mut self,
        origin: &Origin,
        column: &'static str,
        name: &str,
        message: String,
    ) {
        let broken = self.upstream.names.entity_id(name).map(str::to_string);
        if let Some(id) = broken
            && self.depends_on(("name", &id), origin, column, name)
        {
            return;
        }
        self.fail(origin, column, message);
    }

    pub(crate) fn push(&mut self, spec: &'static TableSpec, origin: &Origin, cells: Cells) {
        self.push_traced(spec, origin, cells, Trace::default());
    }

    /// [`Context::push`], with the cells typed in another column or form and the rows the
    /// row was computed from, so that validation names what the analyst typed.
    pub(crate) fn push_traced(
        &mut self,
        spec: &'static TableSpec,
        origin: &Origin,
        cells: Cells,
        trace: Trace,
    ) {
        self.push_row(spec, Row::new(spec, origin, cells, trace));
    }

    /// [`Context::push`] of a row already made (on another thread, say) by [`Row::new`].
    pub(crate) fn push_row(&mut self, spec: &'static TableSpec, row: Result<Row, UnknownColumn>) {
        let table = self
            .tables
            .entry(spec.name)
            .or_insert_with(|| Table::new(spec));
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                self.errors.push(e.into());
                return;
            }
        };
        // Names in a source's rows are mentions in the paragraph the row cites, where its quote
        // names them; a source's own metadata cites its dateline, which does not name its
        // publisher. A row citing no paragraph (a comparison, made from two figures' rows)
        // leaves the sheet row's place to the row that does.
        // Cheapest tests first: every pushed row passes here.
        let cited = !self.names_placed
            && spec.sheet.starts_with("sources/")
            && spec.name != "sources"
            && spec.column_index(contract::PARAGRAPH.name).is_some()
            && spec.column_index(contract::SOURCE_ID.name).is_some();
        let origin = cited.then(|| row.origin.clone());
        table.push_row(row);
        if let Some(origin) = origin {
            let index = u32::try_from(table.rows.len() - 1).unwrap_or(u32::MAX);
            self.cited.insert(origin, (spec.name, index));
        }
    }

    /// The code of an enumerated column for what the analyst typed.
    pub(crate) fn code(
        &mut self,
        spec: &'static TableSpec,
        column: &'static str,
        typed: &str,
        origin: &Origin,
    ) -> Value {
        let choices = spec.column(column).map_or(&[][..], |c| c.ty.choices());
        match contract::choice_for(choices, typed) {
            Some(choice) => choice.code.into(),
            None => {
                let accepted: Vec<String> = choices
                    .iter()
                    .map(|c| {
                        if c.spellings.is_empty() {
                            c.code.to_string()
                        } else {
                            format!("{} ({})", c.code, c.spellings.join(", "))
                        }
                    })
                    .collect();
                // A code with more after it ("fr-FR", "en_GB"): the code is what to type.
                let hint = typed
                    .split(['-', '_', ' '])
                    .next()
                    .filter(|head| head.len() < typed.len())
                    .and_then(|head| contract::choice_for(choices, head))
                    .map(|c| format!("did you mean {}? ", c.code))
                    .unwrap_or_default();
                self.fail(
                    origin,
                    column,
                    format!(
                        "\"{typed}\" is not an accepted {column}; {hint}use one of: {}",
                        accepted.join("; ")
                    ),
                );
                Value::Null
            }
        }
    }

    pub(crate) fn optional_code(
        &mut self,
        spec: &'static TableSpec,
        column: &'static str,
        typed: Option<&str>,
        origin: &Origin,
    ) -> Value {
        typed.map_or(Value::Null, |t| self.code(spec, column, t, origin))
    }

    pub(crate) fn entity(
        &mut self,
        g: &Gazetteer,
        name: &str,
        origin: &Origin,
        column: &'static str,
    ) -> Option<String> {
        self.entity_found(g.entity(name), name, origin, column)
            .map(|id| id.to_string())
    }

    /// [`Context::entity`] of a name already looked up (on another thread, say).
    pub(crate) fn entity_found(
        &mut self,
        found: Result<impl Into<Interned>, String>,
        name: &str,
        origin: &Origin,
        column: &'static str,
    ) -> Option<Interned> {
        match found {
            Ok(id) => {
                let id = id.into();
                self.resolved.push((origin.clone(), name.trim().into(), id));
                Some(id)
            }
            Err(message) => {
                self.unknown_name(origin, column, name, message);
                None
            }
        }
    }

    pub(crate) fn country(
        &mut self,
        g: &Gazetteer,
        name: &str,
        origin: &Origin,
        column: &'static str,
    ) -> Option<String> {
        match g.country(name) {
            Ok(iso3) => {
                if g.is_entity(iso3) {
                    self.resolved
                        .push((origin.clone(), name.trim().into(), iso3.into()));
                }
                Some(iso3.to_string())
            }
            Err(message) => {
                self.unknown_name(origin, column, name, message);
                None
            }
        }
    }
}

impl Context {
    /// The folded spellings of an entity or country.
    pub(crate) fn spellings_of(&mut self, id: &str) -> Vec<String> {
        let gazetteer = self.gazetteer.clone();
        let map = self.spellings_of.get_or_insert_with(|| {
            let mut map: FxHashMap<String, Vec<String>> = FxHashMap::default();
            for (key, target) in gazetteer.spellings() {
                let (petrochip_text::gazetteer::Target::Entity(id)
                | petrochip_text::gazetteer::Target::Country(id)) = target;
                map.entry(id.clone()).or_default().push(key.to_string());
            }
            map
        });
        map.get(id).cloned().unwrap_or_default()
    }

    /// A quote is evidence of its row: it must name what the row names. Fails the row when no
    /// spelling of `id` (folded like names: case and apostrophes, not accents) occurs in the
    /// quote as whole words.
    pub(crate) fn quote_names(
        &mut self,
        origin: &Origin,
        column: &'static str,
        quote: &str,
        (typed, id): (&str, &str),
        spellings: &[String],
    ) {
        let folded = petrochip_text::fold(quote);
        if spellings.iter().any(|s| contains_words(&folded, s)) {
            return;
        }
        self.fail(
            origin,
            column,
            format!(
                "the quote does not name \"{}\" ({id}): a quote must state its row; quote the words that name it, or cite the paragraph where the source does",
                typed.trim()
            ),
        );
    }
}

impl Context {
    /// Resolves each name of a list cell to an entity (or, with `countries`, to a country) and
    /// checks that the quote names it ([`Context::quote_names`]): the ids that resolved, in
    /// order. A name that does not resolve is reported once, by the resolver.
    pub(crate) fn named_in_quote(
        &mut self,
        g: &Gazetteer,
        (origin, quote): (&Origin, &str),
        column: &'static str,
        cell: &str,
        countries: bool,
    ) -> Vec<String> {
        let mut ids = Vec::new();
        for name in gazetteer::split_list(cell) {
            let resolved = if countries {
                self.country(g, &name, origin, column)
            } else {
                self.entity(g, &name, origin, column)
            };
            let Some(id) = resolved else { continue };
            let spellings = self.spellings_of(&id);
            self.quote_names(origin, column, quote, (&name, &id), &spellings);
            ids.push(id);
        }
        ids
    }
}

/// Whether `quote` names `name` as written: folded like names (case and apostrophes, not
/// accents), as whole words.
pub(crate) fn names(quote: &str, name: &str) -> bool {
    contains_words(
        &petrochip_text::fold(quote),
        &petrochip_text::fold(name.trim()),
    )
}

/// Whether `needle` occurs in `haystack` with no letter or digit glued to either end.
fn contains_words(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let glued = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        !glued(before) && !glued(after)
    })
}

/// The `&'static str` code of a value produced by [`Context::code`].
pub(crate) fn static_code(
    value: &Value,
    choices: &'static [contract::Choice],
) -> Option<&'static str> {
    match value {
        Value::Text(code) => choices.iter().find(|c| c.code == code).map(|c| c.code),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_id_is_the_hash_of_source_paragraph_and_quote() {
        // Computed apart: sha256(b"muller_park_2024\0" b"25\0" quote)[:16], with Python's hashlib.
        assert_eq!(
            statement_id(
                "muller_park_2024",
                25,
                "Les ventes de la société ont bondi de 265%"
            ),
            "a66d763d25cf13d9"
        );
        let id = |p, q| statement_id("s", p, q);
        // The paragraph's digits as written in decimal, from 0 to u32's largest (same tool).
        assert_eq!(id(0, "un extrait"), "da77e9bde7abfa75");
        assert_eq!(id(100, "un extrait"), "baf3b3fbf460db62");
        assert_eq!(id(u32::MAX, "un extrait"), "7a5e3cadf628240e");
        assert_eq!(id(1, "un extrait"), id(1, "un extrait"));
        assert_ne!(id(1, "un extrait"), id(2, "un extrait"));
        assert_ne!(id(1, "un extrait"), id(1, "un autre extrait"));
    }

    #[test]
    fn a_quote_names_a_spelling_only_as_whole_words() {
        assert!(contains_words("le gallium et l'indium", "gallium"));
        assert!(contains_words("le gallium et l'indium", "indium"));
        assert!(contains_words("la chine, l'australie", "australie"));
        assert!(!contains_words("galliumarsenide", "gallium"));
        assert!(!contains_words("les chinois", "chine"));
        assert!(!contains_words("anything", ""));
    }
}

/// Helpers for the groups' normaliser tests: sheets from CSV text written in the test, the
/// rows a normaliser published and the problems it found, as people read them.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::ingest::{FromSource, Sheet, read_sheet_bytes};
    use petrochip_text::gazetteer::Target;

    /// A shared sheet read from `csv`, as the reader reads `file`.
    pub(crate) fn sheet<T: serde::de::DeserializeOwned>(file: &str, csv: &str) -> Sheet<T> {
        let records = read_sheet_bytes(file, csv.as_bytes())
            .unwrap_or_else(|e| panic!("the test's sheet reads: {e:?}"));
        Sheet {
            files: Vec::new(),
            records,
        }
    }

    /// A source's sheet read from `csv`, its rows told their source.
    pub(crate) fn source_sheet<T: serde::de::DeserializeOwned + FromSource>(
        source: &str,
        file: &str,
        csv: &str,
    ) -> Sheet<T> {
        let mut sheet = sheet::<T>(file, csv);
        for record in &mut sheet.records {
            record.row.set_source_id(source);
        }
        sheet
    }

    /// Each row of `table`, in the order pushed: its `columns` as the CSV prints them.
    pub(crate) fn rows(cx: &Context, table: &str, columns: &[&str]) -> Vec<Vec<String>> {
        let Some(table) = cx.tables.get(table) else {
            return Vec::new();
        };
        table
            .rows
            .iter()
            .map(|row| {
                let view = table.view(row);
                columns
                    .iter()
                    .map(|c| view.get(c).map(|v| v.to_string()).unwrap_or_default())
                    .collect()
            })
            .collect()
    }

    /// Every problem found, as the report prints it.
    pub(crate) fn errors(cx: &Context) -> Vec<String> {
        cx.errors.iter().map(ToString::to_string).collect()
    }

    /// A gazetteer of (id, type, spelling): a country's id is its ISO alpha-3 code.
    pub(crate) fn gazetteer(names: &[(&str, &str, &str)]) -> Gazetteer {
        let origin = Origin {
            file: "raw/entities.csv".into(),
            line: 2,
        };
        let mut g = Gazetteer::default();
        for (id, kind, spelling) in names {
            g.declare_entity(id, kind);
            g.add(
                spelling,
                Target::Entity(id.to_string()),
                "fr",
                "name",
                &origin,
            )
            .unwrap_or_else(|e| panic!("the test's names clash: {e:?}"));
        }
        g
    }
}
