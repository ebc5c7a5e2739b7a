//! `petrochip draft` on any UTF-8 text: see `petrochip::draft::invariants::draft`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        petrochip::draft::invariants::draft(text);
    }
});
