//! The number grammar on any text: it never panics, and a figure it reads is finite.
#![no_main]

use libfuzzer_sys::fuzz_target;
use petrochip_text::parse_quantity;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_quantity(text) {
        Ok(q) => assert!(q.value.is_finite(), "{text:?} reads as {q:?}"),
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
