//! The period and date grammars on any text: they never panic, and what they read is a
//! well-formed period (its start not after its end, a finite positive recurrence).
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use petrochip_text::{parse_date, parse_period};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for as_of in [None, NaiveDate::from_ymd_opt(2024, 3, 6)] {
        match parse_period(text, as_of) {
            Ok(p) => {
                assert!(!p.label.is_empty(), "{text:?}: {p:?}");
                if let (Some(start), Some(end)) = (p.start, p.end) {
                    assert!(start <= end, "{text:?}: {p:?}");
                }
                if let Some(years) = p.recurrence_years {
                    assert!(years.is_finite() && years > 0.0, "{text:?}: {p:?}");
                }
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
    if let Err(e) = parse_date(text) {
        let _ = e.to_string();
    }
});
