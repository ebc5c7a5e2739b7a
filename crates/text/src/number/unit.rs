//! Units of a figure, as an open set: any currency by its ISO 4217 code, the dimensionless
//! units (percent, ratio, multiplier, count), durations in years, energy, mass, and prices per
//! unit of mass or energy. A unit says which kinds of quantity it can stand for
//! ([`Unit::fits`]), so a pipeline can check that a "share" is not given in dollars.

use std::fmt;

/// A currency by its ISO 4217 code. Only the shape is checked here (three upper-case ASCII
/// letters): whether the code exists is for the pipeline to check against its reference sheet,
/// so a new currency needs no change to the grammar.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const USD: Currency = Currency(*b"USD");
    pub const EUR: Currency = Currency(*b"EUR");
    pub const GBP: Currency = Currency(*b"GBP");
    pub const JPY: Currency = Currency(*b"JPY");
    pub const CNY: Currency = Currency(*b"CNY");
    pub const KRW: Currency = Currency(*b"KRW");
    pub const TWD: Currency = Currency(*b"TWD");

    /// A code of the ISO 4217 shape ("USD"), or None ("usd", "US", "DOLLAR"). Const, so that
    /// a caller can name any currency as a constant.
    pub const fn new(code: &str) -> Option<Currency> {
        let bytes = code.as_bytes();
        if bytes.len() != 3 {
            return None;
        }
        let mut i = 0;
        while i < 3 {
            if !bytes[i].is_ascii_uppercase() {
                return None;
            }
            i += 1;
        }
        Some(Currency([bytes[0], bytes[1], bytes[2]]))
    }

    pub fn code(&self) -> &str {
        // Built only from three ASCII letters, so always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A unit of energy. Figures keep the unit they are written in ("10 TWh" is 10, TWh);
/// [`Energy::in_wh`] converts when two figures meet in a derivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Energy {
    Wh,
    KWh,
    MWh,
    GWh,
    TWh,
}

impl Energy {
    pub const ALL: [Energy; 5] = [
        Energy::Wh,
        Energy::KWh,
        Energy::MWh,
        Energy::GWh,
        Energy::TWh,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Energy::Wh => "Wh",
            Energy::KWh => "kWh",
            Energy::MWh => "MWh",
            Energy::GWh => "GWh",
            Energy::TWh => "TWh",
        }
    }

    pub fn from_code(code: &str) -> Option<Energy> {
        Energy::ALL.into_iter().find(|e| e.code() == code)
    }

    /// Watt-hours in one of this unit.
    pub fn in_wh(self) -> f64 {
        match self {
            Energy::Wh => 1.0,
            Energy::KWh => 1e3,
            Energy::MWh => 1e6,
            Energy::GWh => 1e9,
            Energy::TWh => 1e12,
        }
    }

    /// Whether prices are quoted per this unit: per Wh, kWh or MWh. A price per TWh is a price
    /// per MWh written a million times larger, so it is refused rather than published as is.
    pub fn prices(self) -> bool {
        matches!(self, Energy::Wh | Energy::KWh | Energy::MWh)
    }
}

/// A unit of mass: gram, kilogram, tonne (1000 kg).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mass {
    G,
    Kg,
    T,
}

impl Mass {
    pub const ALL: [Mass; 3] = [Mass::G, Mass::Kg, Mass::T];

    pub fn code(self) -> &'static str {
        match self {
            Mass::G => "g",
            Mass::Kg => "kg",
            Mass::T => "t",
        }
    }

    pub fn from_code(code: &str) -> Option<Mass> {
        Mass::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Grams in one of this unit.
    pub fn in_grams(self) -> f64 {
        match self {
            Mass::G => 1.0,
            Mass::Kg => 1e3,
            Mass::T => 1e6,
        }
    }
}

/// The unit of a figure. Its [`code`](Unit::code) is what `figures.unit` publishes: an ISO
/// 4217 code (USD), percent, ratio, multiplier, count, year, an energy (kWh), a mass (kg) or a
/// price per unit (USD/kg, EUR/MWh).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Money(Currency),
    /// 265 means 265 %.
    Percent,
    /// A share between 0 and 1, or a quotient of two amounts of the same unit.
    Ratio,
    /// A factor: 2 means doubling.
    Multiplier,
    Count,
    /// A duration in years.
    Year,
    Energy(Energy),
    Mass(Mass),
    PricePerMass(Currency, Mass),
    /// Per Wh, kWh or MWh only (see [`Energy::prices`]).
    PricePerEnergy(Currency, Energy),
}

impl Unit {
    pub const USD: Unit = Unit::Money(Currency::USD);
    pub const EUR: Unit = Unit::Money(Currency::EUR);

    /// The code published in `figures.unit`.
    pub fn code(self) -> String {
        self.to_string()
    }

    /// Reads a code as [`code`](Unit::code) writes it ("USD", "percent", "kWh", "USD/kg").
    pub fn from_code(code: &str) -> Option<Unit> {
        if let Some((currency, per)) = code.split_once('/') {
            let currency = Currency::new(currency)?;
            return match (Mass::from_code(per), Energy::from_code(per)) {
                (Some(mass), _) => Some(Unit::PricePerMass(currency, mass)),
                (None, Some(energy)) if energy.prices() => {
                    Some(Unit::PricePerEnergy(currency, energy))
                }
                _ => None,
            };
        }
        Some(match code {
            "percent" => Unit::Percent,
            "ratio" => Unit::Ratio,
            "multiplier" => Unit::Multiplier,
            "count" => Unit::Count,
            "year" => Unit::Year,
            _ => {
                if let Some(energy) = Energy::from_code(code) {
                    Unit::Energy(energy)
                } else if let Some(mass) = Mass::from_code(code) {
                    Unit::Mass(mass)
                } else {
                    Unit::Money(Currency::new(code)?)
                }
            }
        })
    }

    pub fn is_money(self) -> bool {
        matches!(self, Unit::Money(_))
    }

    /// The currency of an amount or of a price.
    pub fn currency(self) -> Option<Currency> {
        match self {
            Unit::Money(c) | Unit::PricePerMass(c, _) | Unit::PricePerEnergy(c, _) => Some(c),
            _ => None,
        }
    }

    /// Whether the unit has no dimension, so that it scales another figure (a share, a factor,
    /// a count).
    pub fn is_dimensionless(self) -> bool {
        matches!(
            self,
            Unit::Percent | Unit::Ratio | Unit::Multiplier | Unit::Count
        )
    }

    /// The kinds of quantity a figure in this unit can stand for, the most usual first: a
    /// percent serves a share, a ratio or a change; a ratio a ratio or a share.
    pub fn kinds(self) -> &'static [QuantityKind] {
        use QuantityKind as K;
        match self {
            Unit::Money(_) => &[K::Money],
            Unit::Percent => &[K::Share, K::Ratio, K::Change],
            Unit::Ratio => &[K::Ratio, K::Share],
            Unit::Multiplier => &[K::Multiplier],
            Unit::Count => &[K::Count],
            Unit::Year => &[K::Duration],
            Unit::Energy(_) => &[K::Energy],
            Unit::Mass(_) => &[K::Mass],
            Unit::PricePerMass(..) => &[K::PricePerMass],
            Unit::PricePerEnergy(..) => &[K::PricePerEnergy],
        }
    }

    /// The usual kind of quantity of this unit (the first of [`kinds`](Unit::kinds)).
    pub fn kind(self) -> QuantityKind {
        self.kinds().first().copied().unwrap_or(QuantityKind::Count)
    }

    /// Whether a figure in this unit can stand for a quantity of `kind`.
    pub fn fits(self, kind: QuantityKind) -> bool {
        self.kinds().contains(&kind)
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unit::Money(c) => write!(f, "{c}"),
            Unit::Percent => f.write_str("percent"),
            Unit::Ratio => f.write_str("ratio"),
            Unit::Multiplier => f.write_str("multiplier"),
            Unit::Count => f.write_str("count"),
            Unit::Year => f.write_str("year"),
            Unit::Energy(e) => f.write_str(e.code()),
            Unit::Mass(m) => f.write_str(m.code()),
            Unit::PricePerMass(c, m) => write!(f, "{c}/{}", m.code()),
            Unit::PricePerEnergy(c, e) => write!(f, "{c}/{}", e.code()),
        }
    }
}

/// What a figure measures, independently of its unit: a metric declares its kind, and a unit
/// [`fits`](Unit::fits) some kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuantityKind {
    Money,
    Share,
    Ratio,
    Change,
    Multiplier,
    Count,
    Duration,
    Energy,
    Mass,
    PricePerMass,
    PricePerEnergy,
}

impl QuantityKind {
    pub const ALL: [QuantityKind; 11] = [
        QuantityKind::Money,
        QuantityKind::Share,
        QuantityKind::Ratio,
        QuantityKind::Change,
        QuantityKind::Multiplier,
        QuantityKind::Count,
        QuantityKind::Duration,
        QuantityKind::Energy,
        QuantityKind::Mass,
        QuantityKind::PricePerMass,
        QuantityKind::PricePerEnergy,
    ];

    pub fn code(self) -> &'static str {
        match self {
            QuantityKind::Money => "money",
            QuantityKind::Share => "share",
            QuantityKind::Ratio => "ratio",
            QuantityKind::Change => "change",
            QuantityKind::Multiplier => "multiplier",
            QuantityKind::Count => "count",
            QuantityKind::Duration => "duration",
            QuantityKind::Energy => "energy",
            QuantityKind::Mass => "mass",
            QuantityKind::PricePerMass => "price_per_mass",
            QuantityKind::PricePerEnergy => "price_per_energy",
        }
    }

    pub fn from_code(code: &str) -> Option<QuantityKind> {
        QuantityKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// One line for a data dictionary.
    pub fn description(self) -> &'static str {
        match self {
            QuantityKind::Money => "An amount in a currency",
            QuantityKind::Share => "A part of a whole (percent or ratio)",
            QuantityKind::Ratio => "A quotient of two amounts of the same unit",
            QuantityKind::Change => "A change in percent (+265 %)",
            QuantityKind::Multiplier => "A factor (2 means doubling)",
            QuantityKind::Count => "A number of things",
            QuantityKind::Duration => "A duration in years",
            QuantityKind::Energy => "An amount of energy (Wh to TWh)",
            QuantityKind::Mass => "A mass (g, kg, t)",
            QuantityKind::PricePerMass => "A price per gram, kilogram or tonne",
            QuantityKind::PricePerEnergy => "A price per Wh, kWh or MWh",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_are_checked_for_shape_only() {
        assert_eq!(
            Currency::new("CHF").map(|c| c.to_string()),
            Some("CHF".into())
        );
        assert_eq!(
            Currency::new("XYZ").map(|c| c.to_string()),
            Some("XYZ".into())
        );
        for bad in ["usd", "US", "USDX", "U$D", "", "ÉUR"] {
            assert_eq!(Currency::new(bad), None, "{bad}");
        }
    }

    #[test]
    fn codes_read_back() {
        let units = [
            Unit::USD,
            Unit::Money(Currency::KRW),
            Unit::Percent,
            Unit::Ratio,
            Unit::Multiplier,
            Unit::Count,
            Unit::Year,
            Unit::Energy(Energy::TWh),
            Unit::Energy(Energy::KWh),
            Unit::Mass(Mass::Kg),
            Unit::Mass(Mass::T),
            Unit::PricePerMass(Currency::USD, Mass::Kg),
            Unit::PricePerEnergy(Currency::EUR, Energy::MWh),
        ];
        let codes: Vec<String> = units.iter().map(|u| u.code()).collect();
        assert_eq!(
            codes,
            [
                "USD",
                "KRW",
                "percent",
                "ratio",
                "multiplier",
                "count",
                "year",
                "TWh",
                "kWh",
                "kg",
                "t",
                "USD/kg",
                "EUR/MWh"
            ]
        );
        for unit in units {
            assert_eq!(Unit::from_code(&unit.code()), Some(unit));
        }
        for bad in [
            "usd", "USD/TWh", "USD/", "/kg", "USD/lb", "twh", "Percent", "",
        ] {
            assert_eq!(Unit::from_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn kinds_say_what_a_unit_can_stand_for() {
        assert!(Unit::Percent.fits(QuantityKind::Share));
        assert!(Unit::Percent.fits(QuantityKind::Ratio));
        assert!(Unit::Percent.fits(QuantityKind::Change));
        assert!(Unit::Ratio.fits(QuantityKind::Share));
        assert!(Unit::Ratio.fits(QuantityKind::Ratio));
        assert!(!Unit::Ratio.fits(QuantityKind::Change));
        assert!(!Unit::USD.fits(QuantityKind::Share));
        assert_eq!(Unit::USD.kind(), QuantityKind::Money);
        assert_eq!(
            Unit::PricePerMass(Currency::USD, Mass::Kg).kind(),
            QuantityKind::PricePerMass
        );
        assert_eq!(Unit::Year.kind(), QuantityKind::Duration);
        for kind in QuantityKind::ALL {
            assert_eq!(QuantityKind::from_code(kind.code()), Some(kind));
            assert!(!kind.description().is_empty());
        }
        assert_eq!(
            QuantityKind::ALL.map(QuantityKind::code),
            [
                "money",
                "share",
                "ratio",
                "change",
                "multiplier",
                "count",
                "duration",
                "energy",
                "mass",
                "price_per_mass",
                "price_per_energy"
            ]
        );
    }
}
