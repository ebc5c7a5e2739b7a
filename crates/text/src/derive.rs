//! Figures the article implies but does not state, computed from the ones it states:
//! `gaming_pc_price * gpu_price_share` (2000 EUR × 0.5 = 1000 EUR), or
//! `altman_fundraising / altman_share_of_eu_market` (7e12 USD ÷ 0.5 = 14e12 USD).
//! One operator, two operands (a stated figure's id or a number), and units that must agree:
//! amounts in one currency divide into a ratio, a price per kilogram times tonnes is money,
//! and two currencies never meet.

use crate::grammar::decimal;
use crate::number::{Currency, Energy, Qualifier, Quantity, Unit};

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
    let qualifier = qualifier_of(a.qualifier, op, b.qualifier).map_err(|why| {
        DeriveError::Invalid(format!(
            "{a_text} {} {b_text}: {why}",
            if op == Op::Times { "×" } else { "÷" }
        ))
    })?;
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

/// Which way a qualifier bounds its value: a point, roughly, from below or from above, and
/// whether the bound excludes the value itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Point,
    Roughly,
    Below { strict: bool },
    Above { strict: bool },
}

fn bound(q: Qualifier) -> Bound {
    match q {
        Qualifier::Exact => Bound::Point,
        Qualifier::Approximate => Bound::Roughly,
        Qualifier::AtLeast => Bound::Below { strict: false },
        Qualifier::MoreThan => Bound::Below { strict: true },
        Qualifier::AtMost => Bound::Above { strict: false },
        Qualifier::LessThan => Bound::Above { strict: true },
    }
}

/// The qualifier of a product or quotient of non-negative figures. Both grow with the left
/// operand; a product grows with the right one and a quotient shrinks with it, so dividing by a
/// lower bound gives an upper one ("2000 euros at most" × 0.5 is 1000 euros at most; 7e12 ÷
/// "more than half" is less than 14e12). A lower bound and an upper one pulling the same way
/// bound nothing, which is refused rather than published as a guess; anything approximate
/// with no bound against it stays approximate.
fn qualifier_of(a: Qualifier, op: Op, b: Qualifier) -> Result<Qualifier, String> {
    let right = match (op, bound(b)) {
        (Op::Over, Bound::Below { strict }) => Bound::Above { strict },
        (Op::Over, Bound::Above { strict }) => Bound::Below { strict },
        (_, other) => other,
    };
    let result = match (bound(a), right) {
        (Bound::Point, other) | (other, Bound::Point) => other,
        (Bound::Below { strict: s }, Bound::Below { strict: t }) => Bound::Below { strict: s || t },
        (Bound::Above { strict: s }, Bound::Above { strict: t }) => Bound::Above { strict: s || t },
        (Bound::Below { .. }, Bound::Above { .. }) | (Bound::Above { .. }, Bound::Below { .. }) => {
            return Err(
                "one operand bounds the result from below and the other from above, so the result is bounded neither way; derive it from exact figures, or leave it out"
                    .into(),
            );
        }
        _ => Bound::Roughly,
    };
    Ok(match result {
        Bound::Point => Qualifier::Exact,
        Bound::Roughly => Qualifier::Approximate,
        Bound::Below { strict: false } => Qualifier::AtLeast,
        Bound::Below { strict: true } => Qualifier::MoreThan,
        Bound::Above { strict: false } => Qualifier::AtMost,
        Bound::Above { strict: true } => Qualifier::LessThan,
    })
}

/// Shares and factors scale amounts; amounts of one dimension divide into a ratio; a price
/// times a quantity is money, money over a quantity a price. Currencies never mix: that needs
/// an exchange rate, which a derivation does not have.
fn combine(a: Quantity, op: Op, b: Quantity) -> Result<(f64, Unit), String> {
    let scale = |q: Quantity| {
        if q.unit == Unit::Percent {
            q.value / 100.0
        } else {
            q.value
        }
    };
    let (x, y) = (scale(a), scale(b));
    match op {
        Op::Times => times(a.unit, x, b.unit, y),
        Op::Over => {
            if y == 0.0 {
                return Err("division by zero".into());
            }
            over(a.unit, x, b.unit, y)
        }
    }
}

fn times(a: Unit, x: f64, b: Unit, y: f64) -> Result<(f64, Unit), String> {
    match (a.is_dimensionless(), b.is_dimensionless()) {
        (true, true) => {
            let unit = if [a, b]
                .iter()
                .any(|u| matches!(u, Unit::Ratio | Unit::Percent))
            {
                Unit::Ratio
            } else if [a, b].contains(&Unit::Multiplier) {
                Unit::Multiplier
            } else {
                Unit::Count
            };
            Ok((x * y, unit))
        }
        (false, true) => Ok((x * y, a)),
        (true, false) => Ok((x * y, b)),
        (false, false) => match (a, b) {
            (Unit::PricePerMass(c, per), Unit::Mass(m))
            | (Unit::Mass(m), Unit::PricePerMass(c, per)) => {
                Ok((x * y * m.in_grams() / per.in_grams(), Unit::Money(c)))
            }
            (Unit::PricePerEnergy(c, per), Unit::Energy(e))
            | (Unit::Energy(e), Unit::PricePerEnergy(c, per)) => {
                Ok((x * y * e.in_wh() / per.in_wh(), Unit::Money(c)))
            }
            _ => Err(format!(
                "cannot multiply {a} by {b}: a product takes at most one figure with a unit (a price by a mass or an energy aside); multiply by a share, a ratio or a count"
            )),
        },
    }
}

fn over(a: Unit, x: f64, b: Unit, y: f64) -> Result<(f64, Unit), String> {
    let currencies_differ = |c: Currency, d: Currency| {
        format!(
            "cannot divide {a} by {b}: {c} and {d} are different currencies and a derivation has \
             no exchange rate; state both figures in one currency (convert in value and say how \
             in note)"
        )
    };
    match (a, b) {
        (_, b) if b.is_dimensionless() && !a.is_dimensionless() => Ok((x / y, a)),
        (a, b) if a.is_dimensionless() && b.is_dimensionless() => Ok((x / y, Unit::Count)),
        (Unit::Year, Unit::Year) => Ok((x / y, Unit::Ratio)),
        (Unit::Energy(e), Unit::Energy(f)) => Ok((x * e.in_wh() / (y * f.in_wh()), Unit::Ratio)),
        (Unit::Mass(m), Unit::Mass(n)) => Ok((x * m.in_grams() / (y * n.in_grams()), Unit::Ratio)),
        (Unit::Money(c), Unit::Money(d))
        | (Unit::PricePerMass(c, _), Unit::PricePerMass(d, _))
        | (Unit::PricePerEnergy(c, _), Unit::PricePerEnergy(d, _))
        | (Unit::Money(c), Unit::PricePerMass(d, _))
        | (Unit::Money(c), Unit::PricePerEnergy(d, _))
            if c != d =>
        {
            Err(currencies_differ(c, d))
        }
        (Unit::Money(_), Unit::Money(_)) => Ok((x / y, Unit::Ratio)),
        (Unit::PricePerMass(_, m), Unit::PricePerMass(_, n)) => {
            Ok((x / m.in_grams() / (y / n.in_grams()), Unit::Ratio))
        }
        (Unit::PricePerEnergy(_, e), Unit::PricePerEnergy(_, f)) => {
            Ok((x / e.in_wh() / (y / f.in_wh()), Unit::Ratio))
        }
        (Unit::Money(c), Unit::Mass(m)) => Ok((x / y, Unit::PricePerMass(c, m))),
        (Unit::Money(c), Unit::Energy(e)) if e.prices() => Ok((x / y, Unit::PricePerEnergy(c, e))),
        // Prices are published per MWh at most: per TWh would be a million times larger.
        (Unit::Money(c), Unit::Energy(e)) => Ok((
            x / (y * e.in_wh() / Energy::MWh.in_wh()),
            Unit::PricePerEnergy(c, Energy::MWh),
        )),
        (Unit::Money(_), Unit::PricePerMass(_, m)) => Ok((x / y, Unit::Mass(m))),
        (Unit::Money(_), Unit::PricePerEnergy(_, e)) => Ok((x / y, Unit::Energy(e))),
        _ => Err(format!("cannot divide {a} by {b}")),
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
    use crate::number::Mass;

    fn stated(id: &str) -> Option<Quantity> {
        let q = |value, unit| Quantity {
            value,
            unit,
            qualifier: Qualifier::Exact,
        };
        match id {
            "pc_price" => Some(q(2000.0, Unit::EUR)),
            "gpu_share" => Some(q(0.5, Unit::Ratio)),
            "raise" => Some(q(7e12, Unit::USD)),
            "growth" => Some(q(265.0, Unit::Percent)),
            "revenue" => Some(q(22.1e9, Unit::USD)),
            "costs" => Some(q(5.525e9, Unit::USD)),
            "gallium_price" => Some(q(500.0, Unit::PricePerMass(Currency::USD, Mass::Kg))),
            "gallium_output" => Some(q(3.0, Unit::Mass(Mass::T))),
            "power_price" => Some(q(80.0, Unit::PricePerEnergy(Currency::EUR, Energy::MWh))),
            "datacentre_use" => Some(q(10.0, Unit::Energy(Energy::TWh))),
            "world_use" => Some(q(25_000.0, Unit::Energy(Energy::TWh))),
            "bill" => Some(q(8e8, Unit::EUR)),
            "yen_sales" => Some(q(4e12, Unit::Money(Currency::JPY))),
            "pc_years" => Some(q(5.0, Unit::Year)),
            "gallium_stock" => Some(q(1500.0, Unit::Mass(Mass::Kg))),
            "gallium_retail" => Some(q(0.25, Unit::PricePerMass(Currency::USD, Mass::G))),
            "gallium_bulk" => Some(q(400_000.0, Unit::PricePerMass(Currency::USD, Mass::T))),
            "power_retail" => Some(q(0.02, Unit::PricePerEnergy(Currency::EUR, Energy::KWh))),
            "homes_use" => Some(q(1e10, Unit::Energy(Energy::KWh))),
            _ => None,
        }
    }

    #[test]
    fn the_article_derivations() {
        let gpu = derive("pc_price * gpu_share", stated).unwrap();
        assert_eq!((gpu.quantity.value, gpu.quantity.unit), (1000.0, Unit::EUR));
        assert_eq!(
            gpu.how,
            "pc_price (2000 EUR) × gpu_share (0.5 ratio) = 1000 EUR"
        );
        let market = derive("raise / gpu_share", stated).unwrap();
        assert_eq!(
            (market.quantity.value, market.quantity.unit),
            (14e12, Unit::USD)
        );
        let scaled = derive("raise × 2", stated).unwrap();
        assert_eq!(scaled.quantity.value, 14e12);
        assert_eq!(derive("growth * 1", stated).unwrap().quantity.value, 2.65);
    }

    #[test]
    fn refuses_what_does_not_add_up() {
        let err = |e: &str| derive(e, stated).unwrap_err().to_string();
        assert_eq!(
            err("pc_price * raise"),
            "cannot multiply EUR by USD: a product takes at most one figure with a unit (a price by a mass or an energy aside); multiply by a share, a ratio or a count"
        );
        assert_eq!(err("gpu_share / raise"), "cannot divide ratio by USD");
        assert!(
            matches!(derive("nope * gpu_share", stated), Err(DeriveError::Unknown(id, _)) if id == "nope")
        );
        assert!(err("nope * gpu_share").contains("\"nope\" is not a stated figure"));
        assert!(err("pc_price").contains("has no operator"));
        assert!(err("a * b * c").contains("more than one operator"));
        assert!(err("raise / 0").contains("division by zero"));
    }

    fn value_and_unit(expression: &str) -> (f64, String) {
        let d = derive(expression, stated).unwrap_or_else(|e| panic!("{expression}: {e}"));
        (d.quantity.value, d.quantity.unit.code())
    }

    #[test]
    fn money_in_one_currency_divides_into_a_ratio_and_scales() {
        assert_eq!(value_and_unit("costs / revenue"), (0.25, "ratio".into()));
        assert_eq!(
            value_and_unit("revenue * gpu_share"),
            (11.05e9, "USD".into())
        );
        assert_eq!(
            value_and_unit("revenue * growth"),
            (22.1e9 * 2.65, "USD".into())
        );
        assert_eq!(value_and_unit("pc_years / 2"), (2.5, "year".into()));
        assert_eq!(value_and_unit("pc_years / pc_years"), (1.0, "ratio".into()));
    }

    /// Each value worked out by hand; found missing by cargo mutants, which could swap an
    /// operator or drop a case and still pass.
    #[test]
    fn every_pair_of_units_combines_to_the_value_worked_by_hand() {
        let close = |expression: &str, value: f64, unit: &str| {
            let (v, u) = value_and_unit(expression);
            assert!(
                (v - value).abs() <= value.abs() * 1e-12,
                "{expression}: {v} vs {value}"
            );
            assert_eq!(u, unit, "{expression}");
        };
        // Shares and factors: 0.5 × 2.65 = 1.325; 0.5 × 4 = 2.
        close("gpu_share * growth", 1.325, "ratio");
        close("gpu_share * 4", 2.0, "ratio");
        // A share on the left scales the amount on the right: 0.5 × 22.1e9 USD.
        close("gpu_share * revenue", 11.05e9, "USD");
        // 2.65 ÷ 0.5 = 5.3 (two shares divide into a plain number).
        close("growth / gpu_share", 5.3, "count");
        // 3 t ÷ 1500 kg = 2.
        close("gallium_output / gallium_stock", 2.0, "ratio");
        // 500 USD/kg ÷ 0.25 USD/g = 0.5 USD/g ÷ 0.25 USD/g = 2.
        close("gallium_price / gallium_retail", 2.0, "ratio");
        // 500 USD/kg ÷ 400,000 USD/t = 0.5 USD/g ÷ 0.4 USD/g = 1.25.
        close("gallium_price / gallium_bulk", 1.25, "ratio");
        // 22.1e9 USD ÷ 3 t = 7.3666…e9 USD/t.
        close("revenue / gallium_output", 22.1e9 / 3.0, "USD/t");
        // 80 EUR/MWh ÷ 0.02 EUR/kWh = 80 ÷ 20 = 4.
        close("power_price / power_retail", 4.0, "ratio");
        // 22.1e9 USD ÷ 500 USD/kg = 44.2 million kg.
        close("revenue / gallium_price", 4.42e7, "kg");
        // 800 million EUR ÷ 80 EUR/MWh = 10 million MWh (kept in the price's unit).
        close("bill / power_price", 1e7, "MWh");
        // 800 million EUR ÷ 1e10 kWh = 0.08 EUR/kWh: a unit prices are given in stays.
        close("bill / homes_use", 0.08, "EUR/kWh");
    }

    #[test]
    fn bounds_the_same_way_stay_that_way_and_strict_wins() {
        use Qualifier::*;
        let both = |a: Qualifier, b: Qualifier| {
            move |id: &str| {
                let mut q = stated(id.trim_end_matches("_a").trim_end_matches("_b"))?;
                if id.ends_with("_a") {
                    q.qualifier = a;
                } else if id.ends_with("_b") {
                    q.qualifier = b;
                }
                Some(q)
            }
        };
        let of = |a, b| {
            derive("pc_price_a * gpu_share_b", both(a, b))
                .map(|d| d.quantity.qualifier.code())
                .map_err(|e| e.to_string())
        };
        assert_eq!(of(AtMost, AtMost), Ok("at_most"));
        assert_eq!(of(AtMost, LessThan), Ok("less_than"));
        assert_eq!(of(LessThan, AtMost), Ok("less_than"));
        assert_eq!(of(AtLeast, AtLeast), Ok("at_least"));
        assert_eq!(of(AtLeast, MoreThan), Ok("more_than"));
        assert_eq!(of(MoreThan, AtLeast), Ok("more_than"));
    }

    #[test]
    fn prices_quantities_and_money_convert_units() {
        // 500 USD/kg × 3 t = 1.5 million USD.
        assert_eq!(
            value_and_unit("gallium_price * gallium_output"),
            (1.5e6, "USD".into())
        );
        assert_eq!(
            value_and_unit("gallium_output * gallium_price"),
            (1.5e6, "USD".into())
        );
        // 80 EUR/MWh × 10 TWh = 800 million EUR.
        assert_eq!(
            value_and_unit("power_price * datacentre_use"),
            (8e8, "EUR".into())
        );
        // 800 million EUR ÷ 10 TWh is published per MWh.
        assert_eq!(
            value_and_unit("bill / datacentre_use"),
            (80.0, "EUR/MWh".into())
        );
        assert_eq!(value_and_unit("bill / power_price"), (1e7, "MWh".into()));
        assert_eq!(
            value_and_unit("datacentre_use / world_use"),
            (0.0004, "ratio".into())
        );
        assert_eq!(value_and_unit("revenue / gallium_output").1, "USD/t");
    }

    #[test]
    fn currencies_never_mix() {
        let err = |e: &str| derive(e, stated).unwrap_err().to_string();
        assert_eq!(
            err("pc_price / raise"),
            "cannot divide EUR by USD: EUR and USD are different currencies and a derivation has no exchange rate; state both figures in one currency (convert in value and say how in note)"
        );
        assert!(err("yen_sales / revenue").contains("JPY and USD are different currencies"));
        assert!(err("bill / gallium_price").contains("EUR and USD are different currencies"));
        assert_eq!(
            err("revenue * yen_sales"),
            "cannot multiply USD by JPY: a product takes at most one figure with a unit (a price by a mass or an energy aside); multiply by a share, a ratio or a count"
        );
        assert_eq!(
            err("gallium_price * datacentre_use"),
            "cannot multiply USD/kg by TWh: a product takes at most one figure with a unit (a price by a mass or an energy aside); multiply by a share, a ratio or a count"
        );
        assert_eq!(
            err("datacentre_use / gallium_output"),
            "cannot divide TWh by t"
        );
    }

    fn with(qualifier: Qualifier) -> impl Fn(&str) -> Option<Quantity> {
        move |id| {
            let mut q = stated(id.trim_end_matches("_q"))?;
            if id.ends_with("_q") {
                q.qualifier = qualifier;
            }
            Some(q)
        }
    }

    fn qualifier(expression: &str, q: Qualifier) -> Result<&'static str, String> {
        derive(expression, with(q))
            .map(|d| d.quantity.qualifier.code())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_bound_keeps_its_direction_through_a_derivation() {
        use Qualifier::*;
        // "peut atteindre 2000 euros" (at most) × an exact half: at most 1000 euros.
        assert_eq!(qualifier("pc_price_q * gpu_share", AtMost), Ok("at_most"));
        assert_eq!(
            qualifier("gpu_share * pc_price_q", LessThan),
            Ok("less_than")
        );
        assert_eq!(qualifier("pc_price_q * gpu_share", AtLeast), Ok("at_least"));
        // Dividing by a lower bound gives an upper one, and the other way round.
        assert_eq!(qualifier("raise / gpu_share_q", MoreThan), Ok("less_than"));
        assert_eq!(qualifier("raise / gpu_share_q", AtMost), Ok("at_least"));
        assert_eq!(qualifier("raise_q / gpu_share", AtLeast), Ok("at_least"));
        assert_eq!(
            qualifier("pc_price_q * gpu_share", Approximate),
            Ok("approximate")
        );
        assert_eq!(qualifier("pc_price * gpu_share", Exact), Ok("exact"));
    }

    #[test]
    fn bounds_that_pull_apart_bound_nothing_and_are_refused() {
        let both = |id: &str| {
            let mut q = stated(id.trim_end_matches("_lo").trim_end_matches("_hi"))?;
            q.qualifier = if id.ends_with("_lo") {
                Qualifier::AtLeast
            } else if id.ends_with("_hi") {
                Qualifier::AtMost
            } else {
                q.qualifier
            };
            Some(q)
        };
        assert_eq!(
            derive("pc_price_lo * gpu_share_hi", both).map_err(|e| e.to_string()),
            Err("pc_price_lo (2000 EUR) × gpu_share_hi (0.5 ratio): one operand bounds the result from below and the other from above, so the result is bounded neither way; derive it from exact figures, or leave it out".to_string())
        );
        // Over a lower bound, a lower bound pulls against itself: also refused.
        assert!(derive("raise_lo / gpu_share_lo", both).is_err());
        // Two lower bounds multiplied: still a lower bound.
        assert_eq!(
            derive("pc_price_lo * gpu_share_lo", both).map(|d| d.quantity.qualifier),
            Ok(Qualifier::AtLeast)
        );
    }
}
