//! The `raw/` sheets, one struct each. Headers are English snake_case; cells are typed as the
//! article writes them (French names, numbers and periods), which normalise turns into data.
//! A column whose name is plural takes a list: "Nvidia et AMD", "gallium, indium".

use serde::Deserialize;

use super::FromSource;
use super::cells::{Quote, Text, Whole};

/// A row that cites the article: its source, its paragraph and a short verbatim quote.
pub trait Cited {
    fn source_id(&self) -> &str;
    fn paragraph(&self) -> u32;
    fn quote(&self) -> &str;
}

/// Declares a sheet of a source folder: its own columns, then `paragraph` and `quote`. The
/// row's `source_id` is not a column: ingest fills it from the folder the sheet is in.
macro_rules! fact_sheet {
    ($(#[$doc:meta])* $name:ident { $($(#[$meta:meta])* $field:ident : $ty:ty,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Deserialize)]
        pub struct $name {
            $($(#[$meta])* pub $field: $ty,)*
            #[serde(skip)]
            pub source_id: Text,
            pub paragraph: Whole,
            pub quote: Quote,
        }

        impl FromSource for $name {
            fn set_source_id(&mut self, source_id: &str) {
                self.source_id = Text(source_id.to_string());
            }
        }

        impl Cited for $name {
            fn source_id(&self) -> &str {
                self.source_id.as_str()
            }
            fn paragraph(&self) -> u32 {
                self.paragraph.0
            }
            fn quote(&self) -> &str {
                &self.quote.0
            }
        }
    };
}

/// `source.csv`: one row describing the source its folder holds.
#[derive(Debug, Clone, Deserialize)]
pub struct SourceRow {
    /// Must equal the folder's name; two folders can then never claim one source.
    pub source_id: Text,
    pub title: Text,
    /// The byline: the authors' names, in order (each a person entity).
    pub authors: Option<String>,
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
    pub places: Option<String>,
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

/// `entities.csv` is shared by every source, so each row names the source that describes it.
#[derive(Debug, Clone, Deserialize)]
pub struct EntityRow {
    pub entity_id: Text,
    pub entity_type: Text,
    pub name_fr: Text,
    pub name_en: Text,
    pub country: Option<String>,
    pub description: Text,
    /// The source that describes the entity, and where it names it (a publisher its own page
    /// never names has neither paragraph nor quote).
    pub source_id: Text,
    pub paragraph: Option<Whole>,
    pub quote: Option<Quote>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AliasRow {
    pub alias: Text,
    pub entity_id: Text,
    pub lang: Text,
    pub kind: Text,
}

fact_sheet!(ProducerRow {
    producers: Text,
    role: Text,
    segment: Text,
    description: Text,
});

fact_sheet!(InitiativeRow {
    initiative_id: Text,
    actor: Text,
    name: Text,
    instrument: Text,
    objective: Text,
    target: Option<String>,
});

fact_sheet!(MaterialRow {
    /// French name, English name or chemical symbol/formula, as the article writes it.
    material: Text,
    /// Names for a compound (elements take theirs from raw/reference/elements.csv).
    name_en: Option<String>,
    name_fr: Option<String>,
    category: Text,
    abundance: Option<String>,
    role: Text,
    supply_concern: Option<String>,
});

fact_sheet!(ByproductRow {
    materials: Text,
    hosts: Text,
});

fact_sheet!(MaterialSourceRow {
    materials: Text,
    countries: Text,
});

fact_sheet!(EnergyConcernRow {
    stage: Text,
    activities: Text,
    impacts: Text,
    description: Text,
});

fact_sheet!(MitigationRow {
    mitigation_id: Text,
    name_fr: Text,
    name_en: Text,
    description: Text,
});

fact_sheet!(CorporateUserRow {
    companies: Text,
    nationality: Text,
    user_group: Text,
});

fact_sheet!(FigureRow {
    figure_id: Text,
    subject: Text,
    metric: Text,
    /// Empty for a derived figure, which has a derivation instead.
    value: Option<String>,
    period: Option<String>,
    initiative_id: Option<String>,
    derivation: Option<String>,
    /// The analyst's remark: a conversion, a caveat, what part of a period is meant.
    note: Option<String>,
});

fact_sheet!(OilRegionRow {
    region_id: Text,
    name_fr: Text,
    name_en: Text,
    /// Empty when the region is itself a country or spans several.
    country: Option<String>,
    setting: Option<String>,
    wave: Whole,
    listed_order: Whole,
});

fact_sheet!(DatacentreFactorRow {
    rank: Text,
    name_fr: Text,
    name_en: Text,
    description: Text,
});

fact_sheet!(PositionRow {
    entities: Text,
    domain: Text,
    stance: Text,
});

/// `mentions.csv`: names a source writes, verbatim, and the paragraph they are in.
#[derive(Debug, Clone, Deserialize)]
pub struct MentionRow {
    pub name: Text,
    pub paragraph: Whole,
    #[serde(skip)]
    pub source_id: Text,
}

impl FromSource for MentionRow {
    fn set_source_id(&mut self, source_id: &str) {
        self.source_id = Text(source_id.to_string());
    }
}

/// `vocabularies/metrics.csv`: what a figure may measure, shared by every source.
#[derive(Debug, Clone, Deserialize)]
pub struct MetricRow {
    pub metric: Text,
    pub quantity_kind: Text,
    pub description: Text,
}

/// `reference/currencies.csv`: ISO 4217, generated (see raw/reference/README.md).
#[derive(Debug, Clone, Deserialize)]
pub struct CurrencyRow {
    pub code: Text,
    pub numeric: Text,
    pub name_en: Text,
    pub name_fr: Text,
}

/// `reference/exchange_rates.csv`: yearly average rates, typed from a named source.
#[derive(Debug, Clone, Deserialize)]
pub struct ExchangeRateRow {
    pub currency: Text,
    pub year: Whole,
    /// Kept as text so that a malformed rate is reported with its value, not as a type error.
    pub usd_per_unit: String,
    pub source: Text,
    pub url: Text,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CountryRow {
    pub alpha2: Text,
    pub alpha3: Text,
    pub numeric: Text,
    pub name_en: Text,
    pub name_fr: Text,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ElementRow {
    pub atomic_number: Whole,
    pub symbol: Text,
    pub name_en: Text,
    pub name_fr: Text,
}
