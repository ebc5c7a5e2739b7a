//! Entities and their names, shared by every source: the gazetteer every other group resolves
//! names with is built here.

#![allow(clippy::wildcard_imports)]

use serde::Deserialize;

use super::reference::CountryRow;
use super::{Group, RawSheets};
use crate::contract::*;
use crate::ingest::cells::{Quote, Text, Whole};
use crate::ingest::{Reader, Sheet};
use crate::normalise::gazetteer::{Gazetteer, Target};
use crate::normalise::*;
use crate::table::{Origin, Value};

/// The sheets this group reads.
#[derive(Debug, Clone)]
pub struct Sheets {
    pub entities: Sheet<EntityRow>,
    pub aliases: Sheet<AliasRow>,
}

impl Group for Sheets {
    const TABLES: &'static [&'static TableSpec] = &[&ENTITIES, &ENTITY_ALIASES];
    /// A page per entity: its names, then every row that names it (aliases, mentions, the
    /// figures about it, its roles).
    const SITE: &'static [crate::site::Section] =
        &[crate::site::Section::Records(crate::site::Records {
            table: "entities",
            prefix: "entity",
            heading: "Entities",
            title: &["name_en", "name_fr"],
            lang: None,
            url: None,
            cite: &[],
            by_paragraph: false,
        })];

    fn read(reader: &mut Reader) -> Self {
        Sheets {
            entities: reader.shared("entities.csv"),
            aliases: reader.shared("aliases.csv"),
        }
    }

    fn files(&self) -> Vec<&[crate::ingest::SheetFile]> {
        vec![&self.entities.files, &self.aliases.files]
    }

    fn normalise(&self, raw: &RawSheets, cx: &mut Context) {
        let _ = raw;
        let mut g = cx.gazetteer(&self.entities, &self.aliases, &raw.reference.countries);
        cx.entity_countries(&self.entities, &mut g);
        cx.entities(&self.entities, &g);
        cx.aliases(&g);
        cx.gazetteer = std::rc::Rc::new(g);
    }
}

// -- sheets ---------------------------------------------------------------------------------

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

// -- vocabularies -------------------------------------------------------------------------

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
    choice(
        "sector",
        "An industry or field of use: video games, finite-element computing, defence, space",
        &["secteur", "domaine"],
    ),
    choice(
        "event",
        "Something that happened: the global chip shortage, the Cold War",
        &["événement", "evenement"],
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

// -- tables -------------------------------------------------------------------------------

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
        FK_COUNTRY_ENTITY,
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

mod rules {
    use crate::contract::Row;

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
}

// -- normaliser ---------------------------------------------------------------------------

impl Context {
    /// Every spelling: entity names, listed aliases, and the ISO names and codes of countries.
    fn gazetteer(
        &mut self,
        entities: &Sheet<EntityRow>,
        aliases: &Sheet<AliasRow>,
        countries: &Sheet<CountryRow>,
    ) -> Gazetteer {
        // An entity's id and two names, each alias, a country's two names and two codes.
        let spellings =
            3 * entities.records.len() + aliases.records.len() + 4 * countries.records.len();
        let mut g = Gazetteer::with_capacity(spellings, entities.records.len());
        for record in &entities.records {
            let origin = entities.origin(record);
            let row = &record.row;
            let id = row.entity_id.as_str();
            let Value::Text(entity_type) = self.code(
                &crate::domains::entities::ENTITIES,
                "entity_type",
                row.entity_type.as_str(),
                &origin,
            ) else {
                // Its names are known to be broken, so rows naming it depend on this one.
                self.broke("entity", id, &origin);
                self.broke("name", id, &origin);
                for name in [id, row.name_fr.as_str(), row.name_en.as_str()] {
                    let target = Target::Entity(id.to_string());
                    let _ = self
                        .upstream
                        .names
                        .add(name, target, "und", "name", &origin);
                }
                continue;
            };
            // A country is named by its ISO code: anything else would clash with the country's
            // own spellings, and be blamed on raw/reference/countries.csv.
            if entity_type == "country"
                && !countries
                    .records
                    .iter()
                    .any(|c| c.row.alpha3.as_str() == id)
            {
                let named = [row.name_fr.as_str(), row.name_en.as_str()].map(petrochip_text::fold);
                let code = countries
                    .records
                    .iter()
                    .find(|c| {
                        [c.row.name_fr.as_str(), c.row.name_en.as_str()]
                            .iter()
                            .any(|n| named.contains(&petrochip_text::fold(n)))
                    })
                    .map(|c| format!(" ({} is {})", row.name_fr.as_str(), c.row.alpha3.as_str()))
                    .unwrap_or_default();
                self.fail(
                    &origin,
                    "entity_id",
                    format!("\"{id}\" is not an ISO 3166-1 alpha-3 code of raw/reference/countries.csv; a country's entity_id is its code{code}"),
                );
                self.broke("entity", id, &origin);
                self.broke("name", id, &origin);
                continue;
            }
            g.declare_entity(id, &entity_type);
            self.names
                .insert(id.to_string(), row.name_en.as_str().to_string());
            // A name spelt the same in both languages (AMD, Iran) belongs to neither.
            let same = petrochip_text::fold(row.name_fr.as_str())
                == petrochip_text::fold(row.name_en.as_str());
            let names = [
                (row.name_fr.as_str(), if same { "und" } else { "fr" }),
                (row.name_en.as_str(), "en"),
            ];
            for (name, lang) in names {
                self.add_alias(
                    &mut g,
                    name,
                    Target::Entity(id.to_string()),
                    lang,
                    "name",
                    &origin,
                    "name_fr",
                );
            }
        }
        for record in &aliases.records {
            let origin = aliases.origin(record);
            let row = &record.row;
            if !g.is_entity(row.entity_id.as_str()) {
                let id = row.entity_id.as_str();
                if self.depends_on(("entity", id), &origin, "entity_id", id) {
                    let target = Target::Entity(id.to_string());
                    let spelling = row.alias.as_str();
                    let _ = (self.upstream.names).add(spelling, target, "und", "alias", &origin);
                    continue;
                }
                self.fail(
                    &origin,
                    "entity_id",
                    format!("\"{}\" is not an entity_id of raw/entities.csv; declare the entity there first", row.entity_id.as_str()),
                );
                // Rows that type this spelling follow from this row, not from their own.
                let key = origin.to_string();
                self.broke("name", &key, &origin);
                let target = Target::Entity(key);
                let _ =
                    (self.upstream.names).add(row.alias.as_str(), target, "und", "alias", &origin);
                continue;
            }
            let lang = self.code(
                &crate::domains::entities::ENTITY_ALIASES,
                "lang",
                row.lang.as_str(),
                &origin,
            );
            let kind = self.code(
                &crate::domains::entities::ENTITY_ALIASES,
                "kind",
                row.kind.as_str(),
                &origin,
            );
            if let (Some(lang), Some(kind)) = (
                static_code(&lang, crate::contract::LANGUAGES),
                static_code(&kind, crate::domains::entities::ALIAS_KINDS),
            ) {
                let target = Target::Entity(row.entity_id.as_str().to_string());
                self.add_alias(
                    &mut g,
                    row.alias.as_str(),
                    target,
                    lang,
                    kind,
                    &origin,
                    "alias",
                );
            }
        }
        for record in &countries.records {
            let origin = countries.origin(record);
            let row = &record.row;
            let iso3 = row.alpha3.as_str().to_string();
            let target = if g.is_entity(&iso3) {
                Target::Entity(iso3.clone())
            } else {
                Target::Country(iso3.clone())
            };
            for (spelling, lang, kind) in [
                (row.name_en.as_str(), "en", "iso_name"),
                (row.name_fr.as_str(), "fr", "iso_name"),
                (row.alpha3.as_str(), "und", "iso_code"),
            ] {
                self.add_alias(
                    &mut g,
                    spelling,
                    target.clone(),
                    lang,
                    kind,
                    &origin,
                    "name_en",
                );
            }
        }
        g
    }

    #[allow(clippy::too_many_arguments)]
    fn add_alias(
        &mut self,
        g: &mut Gazetteer,
        spelling: &str,
        target: Target,
        lang: &'static str,
        kind: &'static str,
        origin: &Origin,
        column: &'static str,
    ) {
        if let Err(clash) = g.add(spelling, target, lang, kind, origin) {
            let show = |t: &Target| match t {
                Target::Entity(id) => format!("entity {id}"),
                Target::Country(iso3) => format!("country {iso3}"),
            };
            self.fail(
                origin,
                column,
                format!(
                    "\"{}\" would name both {} and {}; a spelling must name one thing",
                    clash.alias,
                    show(&clash.first),
                    show(&clash.second)
                ),
            );
        }
    }

    fn aliases(&mut self, g: &Gazetteer) {
        for alias in g.aliases() {
            self.push(
                &crate::domains::entities::ENTITY_ALIASES,
                &alias.origin,
                vec![
                    ("alias", alias.alias.as_str().into()),
                    ("entity_id", alias.entity_id.as_str().into()),
                    ("lang", alias.lang.into()),
                    ("kind", alias.kind.into()),
                ],
            );
        }
    }

    fn entities(&mut self, sheet: &Sheet<EntityRow>, g: &Gazetteer) {
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let id = row.entity_id.as_str();
            // A type that did not read was reported while building the gazetteer.
            if !g.is_entity(id) {
                continue;
            }
            let entity_type = self.code(
                &crate::domains::entities::ENTITIES,
                "entity_type",
                row.entity_type.as_str(),
                &origin,
            );
            let is_country = entity_type == Value::from("country");
            let country = g.country_of(id).map(str::to_string);
            let cells = vec![
                ("entity_id", id.into()),
                ("entity_type", entity_type),
                ("name_en", row.name_en.as_str().into()),
                ("name_fr", row.name_fr.as_str().into()),
                (
                    "iso3",
                    if is_country {
                        Value::from(id)
                    } else {
                        Value::Null
                    },
                ),
                ("country_iso3", country.into()),
                ("description", row.description.as_str().into()),
                ("source_id", row.source_id.as_str().into()),
                ("paragraph", row.paragraph.map(|p| i64::from(p.0)).into()),
                ("quote", row.quote.as_ref().map(|q| q.0.as_str()).into()),
            ];
            let trace = Trace {
                typed: row
                    .country
                    .iter()
                    .map(|c| typed("country_iso3", "country", c))
                    .collect(),
                inputs: Vec::new(),
            };
            self.push_traced(&crate::domains::entities::ENTITIES, &origin, cells, trace);
        }
    }

    /// Resolves each entity's country once the gazetteer knows every spelling.
    fn entity_countries(&mut self, sheet: &Sheet<EntityRow>, g: &mut Gazetteer) {
        for record in &sheet.records {
            let row = &record.row;
            if let Some(name) = &row.country {
                let country = self.country(g, name, &sheet.origin(record), "country");
                g.set_country(row.entity_id.as_str(), country);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::testing::{errors, rows, sheet};

    #[test]
    fn an_entity_is_known_by_its_names_its_aliases_and_its_country() {
        let mut cx = Context::default();
        let entities = sheet::<EntityRow>(
            "raw/entities.csv",
            "entity_id,entity_type,name_fr,name_en,country,description,source_id,paragraph,quote\n\
             TWN,pays,Taïwan,Taiwan,,Island,s,1,Taïwan produit\n\
             tsmc,entreprise,TSMC,TSMC,Taïwan,Foundry,s,1,TSMC est leader\n\
             bad,entreprse,Bad,Bad,,Typo,s,2,une entreprise\n",
        );
        let aliases = sheet::<AliasRow>(
            "raw/aliases.csv",
            "alias,entity_id,lang,kind\nTaiwan Semiconductor,tsmc,en,name\n",
        );
        let countries = sheet::<CountryRow>(
            "raw/reference/countries.csv",
            "alpha2,alpha3,numeric,name_en,name_fr\nTW,TWN,158,Taiwan,Taïwan\n",
        );
        let mut g = cx.gazetteer(&entities, &aliases, &countries);
        cx.entity_countries(&entities, &mut g);
        cx.entities(&entities, &g);
        // The row whose type did not read is not published; rows naming it depend on it.
        assert_eq!(
            rows(
                &cx,
                "entities",
                &["entity_id", "entity_type", "iso3", "country_iso3"]
            ),
            [
                ["TWN", "country", "TWN", "TWN"],
                ["tsmc", "company", "", "TWN"]
            ]
        );
        let problems = errors(&cx);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with(
                "raw/entities.csv:4: column \"entity_type\": \"entreprse\" is not an accepted entity_type; use one of: country (pays); "
            ),
            "{problems:?}"
        );
        let cause = cx.upstream.rows.get(&("entity", "bad".to_string()));
        assert_eq!(
            cause.map(ToString::to_string).as_deref(),
            Some("raw/entities.csv:4")
        );
        assert_eq!(g.entity("Taiwan Semiconductor"), Ok("tsmc"));
        assert_eq!(g.entity("tsmc"), Ok("tsmc"));
        assert_eq!(g.country("Taïwan"), Ok("TWN"));
        // tsmc's country is named by what the sheet says, for validation's messages.
        let tsmc = &cx.tables["entities"].rows[1];
        assert_eq!(
            tsmc.trace().typed,
            [typed("country_iso3", "country", "Taïwan")]
        );
    }
}
