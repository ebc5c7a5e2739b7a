//! Stage 2: from what the analyst typed to tidy, typed tables.
//!
//! French numbers and periods go through their grammars, names through the gazetteer, spellings
//! of enumerated values through the contract's vocabularies, list cells become one row per item,
//! and implied figures are derived. Anything that cannot be read is an error quoting the cell;
//! nothing becomes a silent null.

mod compare;
pub mod gazetteer;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::contract::{self, TableSpec};
use crate::ingest::sheets::*;
use crate::ingest::{RawSheets, Sheet};
use crate::table::{Dataset, Origin, Table, UnknownColumn, Value};
use gazetteer::{Gazetteer, Target, split_list};
use petrochip_text::derive;
use petrochip_text::number::{NumberStyle, Quantity, QuantityKind, parse_quantity_styled};
use petrochip_text::period::{PeriodKind, parse_date, parse_period};
use petrochip_text::snake_case;

#[derive(Debug, thiserror::Error)]
pub enum NormaliseError {
    #[error("{origin}: column \"{column}\": {message}")]
    Cell {
        origin: Origin,
        column: &'static str,
        message: String,
    },
    #[error(transparent)]
    Internal(#[from] UnknownColumn),
}

/// Builds every table of the contract from the sheets.
pub fn normalise(raw: &RawSheets) -> Result<Dataset, Vec<NormaliseError>> {
    let mut n = Normaliser {
        errors: Vec::new(),
        names: HashMap::new(),
        tables: HashMap::new(),
        resolved: Vec::new(),
        cited: HashMap::new(),
    };
    let mut g = n.gazetteer(raw);
    n.entity_countries(&raw.entities, &mut g);
    n.countries(&raw.countries);
    let (dates, styles, bylines) = n.sources(&raw.sources, &g);
    let currencies = n.currencies(&raw.currencies);
    let rates = n.exchange_rates(&raw.exchange_rates, &currencies);
    n.authors(&raw.authors, &g, &bylines);
    n.entities(&raw.entities, &g);
    n.aliases(&g);
    n.producers(&raw.producers, &g);
    n.initiatives(&raw.initiatives, &g);
    let materials = n.materials(&raw.materials, &raw.elements);
    n.byproducts(&raw.material_byproducts, &materials);
    n.material_sources(&raw.material_sources, &materials, &g);
    n.energy_concerns(&raw.energy_concerns);
    n.mitigations(&raw.mitigations);
    let metrics = n.metrics(&raw.metrics);
    n.corporate_users(&raw.corporate_users, &g);
    n.figures(&raw.figures, &g, &dates, &styles, &metrics, &rates);
    n.oil_regions(&raw.oil_regions, &g);
    n.datacentre_factors(&raw.datacentre_factors);
    n.positions(&raw.positions, &g);
    n.mentions(&raw.mentions, &g);
    n.comparisons();
    if !n.errors.is_empty() {
        return Err(n.errors);
    }
    let mut tables = n.tables;
    let ordered = contract::tables()
        .iter()
        .map(|spec| {
            let mut table = tables.remove(spec.name).unwrap_or_else(|| Table::new(spec));
            table.sort_by_key();
            table
        })
        .collect();
    Ok(Dataset { tables: ordered })
}

struct Normaliser {
    errors: Vec<NormaliseError>,
    /// entity_id → English name, for columns that repeat it.
    names: HashMap<String, String>,
    tables: HashMap<&'static str, Table>,
    /// Every name a source's row resolved: the row, the name as typed, the entity.
    resolved: Vec<(Origin, String, String)>,
    /// The source and paragraph each source row cites, to place its names.
    cited: HashMap<Origin, (String, i64)>,
}

type Cells = Vec<(&'static str, Value)>;
/// Source id → the day it was published.
type Dates = HashMap<String, NaiveDate>;
/// (currency, year) → US dollars per unit of that currency.
type Rates = HashMap<(String, i32), f64>;
/// Source id → the authors its source.csv lists, each with the row that lists it.
type Bylines = HashMap<String, Vec<(Origin, String)>>;

/// The three citation columns of a fact row.
fn cite(row: &impl Cited) -> Cells {
    vec![
        ("source_id", row.source_id().into()),
        ("paragraph", i64::from(row.paragraph()).into()),
        ("quote", row.quote().into()),
    ]
}

fn with_cite(mut cells: Cells, row: &impl Cited) -> Cells {
    cells.extend(cite(row));
    cells
}

impl Normaliser {
    fn fail(&mut self, origin: &Origin, column: &'static str, message: impl Into<String>) {
        self.errors.push(NormaliseError::Cell {
            origin: origin.clone(),
            column,
            message: message.into(),
        });
    }

    fn push(&mut self, spec: &'static TableSpec, origin: &Origin, cells: Cells) {
        // Names in a source's rows are mentions in the paragraph the row cites; a source's own
        // metadata cites its dateline, which does not name its publisher.
        if spec.sheet.starts_with("sources/") && spec.name != "sources" {
            let cell = |name: &str| cells.iter().find(|(c, _)| *c == name).map(|(_, v)| v);
            if let (Some(Value::Text(source)), Some(Value::Int(paragraph))) =
                (cell("source_id"), cell("paragraph"))
            {
                self.cited
                    .insert(origin.clone(), (source.clone(), *paragraph));
            }
        }
        let table = self
            .tables
            .entry(spec.name)
            .or_insert_with(|| Table::new(spec));
        if let Err(e) = table.push(origin, cells) {
            self.errors.push(e.into());
        }
    }

    /// The code of an enumerated column for what the analyst typed.
    fn code(
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
                self.fail(
                    origin,
                    column,
                    format!(
                        "\"{typed}\" is not an accepted {column}; use one of: {}",
                        accepted.join("; ")
                    ),
                );
                Value::Null
            }
        }
    }

    fn optional_code(
        &mut self,
        spec: &'static TableSpec,
        column: &'static str,
        typed: Option<&str>,
        origin: &Origin,
    ) -> Value {
        typed.map_or(Value::Null, |t| self.code(spec, column, t, origin))
    }

    fn entity(
        &mut self,
        g: &Gazetteer,
        name: &str,
        origin: &Origin,
        column: &'static str,
    ) -> Option<String> {
        match g.entity(name) {
            Ok(id) => {
                self.resolved
                    .push((origin.clone(), name.trim().to_string(), id.to_string()));
                Some(id.to_string())
            }
            Err(message) => {
                self.fail(origin, column, message);
                None
            }
        }
    }

    fn country(
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
                        .push((origin.clone(), name.trim().to_string(), iso3.to_string()));
                }
                Some(iso3.to_string())
            }
            Err(message) => {
                self.fail(origin, column, message);
                None
            }
        }
    }

    // -- the gazetteer ---------------------------------------------------------------------

    /// Every spelling: entity names, listed aliases, and the ISO names and codes of countries.
    fn gazetteer(&mut self, raw: &RawSheets) -> Gazetteer {
        let mut g = Gazetteer::default();
        let entities = &raw.entities;
        for record in &entities.records {
            let origin = entities.origin(record);
            let row = &record.row;
            let id = row.entity_id.as_str();
            let Value::Text(entity_type) = self.code(
                &contract::ENTITIES,
                "entity_type",
                row.entity_type.as_str(),
                &origin,
            ) else {
                continue;
            };
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
        let aliases = &raw.aliases;
        for record in &aliases.records {
            let origin = aliases.origin(record);
            let row = &record.row;
            if !g.is_entity(row.entity_id.as_str()) {
                self.fail(
                    &origin,
                    "entity_id",
                    format!("\"{}\" is not an entity_id of raw/entities.csv; declare the entity there first", row.entity_id.as_str()),
                );
                continue;
            }
            let lang = self.code(
                &contract::ENTITY_ALIASES,
                "lang",
                row.lang.as_str(),
                &origin,
            );
            let kind = self.code(
                &contract::ENTITY_ALIASES,
                "kind",
                row.kind.as_str(),
                &origin,
            );
            if let (Some(lang), Some(kind)) = (
                static_code(&lang, contract::LANGUAGES),
                static_code(&kind, contract::ALIAS_KINDS),
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
        let countries = &raw.countries;
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
                &contract::ENTITY_ALIASES,
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

    // -- reference and sources -------------------------------------------------------------

    fn countries(&mut self, sheet: &Sheet<CountryRow>) {
        for record in &sheet.records {
            let row = &record.row;
            self.push(
                &contract::COUNTRIES,
                &sheet.origin(record),
                vec![
                    ("iso3", row.alpha3.as_str().into()),
                    ("iso2", row.alpha2.as_str().into()),
                    ("numeric", row.numeric.as_str().into()),
                    ("name_en", row.name_en.as_str().into()),
                    ("name_fr", row.name_fr.as_str().into()),
                ],
            );
        }
    }

    /// Returns each source's date, which "aujourd'hui" in a figure refers to.
    /// The sources, the day each was published (what "aujourd'hui" means in it), and the
    /// authors its source.csv lists, in byline order.
    fn sources(
        &mut self,
        sheet: &Sheet<SourceRow>,
        g: &Gazetteer,
    ) -> (Dates, HashMap<String, NumberStyle>, Bylines) {
        let mut dates = HashMap::new();
        let mut styles = HashMap::new();
        let mut bylines: Bylines = HashMap::new();
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            // A page may give only a month or a year; the precision says which.
            let (published, precision) = match row.published_on.as_deref() {
                None => (Value::Null, "unknown"),
                Some(text) => match parse_period(text, None) {
                    Ok(p) if p.kind == PeriodKind::Day && p.start.is_some() => {
                        let day = p.start.unwrap_or_default();
                        dates.insert(row.source_id.as_str().to_string(), day);
                        (Value::Date(day), "day")
                    }
                    Ok(p) if matches!(p.kind, PeriodKind::Month | PeriodKind::Year) => {
                        let precision = if p.kind == PeriodKind::Month {
                            "month"
                        } else {
                            "year"
                        };
                        (p.start.into(), precision)
                    }
                    Ok(p) => {
                        self.fail(
                            &origin,
                            "published_on",
                            format!("\"{text}\" is a {} period; give the day (6 mars 2024, 2024-03-06), the month (2024-03) or the year", p.kind.code()),
                        );
                        (Value::Null, "unknown")
                    }
                    Err(e) => {
                        self.fail(
                            &origin,
                            "published_on",
                            format!("cannot read \"{text}\" as a publication date: {}; write the day (6 mars 2024, 2024-03-06), the month (2024-03) or the year (2024)", e.reason),
                        );
                        (Value::Null, "unknown")
                    }
                },
            };
            let mut byline = Vec::new();
            // Not a mention: the row's paragraph is its dateline, not its byline.
            for name in row.authors.as_deref().map(split_list).unwrap_or_default() {
                match g.entity(&name) {
                    Ok(id) => byline.push((origin.clone(), id.to_string())),
                    Err(message) => self.fail(&origin, "authors", message),
                }
            }
            bylines.insert(row.source_id.as_str().to_string(), byline);
            let language = self.code(
                &contract::SOURCES,
                "language",
                row.language.as_str(),
                &origin,
            );
            let publisher = self.entity(g, row.publisher.as_str(), &origin, "publisher");
            let publisher_name = publisher
                .as_ref()
                .and_then(|id| self.names.get(id).cloned());
            let retrieved = match row.retrieved_on.as_deref().map(parse_date) {
                None => Value::Null,
                Some(Ok(date)) => Value::Date(date),
                Some(Err(e)) => {
                    self.fail(&origin, "retrieved_on", e.to_string());
                    Value::Null
                }
            };
            let number_style = self.code(
                &contract::SOURCES,
                "number_style",
                row.number_style.as_deref().unwrap_or("fr"),
                &origin,
            );
            if let Some(style) = number_style.as_text().and_then(NumberStyle::from_code) {
                styles.insert(row.source_id.as_str().to_string(), style);
            }
            let text_sha256 = row.text_sha256.as_deref().map(str::to_ascii_lowercase);
            if let Some(hash) = &text_sha256
                && (hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                self.fail(
                    &origin,
                    "text_sha256",
                    format!("\"{hash}\" is not a SHA-256 (64 hexadecimal digits); run sha256sum on the text and copy its first word"),
                );
            }
            if text_sha256.is_some() && row.text_path.is_none() {
                self.fail(
                    &origin,
                    "text_sha256",
                    "a text_sha256 without a text_path: give the text's path, or empty both",
                );
            }
            self.push(
                &contract::SOURCES,
                &origin,
                vec![
                    ("source_id", row.source_id.as_str().into()),
                    ("title", row.title.as_str().into()),
                    ("published_on", published),
                    ("published_precision", precision.into()),
                    ("language", language),
                    ("publisher", publisher_name.into()),
                    ("publisher_id", publisher.into()),
                    ("url", row.url.clone().into()),
                    ("retrieved_on", retrieved),
                    ("licence_note", row.licence_note.clone().into()),
                    ("number_style", number_style),
                    ("has_text", row.text_path.is_some().into()),
                    ("text_sha256", text_sha256.into()),
                    ("place", row.places.clone().into()),
                    ("paragraph", row.paragraph.map(|p| i64::from(p.0)).into()),
                    ("quote", row.quote.as_ref().map(|q| q.0.clone()).into()),
                ],
            );
            let Some(places) = row.places.as_deref() else {
                continue;
            };
            let (Some(paragraph), Some(quote)) = (row.paragraph, row.quote.as_ref()) else {
                self.fail(
                    &origin,
                    "places",
                    "places need the paragraph and quote of the dateline that names them",
                );
                continue;
            };
            for place in split_list(places) {
                if let Some(id) = self.entity(g, &place, &origin, "places") {
                    self.push(
                        &contract::SOURCE_PLACES,
                        &origin,
                        vec![
                            ("place_id", id.into()),
                            ("source_id", row.source_id.as_str().into()),
                            ("paragraph", i64::from(paragraph.0).into()),
                            ("quote", quote.0.as_str().into()),
                        ],
                    );
                }
            }
        }
        (dates, styles, bylines)
    }

    /// A source's authors: its authors.csv (role, affiliation, the sentence that says so) when
    /// it has one, which must then name the byline's authors in its order; else the byline of
    /// source.csv alone.
    fn authors(&mut self, sheet: &Sheet<AuthorRow>, g: &Gazetteer, bylines: &Bylines) {
        let mut detailed: HashMap<&str, Vec<String>> = HashMap::new();
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let person = self.entity(g, row.person.as_str(), &origin, "person");
            let affiliation = row
                .affiliation
                .as_deref()
                .and_then(|a| self.entity(g, a, &origin, "affiliation"));
            let affiliation_name = affiliation
                .as_ref()
                .and_then(|id| self.names.get(id).cloned());
            let cells = vec![
                ("person_id", person.clone().into()),
                ("author_order", i64::from(row.author_order.0).into()),
                ("role", row.role.as_str().into()),
                ("role_en", row.role_en.as_str().into()),
                ("affiliation", affiliation_name.into()),
                ("affiliation_id", affiliation.into()),
            ];
            if let Some(id) = &person {
                detailed
                    .entry(row.source_id())
                    .or_default()
                    .push(id.clone());
            }
            self.push(&contract::SOURCE_AUTHORS, &origin, with_cite(cells, row));
        }
        let mut ids: Vec<&String> = bylines.keys().collect();
        ids.sort();
        for source in ids {
            let byline = &bylines[source];
            match detailed.get(source.as_str()) {
                Some(persons) => {
                    let listed: Vec<&String> = byline.iter().map(|(_, id)| id).collect();
                    if !byline.is_empty() && listed != persons.iter().collect::<Vec<_>>() {
                        let (origin, _) = &byline[0];
                        self.fail(
                            origin,
                            "authors",
                            format!("the byline lists {} but authors.csv has {}; list the same authors in the same order", listed.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "), persons.join(", ")),
                        );
                    }
                }
                None => {
                    for (order, (origin, id)) in byline.iter().enumerate() {
                        let cells = vec![
                            ("source_id", source.as_str().into()),
                            ("person_id", id.as_str().into()),
                            ("author_order", (order as i64 + 1).into()),
                        ];
                        self.push(&contract::SOURCE_AUTHORS, origin, cells);
                    }
                }
            }
        }
    }

    // -- entities --------------------------------------------------------------------------

    fn entities(&mut self, sheet: &Sheet<EntityRow>, g: &Gazetteer) {
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let id = row.entity_id.as_str();
            let entity_type = self.code(
                &contract::ENTITIES,
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
            self.push(&contract::ENTITIES, &origin, cells);
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

    fn producers(&mut self, sheet: &Sheet<ProducerRow>, g: &Gazetteer) {
        let spec = &contract::PRODUCERS;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let role = self.code(spec, "role", row.role.as_str(), &origin);
            let segment = self.code(spec, "segment", row.segment.as_str(), &origin);
            for name in split_list(row.producers.as_str()) {
                let Some(id) = self.entity(g, &name, &origin, "producers") else {
                    continue;
                };
                let country = g.country_of(&id).map(str::to_string);
                let cells = vec![
                    ("entity_id", id.into()),
                    ("role", role.clone()),
                    ("segment", segment.clone()),
                    ("country_iso3", country.into()),
                    ("description", row.description.as_str().into()),
                ];
                self.push(spec, &origin, with_cite(cells, row));
            }
        }
    }

    fn initiatives(&mut self, sheet: &Sheet<InitiativeRow>, g: &Gazetteer) {
        let spec = &contract::INITIATIVES;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let actor = self.entity(g, row.actor.as_str(), &origin, "actor");
            let instrument = self.code(spec, "instrument", row.instrument.as_str(), &origin);
            let target_year = match row.target.as_deref().map(|t| parse_period(t, None)) {
                None => None,
                Some(Ok(p)) if p.kind == PeriodKind::Target => p.target_year,
                Some(Ok(p)) if p.kind == PeriodKind::Year => {
                    p.start.map(|d| chrono::Datelike::year(&d))
                }
                Some(Ok(p)) => {
                    self.fail(
                        &origin,
                        "target",
                        format!(
                            "\"{}\" is a {} period; a target is a year or a deadline (d'ici 2030)",
                            p.label,
                            p.kind.code()
                        ),
                    );
                    None
                }
                Some(Err(e)) => {
                    self.fail(&origin, "target", e.to_string());
                    None
                }
            };
            let cells = vec![
                ("initiative_id", row.initiative_id.as_str().into()),
                ("actor_id", actor.into()),
                ("name", row.name.as_str().into()),
                ("instrument", instrument),
                ("objective", row.objective.as_str().into()),
                ("target_year", target_year.map(i64::from).into()),
            ];
            self.push(spec, &origin, with_cite(cells, row));
        }
    }

    // -- materials -------------------------------------------------------------------------

    /// Returns the material gazetteer: every name and symbol of a material → its id.
    fn materials(
        &mut self,
        sheet: &Sheet<MaterialRow>,
        elements: &Sheet<ElementRow>,
    ) -> HashMap<String, String> {
        let spec = &contract::MATERIALS;
        let by_symbol: HashMap<&str, &ElementRow> = elements
            .records
            .iter()
            .map(|r| (r.row.symbol.as_str(), &r.row))
            .collect();
        let by_name: HashMap<String, &ElementRow> = elements
            .records
            .iter()
            .flat_map(|r| {
                [
                    (petrochip_text::fold(r.row.name_fr.as_str()), &r.row),
                    (petrochip_text::fold(r.row.name_en.as_str()), &r.row),
                ]
            })
            .collect();
        let mut lookup = HashMap::new();
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let typed = row.material.as_str();
            let key = strip_article(&petrochip_text::fold(typed));
            let element = by_name.get(&key).or_else(|| by_symbol.get(typed)).copied();
            let (name_en, name_fr, symbol, atomic_number, kind, components) = if let Some(e) =
                element
            {
                if row.name_en.is_some() || row.name_fr.is_some() {
                    self.fail(&origin, "name_en", format!("{typed} is an element: its names come from raw/reference/elements.csv; leave name_en and name_fr empty"));
                }
                (
                    e.name_en.as_str().to_string(),
                    e.name_fr.as_str().to_string(),
                    e.symbol.as_str().to_string(),
                    Some(i64::from(e.atomic_number.0)),
                    "element",
                    Vec::new(),
                )
            } else if let Some(parts) = formula(typed, &by_symbol) {
                let (Some(en), Some(fr)) = (&row.name_en, &row.name_fr) else {
                    self.fail(
                        &origin,
                        "name_en",
                        format!("{typed} is a compound: give its name_en and name_fr"),
                    );
                    continue;
                };
                (
                    en.clone(),
                    fr.clone(),
                    typed.to_string(),
                    None,
                    "compound",
                    parts,
                )
            } else {
                self.fail(&origin, "material", format!("\"{typed}\" is neither an element of raw/reference/elements.csv (by French or English name or symbol) nor a chemical formula"));
                continue;
            };
            let id = snake_case(&name_en);
            for spelling in [&name_en, &name_fr, &symbol] {
                lookup.insert(petrochip_text::fold(spelling), id.clone());
            }
            let category = self.code(spec, "category", row.category.as_str(), &origin);
            let abundance =
                self.optional_code(spec, "abundance", row.abundance.as_deref(), &origin);
            let cells = vec![
                ("material_id", id.as_str().into()),
                ("name_en", name_en.into()),
                ("name_fr", name_fr.into()),
                ("symbol", symbol.into()),
                ("atomic_number", atomic_number.into()),
                ("kind", kind.into()),
                ("category", category),
                ("abundance", abundance),
                ("role", row.role.as_str().into()),
                ("supply_concern", row.supply_concern.as_deref().into()),
            ];
            self.push(spec, &origin, with_cite(cells, row));
            for (element, atoms) in components {
                let cells = vec![
                    ("material_id", id.as_str().into()),
                    (
                        "component_material_id",
                        snake_case(element.name_en.as_str()).into(),
                    ),
                    ("atoms", i64::from(atoms).into()),
                ];
                self.push(&contract::MATERIAL_COMPONENTS, &origin, cells);
            }
        }
        lookup
    }

    fn material(
        &mut self,
        lookup: &HashMap<String, String>,
        name: &str,
        origin: &Origin,
        column: &'static str,
    ) -> Option<String> {
        let key = strip_article(&petrochip_text::fold(name));
        let found = lookup.get(&key).cloned();
        if found.is_none() {
            self.fail(origin, column, format!("\"{name}\" is not a material of raw/materials.csv; add it there or fix the spelling"));
        }
        found
    }

    /// Resolves each name of a list cell, reporting the ones that do not resolve.
    fn resolve_list(
        &mut self,
        cell: &str,
        mut resolve: impl FnMut(&mut Self, &str) -> Option<String>,
    ) -> Vec<String> {
        split_list(cell)
            .iter()
            .filter_map(|name| resolve(self, name))
            .collect()
    }

    /// One row per pair: the long form of two list cells ("gallium, indium" × "zinc et cuivre").
    fn push_pairs(
        &mut self,
        spec: &'static TableSpec,
        origin: &Origin,
        row: &impl Cited,
        (left_column, left): (&'static str, &[String]),
        (right_column, right): (&'static str, &[String]),
    ) {
        for a in left {
            for b in right {
                let cells = vec![
                    (left_column, a.as_str().into()),
                    (right_column, b.as_str().into()),
                ];
                self.push(spec, origin, with_cite(cells, row));
            }
        }
    }

    fn byproducts(&mut self, sheet: &Sheet<ByproductRow>, lookup: &HashMap<String, String>) {
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let materials = self.resolve_list(row.materials.as_str(), |n, m| {
                n.material(lookup, m, &origin, "materials")
            });
            let hosts = self.resolve_list(row.hosts.as_str(), |n, h| {
                n.material(lookup, h, &origin, "hosts")
            });
            let spec = &contract::MATERIAL_BYPRODUCTS;
            self.push_pairs(
                spec,
                &origin,
                row,
                ("material_id", &materials),
                ("host_material_id", &hosts),
            );
        }
    }

    fn material_sources(
        &mut self,
        sheet: &Sheet<MaterialSourceRow>,
        lookup: &HashMap<String, String>,
        g: &Gazetteer,
    ) {
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let materials = self.resolve_list(row.materials.as_str(), |n, m| {
                n.material(lookup, m, &origin, "materials")
            });
            let countries = self.resolve_list(row.countries.as_str(), |n, c| {
                n.country(g, c, &origin, "countries")
            });
            let spec = &contract::MATERIAL_SOURCES;
            self.push_pairs(
                spec,
                &origin,
                row,
                ("material_id", &materials),
                ("country_iso3", &countries),
            );
        }
    }

    // -- energy, mitigations, users ----------------------------------------------------------

    fn energy_concerns(&mut self, sheet: &Sheet<EnergyConcernRow>) {
        let spec = &contract::ENERGY_CONCERNS;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let stage = self.code(spec, "stage", row.stage.as_str(), &origin);
            let activities: Vec<Value> = split_list(row.activities.as_str())
                .iter()
                .map(|a| self.code(spec, "activity", a, &origin))
                .collect();
            let impacts: Vec<Value> = split_list(row.impacts.as_str())
                .iter()
                .map(|i| self.code(spec, "impact", i, &origin))
                .collect();
            for activity in &activities {
                for impact in &impacts {
                    let cells = vec![
                        ("concern_id", format!("{activity}__{impact}").into()),
                        ("stage", stage.clone()),
                        ("activity", activity.clone()),
                        ("impact", impact.clone()),
                        ("description", row.description.as_str().into()),
                    ];
                    self.push(spec, &origin, with_cite(cells, row));
                }
            }
        }
    }

    /// Every source and paragraph that names an entity, with the name as written: the names a
    /// source's `mentions.csv` lists, then every name its other sheets resolved, once each.
    fn mentions(&mut self, sheet: &Sheet<MentionRow>, g: &Gazetteer) {
        let spec = &contract::ENTITY_MENTIONS;
        let mut seen = std::collections::HashSet::new();
        let mut rows: Vec<(Origin, String, String, i64, String, String)> = Vec::new();
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let name = row.name.as_str();
            match g.entity(name) {
                Ok(id) => rows.push((
                    origin,
                    row.source_id.as_str().to_string(),
                    id.to_string(),
                    i64::from(row.paragraph.0),
                    name.to_string(),
                    "mentions".to_string(),
                )),
                Err(message) => self.fail(&origin, "name", message),
            }
        }
        for (origin, surface, id) in std::mem::take(&mut self.resolved) {
            let Some((source, paragraph)) = self.cited.get(&origin) else {
                continue;
            };
            let sheet = std::path::Path::new(&*origin.file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            rows.push((origin, source.clone(), id, *paragraph, surface, sheet));
        }
        for (origin, source, id, paragraph, surface, sheet) in rows {
            if !seen.insert((source.clone(), id.clone(), paragraph, surface.clone())) {
                continue;
            }
            let cells = vec![
                ("source_id", source.into()),
                ("entity_id", id.into()),
                ("paragraph", paragraph.into()),
                ("surface", surface.into()),
                ("sheet", sheet.into()),
            ];
            self.push(spec, &origin, cells);
        }
    }

    /// Pairs of figures from two sources on the same subject, metric and period.
    fn comparisons(&mut self) {
        let Some(figures) = self.tables.get(contract::FIGURES.name) else {
            return;
        };
        for (origin, cells) in compare::comparisons(figures) {
            self.push(&contract::FIGURE_COMPARISONS, &origin, cells);
        }
    }

    /// ISO 4217, as the reference sheet lists it; returns the codes.
    fn currencies(&mut self, sheet: &Sheet<CurrencyRow>) -> std::collections::HashSet<String> {
        let mut codes = std::collections::HashSet::new();
        for record in &sheet.records {
            let row = &record.row;
            codes.insert(row.code.as_str().to_string());
            let cells = vec![
                ("code", row.code.as_str().into()),
                ("numeric", row.numeric.as_str().into()),
                ("name_en", row.name_en.as_str().into()),
                ("name_fr", row.name_fr.as_str().into()),
            ];
            self.push(&contract::CURRENCIES, &sheet.origin(record), cells);
        }
        codes
    }

    /// Yearly exchange rates, each with the source it was typed from.
    fn exchange_rates(
        &mut self,
        sheet: &Sheet<ExchangeRateRow>,
        currencies: &std::collections::HashSet<String>,
    ) -> Rates {
        let mut rates = HashMap::new();
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let rate = match row.usd_per_unit.trim().parse::<f64>() {
                Ok(rate) if rate.is_finite() && rate > 0.0 => Some(rate),
                _ => {
                    self.fail(
                        &origin,
                        "usd_per_unit",
                        format!("\"{}\" is not a rate; write US dollars per unit with a decimal point, as 1.0813", row.usd_per_unit),
                    );
                    None
                }
            };
            let year = row.year.0;
            if let Some(rate) = rate
                && currencies.contains(row.currency.as_str())
            {
                rates.insert((row.currency.as_str().to_string(), year as i32), rate);
            }
            let cells = vec![
                ("currency", row.currency.as_str().into()),
                ("year", i64::from(year).into()),
                ("usd_per_unit", rate.into()),
                ("rate_source", row.source.as_str().into()),
                ("url", row.url.as_str().into()),
            ];
            self.push(&contract::EXCHANGE_RATES, &origin, cells);
        }
        rates
    }

    /// The metrics vocabulary, and each metric's quantity kind for the figures' unit check.
    fn metrics(&mut self, sheet: &Sheet<MetricRow>) -> HashMap<String, &'static str> {
        let spec = &contract::METRICS;
        let mut kinds = HashMap::new();
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let kind = self.code(spec, "quantity_kind", row.quantity_kind.as_str(), &origin);
            if let Some(code) = static_code(&kind, contract::QUANTITY_KINDS) {
                kinds.insert(row.metric.as_str().to_string(), code);
            }
            let cells = vec![
                ("metric", row.metric.as_str().into()),
                ("quantity_kind", kind),
                ("description", row.description.as_str().into()),
            ];
            self.push(spec, &origin, cells);
        }
        kinds
    }

    fn mitigations(&mut self, sheet: &Sheet<MitigationRow>) {
        for record in &sheet.records {
            let row = &record.row;
            let cells = vec![
                ("mitigation_id", row.mitigation_id.as_str().into()),
                ("name_en", row.name_en.as_str().into()),
                ("name_fr", row.name_fr.as_str().into()),
                ("description", row.description.as_str().into()),
            ];
            self.push(
                &contract::MITIGATIONS,
                &sheet.origin(record),
                with_cite(cells, row),
            );
        }
    }

    fn corporate_users(&mut self, sheet: &Sheet<CorporateUserRow>, g: &Gazetteer) {
        let spec = &contract::CORPORATE_USERS;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let country = self.country(g, row.nationality.as_str(), &origin, "nationality");
            let group = self.code(spec, "user_group", row.user_group.as_str(), &origin);
            for name in split_list(row.companies.as_str()) {
                let Some(id) = self.entity(g, &name, &origin, "companies") else {
                    continue;
                };
                if let (Some(known), Some(stated)) = (g.country_of(&id), &country)
                    && known != stated
                {
                    self.fail(&origin, "nationality", format!("{id} belongs to {known} in raw/entities.csv, but this row says {stated}"));
                }
                let cells = vec![
                    ("entity_id", id.into()),
                    ("country_iso3", country.clone().into()),
                    ("user_group", group.clone()),
                ];
                self.push(spec, &origin, with_cite(cells, row));
            }
        }
    }

    // -- figures ---------------------------------------------------------------------------

    fn figures(
        &mut self,
        sheet: &Sheet<FigureRow>,
        g: &Gazetteer,
        dates: &Dates,
        styles: &HashMap<String, NumberStyle>,
        metrics: &HashMap<String, &'static str>,
        rates: &Rates,
    ) {
        let spec = &contract::FIGURES;
        let style = |source: &str| styles.get(source).copied().unwrap_or(NumberStyle::French);
        let parse =
            |row: &FigureRow, text: &str| parse_quantity_styled(text, style(row.source_id()));
        // Derivations refer to figures of their own source: keys are (source_id, figure_id).
        let mut stated: HashMap<(String, String), Quantity> = HashMap::new();
        // Figures whose value is unreadable: their own error is reported, so a derivation that
        // uses them is not reported again.
        let mut unreadable = std::collections::HashSet::new();
        for record in &sheet.records {
            let row = &record.row;
            match row.value.as_deref().map(|v| parse(row, v)) {
                Some(Ok(q)) => {
                    stated.insert(
                        (
                            row.source_id().to_string(),
                            row.figure_id.as_str().to_string(),
                        ),
                        q,
                    );
                }
                Some(Err(_)) => {
                    unreadable.insert((
                        row.source_id().to_string(),
                        row.figure_id.as_str().to_string(),
                    ));
                }
                None => {}
            }
        }
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let subject = self.entity(g, row.subject.as_str(), &origin, "subject");
            let metric = row.metric.as_str();
            let kind = metrics.get(metric).copied();
            if kind.is_none() {
                let nearest = metrics
                    .keys()
                    .map(|k| (strsim::osa_distance(metric, k), k))
                    .filter(|(d, _)| *d <= 3)
                    .min();
                let hint = match nearest {
                    Some((_, k)) => format!("did you mean {k}? "),
                    None => String::new(),
                };
                self.fail(
                    &origin,
                    "metric",
                    format!("\"{metric}\" is not a metric of raw/vocabularies/metrics.csv; {hint}fix it, or add the metric there with its quantity_kind"),
                );
            }
            let (quantity, derivation) = match (&row.value, &row.derivation) {
                (Some(text), None) => match parse(row, text) {
                    Ok(q) => (Some(q), None),
                    Err(e) => {
                        self.fail(&origin, "value", e.to_string());
                        (None, None)
                    }
                },
                (None, Some(expression)) => {
                    let source = row.source_id().to_string();
                    let lookup = |id: &str| stated.get(&(source.clone(), id.to_string())).copied();
                    match derive::derive(expression, lookup) {
                        Ok(d) => (Some(d.quantity), Some(d.how)),
                        Err(derive::DeriveError::Unknown(id, _))
                            if unreadable.contains(&(source.clone(), id.clone())) =>
                        {
                            (None, None)
                        }
                        Err(message) => {
                            self.fail(
                                &origin,
                                "derivation",
                                format!("cannot derive \"{expression}\": {message}"),
                            );
                            (None, None)
                        }
                    }
                }
                (Some(_), Some(_)) => {
                    self.fail(&origin, "derivation", "a figure is either stated (value) or derived (derivation), not both; empty one of them");
                    (None, None)
                }
                (None, None) => {
                    self.fail(&origin, "value", "the value is empty; copy the figure, or give a derivation for an implied one");
                    (None, None)
                }
            };
            let as_of = dates.get(row.source_id()).copied();
            let period = match row.period.as_deref().map(|p| parse_period(p, as_of)) {
                Some(Ok(p)) => Some(p),
                Some(Err(e)) => {
                    self.fail(&origin, "period", e.to_string());
                    None
                }
                None => None,
            };
            let Some(q) = quantity else { continue };
            if let Some(kind) = kind
                && let Some(quantity_kind) = QuantityKind::from_code(kind)
                && !q.unit.fits(quantity_kind)
            {
                let how = contract::how_to_write(kind);
                let read = match &row.value {
                    Some(text) => format!("\"{text}\" reads as {}", q.unit.code()),
                    None => format!("the derivation gives {}", q.unit.code()),
                };
                self.fail(
                    &origin,
                    if row.value.is_some() {
                        "value"
                    } else {
                        "derivation"
                    },
                    format!("{read}, but {metric} measures {kind}; {how}"),
                );
                continue;
            }
            // The year whose exchange rate turns money into US dollars: the period's, when it
            // lies in one calendar year; else none (no rate is ever guessed).
            let year = period
                .as_ref()
                .and_then(|p| Some((p.start?, p.end?)))
                .filter(|(start, end)| start.year() == end.year())
                .map(|(start, _)| start.year());
            let currency = q.unit.currency().map(|c| c.code().to_string());
            // US dollars need no rate; other currencies need the year's.
            let usd = match (&currency, year) {
                (Some(c), _) if c == "USD" => Some((q.value, None)),
                (Some(c), Some(y)) => rates
                    .get(&(c.clone(), y))
                    .map(|rate| (q.value * rate, Some(y))),
                _ => None,
            };
            let cells = vec![
                ("figure_id", row.figure_id.as_str().into()),
                ("subject_id", subject.into()),
                ("metric", metric.into()),
                ("value", q.value.into()),
                ("unit", q.unit.code().into()),
                ("currency", currency.into()),
                ("value_usd", usd.map(|(v, _)| v).into()),
                (
                    "usd_rate_year",
                    usd.and_then(|(_, y)| y).map(i64::from).into(),
                ),
                ("qualifier", q.qualifier.code().into()),
                ("value_text", row.value.as_deref().into()),
                ("period", period.as_ref().map(|p| p.label.clone()).into()),
                ("period_kind", period.as_ref().map(|p| p.kind.code()).into()),
                ("period_start", period.as_ref().and_then(|p| p.start).into()),
                ("period_end", period.as_ref().and_then(|p| p.end).into()),
                (
                    "period_approximate",
                    period.as_ref().map(|p| p.approximate).into(),
                ),
                (
                    "fiscal_year",
                    period
                        .as_ref()
                        .and_then(|p| p.fiscal_year)
                        .map(i64::from)
                        .into(),
                ),
                (
                    "fiscal_quarter",
                    period
                        .as_ref()
                        .and_then(|p| p.fiscal_quarter)
                        .map(i64::from)
                        .into(),
                ),
                (
                    "target_year",
                    period
                        .as_ref()
                        .and_then(|p| p.target_year)
                        .map(i64::from)
                        .into(),
                ),
                (
                    "recurrence_years",
                    period.as_ref().and_then(|p| p.recurrence_years).into(),
                ),
                ("initiative_id", row.initiative_id.as_deref().into()),
                ("derived", derivation.is_some().into()),
                ("derivation", derivation.into()),
                ("note", row.note.as_deref().into()),
            ];
            self.push(spec, &origin, with_cite(cells, row));
        }
    }

    // -- the oil comparison, data centres, positions -----------------------------------------

    fn oil_regions(&mut self, sheet: &Sheet<OilRegionRow>, g: &Gazetteer) {
        let spec = &contract::OIL_REGIONS;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let country = row
                .country
                .as_deref()
                .and_then(|c| self.country(g, c, &origin, "country"));
            let setting = self.optional_code(spec, "setting", row.setting.as_deref(), &origin);
            let cells = vec![
                ("region_id", row.region_id.as_str().into()),
                ("name_en", row.name_en.as_str().into()),
                ("name_fr", row.name_fr.as_str().into()),
                ("country_iso3", country.into()),
                ("setting", setting),
                ("wave", i64::from(row.wave.0).into()),
                ("listed_order", i64::from(row.listed_order.0).into()),
            ];
            self.push(spec, &origin, with_cite(cells, row));
        }
    }

    fn datacentre_factors(&mut self, sheet: &Sheet<DatacentreFactorRow>) {
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let typed = row.rank.as_str();
            let rank = typed
                .trim_end_matches(['.', ')'])
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|r| *r >= 1);
            if rank.is_none() {
                self.fail(
                    &origin,
                    "rank",
                    format!("\"{typed}\" is not a list number; write 1, 1. or 1)"),
                );
            }
            let cells = vec![
                ("factor_id", snake_case(row.name_en.as_str()).into()),
                ("rank", rank.map(i64::from).into()),
                ("name_en", row.name_en.as_str().into()),
                ("name_fr", row.name_fr.as_str().into()),
                ("description", row.description.as_str().into()),
            ];
            self.push(
                &contract::DATACENTRE_FACTORS,
                &origin,
                with_cite(cells, row),
            );
        }
    }

    fn positions(&mut self, sheet: &Sheet<PositionRow>, g: &Gazetteer) {
        let spec = &contract::POSITIONS;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let domain = self.code(spec, "domain", row.domain.as_str(), &origin);
            let stance = self.code(spec, "stance", row.stance.as_str(), &origin);
            for name in split_list(row.entities.as_str()) {
                let Some(id) = self.entity(g, &name, &origin, "entities") else {
                    continue;
                };
                let cells = vec![
                    ("entity_id", id.into()),
                    ("domain", domain.clone()),
                    ("stance", stance.clone()),
                ];
                self.push(spec, &origin, with_cite(cells, row));
            }
        }
    }
}

/// The `&'static str` code of a value produced by [`Normaliser::code`].
fn static_code(value: &Value, choices: &'static [contract::Choice]) -> Option<&'static str> {
    match value {
        Value::Text(code) => choices.iter().find(|c| c.code == code).map(|c| c.code),
        _ => None,
    }
}

fn strip_article(key: &str) -> String {
    ["le ", "la ", "les ", "l'"]
        .iter()
        .find_map(|a| key.strip_prefix(a))
        .unwrap_or(key)
        .trim()
        .to_string()
}

/// A chemical formula such as GaAs or H2O, as elements and atom counts; `None` if any part is
/// not an element symbol, or if it is a single atom (which is an element, not a compound).
fn formula<'a>(
    text: &str,
    by_symbol: &HashMap<&str, &'a ElementRow>,
) -> Option<Vec<(&'a ElementRow, u32)>> {
    let chars: Vec<char> = text.chars().collect();
    let mut parts: Vec<(&ElementRow, u32)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_uppercase() {
            return None;
        }
        let start = i;
        i += 1;
        while i < chars.len() && chars[i].is_ascii_lowercase() {
            i += 1;
        }
        let symbol: String = chars[start..i].iter().collect();
        let digits_start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let count: u32 = if digits_start == i {
            1
        } else {
            let digits: String = chars[digits_start..i].iter().collect();
            digits.parse().ok().filter(|n| (1..=1000).contains(n))?
        };
        let element = *by_symbol.get(symbol.as_str())?;
        match parts.iter_mut().find(|(e, _)| e.symbol == element.symbol) {
            Some((_, n)) => *n = n.checked_add(count).filter(|n| *n <= 1000)?,
            None => parts.push((element, count)),
        }
    }
    let atoms: u32 = parts.iter().map(|(_, n)| n).sum();
    (atoms > 1).then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::sheets::ElementRow;

    fn element(z: u32, symbol: &str, en: &str) -> ElementRow {
        use crate::ingest::sheets::ElementRow as E;
        let row: E = csv::ReaderBuilder::new()
            .from_reader(
                format!("atomic_number,symbol,name_en,name_fr\n{z},{symbol},{en},{en}\n")
                    .as_bytes(),
            )
            .deserialize()
            .next()
            .and_then(Result::ok)
            .expect("test row");
        row
    }

    #[test]
    fn reads_formulas() {
        let (ga, as_, h, o) = (
            element(31, "Ga", "gallium"),
            element(33, "As", "arsenic"),
            element(1, "H", "hydrogen"),
            element(8, "O", "oxygen"),
        );
        let by_symbol: HashMap<&str, &ElementRow> =
            [("Ga", &ga), ("As", &as_), ("H", &h), ("O", &o)]
                .into_iter()
                .collect();
        let gaas = formula("GaAs", &by_symbol).unwrap();
        assert_eq!(
            gaas.iter()
                .map(|(e, n)| (e.symbol.as_str(), *n))
                .collect::<Vec<_>>(),
            [("Ga", 1), ("As", 1)]
        );
        let water = formula("H2O", &by_symbol).unwrap();
        assert_eq!(
            water
                .iter()
                .map(|(e, n)| (e.symbol.as_str(), *n))
                .collect::<Vec<_>>(),
            [("H", 2), ("O", 1)]
        );
        assert!(formula("Ga", &by_symbol).is_none());
        assert!(formula("GaXx", &by_symbol).is_none());
        assert!(formula("gaas", &by_symbol).is_none());
        assert!(formula("H4294967295O", &by_symbol).is_none());
        assert!(formula("H999H999", &by_symbol).is_none());
    }
}
