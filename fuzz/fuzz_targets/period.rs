//! The period grammar on any UTF-8 text: see `petrochip_text::invariants::period`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        petrochip_text::invariants::period(text);
    }
});
