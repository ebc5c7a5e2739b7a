//! Digits as each [`NumberStyle`] writes them. French is [`crate::grammar::decimal`], shared
//! with the period grammar; the other two styles read their own separators and refuse the
//! other styles' numbers with a pointer to the right style.

use super::NumberStyle;
use crate::grammar::decimal;

/// Why digits were refused, and how to write them.
pub(super) type Refusal = (String, String);

fn refuse<T>(reason: &str, hint: impl Into<String>) -> Result<T, Refusal> {
    Err((reason.to_string(), hint.into()))
}

/// Reads the digits of one number token.
pub(super) fn read(raw: &str, style: NumberStyle) -> Result<f64, Refusal> {
    match style {
        NumberStyle::French => decimal(raw),
        NumberStyle::FrenchDotThousands => dot_thousands(raw),
        NumberStyle::English => english(raw),
    }
}

/// "7.000" in an English source: seven, or a French or German writer's seven thousand? A
/// magnitude after it settles it ("1.125 trillion" is not 1125 trillion); alone it is refused.
pub(super) fn english_dot_is_ambiguous(raw: &str) -> Option<Refusal> {
    let (int, frac) = raw.split_once('.')?;
    let ambiguous = frac.len() == 3
        && frac.bytes().all(|b| b.is_ascii_digit())
        && (1..=3).contains(&int.len())
        && int.bytes().all(|b| b.is_ascii_digit())
        && int != "0";
    ambiguous.then(|| {
        let decimals = frac.trim_end_matches('0');
        let decimal = if decimals.is_empty() {
            int.to_string()
        } else {
            format!("{int}.{decimals}")
        };
        (
            "it is ambiguous: the dot may separate decimals (English) or thousands (French, German)"
                .to_string(),
            format!("write {int},{frac} for the thousands or {decimal} for the decimal reading"),
        )
    })
}

/// Dots group thousands ("1.530", "3.300 milliards"), the comma marks decimals, as in much of
/// the French and European press. A dot not followed by exactly three digits is a decimal
/// point, which this style does not use.
fn dot_thousands(raw: &str) -> Result<f64, Refusal> {
    if raw.contains(",,") || raw.contains("..") || raw.contains(",.") || raw.contains(".,") {
        return refuse(
            "two separators in a row",
            "write one decimal comma, as in 22,1",
        );
    }
    let parts: Vec<&str> = raw.split(',').collect();
    if parts.len() > 2 {
        return refuse(
            "more than one decimal comma",
            "a French number has at most one comma, before its decimals",
        );
    }
    let (int_part, frac) = (parts[0], parts.get(1).copied());
    check_decimals(frac, "comma")?;
    if int_part.contains(' ') && int_part.contains('.') {
        return refuse(
            "it mixes spaces and dots as thousands separators",
            "group thousands with dots, as this source does: 1.234.567",
        );
    }
    let groups: Vec<&str> = int_part.split([' ', '.']).collect();
    if int_part.contains('.') && groups.len() == 2 && groups[1].len() != 3 {
        return refuse(
            "it has a decimal point",
            format!(
                "this source writes decimals with a comma: write {},{}",
                groups[0], groups[1]
            ),
        );
    }
    check_groups(&groups, "7.000 or 1.234.567")?;
    french_comma_is_ambiguous(int_part, frac, &groups)?;
    finite(&groups.concat(), frac)
}

/// Commas group thousands ("1,000 TWh"), the point marks decimals ("$22.1 billion").
fn english(raw: &str) -> Result<f64, Refusal> {
    if raw.contains(",,") || raw.contains("..") || raw.contains(",.") || raw.contains(".,") {
        return refuse(
            "two separators in a row",
            "write one decimal point, as in 22.1",
        );
    }
    let parts: Vec<&str> = raw.split('.').collect();
    if parts.len() > 2 {
        return if parts[1..].iter().all(|p| p.len() == 3) && !raw.contains(',') {
            refuse(
                "its dots group thousands, as a French or German writer does",
                format!(
                    "write {}, or read this source with the fr_dot style",
                    parts.join(",")
                ),
            )
        } else {
            refuse(
                "more than one decimal point",
                "an English number has at most one point, before its decimals",
            )
        };
    }
    let (int_part, frac) = (parts[0], parts.get(1).copied());
    if frac.is_some_and(|f| f.contains(',')) {
        return refuse(
            "it has a dot before a decimal comma, as a French or German writer does",
            "write 1,234.5, or read this source with the fr_dot style",
        );
    }
    check_decimals(frac, "point")?;
    if int_part.contains(' ') && int_part.contains(',') {
        return refuse(
            "it mixes spaces and commas as thousands separators",
            "group thousands with commas, as in 1,234,567",
        );
    }
    let groups: Vec<&str> = int_part.split([' ', ',']).collect();
    if int_part.contains(',') && frac.is_none() && groups.len() == 2 && groups[1].len() != 3 {
        return refuse(
            "it has a decimal comma",
            format!(
                "English numbers take a decimal point: write {}.{}",
                groups[0], groups[1]
            ),
        );
    }
    check_groups(&groups, "7,000 or 1,234,567")?;
    finite(&groups.concat(), frac)
}

fn check_decimals(frac: Option<&str>, mark: &str) -> Result<(), Refusal> {
    if frac == Some("") {
        return refuse(
            &format!("nothing after the decimal {mark}"),
            format!("write the decimals or drop the {mark}"),
        );
    }
    if frac.is_some_and(|f| !f.bytes().all(|b| b.is_ascii_digit())) {
        return refuse(
            "a separator among the decimals",
            format!("decimals are plain digits after the {mark}"),
        );
    }
    Ok(())
}

/// Thousands groups: one to three digits, not a lone 0, then groups of exactly three.
fn check_groups(groups: &[&str], example: &str) -> Result<(), Refusal> {
    let bad = groups.len() > 1
        && (groups[0].is_empty()
            || groups[0].len() > 3
            || groups[0].starts_with('0')
            || groups[1..].iter().any(|g| g.len() != 3));
    if bad {
        return refuse(
            "its thousands groups are not of three digits",
            format!("group digits by three from the right, as in {example}"),
        );
    }
    Ok(())
}

/// "7,000" is seven with a decimal comma, and seven thousand to an English writer: refused as
/// [`decimal`] does in the French style.
fn french_comma_is_ambiguous(
    int_part: &str,
    frac: Option<&str>,
    groups: &[&str],
) -> Result<(), Refusal> {
    if let Some(f) = frac
        && f.len() == 3
        && groups.len() == 1
        && (1..=3).contains(&int_part.len())
        && int_part != "0"
    {
        let decimals = f.trim_end_matches('0');
        let decimal = if decimals.is_empty() {
            int_part.to_string()
        } else {
            format!("{int_part},{decimals}")
        };
        return refuse(
            "it is ambiguous: the comma may separate decimals (French) or thousands (English)",
            format!("write {int_part}.{f} for the thousands or {decimal} for the decimal reading"),
        );
    }
    Ok(())
}

fn finite(digits: &str, frac: Option<&str>) -> Result<f64, Refusal> {
    let literal = match frac {
        Some(f) => format!("{digits}.{f}"),
        None => digits.to_string(),
    };
    match literal.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        // Over 300 digits parse as infinity.
        Ok(_) => refuse("it has too many digits to be a figure", "check the digits"),
        Err(_) => refuse("it is not a number", ""),
    }
}
