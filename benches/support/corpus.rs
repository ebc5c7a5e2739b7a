//! A synthetic corpus of N sources shaped like the real ones, for benchmarks at every size
//! (`just bench-corpus N`, `just bench-scale`). Deterministic: the same N gives the same bytes.
//!
//! The shared sheets and three sources come from `tests/fixtures/corpus/raw` (synthetic, and
//! holding the one row of each table the contract requires); the other N - 3 sources are
//! generated: a `source.csv`, about 45 figures and 55 mentions each (about a hundred fact rows,
//! as the "10,000 sources, a million fact rows"), in the three number styles, every
//! other one with a text its quotes are checked against. Their subjects are invented companies
//! added to `entities.csv` (one per source, each with an alias), so several sources state
//! the same figure and some disagree, as real ones do. Everything is marked synthetic: the
//! corpus's README, each source's licence note and each invented entity's description.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The fixture every corpus starts from, relative to the repository.
const BASE: &str = "tests/fixtures/corpus/raw";
/// The fixture's sources, kept in every corpus.
const BASE_SOURCES: usize = 3;
/// Figures per generated source.
const FIGURES: usize = 45;
/// Mentions per generated source beyond one per figure.
const EXTRA_MENTIONS: usize = 10;
/// One invented company per generated source, each with its own three-syllable stem.
const MAX_SOURCES: usize = 24 * 24 * 24 + BASE_SOURCES;
/// Written at the corpus's root; a folder holding it may be replaced by the generator.
pub const MARKER: &str = "SYNTHETIC.md";

/// splitmix64: a small deterministic generator, so no dependency decides the corpus's bytes.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5EED)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SYLLABLES: [&str; 24] = [
    "ka", "vo", "ré", "lin", "tar", "mé", "zo", "qua", "bel", "dri", "sé", "nor", "fal", "gra",
    "pi", "tho", "wen", "xa", "yul", "hé", "cor", "mu", "sta", "dé",
];
const KINDS: [&str; 6] = [
    "Semiconductors",
    "Microsystems",
    "Technologies",
    "Électronique",
    "Foundry",
    "Silicon",
];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const EN_QUARTERS: [&str; 4] = ["first", "second", "third", "fourth"];
/// Countries the fixture's entities hold, as a French and an English page name them.
const COUNTRIES: [(&str, &str); 2] = [("Taïwan", "Taiwan"), ("Corée du Sud", "South Korea")];

/// An invented company: its id, its name and the alias a source may use instead.
struct Company {
    id: String,
    name: String,
    alias: String,
}

/// The n-th invented name stem: three syllables, capitalised (distinct for n < 24³).
fn stem(n: usize) -> String {
    let s = SYLLABLES.len();
    let word = format!(
        "{}{}{}",
        SYLLABLES[n % s],
        SYLLABLES[(n / s) % s],
        SYLLABLES[(n / s / s) % s]
    );
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => word,
    }
}

fn companies(count: usize) -> Vec<Company> {
    (0..count)
        .map(|k| {
            // A stride coprime with 24³ spreads consecutive companies over the syllables.
            let alias = stem((k * 7919) % (24 * 24 * 24));
            Company {
                id: format!("synth_co_{k:05}"),
                name: format!("{alias} {}", KINDS[k % KINDS.len()]),
                alias,
            }
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Fr,
    FrDot,
    En,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Fr => "fr",
            Style::FrDot => "fr_dot",
            Style::En => "en",
        }
    }
    fn french(self) -> bool {
        self != Style::En
    }
}

#[derive(Clone, Copy)]
enum Metric {
    QuarterlyRevenue,
    MarketCap,
    FoundryShare,
    PlannedInvestment,
}

const METRICS: [Metric; 4] = [
    Metric::QuarterlyRevenue,
    Metric::MarketCap,
    Metric::FoundryShare,
    Metric::PlannedInvestment,
];

impl Metric {
    fn code(self) -> &'static str {
        match self {
            Metric::QuarterlyRevenue => "quarterly_revenue",
            Metric::MarketCap => "market_cap",
            Metric::FoundryShare => "foundry_market_share",
            Metric::PlannedInvestment => "planned_investment",
        }
    }
    /// How many distinct periods a company's figure of this metric can have.
    fn periods(self) -> usize {
        match self {
            Metric::QuarterlyRevenue => 16,
            Metric::MarketCap => 12,
            Metric::FoundryShare => 5,
            Metric::PlannedInvestment => 1,
        }
    }
}

/// A quarter of 2021 to 2024, a month-end of 2024 or a year of 2020 to 2024, as a source
/// in `style` writes it, with a tag for the figure's id.
fn period(metric: Metric, p: usize, style: Style) -> (String, String) {
    match metric {
        Metric::QuarterlyRevenue => {
            let (year, quarter) = (2021 + p / 4, p % 4 + 1);
            let text = match style {
                Style::En => format!("the {} quarter of {year}", EN_QUARTERS[quarter - 1]),
                _ => format!("{year}-Q{quarter}"),
            };
            (text, format!("{year}q{quarter}"))
        }
        Metric::MarketCap => {
            let month = p + 1;
            let day = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][p];
            let text = match style {
                Style::En => format!("{} {day}, 2024", EN_MONTHS[p]),
                _ => format!("{day} {} 2024", FR_MONTHS[p]),
            };
            (text, format!("2024_{month:02}_{day:02}"))
        }
        Metric::FoundryShare => {
            let year = 2020 + p;
            (year.to_string(), year.to_string())
        }
        Metric::PlannedInvestment => (String::new(), "plan".to_string()),
    }
}

/// The value every source agrees on for a company's figure, in tenths (of a billion dollars,
/// or of a percent).
fn true_tenths(company: usize, metric: Metric, p: usize) -> u64 {
    let mut rng = Rng::new((company as u64) << 20 | (metric as u64) << 8 | p as u64);
    match metric {
        Metric::QuarterlyRevenue => 10 + rng.below(400) as u64,
        Metric::MarketCap => 1000 + rng.below(30000) as u64,
        Metric::FoundryShare => 5 + rng.below(600) as u64,
        Metric::PlannedInvestment => 50 + rng.below(1500) as u64,
    }
}

/// `tenths` written as a source in `style` writes a number (one decimal unless whole).
fn number(tenths: u64, style: Style) -> String {
    let (whole, tenth) = (tenths / 10, tenths % 10);
    let grouped = |sep: &str| {
        if whole >= 1000 {
            format!("{}{sep}{:03}", whole / 1000, whole % 1000)
        } else {
            whole.to_string()
        }
    };
    let (int, decimal) = match style {
        Style::Fr => (grouped(" "), ","),
        Style::FrDot => (grouped("."), ","),
        Style::En => (grouped(","), "."),
    };
    if tenth == 0 {
        int
    } else {
        format!("{int}{decimal}{tenth}")
    }
}

/// The value cell and the quote that states it.
fn value_and_quote(
    metric: Metric,
    tenths: u64,
    qualifier: usize,
    name: &str,
    style: Style,
) -> (String, String) {
    let (about, above) = if style.french() {
        ("environ ", "plus de ")
    } else {
        ("about ", "more than ")
    };
    let q = [about, above, "", "", ""][qualifier % 5];
    // "More than" a round tenth below the value, so it agrees with the sources that state it.
    let n = number(if q == above { tenths * 9 / 10 } else { tenths }, style);
    let value = match (metric, style) {
        (Metric::FoundryShare, Style::En) => format!("{q}{n}%"),
        (Metric::FoundryShare, _) => format!("{q}{n} %"),
        (_, Style::En) => format!("{q}${n} billion"),
        (_, _) => format!("{q}{n} milliards de dollars"),
    };
    // At most 13 words, as quote-guard counts them ("22,1" is two).
    let quote = match (metric, style.french()) {
        (Metric::QuarterlyRevenue, true) => format!("{name} a vendu pour {value} ce trimestre"),
        (Metric::MarketCap, true) => format!("{name} valait {value} en bourse"),
        (Metric::FoundryShare, true) => format!("{name} détient {value} de la fonderie"),
        (Metric::PlannedInvestment, true) => format!("{name} prévoit d'investir {value}"),
        (Metric::QuarterlyRevenue, false) => format!("{name} reported revenue of {value}"),
        (Metric::MarketCap, false) => format!("{name} was valued at {value}"),
        (Metric::FoundryShare, false) => format!("{name} held {value} of the foundry market"),
        (Metric::PlannedInvestment, false) => format!("{name} plans to spend {value}"),
    };
    (value, quote)
}

/// A CSV cell: quoted when it holds a comma, a quote or a line break.
fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn line(cells: &[&str]) -> String {
    let mut out = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    out.push('\n');
    out
}

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    let mut entries: Vec<_> = std::fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Where `just bench-corpus N` writes by default: beside the build products.
pub fn default_dir(sources: usize, subjects: Subjects) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| "target".into());
    let name = match subjects {
        Subjects::OnePerSource => sources.to_string(),
        Subjects::Shared(companies) => format!("{sources}-shared-{companies}"),
    };
    PathBuf::from(target).join("bench-corpus").join(name)
}

/// Which invented companies the generated sources write about.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Subjects {
    /// One company per generated source (at least 30): each company's figures are stated by a
    /// handful of sources, whatever the corpus's size.
    OnePerSource,
    /// This many companies for the whole corpus: each one's figures are stated by more sources
    /// as the corpus grows, as when every article repeats a press release's figure.
    Shared(usize),
}

/// A whole number as the recipes take it (`10_000` or `10000`).
pub fn whole(text: &str) -> Option<usize> {
    text.replace('_', "").parse().ok()
}

/// `--companies K` taken out of `args`: the subjects it asks for (one company per source
/// without it), and the other arguments in order; `Err` when K is missing or not a whole
/// number of at least 1.
pub fn take_companies(args: Vec<String>) -> Result<(Subjects, Vec<String>), String> {
    let mut subjects = Subjects::OnePerSource;
    let mut rest = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg != "--companies" {
            rest.push(arg);
            continue;
        }
        match args.next().as_deref().and_then(whole).filter(|&k| k > 0) {
            Some(k) => subjects = Subjects::Shared(k),
            None => return Err("--companies takes a whole number, 1 or more".to_string()),
        }
    }
    Ok((subjects, rest))
}

/// Writes a corpus of `sources` sources (at least the fixture's three) to `dir/raw`, replacing
/// a corpus written there before; returns the raw folder. `repo` is the repository's root.
pub fn generate(
    repo: &Path,
    sources: usize,
    subjects: Subjects,
    dir: &Path,
) -> io::Result<PathBuf> {
    if sources > MAX_SOURCES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("the invented names run out past {MAX_SOURCES} sources; ask for fewer"),
        ));
    }
    if sources < BASE_SOURCES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "a corpus holds at least the fixture's {BASE_SOURCES} sources; ask for 3 or more"
            ),
        ));
    }
    if dir.exists() {
        if !dir.join(MARKER).is_file() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} exists and holds no {MARKER}, so it is not a corpus this generator wrote; choose another folder",
                    dir.display()
                ),
            ));
        }
        std::fs::remove_dir_all(dir)?;
    }
    let raw = dir.join("raw");
    copy_tree(&repo.join(BASE), &raw)?;
    let generated = sources - BASE_SOURCES;
    let companies = companies(match subjects {
        Subjects::OnePerSource => generated.max(30),
        Subjects::Shared(count) => count.clamp(1, MAX_SOURCES),
    });
    let (flag, shape) = match subjects {
        Subjects::OnePerSource => (String::new(), String::new()),
        Subjects::Shared(count) => (
            format!(" --companies {count}"),
            format!(
                ", all about the same {} invented companies",
                companies.len()
            ),
        ),
    };

    std::fs::write(
        dir.join(MARKER),
        format!(
            "# A synthetic corpus ({sources} sources)\n\n\
             Generated by `just bench-corpus {sources}{flag}` for petrochip's benchmarks. **Everything \
             here is synthetic**: the companies, publishers, figures and texts are invented and \
             describe nothing real. `raw/` starts from `{BASE}` and adds {generated} generated \
             sources{shape}. Regenerating writes the same bytes.\n"
        ),
    )?;

    let mut entities = std::fs::read_to_string(raw.join("entities.csv"))?;
    let mut aliases = std::fs::read_to_string(raw.join("aliases.csv"))?;
    for c in &companies {
        entities.push_str(&line(&[
            &c.id,
            "entreprise",
            &c.name,
            &c.name,
            "",
            "Synthetic company generated for benchmarks (not a real company)",
            "alpha_fr",
            "",
            "",
        ]));
        aliases.push_str(&line(&[&c.alias, &c.id, "und", "variant"]));
    }
    const PUBLISHERS: usize = 20;
    for p in 0..PUBLISHERS {
        entities.push_str(&line(&[
            &format!("synth_pub_{p:02}"),
            "organisme",
            &format!("Synthèse Hebdo {p}"),
            &format!("Synthèse Hebdo {p}"),
            "",
            "Synthetic publisher generated for benchmarks (not a real publication)",
            "alpha_fr",
            "",
            "",
        ]));
    }
    std::fs::write(raw.join("entities.csv"), entities)?;
    std::fs::write(raw.join("aliases.csv"), aliases)?;

    for i in 0..generated {
        write_source(&raw, i, &companies, PUBLISHERS)?;
    }
    Ok(raw)
}

/// One generated source: `synth_NNNNN`, its figures, mentions and (every other one) its text.
fn write_source(raw: &Path, i: usize, companies: &[Company], publishers: usize) -> io::Result<()> {
    let id = format!("synth_{i:05}");
    let folder = raw.join("sources").join(&id);
    std::fs::create_dir_all(&folder)?;
    let style = [Style::Fr, Style::FrDot, Style::En][i % 3];
    let has_text = i.is_multiple_of(2);
    let mut rng = Rng::new(i as u64 + 1);

    let header = "figure_id,subject,metric,value,period,initiative_id,derivation,quote_support,note,paragraph,quote\n";
    let mut figures = String::from(header);
    let mut mentions = String::from("name,paragraph\n");
    // Paragraph 1 is the title; figure j is stated in paragraph j + 2.
    let title = if style.french() {
        format!("Synthèse {i} : les comptes des fabricants de puces")
    } else {
        format!("Synthesis {i}: the chip makers' numbers")
    };
    let mut paragraphs = vec![title.clone()];
    for j in 0..FIGURES {
        let metric = METRICS[j % METRICS.len()];
        let k = rng.below(companies.len());
        let company = &companies[k];
        let p = rng.below(metric.periods());
        let mut tenths = true_tenths(k, metric, p);
        // One statement in twelve disagrees with the others by a fifth.
        let disagrees = rng.below(12) == 0;
        if disagrees {
            tenths += tenths / 5 + 1;
        }
        let name = if rng.below(3) == 0 {
            &company.alias
        } else {
            &company.name
        };
        let (value, quote) = value_and_quote(metric, tenths, rng.below(5), name, style);
        let (period_text, tag) = period(metric, p, style);
        let paragraph = (j + 2).to_string();
        let note = if disagrees {
            "Synthetic figure: disagrees with the other sources by a fifth"
        } else {
            "Synthetic figure"
        };
        figures.push_str(&line(&[
            &format!("f{j:02}_{}_{}_{tag}", company.id, metric.code()),
            name,
            metric.code(),
            &value,
            &period_text,
            "",
            "",
            "",
            note,
            &paragraph,
            &quote,
        ]));
        mentions.push_str(&line(&[name, &paragraph]));
        paragraphs.push(format!("{quote}."));
    }
    for e in 0..EXTRA_MENTIONS {
        let (fr, en) = COUNTRIES[e % COUNTRIES.len()];
        let country = if style.french() { fr } else { en };
        let company = &companies[rng.below(companies.len())];
        let paragraph = (paragraphs.len() + 1).to_string();
        mentions.push_str(&line(&[country, &paragraph]));
        mentions.push_str(&line(&[&company.name, &paragraph]));
        paragraphs.push(if style.french() {
            format!(
                "{} fabrique une partie de ses puces à {country}.",
                company.name
            )
        } else {
            format!("{} makes some of its chips in {country}.", company.name)
        });
    }
    let notice = if style.french() {
        "Ce texte est synthétique : il décrit des entreprises inventées pour un banc d'essai."
    } else {
        "This text is synthetic: it describes companies invented for a benchmark."
    };
    paragraphs.push(notice.to_string());

    let (text_path, text_sha) = if has_text {
        let mut text = paragraphs.join("\n\n");
        text.push('\n');
        let sha = Sha256::digest(text.as_bytes());
        let mut hex = String::with_capacity(64);
        for byte in sha {
            let _ = write!(hex, "{byte:02x}");
        }
        std::fs::write(folder.join("text.txt"), text)?;
        std::fs::write(
            folder.join("skipped_paragraphs.csv"),
            format!(
                "paragraph,reason,note\n1,title,\n{},no_statement,The notice that the source is synthetic\n",
                paragraphs.len()
            ),
        )?;
        ("text.txt".to_string(), hex)
    } else {
        (String::new(), String::new())
    };
    let day = 1 + (i * 37) % 1800;
    let published = chrono_free_date(day);
    let publisher = format!("Synthèse Hebdo {}", i % publishers);
    std::fs::write(
        folder.join("source.csv"),
        String::from(
            "source_id,title,authors,published_on,language,publisher,url,retrieved_on,licence_note,number_style,text_path,text_sha256,places,paragraph,quote\n",
        ) + &line(&[
            &id,
            &title,
            "",
            &published,
            if style.french() { "fr" } else { "en" },
            &publisher,
            "",
            "",
            "Synthetic benchmark source generated by just bench-corpus; not a real publication",
            style.code(),
            &text_path,
            &text_sha,
            "",
            "",
            "",
        ]),
    )?;
    std::fs::write(folder.join("figures.csv"), figures)?;
    std::fs::write(folder.join("mentions.csv"), mentions)?;
    Ok(())
}

/// The `day`-th day (1-based) after 2020-01-01, as YYYY-MM-DD, counting 28-day months of 12 so
/// every date is valid without a calendar.
fn chrono_free_date(day: usize) -> String {
    let d = day - 1;
    format!(
        "{}-{:02}-{:02}",
        2020 + d / 336,
        (d / 28) % 12 + 1,
        d % 28 + 1
    )
}
