//! The number grammar on any text, in every style: it never panics, a figure it reads is
//! finite, and a figure it finds in running text covers bytes of that text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use petrochip_text::{NumberStyle, parse_quantity_styled, scan_quantities};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for style in NumberStyle::ALL {
        match parse_quantity_styled(text, style) {
            Ok(q) => assert!(q.value.is_finite(), "{text:?} reads as {q:?}"),
            Err(e) => {
                let _ = e.to_string();
            }
        }
        for (q, span) in scan_quantities(text, style) {
            assert!(q.value.is_finite(), "{text:?} finds {q:?}");
            assert!(text.get(span.clone()).is_some(), "{text:?}: {span:?}");
        }
    }
});
