//! What a spreadsheet does to a cell it thinks it understands: a date shown as the number of
//! days Excel counts, a code stripped of its leading zeros, a range turned into a date. Each
//! is recognised here so a message can name what happened and what to type instead.

use chrono::NaiveDate;

/// The day a number stands for when a spreadsheet shows a date cell as a number ("45357" is
/// 2024-03-06: days since 1899-12-30, as Excel and LibreOffice count them). Only five-digit
/// numbers from 1950 to 2099 are taken for dates; any other number is left alone.
pub fn date_serial(cell: &str) -> Option<NaiveDate> {
    let cell = cell.trim();
    if cell.len() != 5 || !cell.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let days: i64 = cell.parse().ok()?;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let day = epoch.checked_add_signed(chrono::TimeDelta::try_days(days)?)?;
    (1950..2100)
        .contains(&chrono::Datelike::year(&day))
        .then_some(day)
}

/// Whether a cell is a day and a month as a spreadsheet writes the date it made of "1-2" or
/// "1/2" ("01-févr." in French, "2-Jan" in English): a day of one or two digits, a dash, a month's
/// abbreviation in French or English.
pub fn made_a_date(cell: &str) -> bool {
    const MONTHS: &[&str] = &[
        "janv", "févr", "fevr", "mars", "avr", "mai", "juin", "juil", "août", "aout", "sept",
        "oct", "nov", "déc", "dec", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
    ];
    let Some((day, month)) = cell.trim().split_once('-') else {
        return false;
    };
    let month = month.trim_end_matches('.').to_lowercase();
    (1..=2).contains(&day.len())
        && day.bytes().all(|b| b.is_ascii_digit())
        && MONTHS.contains(&month.as_str())
}

/// A code of `width` digits a spreadsheet read as a number and wrote without its leading
/// zeros ("4" for "004"): the code as it should be typed.
pub fn stripped_zeros(cell: &str, width: usize) -> Option<String> {
    let cell = cell.trim();
    (!cell.is_empty() && cell.len() < width && cell.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{cell:0>width$}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_serial_is_the_day_excel_counts() {
        // 1 January 2024 is day 45292, 6 March 2024 day 45357 (45292 + 31 + 29 + 5).
        assert_eq!(date_serial("45292"), NaiveDate::from_ymd_opt(2024, 1, 1));
        assert_eq!(date_serial(" 45357 "), NaiveDate::from_ymd_opt(2024, 3, 6));
        // 18264 is 1 January 1950 (2 days to 1900, then 50 years with 12 leap days), the
        // first day taken, and 18263 the last day refused; 2024 is a year, not a serial.
        assert_eq!(date_serial("18264"), NaiveDate::from_ymd_opt(1950, 1, 1));
        assert_eq!(date_serial("18263"), None);
        assert_eq!(date_serial("2024"), None);
        assert_eq!(date_serial("99999"), None);
        assert_eq!(date_serial("4529a"), None);
    }

    #[test]
    fn a_range_made_a_date_is_recognised() {
        for cell in ["02-janv.", "2-Jan", "12-févr.", "1-déc."] {
            assert!(made_a_date(cell), "{cell}");
        }
        for cell in ["1-2", "2023-2024", "02-janvier 2024", "GPT-4", "-2"] {
            assert!(!made_a_date(cell), "{cell}");
        }
    }

    #[test]
    fn a_code_without_its_zeros_is_padded() {
        assert_eq!(stripped_zeros("4", 3).as_deref(), Some("004"));
        assert_eq!(stripped_zeros("36", 3).as_deref(), Some("036"));
        assert_eq!(stripped_zeros("004", 3), None);
        assert_eq!(stripped_zeros("4a", 3), None);
        assert_eq!(stripped_zeros("", 3), None);
    }
}
