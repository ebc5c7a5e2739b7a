//! `petrochip draft` on any UTF-8 text, in each language and number style: it never panics,
//! every span's offsets fall on character boundaries of its line, and its text is the slice
//! they name, in bytes of the file and in characters of the line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use petrochip::draft::{Knowledge, Lang, Setup, draft_text};
use petrochip_text::NumberStyle;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
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
            assert!(text.is_char_boundary(span.byte_start) && text.is_char_boundary(span.byte_end));
            assert_eq!(text.get(span.byte_start..span.byte_end), Some(span.text.as_str()));
            let line = lines[span.line - 1];
            let chars: String = line.chars().skip(span.start).take(span.end - span.start).collect();
            assert_eq!(chars, span.text, "{span:?}");
            if let Some(value) = span.value {
                assert!(value.is_finite());
            }
        }
        for figure in &draft.figures {
            assert!(petrochip_text::word_count(&figure.quote) <= 15, "{figure:?}");
        }
    }
});
