//! The materials chips need: elements and compounds (read from their formulas), by-products
//! and where they are mined.

#![allow(clippy::wildcard_imports)]

use std::collections::HashMap;

use super::reference::ElementRow;
use super::{Group, RawSheets};
use crate::contract::*;
use crate::ingest::cells::{List, Text};
use crate::ingest::{Cited, Reader, Sheet, fact_sheet};
use crate::normalise::gazetteer::{Gazetteer, split_list};
use crate::normalise::*;
use crate::table::Origin;

/// The sheets this group reads.
#[derive(Debug, Clone)]
pub struct Sheets {
    pub materials: Sheet<MaterialRow>,
    pub material_byproducts: Sheet<ByproductRow>,
    pub material_sources: Sheet<MaterialSourceRow>,
}

impl Group for Sheets {
    const TABLES: &'static [&'static TableSpec] = &[
        &MATERIALS,
        &MATERIAL_COMPONENTS,
        &MATERIAL_BYPRODUCTS,
        &MATERIAL_SOURCES,
    ];

    fn read(reader: &mut Reader) -> Self {
        Sheets {
            materials: reader.per_source("materials.csv", false),
            material_byproducts: reader.per_source("material_byproducts.csv", false),
            material_sources: reader.per_source("material_sources.csv", false),
        }
    }

    fn files(&self) -> Vec<&[crate::ingest::SheetFile]> {
        vec![
            &self.materials.files,
            &self.material_byproducts.files,
            &self.material_sources.files,
        ]
    }

    fn normalise(&self, raw: &RawSheets, cx: &mut Context) {
        let _ = raw;
        let g = cx.gazetteer.clone();
        let lookup = cx.materials(&self.materials, &raw.reference.elements);
        cx.byproducts(&self.material_byproducts, &lookup);
        cx.material_sources(&self.material_sources, &lookup, &g);
    }
}

// -- sheets ---------------------------------------------------------------------------------

fact_sheet!(MaterialRow {
    /// The analyst's id (snake_case English), never derived from a name, so that renaming a
    /// material never changes its key.
    material_id: Text,
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
    materials: List,
    hosts: List,
});

fact_sheet!(MaterialSourceRow {
    materials: List,
    countries: List,
});

// -- vocabularies -------------------------------------------------------------------------

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

// -- tables -------------------------------------------------------------------------------

pub static MATERIALS: TableSpec = TableSpec {
    name: "materials",
    description: "Materials chips need, with their element facts and the article's supply concerns.",
    sheet: "sources/<source_id>/materials.csv",
    may_be_empty: false,
    columns: &[
        text(
            "material_id",
            "Identifier the analyst types (snake_case English); never derived from a name, so renaming a material keeps its key.",
        ),
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
        STATEMENT_ID,
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
        STATEMENT_ID,
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
        STATEMENT_ID,
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
        FK_COUNTRY_ENTITY,
    ],
    rules: &[],
};

mod rules {
    use crate::contract::Row;

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
}

// -- normaliser ---------------------------------------------------------------------------

impl Context {
    /// Returns the material gazetteer: every name and symbol of a material → its id.
    fn materials(
        &mut self,
        sheet: &Sheet<MaterialRow>,
        elements: &Sheet<ElementRow>,
    ) -> HashMap<String, String> {
        let spec = &crate::domains::materials::MATERIALS;
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
        let mut pending = Vec::new();
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
            let id = row.material_id.as_str().to_string();
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
                pending.push((origin.clone(), id.clone(), element, atoms));
            }
        }
        // A compound's elements are materials rows too: each by the id its own row gives,
        // found by the element's symbol once every row is read.
        for (origin, id, element, atoms) in pending {
            let Some(component) = lookup.get(&petrochip_text::fold(element.symbol.as_str())) else {
                self.fail(
                    &origin,
                    "material",
                    format!(
                        "{id} contains {} ({}), which has no row of its own; add it to materials.csv",
                        element.name_en.as_str(),
                        element.symbol.as_str()
                    ),
                );
                continue;
            };
            let cells = vec![
                ("material_id", id.as_str().into()),
                ("component_material_id", component.as_str().into()),
                ("atoms", i64::from(atoms).into()),
            ];
            self.push(
                &crate::domains::materials::MATERIAL_COMPONENTS,
                &origin,
                cells,
            );
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

    /// The quote names each material of a list cell (by any of its spellings).
    fn quote_names_materials(
        &mut self,
        origin: &Origin,
        column: &'static str,
        row: &impl Cited,
        cell: &str,
        lookup: &HashMap<String, String>,
    ) {
        for name in split_list(cell) {
            let Some(id) = lookup.get(&strip_article(&petrochip_text::fold(&name))) else {
                continue;
            };
            let spellings: Vec<String> = lookup
                .iter()
                .filter(|(_, target)| *target == id)
                .map(|(key, _)| key.clone())
                .collect();
            self.quote_names(origin, column, row.quote(), (&name, id), &spellings);
        }
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
            self.quote_names_materials(&origin, "materials", row, row.materials.as_str(), lookup);
            self.quote_names_materials(&origin, "hosts", row, row.hosts.as_str(), lookup);
            let spec = &crate::domains::materials::MATERIAL_BYPRODUCTS;
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
            self.quote_names_materials(&origin, "materials", row, row.materials.as_str(), lookup);
            let cited = (&origin, row.quote());
            let countries =
                self.named_in_quote(g, cited, "countries", row.countries.as_str(), true);
            let spec = &crate::domains::materials::MATERIAL_SOURCES;
            self.push_pairs(
                spec,
                &origin,
                row,
                ("material_id", &materials),
                ("country_iso3", &countries),
            );
        }
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
    use crate::domains::reference::ElementRow;

    fn element(z: u32, symbol: &str, en: &str) -> ElementRow {
        use crate::domains::reference::ElementRow as E;
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
