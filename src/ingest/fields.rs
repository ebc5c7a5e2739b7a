//! The column names a sheet type expects, read from its serde derive, so the header check and
//! the struct can never disagree.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::forward_to_deserialize_any;

pub fn field_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    // The capture always ends in an error once it has seen the fields; that is its purpose.
    let _ = T::deserialize(Capture {
        fields: &mut fields,
    });
    fields
}

struct Capture<'a> {
    fields: &'a mut &'static [&'static str],
}

impl<'de> Deserializer<'de> for Capture<'_> {
    type Error = de::value::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.fields = fields;
        Err(de::Error::custom("fields captured"))
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Example {
        alpha: String,
        beta: Option<u32>,
    }

    #[test]
    fn reads_the_fields_of_a_struct() {
        assert_eq!(super::field_names::<Example>(), &["alpha", "beta"]);
    }
}
