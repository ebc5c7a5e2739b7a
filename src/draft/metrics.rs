//! Which metric a sentence names. Metrics are data (`raw/vocabularies/metrics.csv`) with an id
//! and an English description, which say nothing of how a French or English sentence names
//! them; these cue words do. A cue only suggests a metric the vocabulary has, and only when
//! the figure's unit fits the metric's quantity kind: "ventes … 265 %" suggests revenue_growth
//! (a change), "ventes … 22,1 milliards de $" quarterly_revenue (money).

use rustc_hash::FxHashMap;

use petrochip_text::fold;
use petrochip_text::number::{QuantityKind, Unit};

/// Metric → words that name it in a sentence (folded: lower case, straight apostrophes).
/// Adding a metric's cues is a line here; a metric without cues is never suggested.
pub const CUES: &[(&str, &[&str])] = &[
    (
        "quarterly_revenue",
        &["ventes", "chiffre d'affaires", "revenue", "sales"],
    ),
    (
        "revenue_growth",
        &[
            "ventes",
            "chiffre d'affaires",
            "revenue",
            "sales",
            "bondi",
            "croissance",
            "growth",
        ],
    ),
    (
        "cofounders",
        &["cofondateur", "co-fondateur", "cofounder", "co-founder"],
    ),
    ("price", &["prix", "price", "coûte", "costs"]),
    ("price_share", &["prix", "somme", "price"]),
    (
        "production_share_multiplier",
        &["part de la production", "share of production"],
    ),
    ("transistor_count_multiplier", &["transistors"]),
    (
        "fundraising_target",
        &["lever", "levée", "raise", "fundraising"],
    ),
    (
        "share_of_eu_market",
        &["marché de l'union européenne", "eu market"],
    ),
    (
        "share_of_combined_market_cap",
        &["capitalisation cumulée", "combined market"],
    ),
    (
        "market_size",
        &[
            "taille du marché",
            "market size",
            "industrie était valorisée",
        ],
    ),
    ("development_time", &["développer", "develop"]),
    ("gpus_needed", &["gpu"]),
    ("career_years", &["passés", "carrière", "career"]),
    ("startups_founded", &["startups", "start-ups"]),
    (
        "market_cap",
        &[
            "capitalisation",
            "capitalisée",
            "valorisation",
            "valorisé",
            "valeurs boursières",
            "valeur boursière",
            "market cap",
            "market value",
            "valued",
        ],
    ),
    ("company_age", &["plus tard", "fondé en", "founded in"]),
    ("share_price_change", &["cours de l'action", "share price"]),
    (
        "price_change",
        &["tarifs", "hausse des prix", "price increase"],
    ),
    ("construction_jobs", &["emplois", "jobs"]),
    ("fabs_to_modernize", &["moderniser", "modernize"]),
    (
        "fabs_under_construction",
        &["en construction", "under construction"],
    ),
    ("programme_budget", &["budget", "set", "prévoit"]),
    (
        "programme_construction_budget",
        &["for construction", "pour la construction"],
    ),
    (
        "public_grant",
        &[
            "subvention",
            "grant",
            "direct funding",
            "financement direct",
        ],
    ),
    ("public_loan", &["prêt", "loan"]),
    ("tax_credit_rate", &["crédit d'impôt", "tax credit"]),
    ("tax_credit_value", &["crédit d'impôt", "tax credit"]),
    ("council_members", &["membres", "members"]),
    ("implementation_priorities", &["priorités", "priorities"]),
    ("foundry_market_share", &["fonderie", "foundry"]),
    ("chip_production_capacity_share", &["capacité", "capacity"]),
    ("advanced_node_capacity_share", &["de pointe", "advanced"]),
    (
        "share_price",
        &["prix d'une action", "share price", "par action"],
    ),
    (
        "investment_plan_duration",
        &["sur trois ans", "over three years"],
    ),
    (
        "planned_investment",
        &["investissement", "investir", "invest"],
    ),
    (
        "semiconductor_market_share",
        &["marché mondial", "market share"],
    ),
    ("funded_project_states", &["états", "states"]),
];

/// [`suggest`] for the figures of a text, one after another: each metric's kind is looked up
/// once per text, and a sentence is folded and searched for each cue once, for all the
/// figures it holds.
pub struct Suggester {
    /// The metrics of [`CUES`] the vocabulary has, in order, with their kind.
    listed: Vec<(&'static str, &'static [&'static str], QuantityKind)>,
    /// The last sentence asked about, its folded text, and for each cue of `listed` (in
    /// order) whether that text holds it, once asked.
    last: Option<(String, String)>,
    holds: Vec<Option<bool>>,
}

impl Suggester {
    pub fn new(kinds: &FxHashMap<String, &'static str>) -> Suggester {
        let listed: Vec<_> = CUES
            .iter()
            .filter_map(|(metric, cues)| {
                let kind = kinds
                    .get(*metric)
                    .and_then(|k| QuantityKind::from_code(k))?;
                Some((*metric, *cues, kind))
            })
            .collect();
        Suggester {
            listed,
            last: None,
            holds: Vec::new(),
        }
    }

    /// What [`suggest`] says, with the kinds given to [`Suggester::new`].
    pub fn suggest(&mut self, sentence: &str, unit: Unit) -> Option<&'static str> {
        if self.last.as_ref().is_none_or(|(s, _)| s != sentence) {
            self.last = Some((sentence.to_string(), fold(sentence)));
            self.holds.clear();
            self.holds.resize(
                self.listed.iter().map(|(_, cues, _)| cues.len()).sum(),
                None,
            );
        }
        let folded = self.last.as_ref().map_or("", |(_, f)| f.as_str());
        let mut best: Option<(&'static str, usize)> = None;
        let mut at = 0;
        for (metric, cues, kind) in &self.listed {
            let first = at;
            at += cues.len();
            if !unit.fits(*kind) {
                continue;
            }
            let holds = self.holds.get_mut(first..at).unwrap_or_default();
            let mut hits = 0;
            for (cue, held) in cues.iter().zip(holds) {
                hits += usize::from(*held.get_or_insert_with(|| folded.contains(*cue)));
            }
            if hits > 0 && best.is_none_or(|(_, most)| hits > most) {
                best = Some((metric, hits));
            }
        }
        best.map(|(metric, _)| metric)
    }
}

/// The metric a sentence names for a figure in `unit`: the listed metric of the vocabulary
/// whose kind the unit fits and whose cues the sentence holds most of; None when none.
pub fn suggest(
    sentence: &str,
    unit: Unit,
    kinds: &FxHashMap<String, &'static str>,
) -> Option<&'static str> {
    suggest_folded(&fold(sentence), unit, kinds)
}

/// [`suggest`], for a sentence already folded.
fn suggest_folded(
    folded: &str,
    unit: Unit,
    kinds: &FxHashMap<String, &'static str>,
) -> Option<&'static str> {
    let mut best: Option<(&'static str, usize)> = None;
    for (metric, cues) in CUES {
        let Some(kind) = kinds.get(*metric).and_then(|k| QuantityKind::from_code(k)) else {
            continue;
        };
        if !unit.fits(kind) {
            continue;
        }
        let hits = cues.iter().filter(|cue| folded.contains(*cue)).count();
        if hits > 0 && best.is_none_or(|(_, most)| hits > most) {
            best = Some((metric, hits));
        }
    }
    best.map(|(metric, _)| metric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_metrics_whose_kind_fits() {
        let kinds: FxHashMap<String, &'static str> = [
            ("quarterly_revenue", "money"),
            ("revenue_growth", "change"),
            ("market_cap", "money"),
        ]
        .into_iter()
        .map(|(m, k)| (m.to_string(), k))
        .collect();
        let sentence = "Les ventes de la société ont bondi de 265% et atteint 22,1 milliards de $";
        assert_eq!(
            suggest(sentence, Unit::Percent, &kinds),
            Some("revenue_growth")
        );
        assert_eq!(
            suggest(sentence, Unit::USD, &kinds),
            Some("quarterly_revenue")
        );
        assert_eq!(suggest(sentence, Unit::Count, &kinds), None);
        assert_eq!(suggest("Il pleut.", Unit::USD, &kinds), None);
        // A metric the vocabulary lacks is never suggested.
        assert_eq!(
            suggest("sa capitalisation", Unit::USD, &FxHashMap::default()),
            None
        );
    }

    #[test]
    fn a_suggester_says_what_suggest_says() {
        let kinds: FxHashMap<String, &'static str> = [
            ("quarterly_revenue", "money"),
            ("revenue_growth", "change"),
            ("market_cap", "money"),
            ("price", "money"),
            ("startups_founded", "count"),
        ]
        .into_iter()
        .map(|(m, k)| (m.to_string(), k))
        .collect();
        let mut suggester = Suggester::new(&kinds);
        // The same sentence asked again, for other units, then another and the first again.
        let sentences = [
            "Les ventes ont bondi de 265% et atteint 22,1 milliards de $",
            "Les ventes ont bondi de 265% et atteint 22,1 milliards de $",
            "Sa capitalisation : 3 000 milliards ; le prix de 12 startups.",
            "Il pleut.",
            "Les ventes ont bondi de 265% et atteint 22,1 milliards de $",
        ];
        for sentence in sentences {
            for unit in [Unit::Percent, Unit::USD, Unit::Count, Unit::Ratio] {
                assert_eq!(
                    suggester.suggest(sentence, unit),
                    suggest(sentence, unit, &kinds),
                    "{sentence:?} {unit:?}"
                );
            }
        }
        // "prix" and "capitalisation" are one cue each: the metric listed first wins.
        assert_eq!(suggester.suggest(sentences[2], Unit::USD), Some("price"));
    }
}
