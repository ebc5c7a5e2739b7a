//! Names to canonical ids. Every spelling an analyst may type ("Etats-Unis", "UE", "Tecent",
//! "américains") is listed, in `raw/entities.csv`, `raw/aliases.csv` or the ISO reference; a
//! name that is not listed is an error with the closest known spelling, never a guess.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::grammar::{Lexeme, Token, tokenize_running};
use crate::{edit_distance, fold};

/// What a spelling resolves to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
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
    by_key: FxHashMap<String, Target>,
    /// Spellings that resolve to an entity, in the order they were added (for entity_aliases).
    aliases: Vec<Alias<O>>,
    /// entity_id → (entity_type, its country)
    entities: FxHashMap<String, (String, Option<String>)>,
    /// Each key as first declared, case and all, for matching names in running text.
    declared: FxHashMap<String, String>,
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
            by_key: FxHashMap::default(),
            aliases: Vec::new(),
            entities: FxHashMap::default(),
            declared: FxHashMap::default(),
        }
    }
}

impl<O: Clone> Gazetteer<O> {
    /// An empty gazetteer with room for about `spellings` spellings of `entities` entities, so
    /// that filling it does not grow its maps over and over (their rehashing was most of the
    /// fresh memory touched while normalising the seed).
    pub fn with_capacity(spellings: usize, entities: usize) -> Self {
        Gazetteer {
            by_key: FxHashMap::with_capacity_and_hasher(spellings, Default::default()),
            aliases: Vec::with_capacity(spellings),
            entities: FxHashMap::with_capacity_and_hasher(entities, Default::default()),
            declared: FxHashMap::with_capacity_and_hasher(spellings, Default::default()),
        }
    }

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
        self.declared.insert(key.clone(), alias.trim().to_string());
        self.by_key.insert(key, target.clone());
        self.push_alias(alias, &target, lang, kind, origin);
        Ok(())
    }

    /// Every spelling (folded, as [`fold`] makes it) and the entity or country it means.
    pub fn spellings(&self) -> impl Iterator<Item = (&str, &Target)> {
        self.by_key
            .iter()
            .map(|(key, target)| (key.as_str(), target))
    }

    /// The entity's type (country, company, person…), as declared.
    pub fn entity_type(&self, entity_id: &str) -> Option<&str> {
        self.entities.get(entity_id).map(|(t, _)| t.as_str())
    }

    /// The first spelling declared for an entity: its name, as `raw/entities.csv` gives it.
    pub fn name_of(&self, entity_id: &str) -> Option<&str> {
        self.aliases
            .iter()
            .find(|a| a.entity_id == entity_id)
            .map(|a| a.alias.as_str())
    }

    /// Every spelling, ready to be found in running text (see [`NameIndex`]).
    pub fn index(&self) -> NameIndex {
        let mut index = NameIndex::default();
        for (key, target) in &self.by_key {
            let declared = self.declared.get(key).map_or(key.as_str(), String::as_str);
            index.add(declared, target);
        }
        for entries in index.by_first.values_mut() {
            // Longest first, then by spelling (accents folded, then as declared), so that a
            // match never depends on hash order: spellings that differ only by accents
            // ("Taïwan", "Taiwan") sit side by side, always in the same order.
            entries.sort_by(|a, b| {
                b.keys
                    .len()
                    .cmp(&a.keys.len())
                    .then_with(|| a.keys.cmp(&b.keys))
                    .then_with(|| a.exact.cmp(&b.exact))
                    .then_with(|| a.case.cmp(&b.case))
                    .then_with(|| a.target.cmp(&b.target))
            });
        }
        index
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

    /// The entity a name stands for, if any: [`Gazetteer::entity`] without the message, so
    /// without looking for the nearest spelling of a name it does not know.
    pub fn entity_id(&self, name: &str) -> Option<&str> {
        match self.lookup(name) {
            Some(Target::Entity(id)) => Some(id),
            _ => None,
        }
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

/// Every spelling of a gazetteer as words, to find names in running text: matched token by
/// token on folded text (case, typographic apostrophes and, here, accents folded), longest
/// first, so that offsets map back to the text exactly and "Corée du Sud" wins over "Corée".
#[derive(Debug, Default, Clone)]
pub struct NameIndex {
    /// The first word of each spelling (accents folded) → the spellings that start with it.
    by_first: FxHashMap<String, Vec<Spelling>>,
    /// A bit for each first word's [`start_bit`]: a word whose bit is clear starts no name,
    /// which most words of running text are told by, without hashing them.
    starts: Vec<u64>,
}

/// The bit of [`NameIndex::starts`] a first word sets: from its length and first two bytes.
fn start_bit(key: &str) -> usize {
    let bytes = key.as_bytes();
    let byte = |k: usize| u32::from(bytes.get(k).copied().unwrap_or(0));
    let mixed = (bytes.len().min(255) as u32) | byte(0) << 8 | byte(1) << 16;
    // 14 bits of a multiplicative hash: 16,384 bits, a few hundred of them set.
    (mixed.wrapping_mul(0x9E37_79B1) >> 18) as usize
}

#[derive(Debug, Clone)]
struct Spelling {
    /// Its tokens, folded and without accents.
    keys: Vec<String>,
    /// Its tokens folded with their accents, to tell an exact match from one that differs
    /// only by accents ("Etats-Unis" for "États-Unis").
    exact: Vec<String>,
    case: Case,
    target: Target,
}

/// What the case of a spelling requires of the text: a one-word spelling in capitals ("UE",
/// "AP", "SUR" the ISO code) matches only capitals, a capitalised one ("Meta", "Brown") only a
/// capitalised word; other spellings match in any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Case {
    Capitals,
    Capitalised,
    Any,
}

/// A name found by [`NameIndex::find_at`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch {
    pub target: Target,
    /// The token after the name.
    pub end: usize,
    /// Whether the text spells it as declared, accents and all; if not, the normaliser will
    /// not resolve the name as written until the spelling is added to `raw/aliases.csv`.
    pub exact: bool,
}

impl NameIndex {
    fn add(&mut self, declared: &str, target: &Target) {
        let tokens = tokenize_running(declared);
        let exact: Vec<String> = tokens.iter().map(|t| t.lexeme.to_string()).collect();
        let keys: Vec<String> = exact.iter().map(|w| strip_accents(w)).collect();
        let letters: Vec<char> = declared.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() < 2 || keys.is_empty() {
            return;
        }
        let case = if declared.split_whitespace().count() > 1 {
            Case::Any
        } else if letters.iter().all(|c| c.is_uppercase()) {
            Case::Capitals
        } else if letters.first().is_some_and(|c| c.is_uppercase()) {
            Case::Capitalised
        } else {
            Case::Any
        };
        let bit = start_bit(&keys[0]);
        self.starts.resize(1 << 8, 0);
        if let Some(word) = self.starts.get_mut(bit / 64) {
            *word |= 1 << (bit % 64);
        }
        self.by_first
            .entry(keys[0].clone())
            .or_default()
            .push(Spelling {
                keys,
                exact,
                case,
                target: target.clone(),
            });
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// The longest name that starts at token `i`. `keys` are the tokens' lexemes without
    /// accents ([`strip_accents`]), computed once per text by the caller; `text` is what the
    /// tokens were read from, for the case of what was typed. When several spellings differ
    /// only by accents ("Taïwan", "Taiwan"), the one the text writes is the match, exact;
    /// when it writes none of them, the first, not exact.
    pub fn find_at<K: AsRef<str>>(
        &self,
        text: &str,
        tokens: &[Token],
        keys: &[K],
        i: usize,
    ) -> Option<NameMatch> {
        let key = keys.get(i)?.as_ref();
        let bit = start_bit(key);
        if self
            .starts
            .get(bit / 64)
            .is_none_or(|word| word >> (bit % 64) & 1 == 0)
        {
            return None;
        }
        let candidates = self.by_first.get(key)?;
        let mut first: Option<(&Spelling, NameMatch)> = None;
        for spelling in candidates {
            if let Some((found, _)) = &first
                && found.keys != spelling.keys
            {
                break;
            }
            let Some(found) = Self::fits(spelling, text, tokens, keys, i) else {
                continue;
            };
            if found.exact {
                return Some(found);
            }
            if first.is_none() {
                first = Some((spelling, found));
            }
        }
        first.map(|(_, found)| found)
    }

    /// Whether `spelling` is written at token `i`, in a case it allows.
    fn fits<K: AsRef<str>>(
        spelling: &Spelling,
        text: &str,
        tokens: &[Token],
        keys: &[K],
        i: usize,
    ) -> Option<NameMatch> {
        let end = i + spelling.keys.len();
        let words = keys.get(i..end)?;
        if !words
            .iter()
            .map(AsRef::as_ref)
            .eq(spelling.keys.iter().map(String::as_str))
        {
            return None;
        }
        let typed = text.get(tokens.get(i)?.span.start..tokens.get(end - 1)?.span.end)?;
        let mut letters = typed.chars().filter(|c| c.is_alphabetic());
        let case_fits = match spelling.case {
            Case::Any => true,
            Case::Capitals => letters.all(char::is_uppercase),
            Case::Capitalised => letters.next().is_some_and(char::is_uppercase),
        };
        if !case_fits {
            return None;
        }
        let exact = tokens
            .get(i..end)?
            .iter()
            .zip(&spelling.exact)
            .all(|(t, e)| {
                matches!(&t.lexeme, Lexeme::Word(w) | Lexeme::Num(w) if w == e)
                    || matches!(&t.lexeme, Lexeme::Sym(c) if e.starts_with(*c))
            });
        Some(NameMatch {
            target: spelling.target.clone(),
            end,
            exact,
        })
    }
}

/// The key of a token that names are matched on: its lexeme without accents
/// ([`strip_accents`]), borrowed when it is ASCII (most words, every digit and most symbols).
pub fn key_of(lexeme: &Lexeme) -> Cow<'_, str> {
    /// Every ASCII character, so that a symbol's key is a slice of it.
    const ASCII: &str = {
        const BYTES: [u8; 128] = {
            let mut bytes = [0; 128];
            let mut b = 0;
            while b < 128 {
                bytes[b] = b as u8;
                b += 1;
            }
            bytes
        };
        match std::str::from_utf8(&BYTES) {
            Ok(ascii) => ascii,
            Err(_) => panic!("ASCII is UTF-8"),
        }
    };
    match lexeme {
        Lexeme::Word(w) | Lexeme::Num(w) if w.is_ascii() => Cow::Borrowed(w),
        Lexeme::Word(w) | Lexeme::Num(w) => Cow::Owned(strip_accents(w)),
        Lexeme::Sym(c) if c.is_ascii() => {
            let b = *c as usize;
            Cow::Borrowed(ASCII.get(b..b + 1).unwrap_or_default())
        }
        Lexeme::Sym(c) => Cow::Owned(strip_accents(&c.to_string())),
    }
}

/// The ASCII letter a letter of ASCII or Latin-1 decomposes to, with an accent or without
/// ("é" is "e" and U+0301): what [`strip_accents`] keeps of it, without the Unicode tables.
fn latin1_base(c: char) -> Option<char> {
    Some(match c {
        c if c.is_ascii() => c,
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'À'..='Å' => 'A',
        'Ç' => 'C',
        'È'..='Ë' => 'E',
        'Ì'..='Ï' => 'I',
        'Ñ' => 'N',
        'Ò'..='Ö' => 'O',
        'Ù'..='Ü' => 'U',
        'Ý' => 'Y',
        _ => return None,
    })
}

/// A folded word without its accents ("états-unis" → "etats-unis"): the key names are
/// matched on in running text.
pub fn strip_accents(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::{decompose_canonical, is_combining_mark};
    if word.is_ascii() {
        return word.to_string();
    }
    // Most words decompose to ASCII letters and accents ("é" is "e" and U+0301): their key is
    // those letters, which need no recomposing (canonical ordering moves only the marks).
    let mut letters = crate::grammar::spare_string();
    let mut ascii = true;
    for c in word.chars() {
        if let Some(base) = latin1_base(c) {
            letters.push(base);
            continue;
        }
        decompose_canonical(c, |d| {
            if d.is_ascii() {
                letters.push(d);
            } else if !is_combining_mark(d) {
                ascii = false;
            }
        });
        if !ascii {
            break;
        }
    }
    if ascii {
        return letters;
    }
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .nfc()
        .collect()
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

    #[test]
    fn every_first_word_has_its_start_bit() {
        let index = gazetteer().index();
        assert!(!index.by_first.is_empty());
        for key in index.by_first.keys() {
            let bit = start_bit(key);
            assert_eq!(index.starts[bit / 64] >> (bit % 64) & 1, 1, "{key:?}");
        }
        // The bits tell words apart by length and first bytes.
        assert_ne!(start_bit("etats"), start_bit("etat"));
        assert_ne!(start_bit("la"), start_bit("le"));
    }

    #[test]
    fn latin1_bases_are_the_decompositions_letters() {
        use unicode_normalization::char::{decompose_canonical, is_combining_mark};
        for c in (0..0x100).filter_map(char::from_u32) {
            let mut parts = Vec::new();
            decompose_canonical(c, |d| parts.push(d));
            let letter = match parts.as_slice() {
                [base, rest @ ..]
                    if base.is_ascii() && rest.iter().all(|m| is_combining_mark(*m)) =>
                {
                    Some(*base)
                }
                _ => None,
            };
            assert_eq!(latin1_base(c), letter, "U+{:04X}", u32::from(c));
        }
    }

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

    /// What the normaliser asks of the index besides resolving names: types, countries,
    /// first names and clashes (found untested by cargo mutants, which could stub each).
    #[test]
    fn declared_entities_keep_their_type_country_and_first_name() {
        let o = ("entities.csv", 2);
        let mut g = gazetteer();
        g.declare_entity("USA", "country");
        g.declare_entity("tencent", "company");
        g.set_country("tencent", Some("CHN".into()));
        g.set_country("nobody", Some("FRA".into()));
        assert!(g.is_entity("tencent") && g.is_entity("USA"));
        assert!(!g.is_entity("nobody") && !g.is_entity("CHN"));
        assert_eq!(g.entity_type("tencent"), Some("company"));
        assert_eq!(g.entity_type("USA"), Some("country"));
        assert_eq!(g.entity_type("nobody"), None);
        // A country belongs to itself; a company to the country it was given.
        assert_eq!(g.country_of("USA"), Some("USA"));
        assert_eq!(g.country_of("tencent"), Some("CHN"));
        assert_eq!(g.country_of("nobody"), None);
        assert_eq!(g.name_of("tencent"), Some("Tencent"));
        assert_eq!(g.name_of("nobody"), None);
        let tencent = Target::Entity("tencent".into());
        assert!(g.spellings().any(|(k, t)| k == "tencent" && *t == tencent));
        // The same spelling for the same target again is no clash; for another target it is.
        assert_eq!(g.add("Tencent", tencent.clone(), "en", "name", &o), Ok(()));
        let clash = g
            .add("Tencent", Target::Entity("other".into()), "en", "name", &o)
            .unwrap_err();
        assert_eq!(
            (clash.alias.as_str(), clash.first, clash.second),
            ("Tencent", tencent, Target::Entity("other".into()))
        );
        // A bare ISO country gives way to the entity that stands for it, not the reverse.
        g.add("Chine", Target::Entity("CHN".into()), "fr", "name", &o)
            .unwrap();
        assert_eq!(g.entity_id("Chine"), Some("CHN"));
        g.add("Chine", Target::Country("CHN".into()), "fr", "iso_name", &o)
            .unwrap();
        assert_eq!(g.entity_id("Chine"), Some("CHN"));
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
    fn entity_id_is_entity_without_the_message() {
        let g = gazetteer();
        for name in [
            "Etats-Unis",
            "les États-Unis",
            "Chine",
            "Tencent",
            "Tecent",
            "",
            "la",
        ] {
            assert_eq!(g.entity_id(name), g.entity(name).ok(), "{name:?}");
        }
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

    /// `strip_accents` as it was, without the path for words that decompose to ASCII.
    fn strip_accents_reference(word: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        use unicode_normalization::char::is_combining_mark;
        word.nfd()
            .filter(|c| !is_combining_mark(*c))
            .nfc()
            .collect()
    }

    #[test]
    fn accents_are_stripped_as_they_were() {
        for word in [
            "états-unis",
            "corée",
            "taïwan",
            "e\u{301}",
            "\u{301}",
            "ǆ",
            "ﬁ",
            "straße",
            "ὀδός",
            "한국",
            "\u{1100}\u{1161}",
            "Å",
            "\u{212b}",
            "ç\u{327}\u{301}",
            "ờ",
            "i\u{307}",
            "",
        ] {
            assert_eq!(
                strip_accents(word),
                strip_accents_reference(word),
                "{word:?}"
            );
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn accents_are_stripped_as_they_were(word in prop_oneof![
                proptest::collection::vec(proptest::sample::select(&[
                    "a", "é", "e\u{301}", "\u{301}", "\u{327}", "ï", "Ê", "ờ", "ǆ", "한", "\u{1100}",
                    "\u{1161}", "ὀ", "\u{212b}", "-", "'", "ß", "\u{344}", "\u{f900}",
                ][..]), 0..8).prop_map(|v| v.concat()),
                any::<String>(),
            ]) {
                prop_assert_eq!(strip_accents(&word), strip_accents_reference(&word));
            }
        }
    }

    #[test]
    fn a_tokens_key_is_its_lexeme_without_accents() {
        for text in [
            "États-Unis, Corée du Sud : 7 000 € ; l’UE… ¥ « e\u{301} » \u{301}",
            "AT&T $",
        ] {
            for token in tokenize_running(text) {
                assert_eq!(
                    key_of(&token.lexeme),
                    strip_accents(&token.lexeme.to_string()),
                    "{token:?}"
                );
            }
        }
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
