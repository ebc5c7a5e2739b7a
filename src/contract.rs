//! The output contract: every published table, described once.
//!
//! This description is the single source for the Polars schema, the validation gate, the CSV and
//! Parquet writers, `datapackage.json`, the data dictionary and `petrochip tables`. Enumerated
//! columns also carry the French (and English) spellings an analyst may type in `raw/`, so the
//! normaliser maps spellings to codes from the same list the validator checks.

/// Bumped whenever a published name, type or meaning changes.
pub const CONTRACT_VERSION: &str = "2.0.0";

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

    /// Fact tables cite the article: they carry `source_id`, `paragraph` and `quote`.
    pub fn is_fact(&self) -> bool {
        self.column_index("quote").is_some()
    }
}

/// Every table, in publication order.
pub fn tables() -> &'static [&'static TableSpec] {
    TABLES
}

pub fn table(name: &str) -> Option<&'static TableSpec> {
    TABLES.iter().copied().find(|t| t.name == name)
}

/// Maps a spelling typed in `raw/` to its code: the code itself or one of its spellings.
pub fn choice_for(choices: &'static [Choice], typed: &str) -> Option<&'static Choice> {
    let key = petrochip_text::fold(typed);
    choices.iter().find(|c| {
        petrochip_text::fold(c.code) == key
            || c.spellings.iter().any(|s| petrochip_text::fold(s) == key)
    })
}

// ---------------------------------------------------------------------------------------------
// Column builders keep the table descriptions below short and uniform.

const fn col(name: &'static str, ty: ColumnType, description: &'static str) -> ColumnSpec {
    ColumnSpec {
        name,
        ty,
        description,
        required: true,
        range: None,
    }
}

const fn text(name: &'static str, description: &'static str) -> ColumnSpec {
    col(name, ColumnType::Text, description)
}

const fn optional(mut column: ColumnSpec) -> ColumnSpec {
    column.required = false;
    column
}

const fn ranged(mut column: ColumnSpec, low: f64, high: f64) -> ColumnSpec {
    column.range = Some((low, high));
    column
}

const fn choice(
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

const SOURCE_ID: ColumnSpec = text(
    "source_id",
    "The article the row comes from (sources.source_id).",
);
const PARAGRAPH: ColumnSpec = ranged(
    col(
        "paragraph",
        ColumnType::Integer,
        "1-based index of the article line the row comes from, counting only lines with visible text.",
    ),
    1.0,
    10_000.0,
);
const QUOTE: ColumnSpec = text(
    "quote",
    "Verbatim excerpt of that paragraph (15 words at most) that supports the row.",
);

const FK_SOURCE: ForeignKey = ForeignKey {
    columns: &["source_id"],
    table: "sources",
    references: &["source_id"],
};

const FK_ENTITY: ForeignKey = ForeignKey {
    columns: &["entity_id"],
    table: "entities",
    references: &["entity_id"],
};

const FK_COUNTRY: ForeignKey = ForeignKey {
    columns: &["country_iso3"],
    table: "countries",
    references: &["iso3"],
};

// ---------------------------------------------------------------------------------------------
// Vocabularies.

pub const LANGUAGES: &[Choice] = &[
    choice("fr", "French", &["français", "francais", "french"]),
    choice("en", "English", &["anglais", "english"]),
    choice(
        "und",
        "No particular language (codes, acronyms, brand names)",
        &["aucune", "none"],
    ),
];

pub const DATE_PRECISIONS: &[Choice] = &[
    choice("day", "The day is known", &[]),
    choice("month", "Only the month is known", &[]),
    choice("year", "Only the year is known", &[]),
    choice("unknown", "The source gives no date", &[]),
];

pub const NUMBER_STYLES: &[Choice] = &[
    choice(
        "fr",
        "French: decimal comma, thousands grouped by spaces; refuses 1.000 and billion as ambiguous",
        &["français", "francais"],
    ),
    choice(
        "fr_dot",
        "French with dots between thousands (Belgian, AFP): 1.000 milliards",
        &[],
    ),
    choice(
        "en",
        "English: decimal point, comma thousands, billion = 10^9",
        &["english", "anglais"],
    ),
];

pub const ENTITY_TYPES: &[Choice] = &[
    choice(
        "country",
        "A country; its entity_id is its ISO 3166-1 alpha-3 code",
        &["pays"],
    ),
    choice(
        "supranational_union",
        "A union of states, such as the European Union",
        &["union"],
    ),
    choice(
        "region",
        "A geographic or economic region that is not a country",
        &["région", "zone"],
    ),
    choice("city", "A city", &["ville"]),
    choice("company", "A company", &["entreprise", "société"]),
    choice(
        "organisation",
        "A non-company organisation, blog or publisher",
        &["organisme"],
    ),
    choice("person", "A person", &["personne"]),
    choice(
        "product",
        "A product, software or technology",
        &["produit", "technologie"],
    ),
    choice("group", "A named group of companies", &["groupe"]),
    choice(
        "project",
        "An industrial project or plan: plants to build, an investment plan",
        &["projet"],
    ),
    choice("concept", "A named law, rule or idea", &["loi", "idée"]),
    choice(
        "resource",
        "A strategic resource, such as oil",
        &["ressource"],
    ),
];

pub const ALIAS_KINDS: &[Choice] = &[
    choice(
        "name",
        "A name of the entity as used in the article or in English",
        &["nom"],
    ),
    choice(
        "abbreviation",
        "An abbreviation or acronym",
        &["abréviation", "sigle"],
    ),
    choice(
        "variant",
        "Another spelling or a longer or shorter form",
        &["variante"],
    ),
    choice(
        "misspelling",
        "A misspelling found in the article, kept so it resolves",
        &["coquille"],
    ),
    choice(
        "demonym",
        "An adjective of nationality (américains → USA)",
        &["gentilé"],
    ),
    choice(
        "iso_code",
        "The ISO 3166-1 alpha-2 or alpha-3 code of a country",
        &[],
    ),
    choice(
        "iso_name",
        "The ISO 3166-1 English or French short name of a country",
        &[],
    ),
];

pub const PRODUCER_ROLES: &[Choice] = &[
    choice(
        "manufacturing",
        "Makes chips (production, fabrication)",
        &["fabrication", "production", "producteur", "fabricant"],
    ),
    choice(
        "innovation",
        "Designs chips and drives their progress",
        &["innovation", "conception", "concepteur", "développement"],
    ),
];

pub const SEGMENTS: &[Choice] = &[
    choice(
        "semiconductors",
        "Semiconductors in general",
        &["semi-conducteurs", "puces"],
    ),
    choice(
        "gpu",
        "Graphics processing units",
        &["GPU", "processeurs graphiques"],
    ),
];

pub const INSTRUMENTS: &[Choice] = &[
    choice(
        "subsidies_and_incentives",
        "Public subsidies and financial incentives",
        &["subventions et incitations financières", "subventions"],
    ),
    choice(
        "industrial_plan",
        "A public plan with production targets",
        &["plan", "plan européen"],
    ),
    choice(
        "national_strategy",
        "A national industrial strategy",
        &["stratégie"],
    ),
    choice(
        "investment_plan",
        "Investment in production capacity",
        &[
            "investissement",
            "plans d'investissement",
            "plan d'investissement",
        ],
    ),
    choice(
        "fundraising",
        "Raising private capital",
        &["levée de fonds", "lever des fonds"],
    ),
];

pub const MATERIAL_KINDS: &[Choice] = &[
    choice(
        "element",
        "A chemical element (symbol and atomic number from raw/reference)",
        &[],
    ),
    choice("compound", "A compound; its symbol is its formula", &[]),
];

pub const MATERIAL_CATEGORIES: &[Choice] = &[
    choice(
        "base_material",
        "The base material of chips",
        &["matériau de base"],
    ),
    choice(
        "critical_material",
        "A critical material used in GPU manufacturing",
        &["matériau critique", "matériaux critiques"],
    ),
    choice(
        "rare_metal",
        "A rare metal used in GPU manufacturing",
        &["métal rare", "métaux rares"],
    ),
    choice(
        "compound_semiconductor",
        "A compound semiconductor",
        &["semi-conducteur composé", "semi-conducteurs composés"],
    ),
    choice(
        "host_ore",
        "An ore whose mining yields other materials as by-products",
        &["minerai", "autres minerais"],
    ),
    choice(
        "semiconductor_and_battery_element",
        "An element important in some semiconductors and batteries",
        &["élément important"],
    ),
];

pub const ABUNDANCES: &[Choice] = &[
    choice("abundant", "Abundant in nature", &["abondant"]),
    choice(
        "less_abundant_than_silicon",
        "Less abundant than silicon",
        &[
            "moins abondant que le silicium",
            "moins abondants que le silicium",
        ],
    ),
];

pub const STAGES: &[Choice] = &[
    choice(
        "manufacturing",
        "Making the chips",
        &["fabrication", "production"],
    ),
    choice("use", "Running the chips", &["utilisation", "usage"]),
];

pub const ACTIVITIES: &[Choice] = &[
    choice(
        "silicon_purification",
        "Turning natural silicon into semiconductor-grade silicon",
        &["purification du silicium", "transformation du silicium"],
    ),
    choice(
        "chip_fabrication",
        "The fabrication steps of the chips",
        &["fabrication des puces"],
    ),
    choice(
        "crypto_mining",
        "Cryptocurrency mining",
        &["minage de cryptomonnaies"],
    ),
    choice(
        "ai_training",
        "Training AI models",
        &["entraînement de modèles d'IA"],
    ),
    choice("cloud_gaming", "Cloud gaming", &["cloud gaming"]),
    choice(
        "datacentre_operation",
        "Running data centres and their infrastructure",
        &[
            "centres de données",
            "data centers",
            "fonctionnement des data centers",
        ],
    ),
    choice(
        "datacentre_cooling",
        "Cooling data centres",
        &["refroidissement"],
    ),
];

pub const IMPACTS: &[Choice] = &[
    choice("energy_intensive", "Uses a lot of energy", &["énergivore"]),
    choice("costly", "Costly", &["coûteux"]),
    choice(
        "energy_demand",
        "Raises the demand for energy",
        &["demande en énergie"],
    ),
    choice("co2_emissions", "Emits CO2", &["émissions de CO2"]),
    choice(
        "climate_change",
        "Contributes to climate change",
        &["changement climatique"],
    ),
    choice(
        "environmental_damage",
        "Harms the environment",
        &[
            "détriment de considérations environnementales",
            "dommages environnementaux",
        ],
    ),
];

pub const USER_GROUPS: &[Choice] = &[
    choice(
        "magnificent_seven",
        "One of the American 'Magnificent Seven'",
        &["Magnificent Seven"],
    ),
    choice(
        "other_major_user",
        "Another of the largest users the article adds to the Magnificent Seven",
        &["autre grand utilisateur"],
    ),
];

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
        "A quarter of a company's fiscal year (fiscal_year, fiscal_quarter); no dates",
        &[],
    ),
];

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

pub const SETTINGS: &[Choice] = &[
    choice("onshore", "On land", &["à terre", "terrestre"]),
    choice("offshore", "At sea", &["en offshore", "offshore", "en mer"]),
];

pub const DOMAINS: &[Choice] = &[
    choice(
        "semiconductors",
        "Design and manufacture of semiconductors",
        &["semi-conducteurs"],
    ),
    choice("gpu", "Access to GPUs", &["GPU"]),
    choice(
        "artificial_intelligence",
        "Artificial intelligence",
        &["IA", "intelligence artificielle"],
    ),
    choice(
        "chip_users",
        "Large users of processors and semiconductors",
        &["utilisateurs"],
    ),
];

pub const STANCES: &[Choice] = &[
    choice(
        "bipolar_pole",
        "One of the two poles of a bipolar world",
        &["pôle", "monde bipolaire"],
    ),
    choice(
        "absent_non_aligned",
        "Absent and non-aligned",
        &["absents et non-alignés"],
    ),
    choice("leader", "Has taken the lead", &["leadership", "leader"]),
    choice(
        "not_yet_competitive",
        "Not (yet) competitive",
        &["pas (encore) compétitifs"],
    ),
    choice(
        "no_major_player",
        "Has no major player",
        &["aucun acteur important"],
    ),
    choice(
        "critical_supplier",
        "A supplier the world depends on",
        &["fournisseur", "dépendance mondiale"],
    ),
    choice(
        "performance_race",
        "Engaged in a race for performance",
        &["course à la performance"],
    ),
];

// ---------------------------------------------------------------------------------------------
// Row rules.

mod rules {
    use super::Row;

    pub fn country_entity_has_iso3(row: &dyn Row) -> Option<String> {
        let is_country = row.text("entity_type") == Some("country");
        match (is_country, row.text("iso3"), row.text("entity_id")) {
            (true, Some(iso3), Some(id)) if iso3 == id => None,
            (true, _, _) => {
                Some("a country's entity_id and iso3 must both be its ISO alpha-3 code".into())
            }
            (false, Some(_), _) => Some("only countries have an iso3".into()),
            (false, None, _) => None,
        }
    }

    pub fn element_has_atomic_number(row: &dyn Row) -> Option<String> {
        match (row.text("kind"), row.int("atomic_number")) {
            (Some("element"), None) => Some("an element needs its atomic_number".into()),
            (Some("compound"), Some(_)) => Some("a compound has no atomic_number".into()),
            _ => None,
        }
    }

    pub fn byproduct_differs_from_host(row: &dyn Row) -> Option<String> {
        (row.text("material_id") == row.text("host_material_id"))
            .then(|| "a material cannot be a by-product of itself".into())
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
            Some("fiscal_quarter") if row.int("fiscal_quarter").is_none() => {
                Some("a fiscal quarter needs fiscal_quarter".into())
            }
            Some("recurring" | "target" | "fiscal_year" | "fiscal_quarter") | None => None,
            Some(_) if row.date("period_start").is_none() || row.date("period_end").is_none() => {
                Some("a dated period needs period_start and period_end".into())
            }
            Some(_) => None,
        }
    }
}

const fn rule(
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

// ---------------------------------------------------------------------------------------------
// The tables.

static TABLES: &[&TableSpec] = &[
    &SOURCES,
    &SOURCE_AUTHORS,
    &SOURCE_PLACES,
    &COUNTRIES,
    &CURRENCIES,
    &EXCHANGE_RATES,
    &ENTITIES,
    &ENTITY_ALIASES,
    &ENTITY_MENTIONS,
    &METRICS,
    &PRODUCERS,
    &INITIATIVES,
    &MATERIALS,
    &MATERIAL_COMPONENTS,
    &MATERIAL_BYPRODUCTS,
    &MATERIAL_SOURCES,
    &ENERGY_CONCERNS,
    &MITIGATIONS,
    &CORPORATE_USERS,
    &FIGURES,
    &FIGURE_COMPARISONS,
    &OIL_REGIONS,
    &DATACENTRE_FACTORS,
    &POSITIONS,
];

pub static SOURCES: TableSpec = TableSpec {
    name: "sources",
    description: "The sources the data comes from: articles, reports and pages, one folder each under raw/sources/.",
    sheet: "sources/<source_id>/source.csv",
    may_be_empty: false,
    columns: &[
        text("source_id", "Identifier of the source; its folder's name."),
        text("title", "Title as published."),
        optional(col(
            "published_on",
            ColumnType::Date,
            "When the source was published, from its dateline or page: the day, or the first day of the month or year that published_precision names.",
        )),
        col(
            "published_precision",
            ColumnType::Enum(DATE_PRECISIONS),
            "How precisely the source gives its date: day, month, year, or unknown (published_on empty).",
        ),
        col(
            "language",
            ColumnType::Enum(LANGUAGES),
            "Language of the source.",
        ),
        text("publisher", "Who publishes the source (English name)."),
        text("publisher_id", "The publisher (entities.entity_id)."),
        optional(text("url", "Where the source was read, when it is online.")),
        optional(col(
            "retrieved_on",
            ColumnType::Date,
            "When the online copy was read.",
        )),
        optional(text(
            "licence_note",
            "What the source's licence allows, and what was taken from it.",
        )),
        col(
            "number_style",
            ColumnType::Enum(NUMBER_STYLES),
            "How the source writes numbers, which decides how its figures are read.",
        ),
        col(
            "has_text",
            ColumnType::Boolean,
            "Whether the source declares a text its quotes can be grounded against.",
        ),
        optional(text(
            "text_sha256",
            "SHA-256 of that text when it was transcribed; a run stops when the text differs.",
        )),
        optional(text(
            "place",
            "Where the source was written, as its dateline says.",
        )),
        optional(PARAGRAPH),
        optional(QUOTE),
    ],
    primary_key: &["source_id"],
    foreign_keys: &[ForeignKey {
        columns: &["publisher_id"],
        table: "entities",
        references: &["entity_id"],
    }],
    rules: &[],
};

pub static SOURCE_AUTHORS: TableSpec = TableSpec {
    name: "source_authors",
    description: "Who wrote each article, in byline order, with their role and affiliation.",
    sheet: "sources/<source_id>/authors.csv",
    may_be_empty: false,
    columns: &[
        SOURCE_ID,
        text("person_id", "The author (entities.entity_id)."),
        ranged(
            col(
                "author_order",
                ColumnType::Integer,
                "Position in the byline, from 1.",
            ),
            1.0,
            100.0,
        ),
        optional(text(
            "role",
            "The author's role as the source states it, in its language.",
        )),
        optional(text("role_en", "The same role in English.")),
        optional(text(
            "affiliation",
            "English name of the organisation the role is held at.",
        )),
        optional(text(
            "affiliation_id",
            "That organisation (entities.entity_id).",
        )),
        optional(PARAGRAPH),
        optional(QUOTE),
    ],
    primary_key: &["source_id", "person_id"],
    foreign_keys: &[
        FK_SOURCE,
        ForeignKey {
            columns: &["person_id"],
            table: "entities",
            references: &["entity_id"],
        },
        ForeignKey {
            columns: &["affiliation_id"],
            table: "entities",
            references: &["entity_id"],
        },
    ],
    rules: &[],
};

pub static SOURCE_PLACES: TableSpec = TableSpec {
    name: "source_places",
    description: "The places an article was written in, one row per place.",
    sheet: "sources/<source_id>/source.csv",
    may_be_empty: false,
    columns: &[
        SOURCE_ID,
        text("place_id", "The place (entities.entity_id)."),
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "place_id"],
    foreign_keys: &[
        FK_SOURCE,
        ForeignKey {
            columns: &["place_id"],
            table: "entities",
            references: &["entity_id"],
        },
    ],
    rules: &[],
};

pub static COUNTRIES: TableSpec = TableSpec {
    name: "countries",
    description: "ISO 3166-1: every country code, with English and French short names (reference data).",
    sheet: "reference/countries.csv",
    may_be_empty: false,
    columns: &[
        text("iso3", "ISO 3166-1 alpha-3 code."),
        text("iso2", "ISO 3166-1 alpha-2 code."),
        text(
            "numeric",
            "ISO 3166-1 numeric code, three digits with leading zeros.",
        ),
        text("name_en", "ISO English short name."),
        text("name_fr", "ISO French short name."),
    ],
    primary_key: &["iso3"],
    foreign_keys: &[],
    rules: &[],
};

pub static CURRENCIES: TableSpec = TableSpec {
    name: "currencies",
    description: "ISO 4217: every currency code, with English and French names (reference data).",
    sheet: "reference/currencies.csv",
    may_be_empty: false,
    columns: &[
        text("code", "ISO 4217 alphabetic code."),
        text(
            "numeric",
            "ISO 4217 numeric code, three digits with leading zeros.",
        ),
        text("name_en", "ISO English name."),
        text("name_fr", "ISO French name."),
    ],
    primary_key: &["code"],
    foreign_keys: &[],
    rules: &[],
};

pub static EXCHANGE_RATES: TableSpec = TableSpec {
    name: "exchange_rates",
    description: "Yearly average exchange rates to the US dollar, each with the publication it was typed from (reference data).",
    sheet: "reference/exchange_rates.csv",
    may_be_empty: false,
    columns: &[
        text("currency", "The currency (currencies.code)."),
        ranged(
            col("year", ColumnType::Integer, "The calendar year averaged."),
            1900.0,
            2100.0,
        ),
        ranged(
            col(
                "usd_per_unit",
                ColumnType::Number,
                "US dollars per unit of the currency, averaged over the year.",
            ),
            0.0,
            1e9,
        ),
        text("rate_source", "Who publishes the rate."),
        text("url", "Where the rate is published."),
    ],
    primary_key: &["currency", "year"],
    foreign_keys: &[ForeignKey {
        columns: &["currency"],
        table: "currencies",
        references: &["code"],
    }],
    rules: &[],
};

pub static ENTITIES: TableSpec = TableSpec {
    name: "entities",
    description: "Every country, company, person, organisation and place the article names.",
    sheet: "entities.csv",
    may_be_empty: false,
    columns: &[
        text(
            "entity_id",
            "Identifier; for a country, its ISO alpha-3 code.",
        ),
        col(
            "entity_type",
            ColumnType::Enum(ENTITY_TYPES),
            "What kind of entity it is.",
        ),
        text("name_en", "Name in English."),
        text(
            "name_fr",
            "Name in French, as the article writes it (typos corrected).",
        ),
        optional(text("iso3", "ISO alpha-3 code, for countries only.")),
        optional(text(
            "country_iso3",
            "The country the entity belongs to, where the article says.",
        )),
        text(
            "description",
            "What the article says the entity is or does (English).",
        ),
        SOURCE_ID,
        optional(PARAGRAPH),
        optional(QUOTE),
    ],
    primary_key: &["entity_id"],
    foreign_keys: &[
        FK_SOURCE,
        ForeignKey {
            columns: &["iso3"],
            table: "countries",
            references: &["iso3"],
        },
        FK_COUNTRY,
    ],
    rules: &[rule(
        "country_iso3_matches",
        "A country's entity_id and iso3 are its ISO alpha-3 code; other entities have no iso3.",
        rules::country_entity_has_iso3,
    )],
};

pub static ENTITY_ALIASES: TableSpec = TableSpec {
    name: "entity_aliases",
    description: "Every spelling that resolves to an entity: names, abbreviations, misspellings, ISO codes.",
    sheet: "aliases.csv",
    may_be_empty: false,
    columns: &[
        text("alias", "The spelling, as typed."),
        text(
            "entity_id",
            "The entity it resolves to (entities.entity_id).",
        ),
        col(
            "lang",
            ColumnType::Enum(LANGUAGES),
            "Language of the spelling.",
        ),
        col(
            "kind",
            ColumnType::Enum(ALIAS_KINDS),
            "What kind of spelling it is.",
        ),
    ],
    primary_key: &["alias"],
    foreign_keys: &[FK_ENTITY],
    rules: &[],
};

pub static ENTITY_MENTIONS: TableSpec = TableSpec {
    name: "entity_mentions",
    description: "Every source and paragraph that names an entity, with the name as written: from the source's mentions.csv, and from every name its other sheets resolve.",
    sheet: "sources/<source_id>/mentions.csv",
    may_be_empty: false,
    columns: &[
        SOURCE_ID,
        text("entity_id", "The entity named (entities.entity_id)."),
        PARAGRAPH,
        text(
            "surface",
            "The name as the analyst copied it from the source (mentions.csv rows are checked against the source's text).",
        ),
        text(
            "sheet",
            "The sheet the name was read from: mentions, or the fact sheet whose row names it.",
        ),
    ],
    primary_key: &["source_id", "entity_id", "paragraph", "surface"],
    foreign_keys: &[FK_SOURCE, FK_ENTITY],
    rules: &[],
};

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

pub static PRODUCERS: TableSpec = TableSpec {
    name: "producers",
    description: "Countries and companies that make or design chips, by role and segment.",
    sheet: "sources/<source_id>/producers.csv",
    may_be_empty: false,
    columns: &[
        text("entity_id", "The producer (entities.entity_id)."),
        col(
            "role",
            ColumnType::Enum(PRODUCER_ROLES),
            "What the producer does.",
        ),
        col("segment", ColumnType::Enum(SEGMENTS), "Which chips."),
        optional(text(
            "country_iso3",
            "The producer's country (its own code for a country).",
        )),
        text("description", "What the article says of it (English)."),
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "entity_id", "role", "segment"],
    foreign_keys: &[FK_SOURCE, FK_ENTITY, FK_COUNTRY],
    rules: &[],
};

pub static INITIATIVES: TableSpec = TableSpec {
    name: "initiatives",
    description: "Programmes to build chip capacity or capital: laws, plans, strategies, investments.",
    sheet: "sources/<source_id>/initiatives.csv",
    may_be_empty: false,
    columns: &[
        text("initiative_id", "Identifier."),
        text("actor_id", "Who runs it (entities.entity_id)."),
        text(
            "name",
            "Its name as the article gives it, or a short English label when it has none.",
        ),
        col("instrument", ColumnType::Enum(INSTRUMENTS), "How it acts."),
        text("objective", "What it aims at (English)."),
        optional(ranged(
            col(
                "target_year",
                ColumnType::Integer,
                "Year the objective is due, when the article gives one.",
            ),
            1900.0,
            2100.0,
        )),
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "initiative_id"],
    foreign_keys: &[
        FK_SOURCE,
        ForeignKey {
            columns: &["actor_id"],
            table: "entities",
            references: &["entity_id"],
        },
    ],
    rules: &[],
};

pub static MATERIALS: TableSpec = TableSpec {
    name: "materials",
    description: "Materials chips need, with their element facts and the article's supply concerns.",
    sheet: "sources/<source_id>/materials.csv",
    may_be_empty: false,
    columns: &[
        text("material_id", "Identifier (English name in snake_case)."),
        text("name_en", "Name in English."),
        text("name_fr", "Name in French."),
        text("symbol", "Chemical symbol, or formula for a compound."),
        optional(ranged(
            col(
                "atomic_number",
                ColumnType::Integer,
                "Atomic number, for elements.",
            ),
            1.0,
            118.0,
        )),
        col(
            "kind",
            ColumnType::Enum(MATERIAL_KINDS),
            "Element or compound.",
        ),
        col(
            "category",
            ColumnType::Enum(MATERIAL_CATEGORIES),
            "How the article classes it.",
        ),
        optional(col(
            "abundance",
            ColumnType::Enum(ABUNDANCES),
            "How abundant the article says it is.",
        )),
        text("role", "What it is used for in chips (English)."),
        optional(text(
            "supply_concern",
            "The supply concern the article raises (English).",
        )),
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["material_id"],
    foreign_keys: &[FK_SOURCE],
    rules: &[rule(
        "element_has_atomic_number",
        "Elements have an atomic_number, compounds do not.",
        rules::element_has_atomic_number,
    )],
};

pub static MATERIAL_COMPONENTS: TableSpec = TableSpec {
    name: "material_components",
    description: "The elements a compound material is made of, read from its formula.",
    sheet: "sources/<source_id>/materials.csv",
    may_be_empty: false,
    columns: &[
        text("material_id", "The compound (materials.material_id)."),
        text(
            "component_material_id",
            "An element it contains (materials.material_id).",
        ),
        ranged(
            col(
                "atoms",
                ColumnType::Integer,
                "Atoms of that element in the formula.",
            ),
            1.0,
            1000.0,
        ),
    ],
    primary_key: &["material_id", "component_material_id"],
    foreign_keys: &[
        ForeignKey {
            columns: &["material_id"],
            table: "materials",
            references: &["material_id"],
        },
        ForeignKey {
            columns: &["component_material_id"],
            table: "materials",
            references: &["material_id"],
        },
    ],
    rules: &[],
};

pub static MATERIAL_BYPRODUCTS: TableSpec = TableSpec {
    name: "material_byproducts",
    description: "Materials obtained as by-products of mining another material.",
    sheet: "sources/<source_id>/material_byproducts.csv",
    may_be_empty: false,
    columns: &[
        text("material_id", "The by-product (materials.material_id)."),
        text(
            "host_material_id",
            "The material whose mining yields it (materials.material_id).",
        ),
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["material_id", "host_material_id"],
    foreign_keys: &[
        FK_SOURCE,
        ForeignKey {
            columns: &["material_id"],
            table: "materials",
            references: &["material_id"],
        },
        ForeignKey {
            columns: &["host_material_id"],
            table: "materials",
            references: &["material_id"],
        },
    ],
    rules: &[rule(
        "byproduct_differs_from_host",
        "A material is not a by-product of itself.",
        rules::byproduct_differs_from_host,
    )],
};

pub static MATERIAL_SOURCES: TableSpec = TableSpec {
    name: "material_sources",
    description: "Main extraction countries of each material, as the article lists them.",
    sheet: "sources/<source_id>/material_sources.csv",
    may_be_empty: false,
    columns: &[
        text("material_id", "The material (materials.material_id)."),
        text(
            "country_iso3",
            "A main extraction country (countries.iso3).",
        ),
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["material_id", "country_iso3"],
    foreign_keys: &[
        FK_SOURCE,
        ForeignKey {
            columns: &["material_id"],
            table: "materials",
            references: &["material_id"],
        },
        FK_COUNTRY,
    ],
    rules: &[],
};

pub static ENERGY_CONCERNS: TableSpec = TableSpec {
    name: "energy_concerns",
    description: "Energy and environmental costs of chips, by life-cycle stage, activity and impact.",
    sheet: "sources/<source_id>/energy_concerns.csv",
    may_be_empty: false,
    columns: &[
        text(
            "concern_id",
            "Identifier: activity and impact codes joined by '__'.",
        ),
        col("stage", ColumnType::Enum(STAGES), "Life-cycle stage."),
        col(
            "activity",
            ColumnType::Enum(ACTIVITIES),
            "The activity that costs energy.",
        ),
        col("impact", ColumnType::Enum(IMPACTS), "What it costs."),
        text("description", "What the article says (English)."),
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "concern_id"],
    foreign_keys: &[FK_SOURCE],
    rules: &[],
};

pub static MITIGATIONS: TableSpec = TableSpec {
    name: "mitigations",
    description: "Ways out the article names for the energy and material limits of chips.",
    sheet: "sources/<source_id>/mitigations.csv",
    may_be_empty: false,
    columns: &[
        text("mitigation_id", "Identifier."),
        text("name_en", "Name in English."),
        text("name_fr", "Name as the article writes it."),
        text("description", "What it is for (English)."),
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "mitigation_id"],
    foreign_keys: &[FK_SOURCE],
    rules: &[],
};

pub static CORPORATE_USERS: TableSpec = TableSpec {
    name: "corporate_users",
    description: "The largest corporate users of processors and semiconductors.",
    sheet: "sources/<source_id>/corporate_users.csv",
    may_be_empty: false,
    columns: &[
        text("entity_id", "The company (entities.entity_id)."),
        text(
            "country_iso3",
            "Its country, from the nationality the article gives (countries.iso3).",
        ),
        col(
            "user_group",
            ColumnType::Enum(USER_GROUPS),
            "The group the article puts it in.",
        ),
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "entity_id"],
    foreign_keys: &[FK_SOURCE, FK_ENTITY, FK_COUNTRY],
    rules: &[],
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
        col(
            "value",
            ColumnType::Number,
            "The value, in unit (money in the currency's unit).",
        ),
        text(
            "unit",
            "Unit of value: an ISO 4217 code for money (USD, EUR, JPY…), percent, ratio, multiplier, count, year, Wh to TWh, g, kg, t, or a price per unit (USD/kg).",
        ),
        optional(text(
            "currency",
            "The currency of money or of a price (currencies.code); empty otherwise.",
        )),
        optional(col(
            "value_usd",
            ColumnType::Number,
            "The value in US dollars: as is for USD, else at the yearly average rate of usd_rate_year (exchange_rates); empty where no rate applies (not money, a period over several years or none, or no rate for that year): never a guess.",
        )),
        optional(ranged(
            col(
                "usd_rate_year",
                ColumnType::Integer,
                "The year whose rate value_usd uses: the year the figure's period lies in; empty for US dollars, which need no rate.",
            ),
            1900.0,
            2100.0,
        )),
        col(
            "qualifier",
            ColumnType::Enum(QUALIFIERS),
            "Exact, approximate or a bound.",
        ),
        optional(text(
            "value_text",
            "The figure as the article writes it; empty for derived figures.",
        )),
        optional(text(
            "period",
            "Canonical label of the period (2023-Q4, by 2030, every 2 years).",
        )),
        optional(col(
            "period_kind",
            ColumnType::Enum(PERIOD_KINDS),
            "Kind of period.",
        )),
        optional(col(
            "period_start",
            ColumnType::Date,
            "First day of the period.",
        )),
        optional(col(
            "period_end",
            ColumnType::Date,
            "Last day of the period.",
        )),
        optional(col(
            "period_approximate",
            ColumnType::Boolean,
            "True when the source gives the period itself as approximate (environ tous les deux ans); the value's own approximation is in qualifier.",
        )),
        optional(ranged(
            col(
                "fiscal_year",
                ColumnType::Integer,
                "The fiscal year a company names its period by (exercice 2025, fiscal 2025).",
            ),
            1900.0,
            2100.0,
        )),
        optional(ranged(
            col(
                "fiscal_quarter",
                ColumnType::Integer,
                "The quarter of that fiscal year.",
            ),
            1.0,
            4.0,
        )),
        optional(ranged(
            col("target_year", ColumnType::Integer, "Year a target is due."),
            1900.0,
            2100.0,
        )),
        optional(ranged(
            col(
                "recurrence_years",
                ColumnType::Number,
                "Years between recurrences.",
            ),
            0.0,
            100.0,
        )),
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
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "figure_id"],
    foreign_keys: &[
        FK_SOURCE,
        ForeignKey {
            columns: &["subject_id"],
            table: "entities",
            references: &["entity_id"],
        },
        ForeignKey {
            columns: &["source_id", "initiative_id"],
            table: "initiatives",
            references: &["source_id", "initiative_id"],
        },
        ForeignKey {
            columns: &["metric"],
            table: "metrics",
            references: &["metric"],
        },
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

pub static FIGURE_COMPARISONS: TableSpec = TableSpec {
    name: "figure_comparisons",
    description: "Every pair of stated figures from two sources with the same subject, metric and period, with each value as an interval and whether they agree.",
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
        col("value_a", ColumnType::Number, "Its value, in unit."),
        col(
            "qualifier_a",
            ColumnType::Enum(QUALIFIERS),
            "How its source states it.",
        ),
        optional(col(
            "low_a",
            ColumnType::Number,
            "Lowest value its statement allows; empty when unbounded.",
        )),
        optional(col(
            "high_a",
            ColumnType::Number,
            "Highest value its statement allows; empty when unbounded.",
        )),
        text("source_id_b", "The second source (sources.source_id)."),
        text(
            "figure_id_b",
            "Its figure (figures.figure_id of that source).",
        ),
        col("value_b", ColumnType::Number, "Its value, in unit."),
        col(
            "qualifier_b",
            ColumnType::Enum(QUALIFIERS),
            "How its source states it.",
        ),
        optional(col(
            "low_b",
            ColumnType::Number,
            "Lowest value its statement allows; empty when unbounded.",
        )),
        optional(col(
            "high_b",
            ColumnType::Number,
            "Highest value its statement allows; empty when unbounded.",
        )),
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
        ForeignKey {
            columns: &["subject_id"],
            table: "entities",
            references: &["entity_id"],
        },
        ForeignKey {
            columns: &["metric"],
            table: "metrics",
            references: &["metric"],
        },
    ],
    rules: &[],
};

pub static OIL_REGIONS: TableSpec = TableSpec {
    name: "oil_regions",
    description: "The oil regions of the historical comparison, in the order the article lists them.",
    sheet: "sources/<source_id>/oil_regions.csv",
    may_be_empty: false,
    columns: &[
        text("region_id", "Identifier."),
        text("name_en", "Name in English."),
        text(
            "name_fr",
            "Name as the article writes it (typos corrected).",
        ),
        optional(text(
            "country_iso3",
            "The country, when the region lies in one (countries.iso3).",
        )),
        optional(col(
            "setting",
            ColumnType::Enum(SETTINGS),
            "Onshore or offshore, where the article says.",
        )),
        ranged(
            col(
                "wave",
                ColumnType::Integer,
                "Which wave of the article's sequence (1, 2, 3).",
            ),
            1.0,
            10.0,
        ),
        ranged(
            col(
                "listed_order",
                ColumnType::Integer,
                "Position in the article's list.",
            ),
            1.0,
            1000.0,
        ),
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "region_id"],
    foreign_keys: &[FK_SOURCE, FK_COUNTRY],
    rules: &[],
};

pub static DATACENTRE_FACTORS: TableSpec = TableSpec {
    name: "datacentre_factors",
    description: "Why the location of data centres is a geopolitical issue, in the article's order.",
    sheet: "sources/<source_id>/datacentre_factors.csv",
    may_be_empty: false,
    columns: &[
        text("factor_id", "Identifier."),
        ranged(
            col(
                "rank",
                ColumnType::Integer,
                "Number the article gives the factor.",
            ),
            1.0,
            100.0,
        ),
        text("name_en", "Name in English."),
        text("name_fr", "Name as the article writes it."),
        text("description", "What the article says (English)."),
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "factor_id"],
    foreign_keys: &[FK_SOURCE],
    rules: &[],
};

pub static POSITIONS: TableSpec = TableSpec {
    name: "positions",
    description: "Where the article places countries and regions in the chip contest.",
    sheet: "sources/<source_id>/positions.csv",
    may_be_empty: false,
    columns: &[
        text("entity_id", "The country or region (entities.entity_id)."),
        col(
            "domain",
            ColumnType::Enum(DOMAINS),
            "The field the position is about.",
        ),
        col("stance", ColumnType::Enum(STANCES), "The position."),
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "entity_id", "domain", "stance", "paragraph"],
    foreign_keys: &[FK_SOURCE, FK_ENTITY],
    rules: &[],
};

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
                    assert!(
                        target.column(reference).is_some(),
                        "{}.{}",
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
}
