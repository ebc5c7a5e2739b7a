//! `petrochip draft`: a source's text to a draft source folder an analyst reviews instead of
//! typing from scratch. Every figure, date, period and name is found by the grammars a cell
//! is read with (`petrochip_text::scan`), and the names by the gazetteer `raw/` builds, so
//! that once the blanks are filled and the folder moved into `raw/sources/`, `petrochip run`
//! reads it like any other source.
//!
//! - [`Knowledge`]: what `raw/` knows (names, metrics), read with the pipeline's own stages.
//! - [`draft_text`]: the text to rows, in memory (what the benchmark measures).
//! - [`write`]: the rows to a folder, never over an existing one without `force`.
//! - [`eval`]: precision and recall against the sources transcribed by hand.

pub mod args;
pub mod eval;
pub mod invariants;
pub mod metrics;
pub mod quote;
pub mod sheets;

use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::normalise::gazetteer::{Gazetteer, Target};
use crate::table::Dataset;
use petrochip_text::canonical;
use petrochip_text::gazetteer::NameIndex;
use petrochip_text::grammar::{count_running_words, running_numbers};
use petrochip_text::number::NumberStyle;
use petrochip_text::period::PeriodKind;
use petrochip_text::scan::{self, Carried, Finding, Kind, Options, What};
use rustc_hash::{FxHashMap, FxHashSet};

pub use sheets::{FigureDraft, SpanRow};

/// What `raw/` knows that a draft uses: every spelling of every entity, and the metrics.
pub struct Knowledge {
    pub gazetteer: Rc<Gazetteer>,
    pub index: NameIndex,
    /// Metric → its quantity kind.
    pub metric_kinds: FxHashMap<String, &'static str>,
}

impl Knowledge {
    /// Reads `raw/` with the pipeline's ingest and normalise stages (a draft needs a `raw/`
    /// that reads), and returns the tables too, for the evaluation.
    pub fn load(raw: &Path) -> Result<(Knowledge, Dataset), crate::Error> {
        let mut sheets = crate::domains::RawSheets::read(raw).map_err(crate::Error::Ingest)?;
        let mut cx = crate::normalise::Context::default();
        sheets.normalise(&mut cx);
        let gazetteer = cx.gazetteer.clone();
        let metric_kinds = cx.metric_kinds.clone();
        let dataset = cx
            .finish(crate::domains::tables())
            .map_err(crate::Error::Normalise)?;
        let index = gazetteer.index();
        Ok((
            Knowledge {
                gazetteer,
                index,
                metric_kinds,
            },
            dataset,
        ))
    }

    /// Knowledge of nothing: figures and periods only, no names or metrics.
    pub fn empty() -> Knowledge {
        Knowledge {
            gazetteer: Rc::new(Gazetteer::default()),
            index: NameIndex::default(),
            metric_kinds: FxHashMap::default(),
        }
    }
}

/// The two languages a source may be drafted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// How the draft's language was chosen, for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LangChoice {
    Given,
    /// Decided from the text: French and English function words counted.
    Detected {
        french: usize,
        english: usize,
    },
}

/// What a draft is told besides the text.
#[derive(Debug, Clone)]
pub struct Setup {
    pub source_id: String,
    pub lang: Option<Lang>,
    pub style: Option<NumberStyle>,
    /// `text_path` as source.csv will hold it (relative to the source's final folder).
    pub text_path: String,
    pub text_sha256: String,
}

/// The source's metadata as the draft fills it; what it cannot know stays empty.
#[derive(Debug, Clone, Default)]
pub struct SourceDraft {
    pub title: String,
    /// The byline's names, as written.
    pub authors: Vec<String>,
    /// The date as written ("6 mars 2024"), and where: paragraph and a quote of it.
    pub published_on: Option<String>,
    pub dateline: Option<(usize, String)>,
    /// Places the dateline names that are known entities (cities, countries).
    pub places: Vec<String>,
}

/// A whole draft, in memory.
#[derive(Debug, Clone)]
pub struct Draft {
    pub lang: Lang,
    pub lang_choice: LangChoice,
    pub style: NumberStyle,
    pub source: SourceDraft,
    pub figures: Vec<FigureDraft>,
    /// (name as written, paragraph), each once.
    pub mentions: Vec<(String, usize)>,
    pub spans: Vec<SpanRow>,
    pub paragraphs: usize,
    /// Paragraphs with no finding at all.
    pub silent: Vec<usize>,
    /// The byline's names the gazetteer lacks.
    pub unknown_authors: Vec<String>,
}

impl Draft {
    pub fn count(&self, kind: Kind) -> usize {
        self.spans.iter().filter(|s| s.kind == kind).count()
    }
}

/// French and English function words, to tell the languages apart.
const FRENCH: &[&str] = &[
    "le", "la", "les", "des", "du", "est", "et", "une", "dans", "pour", "que", "qui", "sur", "au",
    "aux", "pas", "avec", "sont", "d'", "l'",
];
const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "is", "in", "that", "for", "with", "on", "are", "was", "by", "it",
    "its", "this", "from", "be", "has", "have",
];

/// The language of a text: French unless English function words outnumber French ones.
pub fn detect_language(text: &str) -> (Lang, LangChoice) {
    // The first 64 KiB say it as well as the whole.
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let counts = count_running_words(&text[..end], &[FRENCH, ENGLISH].concat());
    let (french, english) = counts.split_at(FRENCH.len());
    let (french, english) = (french.iter().sum(), english.iter().sum());
    let lang = if english > french { Lang::En } else { Lang::Fr };
    (lang, LangChoice::Detected { french, english })
}

/// How a French text writes its thousands: "3.300 milliards" (dots, as Belgian and AFP
/// French do) when it writes such numbers and none grouped by spaces; else with spaces.
fn french_style(text: &str) -> NumberStyle {
    let mut dots = 0;
    for n in running_numbers(text) {
        let int = n.split(',').next().unwrap_or_default();
        // One number grouped by spaces settles it: the rest of the text need not be read.
        if int.contains(' ') {
            return NumberStyle::French;
        }
        let groups: Vec<&str> = int.split('.').collect();
        if groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3) && groups[0].len() <= 3 {
            dots += 1;
        }
    }
    if dots > 0 {
        NumberStyle::FrenchDotThousands
    } else {
        NumberStyle::French
    }
}

/// A paragraph's findings, with its place in the file.
struct Read<'t> {
    paragraph: scan::Paragraph,
    line: &'t str,
    scan: scan::Scan,
}

/// The draft of a text: its metadata, one figure row per figure, one mention per known name
/// and paragraph, one span per finding.
pub fn draft_text(text: &str, knowledge: &Knowledge, setup: &Setup) -> Draft {
    let (lang, lang_choice) = match setup.lang {
        Some(lang) => (lang, LangChoice::Given),
        None => detect_language(text),
    };
    let style = setup.style.unwrap_or(match lang {
        Lang::En => NumberStyle::English,
        Lang::Fr => french_style(text),
    });
    let paragraphs = scan::paragraphs(text);
    let mut source = SourceDraft::default();
    if let Some(first) = paragraphs.first() {
        source.title = canonical(text.get(first.bytes.clone()).unwrap_or_default());
    }
    // The date first: "aujourd'hui" means it everywhere else.
    let as_of = dateline(text, &paragraphs, style, &mut source);
    let options = Options {
        style,
        as_of,
        names: Some(&knowledge.index),
    };
    let reads: Vec<Read> = paragraphs
        .iter()
        .map(|p| {
            let line = text.get(p.bytes.clone()).unwrap_or_default();
            Read {
                paragraph: p.clone(),
                line,
                scan: scan::scan(line, &options),
            }
        })
        .collect();
    let unknown_authors = byline(&reads, knowledge, &mut source);
    if let Some((number, _)) = &source.dateline
        && let Some(read) = reads.get(number - 1)
    {
        source.places = read
            .scan
            .findings
            .iter()
            .filter_map(|f| match &f.what {
                What::Name {
                    target: Target::Entity(id),
                    exact: true,
                } if matches!(
                    knowledge.gazetteer.entity_type(id),
                    Some("city" | "country" | "region")
                ) =>
                {
                    read.line.get(f.span.clone()).map(str::to_string)
                }
                _ => None,
            })
            .collect();
    }
    let mut spans = Vec::new();
    let mut figures = Vec::new();
    let mut mentions = Vec::new();
    // (surface, paragraph) of the mentions listed, borrowed from the text.
    let mut seen_mentions: FxHashSet<(&str, usize)> = FxHashSet::default();
    // The entity each surface resolves to: names repeat, and a look-up folds the surface.
    let mut entity_of: FxHashMap<&str, Option<&str>> = FxHashMap::default();
    let mut silent = Vec::new();
    let mut ids = Ids::default();
    let mut metric_of = metrics::Suggester::new(&knowledge.metric_kinds);
    for read in &reads {
        if read.scan.findings.is_empty() && read.scan.refused.is_empty() {
            silent.push(read.paragraph.number);
        }
        let mut chars = sheets::CharCount::new(read.line);
        for finding in &read.scan.findings {
            // Whether a name spelt as raw/ spells it resolves as written (not only without a
            // leading article): then it is a mention.
            let resolves = match &finding.what {
                What::Name {
                    target: Target::Entity(id),
                    exact: true,
                } => {
                    let surface = read.line.get(finding.span.clone()).unwrap_or_default();
                    let entity = *entity_of
                        .entry(surface)
                        .or_insert_with(|| knowledge.gazetteer.entity_id(surface));
                    Some(entity == Some(id.as_str()))
                }
                _ => None,
            };
            spans.push(sheets::span_row(
                read, finding, knowledge, resolves, &mut chars,
            ));
            if resolves == Some(true) {
                let surface = read.line.get(finding.span.clone()).unwrap_or_default();
                if seen_mentions.insert((surface, read.paragraph.number)) {
                    mentions.push((surface.to_string(), read.paragraph.number));
                }
            }
            if finding.kind.is_figure() {
                figures.push(figure_row(
                    read,
                    finding,
                    knowledge,
                    style,
                    &mut ids,
                    &mut metric_of,
                ));
            }
        }
        for refused in &read.scan.refused {
            figures.push(refused_row(read, refused, style, &mut ids));
        }
    }
    Draft {
        lang,
        lang_choice,
        style,
        source,
        figures,
        mentions,
        spans,
        paragraphs: paragraphs.len(),
        silent,
        unknown_authors,
    }
}

/// The source's date: the first day a short paragraph gives (a byline or a dateline: "Ecrit à
/// Paris et Singapour, le 6 mars 2024", "March 21, 2024 6:52AM EDT"). Sets the source's date
/// and dateline, and returns the day.
fn dateline(
    text: &str,
    paragraphs: &[scan::Paragraph],
    style: NumberStyle,
    source: &mut SourceDraft,
) -> Option<chrono::NaiveDate> {
    let options = Options {
        style,
        as_of: None,
        names: None,
    };
    for p in paragraphs {
        let line = text.get(p.bytes.clone()).unwrap_or_default();
        if petrochip_text::word_count(line) > 20 {
            continue;
        }
        for finding in scan::scan(line, &options).findings {
            if let What::Period(period) = &finding.what
                && period.kind == PeriodKind::Day
            {
                let written = line.get(finding.span.clone()).unwrap_or_default();
                source.published_on = Some(written.to_string());
                let quote = quote::around(line, &(0..line.len()), &finding.span);
                source.dateline = Some((p.number, quote));
                return period.start;
            }
        }
    }
    None
}

/// The byline: "Par Jean-Claude Muller et John-Guy Park", "By Jim Michaels", among the first
/// paragraphs. Returns the names the gazetteer does not know as persons.
fn byline(reads: &[Read], knowledge: &Knowledge, source: &mut SourceDraft) -> Vec<String> {
    for read in reads.iter().take(6) {
        let line = read.line.trim();
        let Some(rest) = ["Par ", "par ", "By ", "by ", "BY ", "PAR "]
            .iter()
            .find_map(|marker| line.strip_prefix(marker))
        else {
            continue;
        };
        if petrochip_text::word_count(rest) > 12 {
            continue;
        }
        // A date after the names ends them: "By Jim Michaels, March 21, 2024".
        let offset = line.len() - rest.len() + (read.line.len() - read.line.trim_start().len());
        let end = read
            .scan
            .findings
            .iter()
            .find(|f| matches!(f.kind, Kind::Date | Kind::Period) && f.span.start >= offset)
            .map_or(read.line.len(), |f| f.span.start);
        let names = read.line.get(offset..end.max(offset)).unwrap_or_default();
        source.authors =
            crate::normalise::gazetteer::split_list(names.trim_end_matches([',', ' ', '.', '-']))
                .into_iter()
                .filter(|n| !n.is_empty())
                .collect();
        return source
            .authors
            .iter()
            .filter(|name| {
                knowledge.gazetteer.entity(name).map_or(true, |id| {
                    knowledge.gazetteer.entity_type(id) != Some("person")
                })
            })
            .cloned()
            .collect();
    }
    Vec::new()
}

/// The sentence of `read` that holds byte `at`.
fn sentence_of(read: &Read, at: usize) -> std::ops::Range<usize> {
    read.scan
        .sentences
        .iter()
        .find(|s| s.start <= at && at < s.end.max(s.start + 1))
        .cloned()
        .unwrap_or(0..read.line.len())
}

/// Bytes between two spans (0 when they overlap).
fn distance(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// One row of figures.csv for a figure found.
fn figure_row(
    read: &Read,
    finding: &Finding,
    knowledge: &Knowledge,
    style: NumberStyle,
    ids: &mut Ids,
    metric_of: &mut metrics::Suggester,
) -> FigureDraft {
    let What::Figure(figure) = &finding.what else {
        return FigureDraft::default();
    };
    let sentence = sentence_of(read, finding.span.start);
    let in_sentence = |f: &&Finding| sentence.start <= f.span.start && f.span.end <= sentence.end;
    let mut notes: Vec<String> = Vec::new();
    // The subject: the nearest known entity in the sentence; else the last one before it in
    // the paragraph, said so.
    let entities = || {
        read.scan.findings.iter().filter(|f| {
            matches!(
                &f.what,
                What::Name {
                    target: Target::Entity(_),
                    ..
                }
            )
        })
    };
    let nearest = entities()
        .filter(in_sentence)
        .min_by_key(|f| distance(&f.span, &finding.span));
    let subject = match nearest {
        Some(f) => Some(f),
        None => {
            let before = entities().rfind(|f| f.span.end <= sentence.start);
            if before.is_some() {
                notes.push("subject taken from an earlier sentence; check it".into());
            }
            before
        }
    };
    let (subject_cell, subject_id) = match subject.map(|f| (f, &f.what)) {
        Some((
            f,
            What::Name {
                target: Target::Entity(id),
                ..
            },
        )) => {
            let surface = read.line.get(f.span.clone()).unwrap_or_default();
            let cell = if knowledge.gazetteer.entity_id(surface) == Some(id.as_str()) {
                surface.to_string()
            } else {
                knowledge.gazetteer.name_of(id).unwrap_or(id).to_string()
            };
            (cell, Some(id.clone()))
        }
        _ => (String::new(), None),
    };
    let sentence_text = read.line.get(sentence.clone()).unwrap_or_default();
    let metric = metric_of.suggest(sentence_text, figure.quantity.unit);
    let period = read
        .scan
        .findings
        .iter()
        .filter(in_sentence)
        .filter(|f| matches!(f.kind, Kind::Date | Kind::Period))
        .min_by_key(|f| distance(&f.span, &finding.span));
    if let Some(note) = period.and_then(|p| p.note.clone()) {
        notes.push(format!("period: {note}"));
    }
    match &figure.carried {
        Some(Carried::Currency(from)) => notes.push(format!(
            "currency carried from \"{}\" in the same paragraph: the value cell adds it",
            read.line.get(from.clone()).unwrap_or_default()
        )),
        Some(Carried::Shared(from)) => notes.push(format!(
            "unit shared with \"{}\": the value cell adds it",
            read.line.get(from.clone()).unwrap_or_default()
        )),
        None => {}
    }
    let kind = finding.kind.code();
    let base = match (&subject_id, metric) {
        (Some(id), Some(metric)) => format!("{id}_{metric}"),
        (Some(id), None) => format!("{id}_{kind}"),
        (None, Some(metric)) => metric.to_string(),
        (None, None) => format!("p{}_{kind}", read.paragraph.number),
    };
    let quote = quote::around_avoiding(read.line, &sentence, &finding.span, &spans_of(read));
    // What `run` will check: the quote must state the value; a unit carried from outside the
    // quote is said so in the row, or the run would refuse it. A figure that carries nothing
    // and lies whole in its quote reads there as it reads in the line; only the others are
    // read again (a fifth of the drafting time when every figure was).
    let span_text = read.line.get(finding.span.clone()).unwrap_or_default();
    let whole_in_quote =
        figure.carried.is_none() && !span_text.is_empty() && quote.contains(span_text);
    let stated = if whole_in_quote {
        vec![figure.quantity]
    } else {
        petrochip_text::scan::figures_stated(&quote, style)
    };
    let quote_support = match petrochip_text::scan::support(&stated, &figure.quantity) {
        petrochip_text::scan::Support::Value => "",
        petrochip_text::scan::Support::NumberOnly => {
            notes.push("its unit is outside the quote: quote_support is unit_from_context".into());
            "unit_from_context"
        }
        petrochip_text::scan::Support::Neither => {
            notes.push("the quote does not state this figure as the grammar reads it: check it, and say how it reads in this note".into());
            "analyst_reading"
        }
    };
    FigureDraft {
        figure_id: ids.unique(base),
        subject: subject_cell,
        metric: metric.unwrap_or_default().to_string(),
        value: figure.cell.clone(),
        period: period
            .and_then(|p| read.line.get(p.span.clone()))
            .unwrap_or_default()
            .to_string(),
        quote_support: quote_support.to_string(),
        note: notes.join("; "),
        paragraph: read.paragraph.number,
        quote,
    }
}

/// Every finding's bytes in a paragraph, which a quote never cuts through.
fn spans_of(read: &Read) -> Vec<std::ops::Range<usize>> {
    read.scan.findings.iter().map(|f| f.span.clone()).collect()
}

/// A row for digits the grammar refuses: the analyst retypes the value.
fn refused_row(
    read: &Read,
    refused: &scan::Refused,
    style: NumberStyle,
    ids: &mut Ids,
) -> FigureDraft {
    let sentence = sentence_of(read, refused.span.start);
    FigureDraft {
        figure_id: ids.unique(format!("p{}_refused", read.paragraph.number)),
        value: read
            .line
            .get(refused.span.clone())
            .unwrap_or_default()
            .to_string(),
        note: format!(
            "not read in the {} number style: {}; {}; retype the value",
            style.code(),
            refused.error.reason,
            refused.error.hint
        ),
        paragraph: read.paragraph.number,
        quote: quote::around_avoiding(read.line, &sentence, &refused.span, &spans_of(read)),
        ..FigureDraft::default()
    }
}

/// Figure ids given so far.
#[derive(Default)]
struct Ids {
    taken: FxHashSet<String>,
    /// Each base → the suffix its last id took (1 for the base itself). Ids are never given
    /// back, so `base`, `base_2` … `base_n` are all still taken: the next one is looked for
    /// after them, and a text that repeats a figure many times does not count up from 2 again
    /// each time.
    last: FxHashMap<String, usize>,
}

impl Ids {
    /// `base`, or `base_2`, `base_3`… when taken.
    fn unique(&mut self, base: String) -> String {
        let mut n = self.last.get(&base).copied().unwrap_or(0);
        let mut id = if n == 0 {
            n = 1;
            base.clone()
        } else {
            n += 1;
            format!("{base}_{n}")
        };
        while self.taken.contains(&id) {
            n += 1;
            id = format!("{base}_{n}");
        }
        self.taken.insert(id.clone());
        self.last.insert(base, n);
        id
    }
}

/// A draft's request, checked: see [`args::DraftArgs`].
#[derive(Debug, Clone)]
pub struct Request {
    pub article: PathBuf,
    pub source_id: String,
    pub lang: Option<Lang>,
    pub style: Option<NumberStyle>,
    pub out: PathBuf,
    pub raw: PathBuf,
    pub force: bool,
}

/// What `petrochip draft` did.
pub struct Outcome {
    pub draft: Draft,
    pub out: PathBuf,
    pub raw: PathBuf,
}

/// Reads the article, drafts it, writes the folder.
pub fn run(request: &Request) -> Result<Outcome, DraftError> {
    let text = read_article(&request.article)?;
    write::check_out(&request.out, &request.raw, request.force)?;
    let (knowledge, _) = Knowledge::load(&request.raw).map_err(DraftError::Raw)?;
    let setup = Setup {
        source_id: request.source_id.clone(),
        lang: request.lang,
        style: request.style,
        text_path: write::text_path(&request.article, &request.raw, &request.source_id),
        text_sha256: crate::manifest::sha256(text.as_bytes()),
    };
    let draft = draft_text(&text, &knowledge, &setup);
    write::write(&request.out, &setup, &draft, request.force)?;
    Ok(Outcome {
        draft,
        out: request.out.clone(),
        raw: request.raw.clone(),
    })
}

/// Why a draft was not written.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("{path}: {message}")]
    Article { path: String, message: String },
    #[error("{path}: {message}")]
    Out { path: String, message: String },
    #[error("{0}")]
    Raw(crate::Error),
}

/// The article's text: a regular file holding UTF-8 with visible text. A folder, a FIFO or a
/// device is refused before it is opened (opening a FIFO would wait for a writer).
pub fn read_article(path: &Path) -> Result<String, DraftError> {
    let shown = path.display().to_string();
    let fail = |message: String| DraftError::Article {
        path: shown.clone(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read it: {e}")))?;
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(fail(
            "is a folder, not a text file; give the path of the article's text".into(),
        ));
    }
    if !kind.is_file() {
        use std::os::unix::fs::FileTypeExt;
        let what = if kind.is_fifo() {
            "a FIFO (named pipe)"
        } else if kind.is_socket() {
            "a socket"
        } else {
            "a device"
        };
        return Err(fail(format!(
            "is {what}, not a regular file; save the text to a file and give its path"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read it: {e}")))?;
    if bytes.is_empty() {
        return Err(fail("is empty; there is nothing to draft".into()));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
        let byte = e.as_bytes().get(at).copied().unwrap_or_default();
        fail(format!(
            "is not UTF-8 (byte 0x{byte:02X} at offset {at}, line {line}); save it as UTF-8"
        ))
    })?;
    if !text.chars().any(|c| !c.is_whitespace() && c != '\u{feff}') {
        return Err(fail(
            "holds only white space; there is nothing to draft".into(),
        ));
    }
    Ok(text)
}

pub mod write;

#[cfg(test)]
mod tests {
    use super::*;

    /// What `Ids::unique` replaced: count up from 2 each time.
    fn naive(base: &str, taken: &mut FxHashSet<String>) -> String {
        let mut id = base.to_string();
        let mut n = 1;
        while taken.contains(&id) {
            n += 1;
            id = format!("{base}_{n}");
        }
        taken.insert(id.clone());
        id
    }

    #[test]
    fn ids_are_those_counting_up_from_2_gives() {
        // Bases that are another base's suffixed id ("a_2"), given before and after it.
        let bases = [
            "a", "a", "a_2", "a", "a_3", "b", "a_2", "a", "b", "a_2_2", "a_2", "a", "b_2", "b",
            "b", "a",
        ];
        let mut ids = Ids::default();
        let mut taken = FxHashSet::default();
        for base in bases {
            assert_eq!(
                ids.unique(base.to_string()),
                naive(base, &mut taken),
                "{base}"
            );
        }
        assert_eq!(ids.taken, taken);
    }
}
