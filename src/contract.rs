//! The language of the output contract: how a table, a column, a vocabulary, a key and a row
//! rule are described, the citation columns every fact table shares, and the builders that keep
//! descriptions short. The tables themselves are described by their groups (`crate::domains`),
//! and that one description drives the Polars schema, the validation gate, the CSV and Parquet
//! writers, `datapackage.json`, the data dictionary and `petrochip tables`. Enumerated columns
//! carry the spellings an analyst may type, so the normaliser maps spellings to codes from the
//! same list the validator checks.

/// Bumped whenever a published name, type or meaning changes.
pub const CONTRACT_VERSION: &str = "3.0.0";

#[derive(Debug)]
pub struct TableSpec {
    pub name: &'static str,
    pub description: &'static str,
    /// The `raw/` sheet the rows come from, for the documentation.
    pub sheet: &'static str,
    /// A table derived from others that has no rows when there is nothing to derive.
    pub may_be_empty: bool,
    pub columns: &'static [ColumnSpec],
    pub primary_key: &'static [&'static str],
    pub foreign_keys: &'static [ForeignKey],
    /// Rules that involve several columns of one row.
    pub rules: &'static [RowRule],
}

#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub ty: ColumnType,
    pub description: &'static str,
    pub required: bool,
    /// Inclusive bounds for numeric columns.
    pub range: Option<(f64, f64)>,
    /// What a measured column's values count in, for the data dictionary and for showing them.
    pub unit: Option<Unit>,
    /// The columns of its row it is computed from (`period_start` from `period`): a row's
    /// summary on a record page shows those and leaves this one to the table's own pages.
    pub restates: &'static [&'static str],
}

/// The unit of a measured column: the same for every row, or named by another column of the
/// row (a figure's `value` is in its row's `unit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Fixed(&'static str),
    Column(&'static str),
}

#[derive(Debug, Clone, Copy)]
pub enum ColumnType {
    Text,
    Integer,
    Number,
    Boolean,
    Date,
    Enum(&'static [Choice]),
}

/// One allowed value of an enumerated column.
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    pub code: &'static str,
    pub description: &'static str,
    /// Other spellings accepted in `raw/` (matched case-insensitively).
    pub spellings: &'static [&'static str],
}

#[derive(Debug)]
pub struct ForeignKey {
    pub columns: &'static [&'static str],
    pub table: &'static str,
    pub references: &'static [&'static str],
}

/// One row as a rule reads it: typed cells by column name. The table module implements it, so
/// the contract describes rules without depending on how tables are stored.
pub trait Row {
    fn text(&self, column: &str) -> Option<&str>;
    fn int(&self, column: &str) -> Option<i64>;
    fn float(&self, column: &str) -> Option<f64>;
    fn bool(&self, column: &str) -> Option<bool>;
    fn date(&self, column: &str) -> Option<chrono::NaiveDate>;
}

/// A check across the columns of one row; returns a message when the row breaks it.
#[derive(Debug)]
pub struct RowRule {
    pub name: &'static str,
    pub description: &'static str,
    pub check: fn(&dyn Row) -> Option<String>,
}

impl ColumnType {
    pub fn name(&self) -> &'static str {
        match self {
            ColumnType::Text => "string",
            ColumnType::Integer => "integer",
            ColumnType::Number => "number",
            ColumnType::Boolean => "boolean",
            ColumnType::Date => "date",
            ColumnType::Enum(_) => "enum",
        }
    }

    pub fn choices(&self) -> &'static [Choice] {
        match self {
            ColumnType::Enum(choices) => choices,
            _ => &[],
        }
    }
}

impl TableSpec {
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    pub fn column(&self, name: &str) -> Option<&'static ColumnSpec> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Where the primary key's columns sit in a row.
    pub fn key_positions(&self) -> Vec<usize> {
        self.primary_key
            .iter()
            .filter_map(|k| self.column_index(k))
            .collect()
    }

    /// Whether its rows come from the sheets of source folders (`sheet` is under `sources/`).
    pub fn is_per_source(&self) -> bool {
        self.sheet.starts_with("sources/")
    }

    /// Fact tables cite the article: they carry `source_id`, `paragraph` and `quote`.
    pub fn is_fact(&self) -> bool {
        self.column_index("quote").is_some()
    }
}

/// Maps a spelling typed in `raw/` to its code: the code itself or one of its spellings.
pub fn choice_for(choices: &'static [Choice], typed: &str) -> Option<&'static Choice> {
    // Nearly every cell is a code or a spelling as listed: found without folding anything
    // (no spelling folds to two codes, so the first exact match is the folded match too).
    let exact = choices
        .iter()
        .find(|c| c.code == typed || c.spellings.contains(&typed));
    if exact.is_some() {
        return exact;
    }
    let key = petrochip_text::fold(typed);
    choices.iter().find(|c| {
        petrochip_text::fold(c.code) == key
            || c.spellings.iter().any(|s| petrochip_text::fold(s) == key)
    })
}

// ---------------------------------------------------------------------------------------------
// Column builders keep the table descriptions below short and uniform.

pub const fn col(name: &'static str, ty: ColumnType, description: &'static str) -> ColumnSpec {
    ColumnSpec {
        name,
        ty,
        description,
        required: true,
        range: None,
        unit: None,
        restates: &[],
    }
}

pub const fn text(name: &'static str, description: &'static str) -> ColumnSpec {
    col(name, ColumnType::Text, description)
}

pub const fn optional(mut column: ColumnSpec) -> ColumnSpec {
    column.required = false;
    column
}

pub const fn ranged(mut column: ColumnSpec, low: f64, high: f64) -> ColumnSpec {
    column.range = Some((low, high));
    column
}

pub const fn measured(mut column: ColumnSpec, unit: Unit) -> ColumnSpec {
    column.unit = Some(unit);
    column
}

pub const fn restating(mut column: ColumnSpec, of: &'static [&'static str]) -> ColumnSpec {
    column.restates = of;
    column
}

pub const fn choice(
    code: &'static str,
    description: &'static str,
    spellings: &'static [&'static str],
) -> Choice {
    Choice {
        code,
        description,
        spellings,
    }
}

pub const SOURCE_ID: ColumnSpec = text(
    "source_id",
    "The article the row comes from (sources.source_id).",
);
pub const PARAGRAPH: ColumnSpec = ranged(
    col(
        "paragraph",
        ColumnType::Integer,
        "1-based index of the article line the row comes from, counting only lines with visible text.",
    ),
    1.0,
    10_000.0,
);
pub const QUOTE: ColumnSpec = text(
    "quote",
    "Verbatim excerpt of that paragraph (15 words at most) that supports the row.",
);

pub const STATEMENT_ID: ColumnSpec = text(
    "statement_id",
    "The statement the row comes from: the same in every row of every table that one quote of one paragraph of one source supports (a hash of source_id, paragraph and quote, never of a label). Count distinct statement_id to count each statement once: one sentence listing three producers is three rows and one statement.",
);

pub const FK_SOURCE: ForeignKey = ForeignKey {
    columns: &["source_id"],
    table: "sources",
    references: &["source_id"],
};

pub const FK_ENTITY: ForeignKey = ForeignKey {
    columns: &["entity_id"],
    table: "entities",
    references: &["entity_id"],
};

pub const FK_COUNTRY: ForeignKey = ForeignKey {
    columns: &["country_iso3"],
    table: "countries",
    references: &["iso3"],
};

/// Every country a table names is also an entity (under its ISO code), so that it has its
/// names, its mentions and its description like any other entity.
pub const FK_COUNTRY_ENTITY: ForeignKey = ForeignKey {
    columns: &["country_iso3"],
    table: "entities",
    references: &["entity_id"],
};

// ---------------------------------------------------------------------------------------------
// Vocabularies every group uses.

pub const LANGUAGES: &[Choice] = &[
    choice("fr", "French", &["français", "francais", "french"]),
    choice("en", "English", &["anglais", "english"]),
    choice(
        "und",
        "No particular language (codes, acronyms, brand names)",
        &["aucune", "none"],
    ),
];

// ---------------------------------------------------------------------------------------------
// Row rules.

pub const fn rule(
    name: &'static str,
    description: &'static str,
    check: fn(&dyn Row) -> Option<String>,
) -> RowRule {
    RowRule {
        name,
        description,
        check,
    }
}
