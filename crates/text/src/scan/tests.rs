//! The scanner on sentences written for these tests; expected values are written by hand.

use super::*;
use crate::gazetteer::Gazetteer;
use crate::number::Qualifier;

fn options(style: NumberStyle) -> Options<'static> {
    Options {
        style,
        as_of: NaiveDate::from_ymd_opt(2024, 3, 6),
        names: None,
    }
}

/// Each finding as (text, kind, what it reads as), to compare with expectations.
fn seen(text: &str, options: &Options) -> Vec<(String, &'static str, String)> {
    scan(text, options)
        .findings
        .iter()
        .map(|f| {
            let reading = match &f.what {
                What::Figure(fig) => format!(
                    "{} {} {}",
                    fig.quantity.value,
                    fig.quantity.unit,
                    fig.quantity.qualifier.code()
                ),
                What::Period(p) => p.label.clone(),
                What::Name { target, exact } => format!("{target:?} exact={exact}"),
                What::NewName(guess) => guess.code().to_string(),
            };
            (text[f.span.clone()].to_string(), f.kind.code(), reading)
        })
        .collect()
}

fn row(text: &str, kind: &'static str, reading: &str) -> (String, &'static str, String) {
    (text.to_string(), kind, reading.to_string())
}

#[test]
fn french_figures_and_periods() {
    let text = "Les ventes ont bondi de 265% et atteint 22,1 milliards de $ au dernier trimestre 2023, près d'un siècle après ; la moitié de 7000 milliards de dollars d'ici 2030.";
    assert_eq!(
        seen(text, &options(NumberStyle::French)),
        [
            row("265%", "percent", "265 percent exact"),
            row("22,1 milliards de $", "money", "22100000000 USD exact"),
            row("dernier trimestre 2023", "period", "2023-Q4"),
            row("près d'un siècle", "duration", "100 year approximate"),
            row("la moitié", "ratio", "0.5 ratio exact"),
            row(
                "7000 milliards de dollars",
                "money",
                "7000000000000 USD exact"
            ),
            row("d'ici 2030", "period", "by 2030"),
        ]
    );
}

#[test]
fn words_as_figures() {
    let text = "Un tiers des usines, les trois quarts des puces : il faudra doubler la production, avec des milliers de GPU et trois cofondateurs.";
    assert_eq!(
        seen(text, &options(NumberStyle::French)),
        [
            row("Un tiers", "ratio", &format!("{} ratio exact", 1.0 / 3.0)),
            row("les trois quarts", "ratio", "0.75 ratio exact"),
            row("doubler", "multiplier", "2 multiplier exact"),
            row("des milliers", "count", "2000 count at_least"),
            row("trois", "count", "3 count exact"),
        ]
    );
}

#[test]
fn dates_and_periods_in_running_text() {
    let text = "Le 6 mars 2024, au troisième trimestre de son exercice 2025, entre 2022 et 2026 et depuis 2021, au premier semestre 2024 puis en 2023.";
    assert_eq!(
        seen(text, &options(NumberStyle::French)),
        [
            row("6 mars 2024", "date", "2024-03-06"),
            row(
                "troisième trimestre de son exercice 2025",
                "period",
                "FY2025-Q3"
            ),
            row("entre 2022 et 2026", "period", "2022/2026"),
            row("depuis 2021", "period", "since 2021"),
            row("premier semestre 2024", "period", "2024-H1"),
            row("2023", "date", "2023"),
        ]
    );
    let english = "By 2030, sales in Q3 fiscal 2025 were up; on March 6, 2024 it said so.";
    assert_eq!(
        seen(english, &options(NumberStyle::English)),
        [
            row("By 2030", "period", "by 2030"),
            row("Q3 fiscal 2025", "period", "FY2025-Q3"),
            row("March 6, 2024", "date", "2024-03-06"),
        ]
    );
}

/// In running text a period reads over the symbols it is written with ("2022-2026",
/// "2024-03/2025-H1", "~2023", "Jan. 6, 2024"), but not over a dot after a number, which
/// ends a sentence ("T4." is not the fourth quarter of the next sentence's 2023).
#[test]
fn periods_read_over_their_symbols_but_not_over_a_sentence_end() {
    assert_eq!(
        seen(
            "~2023 : des plans 2022-2026 et 2024-03/2025-H1.",
            &options(NumberStyle::French)
        ),
        [
            row("~2023", "date", "2023"),
            row("2022-2026", "period", "2022/2026"),
            row("2024-03/2025-H1", "period", "2024-03/2025-H1"),
        ]
    );
    assert_eq!(
        seen(
            "On Jan. 6, 2024, it said so.",
            &options(NumberStyle::English)
        ),
        [row("Jan. 6, 2024", "date", "2024-01-06")]
    );
    assert_eq!(
        seen(
            "Il le dit au T4. 2023 fut meilleure.",
            &options(NumberStyle::French)
        ),
        [row("2023", "date", "2023")]
    );
}

/// Words that open a period only before certain words ("de" before a year, "nos" or a
/// month), and months, ordinals and Roman centuries, open it in running text as in a cell.
#[test]
fn periods_open_at_de_a_month_and_a_century() {
    assert_eq!(
        seen(
            "De nos jours, de 2022 à 2026, de mars 2024 à juin 2024 et en mars 2024.",
            &options(NumberStyle::French)
        ),
        [
            row("De nos jours", "period", "as of 2024-03-06"),
            row("de 2022 à 2026", "period", "2022/2026"),
            row("de mars 2024 à juin 2024", "period", "2024-03/2024-06"),
            row("mars 2024", "date", "2024-03"),
        ]
    );
    assert_eq!(
        seen(
            "Au XXe siècle comme au dixième siècle.",
            &options(NumberStyle::French)
        ),
        [
            row("XXe siècle", "period", "20th century"),
            row("dixième siècle", "period", "10th century"),
        ]
    );
}

#[test]
fn english_figures() {
    let text = "Revenue of $22.1 billion, $39bn in grants, €43 billion, two-thirds and three-quarters of it, about 5%, nearly 20 TWh, more than $100 billion, up to $1.5 billion and thousands of jobs.";
    assert_eq!(
        seen(text, &options(NumberStyle::English)),
        [
            row("$22.1 billion", "money", "22100000000 USD exact"),
            row("$39bn", "money", "39000000000 USD exact"),
            row("€43 billion", "money", "43000000000 EUR exact"),
            row("two-thirds", "ratio", &format!("{} ratio exact", 2.0 / 3.0)),
            row("three-quarters", "ratio", "0.75 ratio exact"),
            row("about 5%", "percent", "5 percent approximate"),
            row("nearly 20 TWh", "quantity", "20 TWh approximate"),
            row(
                "more than $100 billion",
                "money",
                "100000000000 USD more_than"
            ),
            row("up to $1.5 billion", "money", "1500000000 USD at_most"),
            row("thousands", "count", "2000 count at_least"),
        ]
    );
}

#[test]
fn units_carried_from_context() {
    let text = "La loi prévoit 52,7 milliards de dollars, dont 39 milliards de subventions, pour 2 milliards d'habitants.";
    let found = scan(text, &options(NumberStyle::French)).findings;
    let figures: Vec<(&str, f64, String, &str, Option<Carried>)> = found
        .iter()
        .filter_map(|f| match &f.what {
            What::Figure(fig) => Some((
                &text[f.span.clone()],
                fig.quantity.value,
                fig.quantity.unit.code(),
                fig.cell.as_str(),
                fig.carried.clone(),
            )),
            _ => None,
        })
        .collect();
    // "52,7 milliards de dollars" is bytes 16 to 41 ("é" takes two).
    assert_eq!(&text[16..41], "52,7 milliards de dollars");
    assert_eq!(
        figures,
        [
            (
                "52,7 milliards de dollars",
                52.7e9,
                "USD".to_string(),
                "52,7 milliards de dollars",
                None
            ),
            (
                "39 milliards",
                39e9,
                "USD".to_string(),
                "39 milliards USD",
                Some(Carried::Currency(16..41))
            ),
            ("2 milliards", 2e9, "count".to_string(), "2 milliards", None),
        ]
    );

    let shared =
        "Leurs valeurs atteignent respectivement 261 et 257 milliards de dollars, soit 5 à 10 %.";
    let cells: Vec<(String, f64, String)> = scan(shared, &options(NumberStyle::French))
        .findings
        .iter()
        .filter_map(|f| match &f.what {
            What::Figure(fig) => Some((
                fig.cell.clone(),
                fig.quantity.value,
                fig.quantity.unit.code(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        cells,
        [
            (
                "261 milliards de dollars".to_string(),
                261e9,
                "USD".to_string()
            ),
            (
                "257 milliards de dollars".to_string(),
                257e9,
                "USD".to_string()
            ),
            ("5 %".to_string(), 5.0, "percent".to_string()),
            ("10 %".to_string(), 10.0, "percent".to_string()),
        ]
    );
}

#[test]
fn list_markers_and_refused_digits() {
    let found = scan("1. Souveraineté : 3 pays", &options(NumberStyle::French));
    assert_eq!(
        found
            .findings
            .iter()
            .map(|f| f.kind.code())
            .collect::<Vec<_>>(),
        ["count"]
    );
    let text = "Une part de 51.9% et ¥4 trillion.";
    let refused = scan(text, &options(NumberStyle::French)).refused;
    let shown: Vec<(&str, String)> = refused
        .iter()
        .map(|r| (&text[r.span.clone()], r.error.reason.clone()))
        .collect();
    assert_eq!(
        shown,
        [
            ("51.9", "it has a decimal point".to_string()),
            (
                "¥4",
                "\"¥\" is ambiguous: Japanese yen or Chinese yuan".to_string()
            ),
        ]
    );
}

/// Digits are reported as refused when the source's style cannot tell what they mean, not
/// merely because the words around them do not read: "1.234" is ambiguous in English unless
/// a magnitude follows, and is 1234 in fr_dot ("par TWh" refuses the figure, not its digits).
#[test]
fn only_digits_the_style_cannot_read_are_refused() {
    let refused = |text: &str, style: NumberStyle| -> Vec<(String, String)> {
        scan(text, &options(style))
            .refused
            .iter()
            .map(|r| (text[r.span.clone()].to_string(), r.error.reason.clone()))
            .collect()
    };
    assert_eq!(
        refused("About 1.234 people came.", NumberStyle::English),
        [(
            "1.234".to_string(),
            "it is ambiguous: the dot may separate decimals (English) or thousands (French, German)"
                .to_string()
        )]
    );
    assert_eq!(
        refused(
            "It cost 1.234 billion dollars per TWh.",
            NumberStyle::English
        ),
        []
    );
    assert_eq!(
        refused(
            "Il coûte 1.234 dollars par TWh.",
            NumberStyle::FrenchDotThousands
        ),
        []
    );
}

/// A number with its own magnitude keeps it: only a bare number takes the next figure's
/// ("5 millions et 257 milliards" is not 5 million billion); it may still carry a currency.
#[test]
fn a_number_with_a_magnitude_does_not_share_the_next_ones() {
    let text = "Ils ont reçu 5 millions et 257 milliards de dollars.";
    let cells: Vec<(String, f64, String)> = scan(text, &options(NumberStyle::French))
        .findings
        .iter()
        .filter_map(|f| match &f.what {
            What::Figure(fig) => Some((
                fig.cell.clone(),
                fig.quantity.value,
                fig.quantity.unit.code(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("5 millions USD".to_string(), 5e6, "USD".to_string()),
            (
                "257 milliards de dollars".to_string(),
                257e9,
                "USD".to_string()
            ),
        ]
    );
}

fn gazetteer() -> Gazetteer<()> {
    let mut g = Gazetteer::default();
    for (id, kind) in [
        ("KOR", "country"),
        ("USA", "country"),
        ("meta", "company"),
        ("eu", "union"),
    ] {
        g.declare_entity(id, kind);
    }
    let entity = |id: &str| Target::Entity(id.to_string());
    for (alias, target) in [
        ("Corée", entity("KOR")),
        ("Corée du Sud", entity("KOR")),
        ("États-Unis", entity("USA")),
        ("Meta", entity("meta")),
        ("UE", entity("eu")),
        ("SUR", Target::Country("SUR".into())),
        ("américains", entity("USA")),
    ] {
        g.add(alias, target, "fr", "name", &()).unwrap();
    }
    g
}

#[test]
fn names_longest_first_with_offsets_in_the_original() {
    let g = gazetteer();
    let index = g.index();
    let options = Options {
        names: Some(&index),
        ..options(NumberStyle::French)
    };
    let text = "En Corée du Sud et aux Etats-Unis, les Américains de Meta, sur le méta-vers de l\u{2019}UE ; la Corée.";
    assert_eq!(
        seen(text, &options),
        [
            row("Corée du Sud", "entity", "Entity(\"KOR\") exact=true"),
            row("Etats-Unis", "entity", "Entity(\"USA\") exact=false"),
            row("Américains", "entity", "Entity(\"USA\") exact=true"),
            row("Meta", "entity", "Entity(\"meta\") exact=true"),
            row("UE", "entity", "Entity(\"eu\") exact=true"),
            row("Corée", "entity", "Entity(\"KOR\") exact=true"),
        ]
    );
}

/// Two declared spellings that differ only by accents ("Taïwan", "Taiwan"): each, written,
/// is exact; a third accent is not. Every index of the same spellings agrees, whatever order
/// its hash map gave them (each map is seeded anew).
#[test]
fn spellings_that_differ_by_accents_are_each_exact() {
    let text = "Taïwan, Taiwan et Taíwan ; Émirats arabes unis, Emirats Arabes Unis.";
    let mut first = None;
    for _ in 0..32 {
        let mut g: Gazetteer<()> = Gazetteer::default();
        g.declare_entity("TWN", "country");
        g.declare_entity("ARE", "country");
        for (alias, id) in [
            ("Taïwan", "TWN"),
            ("Taiwan", "TWN"),
            ("Émirats arabes unis", "ARE"),
            ("Emirats Arabes Unis", "ARE"),
        ] {
            g.add(alias, Target::Entity(id.into()), "fr", "name", &())
                .unwrap();
        }
        let index = g.index();
        let options = Options {
            names: Some(&index),
            ..options(NumberStyle::French)
        };
        let found = seen(text, &options);
        assert_eq!(
            found,
            [
                row("Taïwan", "entity", "Entity(\"TWN\") exact=true"),
                row("Taiwan", "entity", "Entity(\"TWN\") exact=true"),
                row("Taíwan", "entity", "Entity(\"TWN\") exact=false"),
                row(
                    "Émirats arabes unis",
                    "entity",
                    "Entity(\"ARE\") exact=true"
                ),
                row(
                    "Emirats Arabes Unis",
                    "entity",
                    "Entity(\"ARE\") exact=true"
                ),
            ]
        );
        assert_eq!(first.get_or_insert_with(|| found.clone()), &found);
    }
}

#[test]
fn new_names_with_a_guess() {
    let text = "Cependant, Jean-Claude Muller a navigué du Golfe du Mexique à Rio Rancho avec Hoffman Construction Co. et Jim Michaels.";
    assert_eq!(
        seen(text, &options(NumberStyle::French)),
        [
            row("Jean-Claude Muller", "new_name", "person"),
            row("Golfe du Mexique", "new_name", "place"),
            row("Rio Rancho", "new_name", "place"),
            row("Hoffman Construction Co", "new_name", "organisation"),
            row("Jim Michaels", "new_name", "person"),
        ]
    );
    // A heading's capitals are not names.
    assert_eq!(
        seen(
            "Le Pétrole : Une Histoire de Pouvoir et de Conflits",
            &options(NumberStyle::French)
        ),
        []
    );
}

#[test]
fn paragraphs_are_lines_with_visible_text() {
    let text = "Titre\r\n\u{a0}\r\n\nPremier.\n  \u{2022} puce\nfin";
    let found: Vec<(usize, usize, &str)> = paragraphs(text)
        .into_iter()
        .map(|p| (p.number, p.line, &text[p.bytes]))
        .collect();
    assert_eq!(
        found,
        [
            (1, 1, "Titre"),
            (2, 4, "Premier."),
            (3, 5, "  \u{2022} puce"),
            (4, 6, "fin")
        ]
    );
    assert_eq!(paragraphs(""), []);
    assert_eq!(paragraphs(" \n\t\n"), []);
}

#[test]
fn qualifiers_are_kept() {
    let found = scan(
        "jusqu'à 12 %, plus de la moitié, au moins 3 usines",
        &options(NumberStyle::French),
    );
    let qualifiers: Vec<Qualifier> = found
        .findings
        .iter()
        .filter_map(|f| match &f.what {
            What::Figure(fig) => Some(fig.quantity.qualifier),
            _ => None,
        })
        .collect();
    assert_eq!(
        qualifiers,
        [Qualifier::AtMost, Qualifier::MoreThan, Qualifier::AtLeast]
    );
}

mod properties {
    use super::*;
    use crate::period::parse_period;
    use proptest::prelude::*;

    /// Sentences made of figure forms, periods, names and filler, and any text at all.
    fn sentence() -> impl Strategy<Value = (String, NumberStyle)> {
        let french = proptest::sample::select(
            &[
                "22,1 milliards de $",
                "7000 milliards de dollars",
                "265%",
                "la moitié",
                "un tiers",
                "les trois quarts",
                "doubler",
                "des milliers",
                "Près d'un siècle",
                "environ 46 %",
                "plus de 313 milliards de dollars US",
                "jusqu'à 12 %",
                "15 ans",
                "trois",
                "dont 39 milliards",
                "261 et 257 milliards de dollars",
                "5 à 10 %",
                "d'ici 2030",
                "dernier trimestre 2023",
                "6 mars 2024",
                "entre 2022 et 2026",
                "depuis 2021",
                "au troisième trimestre de son exercice 2025",
                "aujourd'hui",
                "Corée du Sud",
                "les ventes",
                "de",
                "et",
                ",",
                ".",
                "GPT-4",
                "2023",
                "1.234",
                "x2",
                "3 TWh",
                "5 $/kg",
            ][..],
        );
        let english = proptest::sample::select(
            &[
                "$22.1 billion",
                "$39bn",
                "€43 billion",
                "two-thirds",
                "three-quarters",
                "about 5%",
                "nearly 20 TWh",
                "more than $100 billion",
                "up to $1.5 billion",
                "thousands of",
                "by 2030",
                "Q3 fiscal 2025",
                "between 2022 and 2026",
                "since 2021",
                "March 6, 2024",
                "the sales",
                "of",
                "and",
                ",",
                ".",
                "three",
                "1,000 TWh",
            ][..],
        );
        prop_oneof![
            proptest::collection::vec(french, 0..12)
                .prop_map(|v| (v.join(" "), NumberStyle::French)),
            proptest::collection::vec(english, 0..12)
                .prop_map(|v| (v.join(" "), NumberStyle::English)),
            (
                any::<String>(),
                proptest::sample::select(&NumberStyle::ALL[..])
            ),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// The property: a figure the drafter reads, typed alone into a cell, reads as
        /// the same value, unit and qualifier; a period's text, alone, as the same period.
        #[test]
        fn what_the_scanner_reads_a_cell_reads_alike((text, style) in sentence()) {
            let g = gazetteer();
            let index = g.index();
            let options = Options {
                style,
                as_of: NaiveDate::from_ymd_opt(2024, 3, 6),
                names: Some(&index),
            };
            let found = scan(&text, &options);
            let mut end = 0;
            for f in &found.findings {
                prop_assert!(f.span.start >= end && f.span.start < f.span.end, "{text:?}: {f:?}");
                prop_assert!(text.get(f.span.clone()).is_some(), "{text:?}: {f:?}");
                end = f.span.end;
                match &f.what {
                    What::Figure(fig) => {
                        let cell = parse_quantity_styled(&fig.cell, style)
                            .map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
                        prop_assert_eq!(cell.value, fig.quantity.value, "{:?} in {:?}", fig.cell, text);
                        prop_assert_eq!(cell.unit, fig.quantity.unit);
                        prop_assert_eq!(cell.qualifier, fig.quantity.qualifier);
                        if fig.carried.is_none() {
                            prop_assert_eq!(&fig.cell, &text[f.span.clone()]);
                        }
                    }
                    What::Period(p) => {
                        let alone = parse_period(&text[f.span.clone()], options.as_of)
                            .map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
                        prop_assert_eq!(&alone, p);
                    }
                    _ => {}
                }
            }
            for r in &found.refused {
                prop_assert!(text.get(r.span.clone()).is_some());
            }
            for s in &found.sentences {
                prop_assert!(text.get(s.clone()).is_some());
            }
        }
    }
}

#[test]
fn covered_answers_as_a_scan_of_every_range() {
    // Sorted, unsorted, overlapping, nested, empty, touching.
    let sets: [&[Range<usize>]; 5] = [
        &[0..3, 5..9, 12..13],
        &[12..13, 0..3, 5..9],
        &[0..10, 2..4, 20..25, 22..30],
        &[4..4, 6..8, 8..9],
        &[],
    ];
    for ranges in sets {
        let covered = Covered::new(ranges);
        for start in 0..32 {
            for end in start..34 {
                let span = start..end;
                let expected = ranges
                    .iter()
                    .any(|c| c.start < span.end && span.start < c.end);
                assert_eq!(covered.overlaps(&span), expected, "{ranges:?} {span:?}");
            }
        }
    }
}

fn stated(quote: &str, style: NumberStyle) -> Vec<String> {
    figures_stated(quote, style)
        .iter()
        .map(|q| format!("{} {} {}", q.value, q.unit, q.qualifier.code()))
        .collect()
}

#[test]
fn a_quote_states_its_figures_with_the_units_it_carries() {
    assert_eq!(
        stated(
            "un plan de 52,7 milliards de dollars, dont 39 milliards de subventions",
            NumberStyle::French
        ),
        ["52700000000 USD exact", "39000000000 USD exact"]
    );
    assert_eq!(
        stated(
            "atteignent respectivement 261 et 257 milliards de dollars",
            NumberStyle::French
        ),
        ["261000000000 USD exact", "257000000000 USD exact"]
    );
    assert_eq!(
        stated("Après 15 ans passés chez Nvidia", NumberStyle::French),
        ["15 year exact"]
    );
    assert_eq!(
        stated("Près d'un siècle a été nécessaire", NumberStyle::French),
        ["100 year approximate"]
    );
}

#[test]
fn a_quote_in_another_style_than_its_source_still_states_its_digits() {
    // The page is French (decimal comma) but writes "51.9%": French reads nothing there.
    assert_eq!(
        stated("51.9% de ces parts", NumberStyle::French),
        ["51.9 percent exact"]
    );
    // A year is a date, never a figure, in any style.
    assert_eq!(
        stated("en 2023", NumberStyle::English),
        Vec::<String>::new()
    );
}

/// The kinds that become rows of figures.csv in a draft: amounts of any unit; never a date, a
/// period or a name (issue 9: one fact row per figure found).
#[test]
fn figures_are_the_amount_kinds_and_nothing_else() {
    let figures = [
        Kind::Money,
        Kind::Percent,
        Kind::Ratio,
        Kind::Multiplier,
        Kind::Count,
        Kind::Quantity,
        Kind::Duration,
    ];
    for kind in figures {
        assert!(kind.is_figure(), "{kind:?}");
    }
    for kind in [Kind::Date, Kind::Period, Kind::Entity, Kind::NewName] {
        assert!(!kind.is_figure(), "{kind:?}");
    }
}

/// Paragraphs are the lines holding a non-white-space character, numbered from 1, each with its
/// line of the file and its bytes without the line end (`\n` or `\r\n`).
#[test]
fn paragraphs_skip_blank_lines_and_keep_their_line_and_bytes() {
    let text = "a\n\nbé\r\n  \t\ncd";
    let found: Vec<(usize, usize, Range<usize>)> = paragraphs(text)
        .into_iter()
        .map(|p| (p.number, p.line, p.bytes))
        .collect();
    // "a" is bytes 0..1 on line 1; line 2 is empty; "bé" (é is two bytes) is 3..6 before
    // "\r\n"; line 4 is blank; "cd" is 12..14 on line 5, with no line end.
    assert_eq!(found, [(1, 1, 0..1), (2, 3, 3..6), (3, 5, 12..14)]);
    assert_eq!(&text[3..6], "bé");
    assert_eq!(&text[12..14], "cd");
    assert!(paragraphs("").is_empty());
    assert!(paragraphs("\n \n").is_empty());
    let one: Vec<(usize, usize, Range<usize>)> = paragraphs("x\n")
        .into_iter()
        .map(|p| (p.number, p.line, p.bytes))
        .collect();
    assert_eq!(one, [(1, 1, 0..1)]);
}

/// The quote gate's rule: a quote supports a figure's value when it states the same number with
/// the same qualifier and unit; its number only when the unit differs (the unit comes from
/// around the quote); not at all when the number or the qualifier differs.
#[test]
fn a_quote_supports_the_value_the_number_only_or_neither() {
    use crate::number::Unit;
    let q = |value, unit, qualifier| Quantity {
        value,
        unit,
        qualifier,
    };
    let fifteen_years = q(15.0, Unit::Year, Qualifier::Exact);
    let stated = [
        q(2.0, Unit::Count, Qualifier::Exact),
        q(15.0, Unit::Year, Qualifier::Exact),
    ];
    assert_eq!(support(&stated, &fifteen_years), Support::Value);
    // "15" stated as a count: the number, not the unit.
    let as_count = [q(15.0, Unit::Count, Qualifier::Exact)];
    assert_eq!(support(&as_count, &fifteen_years), Support::NumberOnly);
    // "about 15 years" does not state exactly 15 years, nor does 16 years.
    let about = [q(15.0, Unit::Year, Qualifier::Approximate)];
    assert_eq!(support(&about, &fifteen_years), Support::Neither);
    let sixteen = [q(16.0, Unit::Year, Qualifier::Exact)];
    assert_eq!(support(&sixteen, &fifteen_years), Support::Neither);
    assert_eq!(support(&[], &fifteen_years), Support::Neither);
}

/// Sentences end at ".", "!", "?", ";" or "…" before a capital, a digit, an opening quote or
/// bracket, or the end of the paragraph; not before a lower-case word.
#[test]
fn sentences_end_before_a_capital_a_digit_a_quote_or_the_end() {
    let text = "Il a dit. Puis 3 fois; 4 ans! « Oui »? non. Fin";
    let tokens = tokenize_running(text);
    let found: Vec<&str> = sentences(text, &tokens)
        .into_iter()
        .map(|r| &text[r])
        .collect();
    assert_eq!(
        found,
        [
            "Il a dit.",
            "Puis 3 fois;",
            "4 ans!",
            "« Oui »? non.",
            "Fin"
        ]
    );
}

/// "1." or "1)" opening a paragraph numbers a list; the same number after words is a figure.
#[test]
fn a_number_before_a_dot_is_a_list_marker_only_at_the_start() {
    let kinds = |text: &str| -> Vec<(String, &'static str)> {
        scan(text, &options(NumberStyle::French))
            .findings
            .iter()
            .map(|f| (text[f.span.clone()].to_string(), f.kind.code()))
            .collect()
    };
    assert_eq!(kinds("2) Énergie : 5 pays"), [("5".to_string(), "count")]);
    assert_eq!(
        kinds("Ils sont 3. Puis rien."),
        [("3".to_string(), "count")]
    );
}

/// "au début du XXe siècle", "late 2024": the period found is the whole, and its note says
/// that the text means only part of it.
#[test]
fn a_period_of_which_only_part_is_meant_says_so() {
    let notes = |text: &str| -> Vec<Option<String>> {
        scan(text, &options(NumberStyle::French))
            .findings
            .iter()
            .filter(|f| matches!(f.kind, Kind::Date | Kind::Period))
            .map(|f| f.note.clone())
            .collect()
    };
    assert_eq!(
        notes("Au début du XXe siècle, rien."),
        [Some(
            "the text says \"début\": only part of this period is meant; say which in note"
                .to_string()
        )]
    );
    assert_eq!(notes("Au cours du XXe siècle, rien."), [None]);
}

/// A bare number joined to the next figure by "et", "à" or "ou" takes its unit; joined by
/// another word it stays a count.
#[test]
fn a_bare_number_shares_a_unit_only_through_a_joining_word() {
    let options = options(NumberStyle::French);
    assert_eq!(
        seen("soit 5 ou 10 %.", &options),
        [
            row("5", "percent", "5 percent exact"),
            row("10 %", "percent", "10 percent exact"),
        ]
    );
    assert_eq!(
        seen("soit 3 puis 10 %.", &options),
        [
            row("3", "count", "3 count exact"),
            row("10 %", "percent", "10 percent exact"),
        ]
    );
}

/// A count of millions or more with no unit takes the currency of the nearest amount in its
/// sentence (before it, or after it when that is nearer), else of the last amount before it in
/// the paragraph; a count under a million never does.
#[test]
fn a_currency_is_carried_from_the_nearest_amount_and_only_to_millions() {
    let units = |text: &str| -> Vec<(String, String)> {
        seen(text, &options(NumberStyle::French))
            .into_iter()
            .filter(|(_, kind, _)| *kind != "date" && *kind != "period")
            .map(|(t, _, reading)| (t, reading))
            .collect()
    };
    let pair = |t: &str, r: &str| (t.to_string(), r.to_string());
    assert_eq!(
        units("Le budget atteint 52,7 milliards de dollars. Il en reste 39 milliards."),
        [
            pair("52,7 milliards de dollars", "52700000000 USD exact"),
            pair("39 milliards", "39000000000 USD exact"),
        ]
    );
    assert_eq!(
        units("La loi prévoit 52,7 milliards de dollars, dont 39 000."),
        [
            pair("52,7 milliards de dollars", "52700000000 USD exact"),
            pair("39 000", "39000 count exact"),
        ]
    );
    // Euros 7 bytes before ", dont ", dollars 9 after ", contre ": the euros are nearer.
    assert_eq!(
        units("Il reçoit 10 milliards d'euros, dont 3 milliards, contre 700 milliards de dollars."),
        [
            pair("10 milliards d'euros", "10000000000 EUR exact"),
            pair("3 milliards", "3000000000 EUR exact"),
            pair("700 milliards de dollars", "700000000000 USD exact"),
        ]
    );
}

/// "L'Histoire …" opening a sentence: the elided article does not make the capital a name.
#[test]
fn a_capital_after_an_elided_article_opening_a_sentence_is_not_a_name() {
    assert_eq!(
        seen(
            "L'Histoire retiendra Jim Michaels.",
            &options(NumberStyle::French)
        ),
        [row("Jim Michaels", "new_name", "person")]
    );
}

/// "5-10 %" and "5 - 10 %": a hyphen after a bare number is a dash between two numbers, the
/// first takes the second's unit and the second keeps its sign; "-10 %" alone is negative and
/// "COVID-19" is a name's number, not a figure.
#[test]
fn a_dash_between_two_numbers_is_a_range_not_a_sign() {
    let options = options(NumberStyle::French);
    let range = [
        row("5", "percent", "5 percent exact"),
        row("10 %", "percent", "10 percent exact"),
    ];
    assert_eq!(seen("soit 5-10 %.", &options), range);
    assert_eq!(seen("soit 5 - 10 %.", &options), range);
    assert_eq!(
        seen("de 261-257 milliards de dollars.", &options),
        [
            row("261", "money", "261000000000 USD exact"),
            row(
                "257 milliards de dollars",
                "money",
                "257000000000 USD exact"
            ),
        ]
    );
    assert_eq!(
        seen("une baisse de -10 %.", &options),
        [row("-10 %", "percent", "-10 percent exact")]
    );
    assert_eq!(seen("le COVID-19 a tout changé.", &options), []);
}

/// The new names a French sentence gives, each with its guess.
fn new_names_in(text: &str) -> Vec<(String, String)> {
    seen(text, &options(NumberStyle::French))
        .into_iter()
        .filter(|(_, kind, _)| *kind == "new_name")
        .map(|(t, _, guess)| (t, guess))
        .collect()
}

/// Checks each sentence's new names: (sentence, [(name, guess)]).
fn assert_new_names(cases: &[(&str, &[(&str, &str)])]) {
    for (text, expected) in cases {
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(t, g)| (t.to_string(), g.to_string()))
            .collect();
        assert_eq!(new_names_in(text), expected, "{text}");
    }
}

/// New names from their rules, one sentence each: a list item's title up to its colon is no
/// name; a stop word opening a sentence is left out of the name after it; two link words at
/// most join capitalised words; a word coded with digits ("GPT-4") is no name; and the guess
/// comes from the name's own words (organisation or place words, capitals), the word before it
/// (a person's title, a place's preposition), a hyphenated first name, or its length.
#[test]
fn new_names_follow_their_rules() {
    assert_new_names(&[
        ("2. Accès aux Ressources : rien de neuf.", &[]),
        ("Pour Jean Dupont, rien.", &[("Jean Dupont", "person")]),
        (
            "Il visite la Banque de la Réserve fédérale.",
            &[("Banque de la Réserve", "organisation")],
        ),
        // Three link words are too many: two names.
        (
            "Il relie Paris de la de Lyon.",
            &[("Paris", "organisation"), ("Lyon", "organisation")],
        ),
        (
            "Il teste GPT-4 avec Jim Michaels.",
            &[("Jim Michaels", "person")],
        ),
        ("Il rejoint ACME.", &[("ACME", "organisation")]),
        ("Il a vu Marie-Claire.", &[("Marie-Claire", "person")]),
        ("Il vit à Tulle.", &[("Tulle", "place")]),
        ("Il a parlé avec Tulle.", &[("Tulle", "organisation")]),
        (
            "Il longe le Golfe Persique.",
            &[("Golfe Persique", "place")],
        ),
    ]);
}

/// How a name's run is grown and trimmed, one sentence each: a quote may open mid-sentence
/// (its first capital is then no sentence's first word, even after a short word); a lower-case
/// word before a colon makes it no list item's title; a stop word opening the sentence is left
/// out with the link words after it; a name opening the text is kept whole; what follows the
/// name's next token does not make the name a code; and a name in capitals is an organisation
/// whatever its length.
#[test]
fn new_names_runs_are_grown_and_trimmed() {
    assert_new_names(&[
        ("et Acmeo produit ses puces.", &[("Acmeo", "organisation")]),
        ("puis Acmeo, rien.", &[("Acmeo", "organisation")]),
        (
            "le groupe Acmeo : rien de neuf.",
            &[("Acmeo", "organisation")],
        ),
        (
            "Avec la Banque de Savoie, rien.",
            &[("Banque de Savoie", "organisation")],
        ),
        ("Jean Dupont arrive.", &[("Jean Dupont", "person")]),
        (
            "Il cite Jim Michaels (2024).",
            &[("Jim Michaels", "person")],
        ),
        ("Il rejoint ACME TECH.", &[("ACME TECH", "organisation")]),
        ("Cependant, rien.", &[]),
    ]);
}

#[test]
fn a_quote_is_read_in_other_styles_only_where_its_own_does_not_state_the_figure() {
    let quote = "Nvidia détient 80 % du marché, et 51.9% en 2023";
    let french = NumberStyle::French;
    let percent =
        |text| crate::number::parse_quantity_styled(text, NumberStyle::English).expect("a percent");
    let values = |stated: Vec<Quantity>| stated.iter().map(|q| q.value).collect::<Vec<_>>();
    // Every style: 80 % in French, 51.9% only in English (in French the dot would group
    // thousands).
    assert_eq!(values(figures_stated(quote, french)), [80.0, 51.9]);
    // 80 % is stated in the quote's own style: the other styles are not read.
    assert_eq!(
        values(figures_stated_for(quote, french, &percent("80%"))),
        [80.0]
    );
    // 51.9% is not: every style is read, as figures_stated reads them.
    assert_eq!(
        values(figures_stated_for(quote, french, &percent("51.9%"))),
        [80.0, 51.9]
    );
}
