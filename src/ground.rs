//! Grounding: every quote must occur in the paragraph its row names, in the text of the source
//! the row comes from. Each source folder may declare its text (`text_path`, relative to the
//! folder) and the text's SHA-256; a source without a text is reported as not grounded.
//! Compared after Unicode NFC and after folding typographic apostrophes, quotes and runs of
//! white space, so a faithful copy passes whatever the keyboard; a paraphrase or a wrong
//! paragraph does not.

use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::domains::sources;
use crate::ingest::SourceFolder;
use crate::manifest;
use crate::table::{Dataset, Origin, Value};
use petrochip_text::canonical;

/// A source's text, split into paragraphs as `paragraph` counts them: lines that hold at
/// least one character other than Unicode white space.
#[derive(Debug)]
pub struct Article {
    paragraphs: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum GroundError {
    #[error("{origin}: column \"text_path\": cannot read the source's text {path}: {source}")]
    Unreadable {
        origin: Origin,
        path: String,
        source: std::io::Error,
    },
    #[error(
        "{origin}: column \"text_path\": \"{typed}\" points to {path}, which does not exist, though its folder does; {}fix text_path, or empty it and text_sha256 if the source has no text",
        nearest.as_ref().map(|n| format!("did you mean {n}? ")).unwrap_or_default()
    )]
    NotThere {
        origin: Origin,
        typed: String,
        path: String,
        /// The file of that folder whose name is nearest, when one is a few edits away.
        nearest: Option<String>,
    },
    #[error(
        "{origin}: column \"text_path\": the source's text {path} is not UTF-8; save it as UTF-8"
    )]
    NotUtf8 { origin: Origin, path: String },
    #[error(
        "{origin}: column \"text_sha256\": the text {path} has SHA-256 {found}, not the {recorded} recorded when it was transcribed; the text or the recorded hash changed: if the hash was mistyped, restore it; otherwise check the quotes against the text, then record the new hash"
    )]
    Changed {
        origin: Origin,
        path: String,
        found: String,
        recorded: String,
    },
}

/// What grounding found for one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grounding {
    /// Every quote of the source was found in its paragraph of a text of that many paragraphs.
    Grounded { paragraphs: usize },
    /// The source declares no text.
    NoText,
    /// The source declares a text that is not there (a checkout without `../shared`, say).
    TextMissing { path: String },
}

impl Grounding {
    pub fn is_grounded(&self) -> bool {
        matches!(self, Grounding::Grounded { .. })
    }
}

/// A source's text as grounding read it, for the manifest: its path relative to `raw`, and
/// its hash.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub source_id: String,
    pub path: String,
    pub sha256: String,
}

/// Every source's grounding, and the texts read.
#[derive(Debug, Default)]
pub struct Outcome {
    pub sources: BTreeMap<String, Grounding>,
    pub texts: Vec<SourceText>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub origin: Origin,
    pub paragraph: i64,
    pub quote: String,
    pub reason: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: quote \"{}\" {}",
            self.origin, self.quote, self.reason
        )
    }
}

/// Why grounding stopped a run.
#[derive(Debug)]
pub enum Failure {
    Text(Vec<GroundError>),
    Quotes(Vec<Mismatch>),
}

/// `a/b/../c` → `a/c`, without touching the file system (the path may not exist).
fn lexical(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// `path` relative to `base`, both lexical; `..` where `path` leaves `base`.
fn relative_to(path: &Path, base: &Path) -> String {
    let p: Vec<Component> = path.components().collect();
    let b: Vec<Component> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for part in &p[common..] {
        out.push(part);
    }
    out.display().to_string()
}

/// Grounds every source that declares a text against it: each quote must occur in its
/// paragraph. A text that cannot be read, or that changed since it was transcribed, stops
/// the run; so does any quote that is not in its paragraph.
pub fn ground(
    raw: &Path,
    folders: &[SourceFolder],
    sheets: &sources::Sheets,
    dataset: &Dataset,
) -> Result<Outcome, Failure> {
    let mut outcome = Outcome::default();
    let mut errors = Vec::new();
    let mut articles: BTreeMap<String, Article> = BTreeMap::new();
    // Each source's folder, looked up once per source rather than by a scan of all of them.
    let mut by_id = std::collections::HashMap::new();
    for folder in folders {
        by_id.entry(folder.source_id.as_str()).or_insert(folder);
    }
    let start = std::time::Instant::now();
    // Texts read, hashed and split over every core, then taken in the sources' order.
    let read: Vec<Option<Read>> = crate::parallel::map(&sheets.sources.records, |record| {
        let text_path = record.row.text_path.as_ref();
        let folder = by_id.get(record.row.source_id.as_str());
        match (text_path, folder) {
            (None, _) => Some(Read::NoText),
            (Some(_), None) => None,
            (Some(text_path), Some(folder)) => Some(read_text(
                raw,
                (record.row.source_id.as_str(), &folder.folder),
                text_path,
                record.row.text_sha256.as_deref(),
                || sheets.sources.origin(record),
            )),
        }
    });
    for (record, read) in sheets.sources.records.iter().zip(read) {
        let id = record.row.source_id.as_str().to_string();
        match read {
            None => {}
            Some(Read::NoText) => {
                outcome.sources.insert(id, Grounding::NoText);
            }
            Some(Read::Missing(path)) => {
                outcome.sources.insert(id, Grounding::TextMissing { path });
            }
            Some(Read::Error(e)) => errors.push(e),
            Some(Read::Text(text, article)) => {
                outcome.texts.push(text);
                articles.insert(id, article);
            }
        }
    }
    tracing::debug!(ms = crate::ms_since(start), "texts read");
    if !errors.is_empty() {
        return Err(Failure::Text(errors));
    }
    let start = std::time::Instant::now();
    let mismatches = check(dataset, &articles);
    tracing::debug!(ms = crate::ms_since(start), "quotes checked");
    if !mismatches.is_empty() {
        return Err(Failure::Quotes(mismatches));
    }
    for (id, article) in articles {
        outcome.sources.insert(
            id,
            Grounding::Grounded {
                paragraphs: article.len(),
            },
        );
    }
    Ok(outcome)
}

/// What reading one source's declared text gave.
enum Read {
    /// The source declares no text.
    NoText,
    /// The text's folder is not there (a checkout without ../shared): not grounded.
    Missing(String),
    Error(GroundError),
    /// The text and its paragraphs.
    Text(SourceText, Article),
}

/// Reads the text `text_path` of the source `source_id` in `folder`, checks its recorded
/// SHA-256 and splits it into paragraphs; `origin` is its `source.csv` row, for errors.
fn read_text(
    raw: &Path,
    (source_id, folder): (&str, &Path),
    text_path: &str,
    recorded: Option<&str>,
    origin: impl Fn() -> Origin,
) -> Read {
    let path = lexical(&folder.join(text_path));
    let shown = path.display().to_string();
    let regular = std::fs::metadata(&path).map(|m| m.is_file());
    if let Ok(false) = regular {
        return Read::Error(GroundError::Unreadable {
            origin: origin(),
            path: shown,
            source: std::io::Error::other(
                "it is not a regular file (a pipe, a socket or a device)",
            ),
        });
    }
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        // A folder that is there without the file is a mistyped path; a folder that is not
        // there is a checkout without it (../shared), which only leaves the source ungrounded.
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && path.parent().is_some_and(Path::is_dir) =>
        {
            return Read::Error(GroundError::NotThere {
                origin: origin(),
                typed: text_path.to_string(),
                nearest: nearest_file(&path),
                path: shown,
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Read::Missing(shown),
        Err(source) => {
            return Read::Error(GroundError::Unreadable {
                origin: origin(),
                path: shown,
                source,
            });
        }
    };
    let found = manifest::sha256(&bytes);
    if let Some(recorded) = recorded
        && !recorded.eq_ignore_ascii_case(&found)
    {
        return Read::Error(GroundError::Changed {
            origin: origin(),
            path: shown,
            found,
            recorded: recorded.to_string(),
        });
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return Read::Error(GroundError::NotUtf8 {
            origin: origin(),
            path: shown,
        });
    };
    let article = Article::parse(&text);
    let text = SourceText {
        source_id: source_id.to_string(),
        path: relative_to(&path, &lexical(raw)),
        sha256: found,
    };
    Read::Text(text, article)
}

/// The name of the file beside `path` nearest to its name, at most three edits away.
fn nearest_file(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    std::fs::read_dir(path.parent()?)
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .map(|other| (strsim::osa_distance(&name, &other), other))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, other)| other)
}

/// Checks every quote of every fact table against its source's text; one mismatch per sheet
/// line (the first row of it, in table order). Rows of sources without a text are not checked.
/// Every row of a sheet line has that line's source, paragraph and quote, so its rows are
/// checked over every core and the mismatches then kept once per line.
fn check(dataset: &Dataset, articles: &BTreeMap<String, Article>) -> Vec<Mismatch> {
    let mut mismatches = Vec::new();
    for table in &dataset.tables {
        // The evidence a row gives: its quote, or for a mention copied from the source (sheet
        // "mentions"), the name itself.
        let quoted = table.spec.column_index("quote").is_some();
        let evidence = table
            .spec
            .column_index("quote")
            .or_else(|| table.spec.column_index("surface"));
        let copied = table.spec.column_index("sheet");
        let (Some(s), Some(p), Some(q)) = (
            table.spec.column_index("source_id"),
            table.spec.column_index("paragraph"),
            evidence,
        ) else {
            continue;
        };
        let found = crate::parallel::map(&table.rows, |row| {
            if !quoted && copied.is_none_or(|c| row.get(c).as_text() != Some("mentions")) {
                return None;
            }
            let (Value::Text(source), Value::Int(paragraph), Value::Text(quote)) =
                (&row.get(s), &row.get(p), &row.get(q))
            else {
                return None;
            };
            let reason = articles.get(source.as_str())?.reason(*paragraph, quote)?;
            Some(Mismatch {
                origin: row.origin.clone(),
                paragraph: *paragraph,
                quote: quote.to_string(),
                reason,
            })
        });
        mismatches.extend(found.into_iter().flatten());
    }
    let mut seen = HashSet::new();
    mismatches.retain(|m| seen.insert(m.origin.clone()));
    mismatches
        .sort_by(|a, b| (&a.origin.file, a.origin.line).cmp(&(&b.origin.file, b.origin.line)));
    mismatches
}

impl Article {
    pub fn parse(text: &str) -> Article {
        let paragraphs = text
            .lines()
            .filter(|line| line.chars().any(|c| !c.is_whitespace()))
            .map(canonical)
            .collect();
        Article { paragraphs }
    }

    pub fn len(&self) -> usize {
        self.paragraphs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }

    fn reason(&self, paragraph: i64, quote: &str) -> Option<String> {
        let Some(index) = usize::try_from(paragraph)
            .ok()
            .filter(|p| (1..=self.len()).contains(p))
        else {
            return Some(format!(
                "cites paragraph {paragraph}, but the source's text has {} paragraphs",
                self.len()
            ));
        };
        let wanted = canonical(quote);
        let text = &self.paragraphs[index - 1];
        // Parts joined by "…" (words left out between them) each occur, in order.
        let parts: Vec<&str> = wanted
            .split('\u{2026}')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() > 1 {
            let mut from = 0;
            for part in &parts {
                match text.get(from..).and_then(|rest| rest.find(part)) {
                    Some(at) => from += at + part.len(),
                    None => {
                        return Some(format!(
                            "has a part, \"{part}\", that does not occur in paragraph {paragraph} after the part before it; copy each part of a quote joined by … verbatim, in the order of the text"
                        ));
                    }
                }
            }
            return None;
        }
        if text.contains(&wanted) {
            return None;
        }
        let elsewhere: Vec<String> = self
            .paragraphs
            .iter()
            .enumerate()
            .filter(|(_, text)| text.contains(&wanted))
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        Some(if elsewhere.is_empty() {
            format!(
                "does not occur in paragraph {paragraph}, nor anywhere in the source's text; copy it verbatim"
            )
        } else {
            format!(
                "does not occur in paragraph {paragraph}; it occurs in paragraph {}",
                elsewhere.join(", ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_skip_lines_of_only_white_space() {
        let article =
            Article::parse("Titre\n\u{a0}\n\nPremier  paragraphe l\u{2019}IA.\n  \u{2022} puce\n");
        assert_eq!(article.len(), 3);
        assert_eq!(article.reason(2, "paragraphe l'IA"), None);
        assert_eq!(article.reason(2, "Premier paragraphe"), None);
        assert_eq!(
            article.reason(1, "paragraphe"),
            Some("does not occur in paragraph 1; it occurs in paragraph 2".into())
        );
        assert_eq!(
            article.reason(3, "absent"),
            Some(
                "does not occur in paragraph 3, nor anywhere in the source's text; copy it verbatim"
                    .into()
            )
        );
        assert_eq!(
            article.reason(4, "puce"),
            Some("cites paragraph 4, but the source's text has 3 paragraphs".into())
        );
    }

    #[test]
    fn a_quote_may_join_parts_of_its_paragraph_with_an_ellipsis() {
        let article = Article::parse(
            "Le gallium et l\u{2019}indium sont des sous-produits. Les zones d\u{2019}extraction incluent la Chine et l\u{2019}Australie.\n",
        );
        assert_eq!(
            article.reason(1, "Le gallium et l'indium … incluent la Chine"),
            None
        );
        assert_eq!(
            article.reason(1, "incluent la Chine … Le gallium"),
            Some("has a part, \"Le gallium\", that does not occur in paragraph 1 after the part before it; copy each part of a quote joined by … verbatim, in the order of the text".into())
        );
        assert_eq!(
            article.reason(1, "Le gallium … le cuivre"),
            Some("has a part, \"le cuivre\", that does not occur in paragraph 1 after the part before it; copy each part of a quote joined by … verbatim, in the order of the text".into())
        );
    }
}
