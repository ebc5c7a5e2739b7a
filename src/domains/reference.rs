//! Reference facts typed or generated for petrochip: ISO 3166-1 countries, ISO 4217 currencies,
//! yearly exchange rates, the chemical elements. Shared by every source.

#![allow(clippy::wildcard_imports)]

use serde::Deserialize;

use super::{Group, RawSheets};
use crate::contract::*;
use crate::ingest::cells::{Text, Whole};
use crate::ingest::{Reader, Sheet};
use crate::normalise::*;

/// The sheets this group reads.
#[derive(Debug, Clone)]
pub struct Sheets {
    pub countries: Sheet<CountryRow>,
    pub currencies: Sheet<CurrencyRow>,
    pub exchange_rates: Sheet<ExchangeRateRow>,
    pub elements: Sheet<ElementRow>,
}

impl Group for Sheets {
    const TABLES: &'static [&'static TableSpec] = &[&COUNTRIES, &CURRENCIES, &EXCHANGE_RATES];

    fn read(reader: &mut Reader) -> Self {
        Sheets {
            countries: reader.shared("reference/countries.csv"),
            currencies: reader.shared("reference/currencies.csv"),
            exchange_rates: reader.shared("reference/exchange_rates.csv"),
            elements: reader.shared("reference/elements.csv"),
        }
    }

    fn files(&self) -> Vec<&[crate::ingest::SheetFile]> {
        vec![
            &self.countries.files,
            &self.currencies.files,
            &self.exchange_rates.files,
            &self.elements.files,
        ]
    }

    fn normalise(&self, raw: &RawSheets, cx: &mut Context) {
        let _ = raw;
        cx.countries(&self.countries);
        let currencies = cx.currencies(&self.currencies);
        cx.rates = cx.exchange_rates(&self.exchange_rates, &currencies);
    }
}

// -- sheets ---------------------------------------------------------------------------------

#[derive(Debug, Clone, Deserialize)]
pub struct CountryRow {
    pub alpha2: Text,
    pub alpha3: Text,
    pub numeric: Text,
    pub name_en: Text,
    pub name_fr: Text,
}

/// `reference/currencies.csv`: ISO 4217, generated (see raw/reference/README.md).
#[derive(Debug, Clone, Deserialize)]
pub struct CurrencyRow {
    pub code: Text,
    pub numeric: Text,
    pub name_en: Text,
    pub name_fr: Text,
}

/// `reference/exchange_rates.csv`: yearly average rates, typed from a named source.
#[derive(Debug, Clone, Deserialize)]
pub struct ExchangeRateRow {
    pub currency: Text,
    pub year: Whole,
    /// Kept as text so that a malformed rate is reported with its value, not as a type error.
    pub usd_per_unit: String,
    pub source: Text,
    pub url: Text,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ElementRow {
    pub atomic_number: Whole,
    pub symbol: Text,
    pub name_en: Text,
    pub name_fr: Text,
}

// -- tables -------------------------------------------------------------------------------

pub static COUNTRIES: TableSpec = TableSpec {
    name: "countries",
    description: "ISO 3166-1: every country code, with English and French short names (reference data).",
    sheet: "reference/countries.csv",
    may_be_empty: false,
    columns: &[
        text("iso3", "ISO 3166-1 alpha-3 code."),
        text("iso2", "ISO 3166-1 alpha-2 code."),
        text(
            "numeric",
            "ISO 3166-1 numeric code, three digits with leading zeros.",
        ),
        text("name_en", "ISO English short name."),
        text("name_fr", "ISO French short name."),
    ],
    primary_key: &["iso3"],
    foreign_keys: &[],
    rules: &[],
};

pub static CURRENCIES: TableSpec = TableSpec {
    name: "currencies",
    description: "ISO 4217: every currency code, with English and French names (reference data).",
    sheet: "reference/currencies.csv",
    may_be_empty: false,
    columns: &[
        text("code", "ISO 4217 alphabetic code."),
        text(
            "numeric",
            "ISO 4217 numeric code, three digits with leading zeros.",
        ),
        text("name_en", "ISO English name."),
        text("name_fr", "ISO French name."),
    ],
    primary_key: &["code"],
    foreign_keys: &[],
    rules: &[],
};

pub static EXCHANGE_RATES: TableSpec = TableSpec {
    name: "exchange_rates",
    description: "Yearly average exchange rates to the US dollar, each with the publication it was typed from (reference data).",
    sheet: "reference/exchange_rates.csv",
    may_be_empty: false,
    columns: &[
        text("currency", "The currency (currencies.code)."),
        ranged(
            col("year", ColumnType::Integer, "The calendar year averaged."),
            1900.0,
            2100.0,
        ),
        ranged(
            measured(
                col(
                    "usd_per_unit",
                    ColumnType::Number,
                    "US dollars per unit of the currency, averaged over the year.",
                ),
                Unit::Fixed("USD per unit of the currency"),
            ),
            0.0,
            1e9,
        ),
        text("rate_source", "Who publishes the rate."),
        text("url", "Where the rate is published."),
    ],
    primary_key: &["currency", "year"],
    foreign_keys: &[ForeignKey {
        columns: &["currency"],
        table: "currencies",
        references: &["code"],
    }],
    rules: &[],
};

// -- normaliser ---------------------------------------------------------------------------

impl Context {
    /// An ISO numeric code a spreadsheet stripped of its leading zeros ("4" for Afghanistan's
    /// 004) is refused with the code to type.
    fn numeric_code(&mut self, origin: &crate::table::Origin, typed: &str) {
        if let Some(code) = crate::normalise::spreadsheet::stripped_zeros(typed, 3) {
            self.fail(
                origin,
                "numeric",
                format!("\"{typed}\" is a three-digit code a spreadsheet stripped of its leading zeros; type {code}, in a column formatted as text so the spreadsheet keeps them"),
            );
        }
    }

    fn countries(&mut self, sheet: &Sheet<CountryRow>) {
        for record in &sheet.records {
            let row = &record.row;
            self.numeric_code(&sheet.origin(record), row.numeric.as_str());
            self.push(
                &crate::domains::reference::COUNTRIES,
                &sheet.origin(record),
                vec![
                    ("iso3", row.alpha3.as_str().into()),
                    ("iso2", row.alpha2.as_str().into()),
                    ("numeric", row.numeric.as_str().into()),
                    ("name_en", row.name_en.as_str().into()),
                    ("name_fr", row.name_fr.as_str().into()),
                ],
            );
        }
    }

    /// ISO 4217, as the reference sheet lists it; returns the codes.
    fn currencies(&mut self, sheet: &Sheet<CurrencyRow>) -> std::collections::HashSet<String> {
        let mut codes = std::collections::HashSet::new();
        for record in &sheet.records {
            let row = &record.row;
            self.numeric_code(&sheet.origin(record), row.numeric.as_str());
            codes.insert(row.code.as_str().to_string());
            let cells = vec![
                ("code", row.code.as_str().into()),
                ("numeric", row.numeric.as_str().into()),
                ("name_en", row.name_en.as_str().into()),
                ("name_fr", row.name_fr.as_str().into()),
            ];
            self.push(
                &crate::domains::reference::CURRENCIES,
                &sheet.origin(record),
                cells,
            );
        }
        codes
    }

    /// Yearly exchange rates, each with the source it was typed from.
    fn exchange_rates(
        &mut self,
        sheet: &Sheet<ExchangeRateRow>,
        currencies: &std::collections::HashSet<String>,
    ) -> Rates {
        let mut rates = Rates::default();
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let rate = match row.usd_per_unit.trim().parse::<f64>() {
                Ok(rate) if rate.is_finite() && rate > 0.0 => Some(rate),
                _ => {
                    self.fail(
                        &origin,
                        "usd_per_unit",
                        format!("\"{}\" is not a rate; write US dollars per unit with a decimal point, as 1.0813", row.usd_per_unit),
                    );
                    None
                }
            };
            let year = row.year.0;
            if let Some(rate) = rate
                && currencies.contains(row.currency.as_str())
            {
                rates.insert((row.currency.as_str().to_string(), year as i32), rate);
            }
            let cells = vec![
                ("currency", row.currency.as_str().into()),
                ("year", i64::from(year).into()),
                ("usd_per_unit", rate.into()),
                ("rate_source", row.source.as_str().into()),
                ("url", row.url.as_str().into()),
            ];
            self.push(&crate::domains::reference::EXCHANGE_RATES, &origin, cells);
        }
        rates
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::testing::{errors, rows, sheet};

    #[test]
    fn countries_are_keyed_by_alpha3_and_a_code_without_its_zeros_is_refused() {
        let mut cx = Context::default();
        let countries = sheet::<CountryRow>(
            "raw/reference/countries.csv",
            "alpha2,alpha3,numeric,name_en,name_fr\n\
             AF,AFG,004,Afghanistan,Afghanistan\n\
             DE,DEU,276,Germany,Allemagne\n\
             AS,ASM,16,American Samoa,Samoa américaines\n",
        );
        cx.countries(&countries);
        assert_eq!(
            rows(&cx, "countries", &["iso3", "iso2", "numeric", "name_fr"]),
            [
                ["AFG", "AF", "004", "Afghanistan"],
                ["DEU", "DE", "276", "Allemagne"],
                ["ASM", "AS", "16", "Samoa américaines"],
            ]
        );
        assert_eq!(
            errors(&cx),
            [
                "raw/reference/countries.csv:4: column \"numeric\": \"16\" is a three-digit code a spreadsheet stripped of its leading zeros; type 016, in a column formatted as text so the spreadsheet keeps them"
            ]
        );
    }

    #[test]
    fn a_rate_needs_a_decimal_point_and_only_known_currencies_get_one() {
        let mut cx = Context::default();
        let currencies = sheet::<CurrencyRow>(
            "raw/reference/currencies.csv",
            "code,numeric,name_en,name_fr\nEUR,978,Euro,Euro\nUSD,840,US Dollar,Dollar des États-Unis\n",
        );
        let codes = cx.currencies(&currencies);
        let mut listed: Vec<&str> = codes.iter().map(String::as_str).collect();
        listed.sort_unstable();
        assert_eq!(listed, ["EUR", "USD"]);
        let rates = sheet::<ExchangeRateRow>(
            "raw/reference/exchange_rates.csv",
            "currency,year,usd_per_unit,source,url\n\
             EUR,2023,1.0813,ECB,https://ecb.example\n\
             EUR,2024,\"1,0824\",ECB,https://ecb.example\n\
             XXX,2023,2.5,ECB,https://ecb.example\n",
        );
        let rates = cx.exchange_rates(&rates, &codes);
        // Only EUR 2023 is a rate: 2024's is refused, XXX is no currency of the sheet.
        assert_eq!(
            rates.into_iter().collect::<Vec<_>>(),
            [(("EUR".to_string(), 2023), 1.0813)]
        );
        // Every row is published; the foreign key to currencies refuses XXX at validation.
        assert_eq!(
            rows(&cx, "exchange_rates", &["currency", "year", "usd_per_unit"]),
            [
                ["EUR", "2023", "1.0813"],
                ["EUR", "2024", ""],
                ["XXX", "2023", "2.5"]
            ]
        );
        assert_eq!(
            errors(&cx),
            [
                "raw/reference/exchange_rates.csv:3: column \"usd_per_unit\": \"1,0824\" is not a rate; write US dollars per unit with a decimal point, as 1.0813"
            ]
        );
    }
}
