//! Figures the article implies but does not state, computed from the ones it states:
//! `gaming_pc_price * gpu_price_share` (2000 EUR × 0.5 = 1000 EUR), or
//! `altman_fundraising / altman_share_of_eu_market` (7e12 USD ÷ 0.5 = 14e12 USD).
//! One operator, two operands (a stated figure's id or a number), and units that must agree.

use crate::grammar::decimal;
use crate::number::{Qualifier, Quantity, Unit};

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Figure(String),
    Number(f64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Times,
    Over,
}

/// The result and a sentence that says how it was obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub quantity: Quantity,
    pub how: String,
}

/// Why a derivation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeriveError {
    /// An operand names no stated figure (its id, and the message).
    Unknown(String, String),
    Invalid(String),
}

impl std::fmt::Display for DeriveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeriveError::Unknown(_, message) | DeriveError::Invalid(message) => {
                f.write_str(message)
            }
        }
    }
}

/// Evaluates `expression`, looking stated figures up by id.
pub fn derive(
    expression: &str,
    stated: impl Fn(&str) -> Option<Quantity>,
) -> Result<Derived, DeriveError> {
    let (left, op, right) = parse(expression).map_err(DeriveError::Invalid)?;
    let resolve = |operand: &Operand| -> Result<(Quantity, String), DeriveError> {
        match operand {
            Operand::Number(n) => Ok((Quantity { value: *n, unit: Unit::Count, qualifier: Qualifier::Exact }, format!("{n}"))),
            Operand::Figure(id) => stated(id).map(|q| (q, format!("{id} ({})", render(q)))).ok_or_else(|| {
                let message = format!("\"{id}\" is not a stated figure of figures.csv; a derivation uses stated figures only");
                DeriveError::Unknown(id.clone(), message)
            }),
        }
    };
    let (a, a_text) = resolve(&left)?;
    let (b, b_text) = resolve(&right)?;
    let (value, unit) = combine(a, op, b).map_err(DeriveError::Invalid)?;
    let qualifier = if a.qualifier == Qualifier::Exact && b.qualifier == Qualifier::Exact {
        Qualifier::Exact
    } else {
        Qualifier::Approximate
    };
    let quantity = Quantity {
        value,
        unit,
        qualifier,
    };
    let symbol = if op == Op::Times { "×" } else { "÷" };
    Ok(Derived {
        quantity,
        how: format!("{a_text} {symbol} {b_text} = {}", render(quantity)),
    })
}

fn parse(expression: &str) -> Result<(Operand, Op, Operand), String> {
    let position = expression.find(['*', '×', '/', '÷']).ok_or_else(|| {
        format!(
            "\"{expression}\" has no operator; write figure_a * figure_b or figure_a / figure_b"
        )
    })?;
    let (left, rest) = expression.split_at(position);
    let mut chars = rest.chars();
    let op = match chars.next() {
        Some('*' | '×') => Op::Times,
        _ => Op::Over,
    };
    let right = chars.as_str();
    if right.contains(['*', '×', '/', '÷']) {
        return Err(format!(
            "\"{expression}\" has more than one operator; derive in steps"
        ));
    }
    Ok((operand(left)?, op, operand(right)?))
}

fn operand(text: &str) -> Result<Operand, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("an operand is missing on one side of the operator".into());
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        return decimal(text)
            .map(Operand::Number)
            .map_err(|(reason, hint)| format!("\"{text}\": {reason}; {hint}"));
    }
    if text
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        Ok(Operand::Figure(text.to_string()))
    } else {
        Err(format!("\"{text}\" is neither a figure_id nor a number"))
    }
}

/// Shares and factors scale amounts; amounts of the same unit divide into a ratio.
fn combine(a: Quantity, op: Op, b: Quantity) -> Result<(f64, Unit), String> {
    let dimensional = |u: Unit| u.is_money() || u == Unit::Year;
    let scale = |q: Quantity| {
        if q.unit == Unit::Percent {
            q.value / 100.0
        } else {
            q.value
        }
    };
    let (x, y) = (scale(a), scale(b));
    match op {
        Op::Times => {
            if dimensional(a.unit) && dimensional(b.unit) {
                return Err(format!(
                    "cannot multiply {} by {}",
                    a.unit.code(),
                    b.unit.code()
                ));
            }
            let unit = if dimensional(a.unit) {
                a.unit
            } else if dimensional(b.unit) {
                b.unit
            } else if [a.unit, b.unit]
                .iter()
                .any(|u| matches!(u, Unit::Ratio | Unit::Percent))
            {
                Unit::Ratio
            } else if [a.unit, b.unit].contains(&Unit::Multiplier) {
                Unit::Multiplier
            } else {
                Unit::Count
            };
            Ok((x * y, unit))
        }
        Op::Over => {
            if y == 0.0 {
                return Err("division by zero".into());
            }
            match (dimensional(a.unit), dimensional(b.unit)) {
                (true, false) => Ok((x / y, a.unit)),
                (true, true) if a.unit == b.unit => Ok((x / y, Unit::Ratio)),
                (false, false) => Ok((x / y, Unit::Count)),
                _ => Err(format!(
                    "cannot divide {} by {}",
                    a.unit.code(),
                    b.unit.code()
                )),
            }
        }
    }
}

fn render(q: Quantity) -> String {
    match q.unit {
        Unit::Count => q.value.to_string(),
        Unit::Percent => format!("{} %", q.value),
        unit => format!("{} {}", q.value, unit.code()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stated(id: &str) -> Option<Quantity> {
        let q = |value, unit| Quantity {
            value,
            unit,
            qualifier: Qualifier::Exact,
        };
        match id {
            "pc_price" => Some(q(2000.0, Unit::Eur)),
            "gpu_share" => Some(q(0.5, Unit::Ratio)),
            "raise" => Some(q(7e12, Unit::Usd)),
            "growth" => Some(q(265.0, Unit::Percent)),
            _ => None,
        }
    }

    #[test]
    fn the_article_derivations() {
        let gpu = derive("pc_price * gpu_share", stated).unwrap();
        assert_eq!((gpu.quantity.value, gpu.quantity.unit), (1000.0, Unit::Eur));
        assert_eq!(
            gpu.how,
            "pc_price (2000 EUR) × gpu_share (0.5 ratio) = 1000 EUR"
        );
        let market = derive("raise / gpu_share", stated).unwrap();
        assert_eq!(
            (market.quantity.value, market.quantity.unit),
            (14e12, Unit::Usd)
        );
        let scaled = derive("raise × 2", stated).unwrap();
        assert_eq!(scaled.quantity.value, 14e12);
        assert_eq!(derive("growth * 1", stated).unwrap().quantity.value, 2.65);
    }

    #[test]
    fn refuses_what_does_not_add_up() {
        let err = |e: &str| derive(e, stated).unwrap_err().to_string();
        assert_eq!(err("pc_price * raise"), "cannot multiply EUR by USD");
        assert_eq!(err("gpu_share / raise"), "cannot divide ratio by USD");
        assert!(
            matches!(derive("nope * gpu_share", stated), Err(DeriveError::Unknown(id, _)) if id == "nope")
        );
        assert!(err("nope * gpu_share").contains("\"nope\" is not a stated figure"));
        assert!(err("pc_price").contains("has no operator"));
        assert!(err("a * b * c").contains("more than one operator"));
        assert!(err("raise / 0").contains("division by zero"));
    }
}
