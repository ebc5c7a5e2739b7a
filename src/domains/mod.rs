//! The groups of tables, each one module that owns its knowledge: the sheets it reads, the
//! tables it publishes (columns, vocabularies, keys, rules) and how it turns one into the other.
//! [`registry!`] lists them once, in dependency order; the generic engines (ingest, normalise,
//! validate, ground, publish, docs, site) walk that list and know no table by name.
//!
//! Adding a table is one module and one line here (see `mentions`, which added
//! `entity_mentions`).

use std::sync::LazyLock;

use crate::contract::TableSpec;
use crate::ingest::{Reader, SourceFolder};
use crate::normalise::Context;

pub mod energy;
pub mod entities;
pub mod figures;
pub mod geopolitics;
pub mod initiatives;
pub mod materials;
pub mod mentions;
pub mod metrics;
pub mod paragraphs;
pub mod producers;
pub mod reference;
pub mod sources;
pub mod statements;
pub mod users;
pub mod vocabularies;

/// A group of tables: its sheets, read once; its tables, built in [`Group::normalise`] from
/// its sheets, the sheets of the groups registered before it, and what they left in the
/// [`Context`].
pub trait Group: Sized {
    /// Its tables, in publication order.
    const TABLES: &'static [&'static TableSpec];
    /// What it adds to the data-docs site beyond one page per table (see [`crate::site`]).
    const SITE: &'static [crate::site::Section] = &[];
    /// Reads its sheets; problems go to the reader, which reports them all at the end.
    fn read(reader: &mut Reader) -> Self;
    /// Every file read, with its rows, for the manifest.
    fn files(&self) -> Vec<&[crate::ingest::SheetFile]>;
    /// Its rows, as rows of its tables.
    fn normalise(&self, raw: &RawSheets, cx: &mut Context);
    /// Drops, once its tables are made, the sheets no later group or stage reads: a corpus's
    /// figures and mentions are hundreds of thousands of rows, held beside the tables made
    /// from them otherwise. Keeps everything unless a group says so.
    fn release(&mut self) {}
    /// What it computes from its own tables alone, once its sheets are released: the figures'
    /// comparisons are as large as the figures, and are not built beside their sheets.
    fn derive(&self, cx: &mut Context) {
        let _ = cx;
    }
    /// How the analyst types the columns of its sheets whose cell is not the published value
    /// (a figure as the source writes it, a period in words), for `petrochip sheets`; other
    /// columns are documented by the published column they feed.
    const TYPED: &'static [Typed] = &[];
}

/// One column of a sheet as the analyst types it: (sheet as in `SheetLayout::path`, column,
/// what to type).
pub type Typed = (&'static str, &'static str, &'static str);

/// Declares the registry: one line per group, in the order the groups depend on each other.
macro_rules! registry {
    ($($group:ident),* $(,)?) => {
        /// Everything an analyst transcribed, typed: one field per group of tables.
        #[derive(Debug, Clone)]
        pub struct RawSheets {
            /// The source folders read, in name order.
            pub source_folders: Vec<SourceFolder>,
            $(pub $group: $group::Sheets,)*
        }

        impl RawSheets {
            /// Reads every group's sheets; fails with every problem of every sheet.
            pub fn read(raw: &std::path::Path) -> Result<RawSheets, Vec<crate::ingest::IngestError>> {
                let start = std::time::Instant::now();
                let mut reader = Reader::open(raw)?;
                tracing::debug!(ms = crate::ms_since(start), "source folders listed");
                // Each group's sheets are read on a fork of the reader, the groups side by side
                // (no group's reading needs another's sheets), and the forks merged back in
                // registry order, so problems are reported as one reader would.
                let start = std::time::Instant::now();
                $(let mut $group = None;)*
                rayon::scope(|scope| {
                    let reader = &reader;
                    $(
                        let read = &mut $group;
                        scope.spawn(move |_| {
                            let mut fork = reader.fork();
                            let sheets = <$group::Sheets as Group>::read(&mut fork);
                            *read = Some((sheets, fork));
                        });
                    )*
                });
                $(
                    let (sheets, fork) = $group.expect("the scope reads every group");
                    reader.merge(fork);
                    let $group = sheets;
                )*
                tracing::debug!(ms = crate::ms_since(start), "groups read");
                let start = std::time::Instant::now();
                let source_folders = reader.finish()?;
                tracing::debug!(ms = crate::ms_since(start), "sheets checked");
                Ok(RawSheets { source_folders, $($group,)* })
            }

            /// Every sheet the groups read, with its header, in registry order.
            pub fn layout() -> Vec<crate::ingest::SheetLayout> {
                let mut reader = Reader::describing();
                $(let _ = <$group::Sheets as Group>::read(&mut reader);)*
                reader.layout().to_vec()
            }

            /// Every group's notes on how its columns are typed.
            pub fn typed() -> Vec<Typed> {
                let mut typed = Vec::new();
                $(typed.extend_from_slice(<$group::Sheets as Group>::TYPED);)*
                typed
            }

            /// Every sheet read: its path as shown in messages, its rows and the hash of the
            /// bytes that were parsed.
            pub fn files(&self) -> Vec<&crate::ingest::SheetFile> {
                let mut files = Vec::new();
                $(for list in Group::files(&self.$group) {
                    files.extend(list.iter());
                })*
                files
            }

            /// Every group's tables, group after group, each group's sheets released
            /// ([`Group::release`]) once its tables are made, before what it derives from them
            /// ([`Group::derive`]).
            pub fn normalise(&mut self, cx: &mut Context) {
                $(
                    let start = std::time::Instant::now();
                    Group::normalise(&self.$group, self, cx);
                    Group::release(&mut self.$group);
                    Group::derive(&self.$group, cx);
                    // `petrochip -vv run` times each group, for finding where normalising goes.
                    tracing::debug!(
                        group = stringify!($group),
                        ms = crate::ms_since(start),
                        "normalised"
                    );
                )*
            }

            /// What grounding reads after normalising (the source folders and their metadata
            /// sheet); the other sheets are dropped, so their rows are not held beside the
            /// tables made from them through validating and publishing.
            pub fn into_sources(self) -> (Vec<SourceFolder>, sources::Sheets) {
                (self.source_folders, self.sources)
            }
        }

        /// Every group's site sections, in registry order.
        pub fn site_sections() -> Vec<&'static crate::site::Section> {
            let mut sections = Vec::new();
            $(sections.extend(<$group::Sheets as Group>::SITE.iter());)*
            sections
        }

        static TABLES: LazyLock<Vec<&'static TableSpec>> = LazyLock::new(|| {
            let mut tables = Vec::new();
            $(tables.extend(<$group::Sheets as Group>::TABLES.iter().copied());)*
            tables
        });
    };
}

registry! {
    reference,
    entities,
    metrics,
    vocabularies,
    sources,
    producers,
    initiatives,
    materials,
    energy,
    users,
    figures,
    geopolitics,
    statements,
    paragraphs,
    mentions,
}

/// Every table, in the registry's order.
pub fn tables() -> &'static [&'static TableSpec] {
    &TABLES
}

/// The table called `name`.
pub fn table(name: &str) -> Option<&'static TableSpec> {
    tables().iter().copied().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_snake_case_and_unique() {
        let mut seen = HashSet::new();
        for table in tables() {
            assert!(seen.insert(table.name), "table {} twice", table.name);
            let mut columns = HashSet::new();
            for column in table.columns {
                assert!(
                    columns.insert(column.name),
                    "{}.{} twice",
                    table.name,
                    column.name
                );
                assert!(
                    column
                        .name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{}.{} is not snake_case",
                    table.name,
                    column.name
                );
            }
        }
    }

    #[test]
    fn keys_name_real_columns_and_tables() {
        for table in tables() {
            for key in table.primary_key {
                let column = table.column(key).expect("primary key column exists");
                assert!(
                    column.required,
                    "{}.{} is a key, so it is required",
                    table.name, key
                );
            }
            for fk in table.foreign_keys {
                let target = super::table(fk.table).expect("referenced table exists");
                assert_eq!(fk.columns.len(), fk.references.len());
                for (column, reference) in fk.columns.iter().zip(fk.references) {
                    assert!(table.column(column).is_some(), "{}.{}", table.name, column);
                    let referenced = target.column(reference);
                    assert!(referenced.is_some(), "{}.{}", fk.table, reference);
                    // Keys are matched by typed value, so both sides must have one type.
                    assert_eq!(
                        table.column(column).map(|c| c.ty.name()),
                        referenced.map(|c| c.ty.name()),
                        "{}.{} → {}.{}",
                        table.name,
                        column,
                        fk.table,
                        reference
                    );
                }
                assert_eq!(
                    target.primary_key, fk.references,
                    "{} → {}",
                    table.name, fk.table
                );
            }
        }
    }

    /// A summary drops a column for those it restates, so they must be there to be shown:
    /// real columns of its table that restate nothing themselves, and never a key.
    #[test]
    fn a_column_restates_real_columns_that_restate_nothing() {
        let mut restating = 0;
        for table in tables() {
            for column in table.columns.iter().filter(|c| !c.restates.is_empty()) {
                restating += 1;
                assert!(
                    !table.primary_key.contains(&column.name),
                    "{}.{}",
                    table.name,
                    column.name
                );
                for of in column.restates {
                    let restated = table.column(of);
                    assert!(
                        restated.is_some_and(|r| r.restates.is_empty() && r.name != column.name),
                        "{}.{} restates {of}",
                        table.name,
                        column.name
                    );
                }
            }
        }
        // figures: currency, value_usd, usd_rate_year, value_low, value_high and six of the
        // period; figure_agreement: low, high; figure_comparisons: low and high of a and b.
        assert_eq!(restating, 12 + 2 + 4);
    }

    #[test]
    fn spellings_never_map_to_two_codes() {
        for table in tables() {
            for column in table.columns {
                let mut seen = std::collections::HashMap::new();
                for choice in column.ty.choices() {
                    for spelling in std::iter::once(&choice.code).chain(choice.spellings) {
                        let key = petrochip_text::fold(spelling);
                        if let Some(other) = seen.insert(key, choice.code) {
                            assert_eq!(
                                other, choice.code,
                                "{}.{}: {spelling}",
                                table.name, column.name
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn every_sheet_type_lists_its_columns() {
        assert_eq!(
            crate::ingest::field_names::<figures::FigureRow>(),
            &[
                "figure_id",
                "subject",
                "metric",
                "value",
                "period",
                "initiative_id",
                "derivation",
                "quote_support",
                "note",
                "paragraph",
                "quote"
            ]
        );
        assert_eq!(
            crate::ingest::field_names::<reference::CountryRow>(),
            &["alpha2", "alpha3", "numeric", "name_en", "name_fr"]
        );
    }

    #[test]
    fn sheets_that_are_not_plain_files_inside_raw_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let raw = dir.path().join("raw");
        let source = raw.join("sources/s1");
        std::fs::create_dir_all(source.join("source.csv")).unwrap();
        std::fs::write(source.join("Authors.csv"), "x\n").unwrap();
        std::fs::write(dir.path().join("entities.csv"), "x\n").unwrap();
        std::os::unix::fs::symlink("../entities.csv", raw.join("entities.csv")).unwrap();
        std::os::unix::fs::symlink("old.csv", raw.join("aliases.csv")).unwrap();
        let errors = RawSheets::read(&raw).unwrap_err();
        let shown: Vec<String> = errors
            .iter()
            .map(|e| e.to_string().replace(&raw.display().to_string(), "raw"))
            .collect();
        assert_eq!(
            shown,
            [
                "raw/reference/countries.csv: the sheet is missing; every sheet in README.md's list is required",
                "raw/reference/currencies.csv: the sheet is missing; every sheet in README.md's list is required",
                "raw/reference/exchange_rates.csv: the sheet is missing; every sheet in README.md's list is required",
                "raw/reference/elements.csv: the sheet is missing; every sheet in README.md's list is required",
                "raw/entities.csv: is a symbolic link to ../entities.csv, outside the raw folder; copy the file in instead",
                "raw/aliases.csv: is a symbolic link to old.csv, which does not exist; copy the sheet in instead",
                "raw/vocabularies/metrics.csv: the sheet is missing; every sheet in README.md's list is required",
                "raw/vocabularies/instruments.csv: the sheet is missing; every sheet in README.md's list is required",
                "raw/vocabularies/activities.csv: the sheet is missing; every sheet in README.md's list is required",
                "raw/vocabularies/relations.csv: the sheet is missing; every sheet in README.md's list is required",
                "raw/sources/s1/source.csv: is a folder, not a sheet; put the CSV file itself here",
                "raw/sources/s1/authors.csv: the sheet is missing, but there is raw/sources/s1/Authors.csv; names are case-sensitive, so rename it",
                "raw/reference/fiscal_periods.csv: the sheet is missing; every sheet in README.md's list is required",
            ]
        );
    }

    /// The grammar's enumerations and the contract's vocabularies are written twice (the
    /// contract's are `const` data with descriptions and spellings); this keeps them equal.
    #[test]
    fn vocabularies_the_grammar_reads_are_the_contracts() {
        let codes = |choices: &[crate::contract::Choice]| -> Vec<&'static str> {
            choices.iter().map(|c| c.code).collect()
        };
        use petrochip_text::{NumberStyle, PeriodKind, Qualifier, QuantityKind};
        assert_eq!(
            codes(figures::QUALIFIERS),
            Qualifier::ALL.map(Qualifier::code)
        );
        assert_eq!(
            codes(figures::PERIOD_KINDS),
            PeriodKind::ALL.map(PeriodKind::code)
        );
        assert_eq!(
            codes(metrics::QUANTITY_KINDS),
            QuantityKind::ALL.map(QuantityKind::code)
        );
        assert_eq!(
            codes(sources::NUMBER_STYLES),
            NumberStyle::ALL.map(NumberStyle::code)
        );
    }
}
