//! Cell types that check themselves as serde reads them, so a bad cell is reported with its
//! column and value by the sheet reader.

use crate::interned::Interned;
use serde::de::{Deserialize, Deserializer, Error};

/// A cell's text, trimmed and interned from the reader's buffer, with no string of its own.
struct Trimmed;

impl serde::de::Visitor<'_> for Trimmed {
    type Value = Interned;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("text")
    }
    fn visit_str<E: Error>(self, s: &str) -> Result<Interned, E> {
        Ok(Interned::from(s.trim()))
    }
}

/// A required text cell: present and not blank. Interned, as the table cells it becomes: a
/// corpus's sheets repeat their ids and codes on hundreds of thousands of lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Text(pub Interned);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = d.deserialize_str(Trimmed)?;
        if s.is_empty() {
            return Err(D::Error::custom(
                "the cell is empty but required; fill it in",
            ));
        }
        Ok(Text(s))
    }
}

impl Text {
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// The name a [`List`] cell gives serde, by which a sheet's description knows the column takes
/// several items.
pub const LIST: &str = "petrochip::List";

/// A required cell of several items ("Nvidia et AMD", "gallium; indium"), which the normaliser
/// splits with `split_list`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct List(pub Text);

impl<'de> Deserialize<'de> for List {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Items;
        impl<'de> serde::de::Visitor<'de> for Items {
            type Value = List;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of items")
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<List, D::Error> {
                Text::deserialize(d).map(List)
            }
        }
        d.deserialize_newtype_struct(LIST, Items)
    }
}

impl List {
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// A whole number from 1, such as a paragraph index or a position in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Whole(pub u32);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let s = s.trim();
        if s.is_empty() {
            return Err(D::Error::custom(
                "the cell is empty but required; fill it in",
            ));
        }
        match s.parse::<u32>() {
            Ok(n) if n >= 1 => Ok(Whole(n)),
            _ => Err(D::Error::custom(format!(
                "\"{s}\" is not a whole number from 1; write 1, 2, 3…"
            ))),
        }
    }
}

/// A verbatim excerpt of the article: 1 to 15 words, as `quote-guard.py` counts them. Interned:
/// it is published as it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote(pub Interned);

pub const MAX_QUOTE_WORDS: usize = 15;

impl<'de> Deserialize<'de> for Quote {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = d.deserialize_str(Trimmed)?;
        let words = petrochip_text::word_count(&s);
        if words == 0 {
            return Err(D::Error::custom(
                "the quote is empty; copy the words of the paragraph that support the row",
            ));
        }
        if words > MAX_QUOTE_WORDS {
            return Err(D::Error::custom(format!(
                "the quote has {words} words; keep it to {MAX_QUOTE_WORDS} words at most"
            )));
        }
        Ok(Quote(s))
    }
}
