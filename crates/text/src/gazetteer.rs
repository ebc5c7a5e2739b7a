//! Names to canonical ids. Every spelling an analyst may type ("Etats-Unis", "UE", "Tecent",
//! "américains") is listed, in `raw/entities.csv`, `raw/aliases.csv` or the ISO reference; a
//! name that is not listed is an error with the closest known spelling, never a guess.

use std::collections::HashMap;

use crate::{edit_distance, fold};

/// What a spelling resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Entity(String),
    /// A country of the ISO reference that the article does not name as an entity.
    Country(String),
}

/// A spelling that resolves to an entity, with where it was declared (`O`: a sheet's row, for
/// the pipeline; anything, for a caller that does not track places).
#[derive(Debug, Clone)]
pub struct Alias<O> {
    pub alias: String,
    pub entity_id: String,
    pub lang: &'static str,
    pub kind: &'static str,
    pub origin: O,
}

#[derive(Debug)]
pub struct Gazetteer<O> {
    by_key: HashMap<String, Target>,
    /// Spellings that resolve to an entity, in the order they were added (for entity_aliases).
    aliases: Vec<Alias<O>>,
    /// entity_id → (entity_type, its country)
    entities: HashMap<String, (String, Option<String>)>,
}

/// Two different targets claim one spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    pub alias: String,
    pub first: Target,
    pub second: Target,
}

impl<O> Default for Gazetteer<O> {
    fn default() -> Self {
        Gazetteer {
            by_key: HashMap::new(),
            aliases: Vec::new(),
            entities: HashMap::new(),
        }
    }
}

impl<O: Clone> Gazetteer<O> {
    pub fn declare_entity(&mut self, entity_id: &str, entity_type: &str) {
        self.entities
            .insert(entity_id.to_string(), (entity_type.to_string(), None));
    }

    pub fn set_country(&mut self, entity_id: &str, iso3: Option<String>) {
        if let Some(entry) = self.entities.get_mut(entity_id) {
            entry.1 = iso3;
        }
    }

    pub fn is_entity(&self, id: &str) -> bool {
        self.entities.contains_key(id)
    }

    /// The country an entity belongs to: its own code for a country.
    pub fn country_of(&self, entity_id: &str) -> Option<&str> {
        let (key, (entity_type, country)) = self.entities.get_key_value(entity_id)?;
        if entity_type == "country" {
            Some(key)
        } else {
            country.as_deref()
        }
    }

    /// Adds a spelling. The same spelling for the same target is ignored; for another target
    /// it is a clash the caller reports.
    pub fn add(
        &mut self,
        alias: &str,
        target: Target,
        lang: &'static str,
        kind: &'static str,
        origin: &O,
    ) -> Result<(), Clash> {
        let key = fold(alias);
        if key.is_empty() {
            return Ok(());
        }
        if let Some(existing) = self.by_key.get(&key) {
            if *existing == target {
                return Ok(());
            }
            // An entity outranks the bare ISO country it stands for.
            if let (Target::Country(iso3), Target::Entity(id)) = (existing, &target)
                && iso3 == id
            {
                self.by_key.insert(key, target.clone());
                self.push_alias(alias, &target, lang, kind, origin);
                return Ok(());
            }
            if let (Target::Entity(id), Target::Country(iso3)) = (existing, &target)
                && iso3 == id
            {
                return Ok(());
            }
            return Err(Clash {
                alias: alias.to_string(),
                first: existing.clone(),
                second: target,
            });
        }
        self.by_key.insert(key, target.clone());
        self.push_alias(alias, &target, lang, kind, origin);
        Ok(())
    }

    fn push_alias(
        &mut self,
        alias: &str,
        target: &Target,
        lang: &'static str,
        kind: &'static str,
        origin: &O,
    ) {
        if let Target::Entity(id) = target {
            self.aliases.push(Alias {
                alias: alias.to_string(),
                entity_id: id.clone(),
                lang,
                kind,
                origin: origin.clone(),
            });
        }
    }

    pub fn aliases(&self) -> &[Alias<O>] {
        &self.aliases
    }

    fn lookup(&self, name: &str) -> Option<&Target> {
        let key = fold(name);
        self.by_key.get(&key).or_else(|| {
            let bare = ["la ", "le ", "les ", "l'", "the "]
                .iter()
                .find_map(|a| key.strip_prefix(a))?;
            self.by_key.get(bare.trim_start())
        })
    }

    /// The entity a name stands for.
    pub fn entity(&self, name: &str) -> Result<&str, String> {
        match self.lookup(name) {
            Some(Target::Entity(id)) => Ok(id),
            Some(Target::Country(iso3)) => Err(format!(
                "\"{name}\" is the country {iso3}, which raw/entities.csv does not list; add it there"
            )),
            None => Err(self.unknown(name)),
        }
    }

    /// The ISO alpha-3 code of the country a name stands for.
    pub fn country(&self, name: &str) -> Result<&str, String> {
        match self.lookup(name) {
            Some(Target::Country(iso3)) => Ok(iso3),
            Some(Target::Entity(id)) => match self.entities.get(id) {
                Some((t, _)) if t == "country" => Ok(id),
                Some((t, _)) => Err(format!("\"{name}\" is {id}, a {t}, not a country")),
                None => Err(self.unknown(name)),
            },
            None => Err(self.unknown(name)),
        }
    }

    fn unknown(&self, name: &str) -> String {
        let key = fold(name);
        let nearest = self
            .by_key
            .keys()
            .map(|k| (edit_distance(&key, k), k))
            .filter(|(d, k)| *d <= 2.max(k.chars().count() / 4))
            .min();
        let mut message = format!("\"{name}\" is not a name petrochip knows");
        if let Some((_, k)) = nearest {
            let spelled = self
                .aliases
                .iter()
                .find(|a| fold(&a.alias) == *k)
                .map_or(k.as_str(), |a| &a.alias);
            message.push_str(&format!(" (did you mean \"{spelled}\"?)"));
        }
        message.push_str("; fix the spelling; if it is another spelling of a known entity, add it to raw/aliases.csv; if it is a new entity, add a row to raw/entities.csv");
        message
    }
}

/// Splits a list cell: "Taïwan, Corée du Sud, États-Unis, et Chine" → four names.
pub fn split_list(cell: &str) -> Vec<String> {
    let mut names = Vec::new();
    for part in cell.split([',', ';']) {
        let mut rest = part.trim();
        if let Some(stripped) = rest
            .strip_prefix("et ")
            .or_else(|| rest.strip_prefix("and "))
        {
            rest = stripped.trim();
        }
        for name in rest
            .split(" et ")
            .flat_map(|p| p.split(" and "))
            .flat_map(|p| p.split(" & "))
        {
            let name = name.trim();
            if !name.is_empty() {
                names.push(name.to_string());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where a spelling was declared: a sheet and a line, as the pipeline tracks them.
    fn origin() -> (&'static str, u64) {
        ("raw/aliases.csv", 2)
    }

    fn gazetteer() -> Gazetteer<(&'static str, u64)> {
        let o = origin();
        let mut g = Gazetteer::default();
        g.declare_entity("USA", "country");
        g.declare_entity("tencent", "company");
        g.add("États-Unis", Target::Entity("USA".into()), "fr", "name", &o)
            .unwrap();
        g.add(
            "Etats-Unis",
            Target::Entity("USA".into()),
            "fr",
            "variant",
            &o,
        )
        .unwrap();
        g.add(
            "Tencent",
            Target::Entity("tencent".into()),
            "en",
            "name",
            &o,
        )
        .unwrap();
        g.add("Chine", Target::Country("CHN".into()), "fr", "iso_name", &o)
            .unwrap();
        g
    }

    #[test]
    fn resolves_names_with_or_without_article() {
        let g = gazetteer();
        assert_eq!(g.entity("Etats-Unis"), Ok("USA"));
        assert_eq!(g.entity("les États-Unis"), Ok("USA"));
        assert_eq!(g.entity("ÉTATS-UNIS"), Ok("USA"));
        assert_eq!(g.country("la Chine"), Ok("CHN"));
        assert_eq!(g.country("Etats-Unis"), Ok("USA"));
    }

    #[test]
    fn unknown_names_get_a_hint() {
        let g = gazetteer();
        assert_eq!(
            g.entity("Tecent").unwrap_err(),
            "\"Tecent\" is not a name petrochip knows (did you mean \"Tencent\"?); fix the spelling; if it is another spelling of a known entity, add it to raw/aliases.csv; if it is a new entity, add a row to raw/entities.csv"
        );
        assert_eq!(
            g.country("Tencent").unwrap_err(),
            "\"Tencent\" is tencent, a company, not a country"
        );
        assert!(
            g.entity("Chine")
                .unwrap_err()
                .contains("which raw/entities.csv does not list")
        );
    }

    #[test]
    fn a_spelling_cannot_mean_two_things() {
        let mut g = gazetteer();
        let clash = g
            .add(
                "Tencent",
                Target::Entity("USA".into()),
                "en",
                "name",
                &origin(),
            )
            .unwrap_err();
        assert_eq!(clash.first, Target::Entity("tencent".into()));
    }

    #[test]
    fn splits_lists() {
        assert_eq!(
            split_list("Taïwan, Corée du Sud, États-Unis, et Chine"),
            ["Taïwan", "Corée du Sud", "États-Unis", "Chine"]
        );
        assert_eq!(split_list("Nvidia et AMD"), ["Nvidia", "AMD"]);
        assert_eq!(split_list("zinc; cuivre"), ["zinc", "cuivre"]);
        assert_eq!(split_list("Trinité-et-Tobago"), ["Trinité-et-Tobago"]);
    }
}
