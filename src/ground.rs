//! Grounding: every quote must occur in the article paragraph its row names. Compared after
//! Unicode NFC and after folding typographic apostrophes, quotes and runs of white space, so a
//! faithful copy passes whatever the keyboard; a paraphrase or a wrong paragraph does not.

use std::collections::HashSet;
use std::path::Path;

use crate::table::{Dataset, Origin, Value};
use crate::text::canonical;

/// The article, split into paragraphs as `paragraph` counts them: lines that hold at least one
/// character other than Unicode white space.
#[derive(Debug)]
pub struct Article {
    paragraphs: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum GroundError {
    #[error(
        "{path}: cannot read the source text: {source}; pass --source-text with the article's text file"
    )]
    Unreadable {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: the source text is not UTF-8")]
    NotUtf8 { path: String },
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

impl Article {
    pub fn load(path: &Path) -> Result<Article, GroundError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| GroundError::Unreadable {
            path: shown.clone(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|_| GroundError::NotUtf8 { path: shown })?;
        Ok(Article::parse(&text))
    }

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

    /// Checks every quote of every fact table; one mismatch per sheet line.
    pub fn check(&self, dataset: &Dataset) -> Vec<Mismatch> {
        let mut seen = HashSet::new();
        let mut mismatches = Vec::new();
        for table in dataset.tables.iter().filter(|t| t.spec.is_fact()) {
            let (Some(p), Some(q)) = (
                table.spec.column_index("paragraph"),
                table.spec.column_index("quote"),
            ) else {
                continue;
            };
            for row in &table.rows {
                let (Value::Int(paragraph), Value::Text(quote)) = (&row.values[p], &row.values[q])
                else {
                    continue;
                };
                if !seen.insert(row.origin.clone()) {
                    continue;
                }
                if let Some(reason) = self.reason(*paragraph, quote) {
                    mismatches.push(Mismatch {
                        origin: row.origin.clone(),
                        paragraph: *paragraph,
                        quote: quote.clone(),
                        reason,
                    });
                }
            }
        }
        mismatches
            .sort_by(|a, b| (&a.origin.file, a.origin.line).cmp(&(&b.origin.file, b.origin.line)));
        mismatches
    }

    fn reason(&self, paragraph: i64, quote: &str) -> Option<String> {
        let Some(index) = usize::try_from(paragraph)
            .ok()
            .filter(|p| (1..=self.len()).contains(p))
        else {
            return Some(format!(
                "cites paragraph {paragraph}, but the article has {} paragraphs",
                self.len()
            ));
        };
        let wanted = canonical(quote);
        if self.paragraphs[index - 1].contains(&wanted) {
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
                "does not occur in paragraph {paragraph}, nor anywhere in the article; copy it verbatim"
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
                "does not occur in paragraph 3, nor anywhere in the article; copy it verbatim"
                    .into()
            )
        );
        assert_eq!(
            article.reason(4, "puce"),
            Some("cites paragraph 4, but the article has 3 paragraphs".into())
        );
    }
}
