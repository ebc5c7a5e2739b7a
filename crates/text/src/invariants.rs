//! What must hold of the grammars on any text, written once: the fuzz targets (`fuzz/`) call
//! these on what the fuzzer invents, and `cargo test` calls them on the committed seeds
//! (`fuzz/seeds/`), so a seed that once found a crash is replayed in CI. Each panics, with the
//! input, when the property does not hold.

use chrono::NaiveDate;

use crate::{NumberStyle, parse_date, parse_period, parse_quantity_styled, scan_quantities};

/// A figure read from a cell or found in running text has a finite value, and each figure
/// found covers bytes of the text on character boundaries.
pub fn number(text: &str) {
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
}

/// A period read has a label, a start no later than its end, and a positive finite recurrence.
pub fn period(text: &str) {
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
}
