//! What every sheet of a source shares: its citation (`Cited`), and the macro that declares a
//! source's sheet. The sheets themselves are declared by their groups (`crate::domains`).
//! Headers are English snake_case; cells are typed as the source writes them (names, numbers and
//! periods in its language), which normalise turns into data. A column whose name is plural
//! takes a list: "Nvidia et AMD", "gallium, indium".

/// A row that cites the article: its source, its paragraph and a short verbatim quote.
pub trait Cited {
    fn source_id(&self) -> &str;
    fn paragraph(&self) -> u32;
    fn quote(&self) -> &str;
    /// The source id and the quote, as the interned texts they were read as: the cells they
    /// become, without hashing them again.
    fn interned(&self) -> (crate::interned::Interned, crate::interned::Interned);
}

/// Declares a sheet of a source folder: its own columns, then `paragraph` and `quote`. The
/// row's `source_id` is not a column: ingest fills it from the folder the sheet is in.
macro_rules! fact_sheet {
    ($(#[$doc:meta])* $name:ident { $($(#[$meta:meta])* $field:ident : $ty:ty,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, serde::Deserialize)]
        pub struct $name {
            $($(#[$meta])* pub $field: $ty,)*
            #[serde(skip)]
            pub source_id: $crate::ingest::cells::Text,
            pub paragraph: $crate::ingest::cells::Whole,
            pub quote: $crate::ingest::cells::Quote,
        }

        impl $crate::ingest::FromSource for $name {
            fn set_source_id(&mut self, source_id: &str) {
                self.source_id = $crate::ingest::cells::Text(source_id.into());
            }
        }

        impl $crate::ingest::Cited for $name {
            fn source_id(&self) -> &str {
                self.source_id.as_str()
            }
            fn paragraph(&self) -> u32 {
                self.paragraph.0
            }
            fn quote(&self) -> &str {
                self.quote.0.as_str()
            }
            fn interned(&self) -> (crate::interned::Interned, crate::interned::Interned) {
                (self.source_id.0, self.quote.0)
            }
        }
    };
}

pub(crate) use fact_sheet;
