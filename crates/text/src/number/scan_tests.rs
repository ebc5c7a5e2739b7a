//! Figures found in running text, with the exact bytes they cover.

use super::*;

/// The figures of `text` as (the text they cover, value, unit code).
fn found(text: &str, style: NumberStyle) -> Vec<(&str, f64, String)> {
    scan_quantities(text, style)
        .into_iter()
        .map(|(q, span)| (&text[span], q.value, q.unit.code()))
        .collect()
}

#[test]
fn figures_in_an_article_sentence() {
    let text = "Nvidia, dont les ventes ont bondi de 265\u{a0}%, atteint la somme de 22,1 milliards de $ au dernier trimestre 2023 ; près d\u{2019}un siècle plus tôt…";
    assert_eq!(
        found(text, NumberStyle::French),
        [
            ("265\u{a0}%", 265.0, "percent".to_string()),
            ("22,1 milliards de $", 22.1e9, "USD".to_string()),
            ("près d\u{2019}un siècle", 100.0, "year".to_string()),
        ]
    );
    let (q, span) = scan_quantity(text, 0, NumberStyle::French).unwrap_or_else(|| panic!());
    assert_eq!((q.value, &text[span.clone()]), (265.0, "265\u{a0}%"));
    let (q, next) = scan_quantity(text, span.end, NumberStyle::French).unwrap_or_else(|| panic!());
    assert_eq!((q.value, &text[next]), (22.1e9, "22,1 milliards de $"));
}

#[test]
fn qualifiers_and_units_belong_to_the_figure_and_the_sentence_does_not() {
    assert_eq!(
        found(
            "Il faudrait environ 7000 milliards de dollars, selon lui.",
            NumberStyle::French
        ),
        [("environ 7000 milliards de dollars", 7e12, "USD".to_string())]
    );
    assert_eq!(
        found("Elle a fondé 3 de ses entreprises.", NumberStyle::French),
        [("3", 3.0, "count".to_string())]
    );
    assert_eq!(
        found(
            "Revenue rose to about $22.1 billion! Up 265% on the year.",
            NumberStyle::English
        ),
        [
            ("about $22.1 billion", 22.1e9, "USD".to_string()),
            ("265%", 265.0, "percent".to_string()),
        ]
    );
}

#[test]
fn what_a_cell_would_refuse_is_skipped_and_nothing_panics() {
    assert_eq!(
        found("soit 1.234 unités, puis 5 %", NumberStyle::French).len(),
        1
    );
    // Words are figures where they cannot be read otherwise.
    assert_eq!(
        found("la moitié, doubler, deux", NumberStyle::French),
        [
            ("la moitié", 0.5, "ratio".to_string()),
            ("doubler", 2.0, "multiplier".to_string()),
            ("deux", 2.0, "count".to_string()),
        ]
    );
    // An article, a bare "tiers" or "double", "une fois", a year, numbers glued to letters,
    // a list of letters and digits: none is a figure.
    for text in [
        "un pays",
        "les pays tiers",
        "un double rôle",
        "Une fois entraînés",
        "en 2023",
        "GPT-4, le CO2, la 3D, la 5G, à 15H05, à 6:52",
        "la norme x86",
        "un modèle de 2000 GPU",
    ] {
        assert_eq!(found(text, NumberStyle::French), [], "{text}");
    }
    assert_eq!(
        found("des milliers de GPU et 3 startups", NumberStyle::French),
        [
            ("des milliers", 2000.0, "count".to_string()),
            ("3", 3.0, "count".to_string()),
        ]
    );
    assert_eq!(scan_quantity("5 %", 99, NumberStyle::French), None);
    assert_eq!(scan_quantity("", 0, NumberStyle::English), None);
    for text in ["¥", "12 livres et 3 %", "\u{301}5", "$", "de de de 5"] {
        let _ = found(text, NumberStyle::French);
        let _ = found(text, NumberStyle::English);
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Any text, and text made of the grammars' own pieces, where a panic would hide.
    fn text() -> impl Strategy<Value = String> {
        let pieces = proptest::sample::select(
            &[
                "22,1",
                "1.234",
                "7,000",
                " ",
                "\u{a0}",
                "milliards",
                "billion",
                "de",
                "d'",
                "$",
                "¥",
                "JP",
                "€",
                "%",
                "/",
                "kg",
                "TWh",
                "le",
                "par",
                "per",
                "a",
                "thousands",
                "of",
                "la",
                "moitié",
                "two-thirds",
                "x",
                "-",
                "+",
                "environ",
                "about",
                "livres",
                "\u{301}",
                "CHF",
                "G",
                "t",
                ".",
                ",",
                "!",
            ][..],
        );
        prop_oneof![
            any::<String>(),
            proptest::collection::vec(pieces.clone(), 0..10).prop_map(|v| v.join(" ")),
            proptest::collection::vec(pieces, 0..10).prop_map(|v| v.concat()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn no_input_panics_and_what_is_read_is_finite(text in text()) {
            for style in NumberStyle::ALL {
                if let Ok(q) = parse_quantity_styled(&text, style) {
                    prop_assert!(q.value.is_finite(), "{text:?} in {style:?}: {q:?}");
                }
                let mut end = 0;
                for (q, span) in scan_quantities(&text, style) {
                    prop_assert!(q.value.is_finite());
                    prop_assert!(span.start >= end && span.start < span.end && span.end <= text.len());
                    prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                    end = span.end;
                }
            }
        }
    }
}

/// The sets `may_start_figure` looks words up in hold what the lists they are made of hold.
#[test]
fn phrase_and_code_sets_are_their_lists() {
    for style in NumberStyle::ALL {
        let words = style.words();
        let mut candidates: Vec<&str> = vec!["", "de", "du", "xyz", "USD", "usd", "Usd", "EURO"];
        for (phrase, _) in words.qualifiers {
            candidates.extend(phrase.iter());
        }
        for (phrase, _) in words.multipliers {
            candidates.extend(phrase.iter());
        }
        for phrase in words.multiplied_by {
            candidates.extend(phrase.iter());
        }
        candidates.extend(vocab::RUNNING_TEXT_CODES.iter());
        for w in candidates {
            let first_of = |phrase: &&[&str]| phrase.first() == Some(&w);
            let listed = words.qualifiers.iter().any(|(phrase, _)| first_of(phrase))
                || words.multipliers.iter().any(|(phrase, _)| first_of(phrase))
                || words.multiplied_by.iter().any(first_of);
            assert_eq!(opens_a_phrase(words, w), listed, "{style:?} {w:?}");
            assert_eq!(
                running_text_code(w),
                vocab::RUNNING_TEXT_CODES.contains(&w),
                "{w:?}"
            );
        }
    }
}

#[test]
fn de_milliers_after_a_preposition_is_a_lower_bound() {
    assert_eq!(
        found(
            "soutenant les opérations de milliers d'entreprises",
            NumberStyle::French
        ),
        [("de milliers", 2000.0, "count".to_string())]
    );
    // "de" alone, or before anything but a magnitude noun, opens nothing.
    assert_eq!(
        found("la somme de 22,1 milliards de $", NumberStyle::French),
        [("22,1 milliards de $", 22.1e9, "USD".to_string())]
    );
}

/// "x 25" in running text is a factor only up to 20: beyond, "x" is more likely a name's
/// letter than a factor ("x86"), and the number after it is read alone.
#[test]
fn a_factor_written_x_is_read_up_to_twenty() {
    assert_eq!(
        found("des ventes x 20, selon lui", NumberStyle::French),
        [("x 20", 20.0, "multiplier".to_string())]
    );
    assert_eq!(
        found("des ventes x 21, selon lui", NumberStyle::French),
        [("21", 21.0, "count".to_string())]
    );
}

/// In running text only listed currency codes are money ("12 CHF"); another word in
/// capitals after a number is not ("300 GPU").
#[test]
fn listed_codes_are_money_in_running_text() {
    assert_eq!(
        found("un prix de 12 CHF pour 300 GPU", NumberStyle::French),
        [
            ("12 CHF", 12.0, "CHF".to_string()),
            ("300", 300.0, "count".to_string()),
        ]
    );
}

/// A year is four digits alone ("en 2023"); grouped digits, a unit or a qualifier make a
/// figure of a number in the same range.
#[test]
fn only_four_digits_alone_are_a_year() {
    assert_eq!(
        found(
            "1 500 salariés, 2 999,5 tonnes et environ 2023 usines en 2023",
            NumberStyle::French
        ),
        [
            ("1 500", 1500.0, "count".to_string()),
            ("2 999,5 tonnes", 2999.5, "t".to_string()),
            ("environ 2023", 2023.0, "count".to_string()),
        ]
    );
}

/// What opens a figure before its number is kept in running text as in a cell: several
/// symbols in a row ("~$5", "-$5 billion") and the qualifier "de l'ordre de".
#[test]
fn signs_and_qualifiers_before_the_number_are_kept() {
    let read = |text: &str, style: NumberStyle| -> Vec<(String, f64, String, &'static str)> {
        scan_quantities(text, style)
            .into_iter()
            .map(|(q, span)| {
                (
                    text[span].to_string(),
                    q.value,
                    q.unit.code(),
                    q.qualifier.code(),
                )
            })
            .collect()
    };
    let row = |text: &str, value: f64, unit: &str, qualifier: &'static str| {
        (text.to_string(), value, unit.to_string(), qualifier)
    };
    assert_eq!(
        read("un coût de ~$5, soit ≈ €3 ou ~-2 %", NumberStyle::French),
        [
            row("~$5", 5.0, "USD", "approximate"),
            row("≈ €3", 3.0, "EUR", "approximate"),
            row("~-2 %", -2.0, "percent", "approximate"),
        ]
    );
    assert_eq!(
        read("a loss of -$5 billion", NumberStyle::English),
        [row("-$5 billion", -5e9, "USD", "exact")]
    );
    assert_eq!(
        read(
            "une baisse de l'ordre de 5 % de l'usine",
            NumberStyle::French
        ),
        [row("de l'ordre de 5 %", 5.0, "percent", "approximate")]
    );
    // A symbol the parser does not read before a number opens nothing.
    assert_eq!(
        read("(5)", NumberStyle::French),
        [row("5", 5.0, "count", "exact")]
    );
}

/// Articles and "des" are looked at with the word after them before any figure is tried
/// (`french_article_may_start`): where that says no, the parser finds nothing either.
mod articles {
    use super::*;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "la",
        "le",
        "les",
        "des",
        "plusieurs",
        "La",
        "LES",
        "DES",
        "moitié",
        "tiers",
        "quart",
        "deux",
        "trois",
        "un",
        "une",
        "double",
        "triple",
        "milliers",
        "millions",
        "milliards",
        "dizaines",
        "3",
        "22,1",
        "7 000",
        "$",
        "€",
        "%",
        "de",
        "d'",
        "fois",
        "France",
        "USD",
        "EUR",
        "ans",
        "pour",
        "cent",
        "x",
        "×",
        "environ",
        "plus",
        "au",
        "moins",
        "-",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn an_article_that_opens_nothing_reads_as_nothing(
            words in proptest::collection::vec(proptest::sample::select(WORDS), 1..7)
        ) {
            let text = words.join(" ");
            let tokens = tokenize_running(&text);
            for style in [NumberStyle::French, NumberStyle::FrenchDotThousands] {
                for i in 0..tokens.len() {
                    let rest = &tokens[i..];
                    let Lexeme::Word(w) = &rest[0].lexeme else {
                        continue;
                    };
                    if !matches!(w.as_str(), "la" | "le" | "les" | "des" | "plusieurs")
                        || may_start_figure(&text, rest, style.words(), None)
                    {
                        continue;
                    }
                    let read = read_figure_at(&text, rest, i, style);
                    prop_assert!(matches!(read, Scanned::Nothing), "{text:?} at {i}: {read:?}");
                }
            }
        }
    }

    #[test]
    fn articles_open_shares_factors_and_thousands() {
        let opens = |text: &str| {
            let tokens = tokenize_running(text);
            may_start_figure(text, &tokens, NumberStyle::French.words(), None)
        };
        for text in [
            "la moitié",
            "les deux tiers",
            "le double",
            "des milliers",
            "plusieurs millions",
        ] {
            assert!(opens(text), "{text}");
        }
        for text in [
            "la France",
            "les 3 usines",
            "le monde",
            "des usines",
            "plusieurs pays",
            "la",
        ] {
            assert!(!opens(text), "{text}");
        }
    }
}
