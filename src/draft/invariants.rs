//! What must hold of a draft of any text, written once for the fuzz target `draft` and for the
//! replay of its committed seeds in `cargo test`: in each language and number style, no
//! panic; every span's offsets fall on character boundaries; its text is the slice they name,
//! in bytes of the file and in characters of its line; values are finite; quotes keep to 15
//! words. Panics, with the span, when one does not hold.

use super::{Knowledge, Lang, Setup, draft_text};
use petrochip_text::NumberStyle;

pub fn draft(text: &str) {
    let knowledge = Knowledge::empty();
    let lines: Vec<&str> = text.lines().collect();
    for (lang, style) in [
        (Some(Lang::Fr), Some(NumberStyle::French)),
        (Some(Lang::Fr), Some(NumberStyle::FrenchDotThousands)),
        (Some(Lang::En), Some(NumberStyle::English)),
        (None, None),
    ] {
        let setup = Setup {
            source_id: "fuzz".into(),
            lang,
            style,
            text_path: String::new(),
            text_sha256: String::new(),
        };
        let draft = draft_text(text, &knowledge, &setup);
        for span in &draft.spans {
            assert!(
                text.is_char_boundary(span.byte_start) && text.is_char_boundary(span.byte_end),
                "{span:?}"
            );
            assert_eq!(
                text.get(span.byte_start..span.byte_end),
                Some(span.text.as_str())
            );
            let line = lines
                .get(span.line.wrapping_sub(1))
                .copied()
                .unwrap_or_default();
            let chars: String = line
                .chars()
                .skip(span.start)
                .take(span.end.saturating_sub(span.start))
                .collect();
            assert_eq!(chars, span.text, "{span:?}");
            if let Some(value) = span.value {
                assert!(value.is_finite(), "{span:?}");
            }
        }
        for figure in &draft.figures {
            assert!(
                petrochip_text::word_count(&figure.quote) <= 15,
                "{figure:?}"
            );
        }
    }
}
