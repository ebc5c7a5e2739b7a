//! Unit tests of the number grammar, one group per style.

use super::*;

/// Value, unit code and qualifier code of a figure in the French style. The unit code is
/// leaked to compare it with literals in tuples; a test process is short-lived.
fn ok(text: &str) -> (f64, &'static str, &'static str) {
    styled(text, NumberStyle::French)
}

fn err(text: &str) -> String {
    err_styled(text, NumberStyle::French)
}

fn styled(text: &str, style: NumberStyle) -> (f64, &'static str, &'static str) {
    let q = parse_quantity_styled(text, style).unwrap_or_else(|e| panic!("{text}: {e}"));
    let unit: &'static str = Box::leak(q.unit.code().into_boxed_str());
    (q.value, unit, q.qualifier.code())
}

fn err_styled(text: &str, style: NumberStyle) -> String {
    match parse_quantity_styled(text, style) {
        Ok(q) => panic!("{text} should be refused, got {q:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_article_figures() {
    assert_eq!(
        ok("22,1 milliards de $"),
        (22_100_000_000.0, "USD", "exact")
    );
    assert_eq!(ok("265%"), (265.0, "percent", "exact"));
    assert_eq!(ok("7000 milliards de dollars"), (7e12, "USD", "exact"));
    assert_eq!(ok("2000 euros"), (2000.0, "EUR", "exact"));
    assert_eq!(ok("la moitié"), (0.5, "ratio", "exact"));
    assert_eq!(ok("doubler"), (2.0, "multiplier", "exact"));
    assert_eq!(ok("doublement"), (2.0, "multiplier", "exact"));
    assert_eq!(ok("trois"), (3.0, "count", "exact"));
    assert_eq!(ok("près d'un siècle"), (100.0, "year", "approximate"));
    assert_eq!(ok("des milliers"), (2000.0, "count", "at_least"));
    assert_eq!(ok("15 ans"), (15.0, "year", "exact"));
    assert_eq!(ok("3"), (3.0, "count", "exact"));
}

#[test]
fn grouping_and_decimals() {
    assert_eq!(ok("1 234 567,89").0, 1_234_567.89);
    assert_eq!(ok("1\u{a0}234").0, 1234.0);
    assert_eq!(ok("1\u{202f}234,5 €"), (1234.5, "EUR", "exact"));
    assert_eq!(ok("1.234.567").0, 1_234_567.0);
    assert_eq!(ok("1.234,5").0, 1234.5);
    assert_eq!(ok("0,5").0, 0.5);
    assert_eq!(ok("7 000 milliards de dollars").0, 7e12);
}

#[test]
fn magnitudes_and_currencies_either_side() {
    assert_eq!(ok("$22,1 milliards"), (22.1e9, "USD", "exact"));
    assert_eq!(ok("22,1 Md$"), (22.1e9, "USD", "exact"));
    assert_eq!(ok("22,1 Mds €"), (22.1e9, "EUR", "exact"));
    assert_eq!(ok("€ 2000"), (2000.0, "EUR", "exact"));
    assert_eq!(ok("USD 5 millions"), (5e6, "USD", "exact"));
    assert_eq!(ok("5 M€"), (5e6, "EUR", "exact"));
    assert_eq!(ok("300 k€"), (300_000.0, "EUR", "exact"));
    assert_eq!(ok("2 mille"), (2000.0, "count", "exact"));
    assert_eq!(ok("deux mille euros"), (2000.0, "EUR", "exact"));
    assert_eq!(ok("mille milliards de dollars"), (1e12, "USD", "exact"));
    assert_eq!(ok("10 millions d'euros"), (1e7, "EUR", "exact"));
    assert_eq!(ok("3 dollars US"), (3.0, "USD", "exact"));
    assert_eq!(ok("4 US$"), (4.0, "USD", "exact"));
    assert_eq!(ok("22 milliards de $ US"), (22e9, "USD", "exact"));
    assert_eq!(ok("5 $US"), (5.0, "USD", "exact"));
    assert_eq!(ok("12 pour cent"), (12.0, "percent", "exact"));
    assert_eq!(ok("12,5 %"), (12.5, "percent", "exact"));
}

#[test]
fn words_shares_factors_and_qualifiers() {
    assert_eq!(ok("deux"), (2.0, "count", "exact"));
    assert_eq!(ok("dix"), (10.0, "count", "exact"));
    assert_eq!(ok("un tiers"), (1.0 / 3.0, "ratio", "exact"));
    assert_eq!(ok("les deux tiers"), (2.0 / 3.0, "ratio", "exact"));
    assert_eq!(ok("trois quarts"), (0.75, "ratio", "exact"));
    assert_eq!(ok("le quart"), (0.25, "ratio", "exact"));
    assert_eq!(ok("tripler"), (3.0, "multiplier", "exact"));
    assert_eq!(ok("le double"), (2.0, "multiplier", "exact"));
    assert_eq!(ok("x3"), (3.0, "multiplier", "exact"));
    assert_eq!(ok("×2"), (2.0, "multiplier", "exact"));
    assert_eq!(ok("multiplié par 4"), (4.0, "multiplier", "exact"));
    assert_eq!(ok("10 fois"), (10.0, "multiplier", "exact"));
    assert_eq!(ok("environ 2 ans"), (2.0, "year", "approximate"));
    assert_eq!(ok("plus de 15 ans"), (15.0, "year", "more_than"));
    assert_eq!(ok("moins de 3"), (3.0, "count", "less_than"));
    assert_eq!(ok("au moins 2000 euros"), (2000.0, "EUR", "at_least"));
    assert_eq!(ok("jusqu'à 5 %"), (5.0, "percent", "at_most"));
    assert_eq!(ok("de l'ordre de 5 %"), (5.0, "percent", "approximate"));
    assert_eq!(
        ok("de l\u{2019}ordre d\u{2019}un siècle"),
        (100.0, "year", "approximate")
    );
    assert_eq!(ok("à peu près 2000 euros"), (2000.0, "EUR", "approximate"));
    assert_eq!(ok("autour de 3"), (3.0, "count", "approximate"));
    assert_eq!(ok("aux alentours de 3"), (3.0, "count", "approximate"));
    assert_eq!(ok("quasiment 3"), (3.0, "count", "approximate"));
    assert_eq!(ok("pas moins de 3"), (3.0, "count", "at_least"));
    assert_eq!(ok("un peu plus de 3"), (3.0, "count", "more_than"));
    assert_eq!(
        ok("un peu moins d'un tiers"),
        (1.0 / 3.0, "ratio", "less_than")
    );
    assert_eq!(ok("18 mois"), (1.5, "year", "exact"));
    assert_eq!(ok("une décennie"), (10.0, "year", "exact"));
    assert_eq!(ok("-5 %"), (-5.0, "percent", "exact"));
    assert_eq!(ok("+265 %"), (265.0, "percent", "exact"));
    assert_eq!(ok("+2,5 milliards d'euros"), (2.5e9, "EUR", "exact"));
    assert!(err("+-5 %").contains("\"-\" is not a number"));
}

#[test]
fn refuses_what_it_would_have_to_guess() {
    assert_eq!(
        err("22,,1 milliards"),
        "cannot read \"22,,1 milliards\" as a number: two separators in a row; write one decimal comma, as in 22,1"
    );
    assert_eq!(
        err("1.234,5,6"),
        "cannot read \"1.234,5,6\" as a number: more than one decimal comma; a French number has at most one comma, before its decimals"
    );
    assert_eq!(
        err("1.234"),
        "cannot read \"1.234\" as a number: it is ambiguous: the dot may separate thousands or decimals; write 1 234 for the thousands or 1,234 for decimals"
    );
    assert_eq!(
        err("22.1"),
        "cannot read \"22.1\" as a number: it has a decimal point; French numbers take a decimal comma: write 22,1"
    );
    assert_eq!(
        err("3 billions de dollars"),
        "cannot read \"3 billions de dollars\" as a number: \"billions\" is ambiguous: 10^12 in French, 10^9 in English; write milliards (10^9) or mille milliards (10^12)"
    );
    assert_eq!(
        err("12 000 livres"),
        "cannot read \"12 000 livres\" as a number: \"livres\" is ambiguous: pounds sterling, or books?; write livres sterling, £ or GBP"
    );
    // Refusals echo each word as typed, case and all, not as the tokenizer folded it.
    assert!(err("22,1 G$").contains("\"G\" is not part of a figure"));
    assert!(err("XIV milliards").contains("\"XIV\" is not a number"));
    assert!(err("3 Billions de dollars").contains("\"Billions\" is ambiguous"));
    assert!(err("12 000 LIVRES").contains("\"LIVRES\" is ambiguous"));
    assert!(err("5 Francs").contains("\"Francs\" does not say which franc"));
    assert!(err("22,").contains("nothing after the decimal comma"));
    assert!(err("12 34").contains("\"34\" is not part of a figure"));
    assert!(err("1234 567").contains("thousands groups are not of three digits"));
    assert!(err("1 234.567").contains("mixes spaces and dots"));
    assert!(err("beaucoup").contains("\"beaucoup\" is not a number"));
    assert!(err("30 mn").contains("\"mn\" is not part of a figure"));
    assert!(err("5 m").contains("\"m\" is not part of a figure"));
    assert!(err("").contains("the cell is empty"));
    assert!(err("22,1 milliards de $ environ").contains("\"environ\" is not part of a figure"));
    assert!(err("$22 dollars").contains("names its currency twice"));
    assert!(err("tous les deux ans").contains("this is a period"));
    assert!(err("dernier trimestre 2023").contains("this is a period"));
    assert!(err("la moitié de 7000 milliards").contains("not part of a figure"));
    assert!(err("vingt-deux").contains("compound number words"));
    assert!(err("12 de").contains("\"de\" is not followed by a unit"));
    assert!(err("12\u{7}").contains("unexpected character"));
    // Found by fuzzing: over 300 digits, or magnitudes multiplied past f64, read as infinity.
    let digits = format!("7{}", "7".repeat(330));
    assert!(err(&digits).contains("too many digits"));
    let magnitudes = format!("1{}", " milliards".repeat(40));
    assert!(err(&magnitudes).contains("too large to be a figure"));
}

fn fr_dot(text: &str) -> (f64, &'static str, &'static str) {
    styled(text, NumberStyle::FrenchDotThousands)
}

fn en(text: &str) -> (f64, &'static str, &'static str) {
    styled(text, NumberStyle::English)
}

fn en_err(text: &str) -> String {
    err_styled(text, NumberStyle::English)
}

#[test]
fn styles_have_codes() {
    for style in NumberStyle::ALL {
        assert_eq!(NumberStyle::from_code(style.code()), Some(style));
    }
    assert_eq!(
        NumberStyle::ALL.map(NumberStyle::code),
        ["fr", "fr_dot", "en"]
    );
    assert_eq!(NumberStyle::from_code("FR"), None);
}

// -- units: currencies, energy, mass, prices (every style) ------------------------------------

#[test]
fn currencies_by_symbol_word_and_code() {
    assert_eq!(ok("5 $"), (5.0, "USD", "exact"));
    assert_eq!(ok("US$ 5"), (5.0, "USD", "exact"));
    assert_eq!(ok("5 dollars"), (5.0, "USD", "exact"));
    assert_eq!(ok("5 dollars US"), (5.0, "USD", "exact"));
    assert_eq!(ok("5 €"), (5.0, "EUR", "exact"));
    assert_eq!(ok("5 euros"), (5.0, "EUR", "exact"));
    assert_eq!(ok("£12"), (12.0, "GBP", "exact"));
    assert_eq!(ok("12 livres sterling"), (12.0, "GBP", "exact"));
    assert_eq!(ok("12 millions de livres sterling"), (12e6, "GBP", "exact"));
    assert_eq!(ok("12 pounds"), (12.0, "GBP", "exact"));
    assert_eq!(ok("4 000 milliards de yens"), (4e12, "JPY", "exact"));
    assert_eq!(ok("JP¥4 000"), (4000.0, "JPY", "exact"));
    assert_eq!(ok("3 milliards de yuans"), (3e9, "CNY", "exact"));
    assert_eq!(ok("CN¥ 3"), (3.0, "CNY", "exact"));
    assert_eq!(ok("RMB 3"), (3.0, "CNY", "exact"));
    assert_eq!(ok("3 renminbi"), (3.0, "CNY", "exact"));
    assert_eq!(ok("500 milliards de wons"), (500e9, "KRW", "exact"));
    assert_eq!(ok("₩500"), (500.0, "KRW", "exact"));
    assert_eq!(ok("NT$ 30"), (30.0, "TWD", "exact"));
    assert_eq!(
        ok("30 milliards de dollars taïwanais"),
        (30e9, "TWD", "exact")
    );
    assert_eq!(ok("30 NTD"), (30.0, "TWD", "exact"));
    // Any code of the ISO shape, in capitals, before or after: the pipeline checks it exists.
    assert_eq!(ok("12 CHF"), (12.0, "CHF", "exact"));
    assert_eq!(ok("CHF 12"), (12.0, "CHF", "exact"));
    assert_eq!(ok("2 milliards de SEK"), (2e9, "SEK", "exact"));
    assert_eq!(ok("12 GBP"), (12.0, "GBP", "exact"));
    assert_eq!(ok("12 gbp"), (12.0, "GBP", "exact"));
    // Words in capitals are not codes.
    assert_eq!(ok("DES MILLIERS"), (2000.0, "count", "at_least"));
    assert_eq!(ok("15 ANS"), (15.0, "year", "exact"));
    assert!(err("12 chf").contains("\"chf\" is not part of a figure"));
    // In a cell, codes outside the running-text list too (FRF, which the franc hint names).
    assert_eq!(ok("12 FRF"), (12.0, "FRF", "exact"));
    assert_eq!(ok("FRF 12"), (12.0, "FRF", "exact"));
}

#[test]
fn ambiguous_currencies_are_refused() {
    assert_eq!(
        err("¥4 000"),
        "cannot read \"¥4 000\" as a number: \"¥\" is ambiguous: Japanese yen or Chinese yuan; write JP¥ or JPY for yen, CN¥ or CNY for yuan"
    );
    assert!(err("4 000 ¥").contains("\"¥\" is ambiguous"));
    assert!(err("12 livres").contains("\"livres\" is ambiguous: pounds sterling, or books?"));
    assert!(err("livres 12").contains("\"livres\" is ambiguous"));
    assert!(err("12 francs").contains("does not say which franc"));
    assert!(err("$12 €").contains("names its currency twice"));
    // "US" is a marker of "$", never a currency alone, on either side.
    for text in ["US 5", "5 US"] {
        assert_eq!(
            err(text),
            format!(
                "cannot read \"{text}\" as a number: \"US\" is not followed by $; write US$ or $"
            )
        );
    }
    // "livres sterling" is not ambiguous; before the number, it is not read as a currency.
    assert_eq!(
        err("livres sterling 12"),
        "cannot read \"livres sterling 12\" as a number: \"livres\" is not a number; write digits (22,1), a number word (deux … dix), a share (la moitié) or a factor (doubler)"
    );
}

#[test]
fn energy_and_mass() {
    assert_eq!(ok("10 TWh"), (10.0, "TWh", "exact"));
    assert_eq!(ok("10 twh"), (10.0, "TWh", "exact"));
    assert_eq!(ok("10 térawattheures"), (10.0, "TWh", "exact"));
    assert_eq!(ok("460 térawatts-heures"), (460.0, "TWh", "exact"));
    assert_eq!(ok("environ 3 kWh"), (3.0, "kWh", "approximate"));
    assert_eq!(ok("3 kilowattheures"), (3.0, "kWh", "exact"));
    assert_eq!(ok("2 MWh"), (2.0, "MWh", "exact"));
    assert_eq!(ok("2 mégawattheures"), (2.0, "MWh", "exact"));
    assert_eq!(ok("7 GWh"), (7.0, "GWh", "exact"));
    assert_eq!(ok("1 Wh"), (1.0, "Wh", "exact"));
    assert_eq!(ok("10 milliards de kWh"), (10e9, "kWh", "exact"));
    assert_eq!(ok("3 tonnes"), (3.0, "t", "exact"));
    assert_eq!(ok("3 t"), (3.0, "t", "exact"));
    assert_eq!(ok("3 millions de tonnes"), (3e6, "t", "exact"));
    assert_eq!(ok("12 kg"), (12.0, "kg", "exact"));
    assert_eq!(ok("12 kilos"), (12.0, "kg", "exact"));
    assert_eq!(ok("1 530 kilogrammes"), (1530.0, "kg", "exact"));
    assert_eq!(ok("5 g"), (5.0, "g", "exact"));
    assert_eq!(ok("5 grammes"), (5.0, "g", "exact"));
    // Upper-case G and T are not grams and tonnes.
    assert!(err("5G").contains("\"G\" is not part of a figure"));
    assert!(err("5 T").contains("\"T\" is not part of a figure"));
    assert!(err("5 kW").contains("\"kW\" is not part of a figure"));
}

#[test]
fn prices_per_unit() {
    let per_kg = (12.0, "USD/kg", "exact");
    assert_eq!(ok("12 $ le kilo"), per_kg);
    assert_eq!(ok("12 dollars par kilo"), per_kg);
    assert_eq!(ok("12 dollars le kilogramme"), per_kg);
    assert_eq!(ok("12 USD/kg"), per_kg);
    assert_eq!(ok("12 $/kg"), per_kg);
    assert_eq!(ok("$12/kg"), per_kg);
    assert_eq!(ok("USD 12/kg"), per_kg);
    assert_eq!(ok("500 € la tonne"), (500.0, "EUR/t", "exact"));
    assert_eq!(ok("500 €/t"), (500.0, "EUR/t", "exact"));
    assert_eq!(ok("80 €/MWh"), (80.0, "EUR/MWh", "exact"));
    assert_eq!(ok("0,25 euro le kWh"), (0.25, "EUR/kWh", "exact"));
    assert_eq!(
        ok("0,25 euro par kilowattheure"),
        (0.25, "EUR/kWh", "exact")
    );
    assert_eq!(
        ok("plus de 1 000 $ le gramme"),
        (1000.0, "USD/g", "more_than")
    );
    assert_eq!(
        err("80 €/TWh"),
        "cannot read \"80 €/TWh\" as a number: a price per TWh is not published; give it per MWh (divide by 1000000) and say so in note"
    );
    assert!(err("5 %/kg").contains("only an amount of money can be per unit"));
    assert!(err("5 par kilo").contains("only an amount of money can be per unit"));
    assert!(err("12 $/kW").contains("\"/\" is not part of a figure"));
}

// -- the French style with dots between thousands ---------------------------------------------

#[test]
fn french_dot_thousands() {
    assert_eq!(fr_dot("1.000 milliards"), (1e12, "count", "exact"));
    assert_eq!(
        fr_dot("3.300 milliards de dollars"),
        (3.3e12, "USD", "exact")
    );
    assert_eq!(fr_dot("1.530 kilogrammes"), (1530.0, "kg", "exact"));
    assert_eq!(fr_dot("1.234.567,89 €"), (1_234_567.89, "EUR", "exact"));
    assert_eq!(fr_dot("22,1 milliards de $"), (22.1e9, "USD", "exact"));
    assert_eq!(fr_dot("1 000"), (1000.0, "count", "exact"));
    assert_eq!(fr_dot("la moitié"), (0.5, "ratio", "exact"));
    let err = |t: &str| err_styled(t, NumberStyle::FrenchDotThousands);
    assert_eq!(
        err("22.1"),
        "cannot read \"22.1\" as a number: it has a decimal point; this source writes decimals with a comma: write 22,1"
    );
    assert!(err("1.0000").contains("decimal point"));
    assert!(err("1.00.000").contains("thousands groups are not of three digits"));
    assert!(err("0.500").contains("thousands groups are not of three digits"));
    assert!(err("1 000.000").contains("mixes spaces and dots"));
    assert!(err("7,000").contains("write 7.000 for the thousands or 7 for the decimal reading"));
    assert!(err("3 billions").contains("10^12 in French"));
}

// -- the English style -------------------------------------------------------------------------

#[test]
fn english_money_and_magnitudes() {
    assert_eq!(en("$22.1 billion"), (22.1e9, "USD", "exact"));
    assert_eq!(en("$39bn"), (39e9, "USD", "exact"));
    assert_eq!(en("€43 billion"), (43e9, "EUR", "exact"));
    assert_eq!(en("JP¥4 trillion"), (4e12, "JPY", "exact"));
    assert_eq!(en("US$ 5 million"), (5e6, "USD", "exact"));
    assert_eq!(en("$5m"), (5e6, "USD", "exact"));
    assert_eq!(en("$300k"), (300_000.0, "USD", "exact"));
    assert_eq!(en("7 trillion dollars"), (7e12, "USD", "exact"));
    assert_eq!(en("2 billion US dollars"), (2e9, "USD", "exact"));
    assert_eq!(en("£3 billion"), (3e9, "GBP", "exact"));
    assert_eq!(en("12 pounds sterling"), (12.0, "GBP", "exact"));
    assert_eq!(en("NT$30 billion"), (30e9, "TWD", "exact"));
    assert_eq!(en("30 billion New Taiwan dollars"), (30e9, "TWD", "exact"));
    assert_eq!(en("1.125 trillion yen"), (1.125e12, "JPY", "exact"));
    assert_eq!(en("a million dollars"), (1e6, "USD", "exact"));
    assert_eq!(en("two hundred"), (200.0, "count", "exact"));
    assert_eq!(en("two hundred thousand"), (200_000.0, "count", "exact"));
    assert_eq!(en("1,000 TWh"), (1000.0, "TWh", "exact"));
    assert_eq!(en("1,234,567.89"), (1_234_567.89, "count", "exact"));
    assert_eq!(en("22.1%"), (22.1, "percent", "exact"));
    assert_eq!(en("22.1 per cent"), (22.1, "percent", "exact"));
    assert_eq!(en("12 percent"), (12.0, "percent", "exact"));
    assert_eq!(en("$5/kg"), (5.0, "USD/kg", "exact"));
    assert_eq!(en("$1,000 a tonne"), (1000.0, "USD/t", "exact"));
    assert_eq!(en("5 dollars per kg"), (5.0, "USD/kg", "exact"));
    assert_eq!(en("3 metric tons"), (3.0, "t", "exact"));
    assert_eq!(en("460 terawatt-hours"), (460.0, "TWh", "exact"));
}

#[test]
fn english_words_shares_and_factors() {
    assert_eq!(en("two-thirds"), (2.0 / 3.0, "ratio", "exact"));
    assert_eq!(en("two thirds"), (2.0 / 3.0, "ratio", "exact"));
    assert_eq!(en("three-quarters"), (0.75, "ratio", "exact"));
    assert_eq!(en("half"), (0.5, "ratio", "exact"));
    assert_eq!(en("a half"), (0.5, "ratio", "exact"));
    assert_eq!(en("a third"), (1.0 / 3.0, "ratio", "exact"));
    assert_eq!(en("a quarter"), (0.25, "ratio", "exact"));
    assert_eq!(en("one-half"), (0.5, "ratio", "exact"));
    assert_eq!(en("double"), (2.0, "multiplier", "exact"));
    assert_eq!(en("doubling"), (2.0, "multiplier", "exact"));
    assert_eq!(en("triple"), (3.0, "multiplier", "exact"));
    assert_eq!(en("twice"), (2.0, "multiplier", "exact"));
    assert_eq!(en("threefold"), (3.0, "multiplier", "exact"));
    assert_eq!(en("3x"), (3.0, "multiplier", "exact"));
    assert_eq!(en("10 times"), (10.0, "multiplier", "exact"));
    assert_eq!(en("multiplied by 4"), (4.0, "multiplier", "exact"));
    assert_eq!(en("thousands of"), (2000.0, "count", "at_least"));
    assert_eq!(en("thousands"), (2000.0, "count", "at_least"));
    assert_eq!(en("hundreds of"), (200.0, "count", "at_least"));
    assert_eq!(en("thousands of dollars"), (2000.0, "USD", "at_least"));
    assert_eq!(en("several million"), (2e6, "count", "at_least"));
    assert_eq!(en("one"), (1.0, "count", "exact"));
    assert_eq!(en("twelve"), (12.0, "count", "exact"));
    assert_eq!(en("twenty"), (20.0, "count", "exact"));
    assert_eq!(en("ninety"), (90.0, "count", "exact"));
    assert_eq!(en("twenty-two"), (22.0, "count", "exact"));
    assert_eq!(en("three"), (3.0, "count", "exact"));
    assert_eq!(en("a thousand"), (1000.0, "count", "exact"));
    assert_eq!(en("15 years"), (15.0, "year", "exact"));
    assert_eq!(en("18 months"), (1.5, "year", "exact"));
    assert_eq!(en("a month"), (1.0 / 12.0, "year", "exact"));
    assert_eq!(en("a decade"), (10.0, "year", "exact"));
    assert_eq!(en("two decades"), (20.0, "year", "exact"));
    assert_eq!(en("nearly a century"), (100.0, "year", "approximate"));
}

#[test]
fn english_qualifiers() {
    let q = |t: &str| en(t).2;
    assert_eq!(q("about 5"), "approximate");
    assert_eq!(q("around 5"), "approximate");
    assert_eq!(q("roughly 5"), "approximate");
    assert_eq!(q("approximately 5"), "approximate");
    assert_eq!(q("nearly 5"), "approximate");
    assert_eq!(q("almost 5"), "approximate");
    assert_eq!(q("close to 5"), "approximate");
    assert_eq!(q("~5"), "approximate");
    assert_eq!(q("more than 5"), "more_than");
    assert_eq!(q("over 5"), "more_than");
    assert_eq!(q("less than 5"), "less_than");
    assert_eq!(q("under 5"), "less_than");
    assert_eq!(q("at least 5"), "at_least");
    assert_eq!(q("up to 5"), "at_most");
    assert_eq!(q("as much as 5"), "at_most");
    assert_eq!(q("5"), "exact");
    assert_eq!(en("More than $22.1 billion"), (22.1e9, "USD", "more_than"));
    assert_eq!(en("up to 40%"), (40.0, "percent", "at_most"));
}

#[test]
fn english_refuses_what_it_would_have_to_guess() {
    assert_eq!(
        en_err("¥4 trillion"),
        "cannot read \"¥4 trillion\" as a number: \"¥\" is ambiguous: Japanese yen or Chinese yuan; write JP¥ or JPY for yen, CN¥ or CNY for yuan"
    );
    assert_eq!(
        en_err("7.000"),
        "cannot read \"7.000\" as a number: it is ambiguous: the dot may separate decimals (English) or thousands (French, German); write 7,000 for the thousands or 7 for the decimal reading"
    );
    assert!(en_err("22.150").contains("write 22,150 for the thousands or 22.15"));
    assert_eq!(
        en_err("22,1"),
        "cannot read \"22,1\" as a number: it has a decimal comma; English numbers take a decimal point: write 22.1"
    );
    assert!(
        en_err("1.234.567").contains("write 1,234,567, or read this source with the fr_dot style")
    );
    assert!(en_err("1.234,5").contains("dot before a decimal comma"));
    assert!(en_err("1,00,000").contains("thousands groups are not of three digits"));
    assert!(en_err("1 000,000").contains("mixes spaces and commas"));
    assert!(en_err("22.").contains("nothing after the decimal point"));
    assert!(en_err("5 m").contains("\"m\" is not part of a figure"));
    assert!(en_err("5 tons").contains("a short ton is 907 kg"));
    assert!(en_err("twenty two").contains("compound number words"));
    assert!(en_err("lots").contains("\"lots\" is not a number; write digits (22.1)"));
    assert!(en_err("12 of").contains("\"of\" is not followed by a unit"));
    for period in [
        "every two years",
        "by 2030",
        "Q4 2023",
        "in 2021",
        "fiscal 2025",
    ] {
        assert!(en_err(period).contains("this is a period"), "{period}");
    }
    // A French writer's billion is not read in English; an English one is not read in French.
    assert!(err("$22.1 billion").contains("it has a decimal point"));
}

#[test]
fn scientific_notation_is_named_and_written_out_in_the_sources_style() {
    let err = |text: &str, style| parse_quantity_styled(text, style).unwrap_err().to_string();
    assert_eq!(
        err("2E+03 euros", NumberStyle::French),
        "cannot read \"2E+03 euros\" as a number: 2E+03 is scientific notation, as a spreadsheet shows a long number; type the number in full (2000)"
    );
    // 2,21 × 10^10 is 22 100 000 000; 1.5 × 10^-3 is 0.0015; -4,5 × 10^0 is -4,5.
    assert!(err("2,21E+10 $", NumberStyle::French).ends_with("(22100000000)"));
    assert!(err("1.5e-3", NumberStyle::English).ends_with("(0.0015)"));
    assert!(err("-4,5E0", NumberStyle::French).ends_with("(-4,5)"));
    assert!(err("7E-02", NumberStyle::FrenchDotThousands).ends_with("(0,07)"));
    // An exponent too large to write out is still named.
    assert!(err("1E+99", NumberStyle::French).ends_with("; type the number in full"));
    // "2e" (deuxième) and a unit glued to a number are not scientific notation.
    assert_eq!(scientific("2e", NumberStyle::French), None);
    assert_eq!(scientific("5G", NumberStyle::French), None);
    assert_eq!(scientific("e5", NumberStyle::French), None);
}

/// Each doubled separator, in each style that reads digits with both: refused, never read.
#[test]
fn two_separators_in_a_row_are_refused_in_every_style() {
    for doubled in [",,", "..", ",.", ".,"] {
        let text = format!("22{doubled}1");
        assert_eq!(
            err_styled(&text, NumberStyle::FrenchDotThousands),
            format!(
                "cannot read \"{text}\" as a number: two separators in a row; write one decimal comma, as in 22,1"
            )
        );
        assert_eq!(
            en_err(&text),
            format!(
                "cannot read \"{text}\" as a number: two separators in a row; write one decimal point, as in 22.1"
            )
        );
    }
}

/// Several dots in English: thousands as a European writes them only when every group after
/// a dot has three digits and no comma is there; otherwise, too many decimal points.
#[test]
fn several_dots_in_english_are_told_apart() {
    assert!(en_err("1.234.567").contains("its dots group thousands"));
    for text in ["1.23.456", "1,234.567.890"] {
        assert_eq!(
            en_err(text),
            format!(
                "cannot read \"{text}\" as a number: more than one decimal point; an English number has at most one point, before its decimals"
            )
        );
    }
}

/// A first thousands group of more than three digits, and more digits than a float holds.
#[test]
fn bad_groups_and_endless_digits_are_refused() {
    assert!(
        err("1234 567").contains("its thousands groups are not of three digits"),
        "{}",
        err("1234 567")
    );
    assert!(
        en_err("1234,567").contains("its thousands groups are not of three digits"),
        "{}",
        en_err("1234,567")
    );
    // French digits go through the shared decimal grammar; fr_dot and English through their
    // own reader, which refuses infinity the same way.
    let endless = "9".repeat(400);
    for style in NumberStyle::ALL {
        let refused = err_styled(&endless, style);
        assert!(
            refused.contains("it has too many digits to be a figure"),
            "{style:?}: {refused}"
        );
    }
}

/// English words: months are twelfths of a year, a hyphenated number is a ten and a unit,
/// "tens" to "billions" are magnitude nouns.
#[test]
fn english_words_read_as_written() {
    assert_eq!(en("18 months"), (1.5, "year", "exact"));
    assert_eq!(en("a month"), (1.0 / 12.0, "year", "exact"));
    assert_eq!(super::english::number_word("twenty-two"), Some(22.0));
    // Not a ten, or not a unit, after the hyphen's other side.
    assert_eq!(super::english::number_word("ten-two"), None);
    assert_eq!(super::english::number_word("twenty-twelve"), None);
    for (noun, value) in [
        ("tens", 10.0),
        ("hundreds", 100.0),
        ("thousands", 1e3),
        ("millions", 1e6),
        ("billions", 1e9),
    ] {
        assert_eq!(super::english::magnitude_noun(noun), Some(value), "{noun}");
    }
    assert_eq!(super::english::magnitude_noun("dozens"), None);
}

/// The nouns after "des" ("des milliers"): each its magnitude.
#[test]
fn french_magnitude_nouns() {
    for (noun, value) in [
        ("dizaines", 10.0),
        ("centaines", 100.0),
        ("milliers", 1e3),
        ("millions", 1e6),
        ("milliards", 1e9),
    ] {
        assert_eq!(super::french::magnitude_noun(noun), Some(value), "{noun}");
    }
    assert_eq!(super::french::magnitude_noun("douzaines"), None);
}

/// A currency code typed in lower case is read as the upper-case one, and so are the two
/// abbreviations that are not ISO codes.
#[test]
fn lower_case_codes_name_their_currency() {
    for (code, iso) in [
        ("usd", "USD"),
        ("eur", "EUR"),
        ("gbp", "GBP"),
        ("jpy", "JPY"),
        ("cny", "CNY"),
        ("rmb", "CNY"),
        ("krw", "KRW"),
        ("twd", "TWD"),
        ("ntd", "TWD"),
    ] {
        assert_eq!(ok(&format!("22 {code}")), (22.0, iso, "exact"), "{code}");
    }
}

/// Each kind of quantity has its own line in the data dictionary.
#[test]
fn quantity_kinds_are_described_each_in_its_own_words() {
    let descriptions: std::collections::HashSet<&str> = QuantityKind::ALL
        .into_iter()
        .map(QuantityKind::description)
        .collect();
    assert_eq!(descriptions.len(), QuantityKind::ALL.len());
    assert_eq!(QuantityKind::Money.description(), "An amount in a currency");
}

/// A hyphenated word is refused as a compound number only when every part is a number word,
/// "et" or "and"; any other word is "not a number", hyphen or not.
#[test]
fn hyphenated_words_are_compound_numbers_only_when_made_of_number_words() {
    let reason = |text: &str, style: NumberStyle| match parse_quantity_styled(text, style) {
        Ok(q) => panic!("{text} should be refused, got {q:?}"),
        Err(e) => e.reason,
    };
    let compound = "compound number words are not read";
    assert_eq!(reason("vingt-et-un", NumberStyle::French), compound);
    assert_eq!(reason("cent-un", NumberStyle::French), compound);
    assert_eq!(reason("one-and-twenty", NumberStyle::English), compound);
    assert_eq!(
        reason("demi-douzaine", NumberStyle::French),
        "\"demi-douzaine\" is not a number"
    );
    assert_eq!(
        reason("et 5", NumberStyle::French),
        "\"et\" is not a number"
    );
    assert_eq!(
        reason("half-dozen", NumberStyle::English),
        "\"half-dozen\" is not a number"
    );
    assert_eq!(
        reason("and 5", NumberStyle::English),
        "\"and\" is not a number"
    );
}

/// Each French number word of the grammar reads as its value, and two separators in a row,
/// in any order, are refused in the French style.
#[test]
fn french_number_words_and_doubled_separators() {
    for (word, value) in [
        ("zéro", 0.0),
        ("douze", 12.0),
        ("treize", 13.0),
        ("quatorze", 14.0),
        ("seize", 16.0),
        ("quarante", 40.0),
        ("cinquante", 50.0),
    ] {
        assert_eq!(ok(word), (value, "count", "exact"), "{word}");
    }
    for text in ["22,,1", "22..1", "22,.1", "22.,1"] {
        assert_eq!(
            err(text),
            format!(
                "cannot read \"{text}\" as a number: two separators in a row; write one decimal comma, as in 22,1"
            ),
            "{text}"
        );
    }
}
