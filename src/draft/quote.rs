//! A quote of at most 15 words that holds a finding, cut from its sentence at word boundaries
//! so that it occurs verbatim in the paragraph, as grounding checks.

use std::ops::Range;

use petrochip_text::word_count;

/// The most words a quote may have.
pub const MAX_WORDS: usize = 15;

/// Words as the quote guard counts them: runs of letters, digits, `_`, `'` and `-`
/// (typographic apostrophes and hyphens too).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            '_' | '\'' | '-' | '\u{2019}' | '\u{2018}' | '\u{2010}' | '\u{2011}'
        )
}

/// The words of `line` within `range`, as byte ranges.
fn words(line: &str, range: &Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let text = line.get(range.clone()).unwrap_or_default();
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(range.start + i),
            (false, Some(s)) => {
                out.push(s..range.start + i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..range.end);
    }
    out
}

/// The sentence around `span` if it has 15 words or fewer; else the 15 words around the span,
/// as many before as after where the sentence allows. Always holds the whole span.
pub fn around(line: &str, sentence: &Range<usize>, span: &Range<usize>) -> String {
    around_avoiding(line, sentence, span, &[])
}

/// [`around`], never cutting through one of `keep` ("22,1 milliards de $" is quoted whole or
/// not at all).
pub fn around_avoiding(
    line: &str,
    sentence: &Range<usize>,
    span: &Range<usize>,
    keep: &[Range<usize>],
) -> String {
    let sentence = sentence.start.min(span.start)..sentence.end.max(span.end).min(line.len());
    let all = words(line, &sentence);
    let inside: Vec<usize> = (0..all.len())
        .filter(|&i| all[i].start < span.end && span.start < all[i].end)
        .collect();
    let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else {
        return line
            .get(span.clone())
            .unwrap_or_default()
            .trim()
            .to_string();
    };
    let mut lo = first;
    let mut hi = last;
    // Grow one word at a time on each side, alternately, up to the limit.
    loop {
        let grew_before = lo > 0 && hi - lo + 1 < MAX_WORDS;
        if grew_before {
            lo -= 1;
        }
        let grew_after = hi + 1 < all.len() && hi - lo + 1 < MAX_WORDS;
        if grew_after {
            hi += 1;
        }
        if !grew_before && !grew_after {
            break;
        }
    }
    // A quote that ends inside a finding, or starts inside one, loses that word.
    while hi > last
        && keep
            .iter()
            .any(|k| k.start < all[hi].end && all[hi].end < k.end)
    {
        hi -= 1;
    }
    while lo < first
        && keep
            .iter()
            .any(|k| k.start < all[lo].start && all[lo].start < k.end)
    {
        lo += 1;
    }
    let start = all[lo].start.min(span.start);
    let mut end = all[hi].end.max(span.end);
    // A whole sentence keeps its closing mark.
    if lo == 0 && hi + 1 == all.len() {
        end = sentence.end.max(end);
    }
    let mut quote = line.get(start..end).unwrap_or_default().trim().to_string();
    // Never more than the limit, even for a span of many words.
    while word_count(&quote) > MAX_WORDS && quote.len() > 1 {
        let mut cut = quote.len() - 1;
        while !quote.is_char_boundary(cut) {
            cut -= 1;
        }
        quote.truncate(cut);
    }
    quote.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_sentence_is_quoted_whole() {
        let line = "Il a fondé 3 startups. La suite est longue.";
        // "é" takes two bytes: "3" is byte 12, the sentence ends at byte 23.
        assert_eq!(around(line, &(0..23), &(12..13)), "Il a fondé 3 startups.");
    }

    #[test]
    fn a_long_sentence_is_cut_around_the_figure() {
        let line = "Un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept 22,1 milliards de $ au dernier trimestre 2023 et encore des mots ici.";
        let start = line.find("22,1").unwrap_or_default();
        let span = start..start + "22,1 milliards de $".len();
        let quote = around(line, &(0..line.len()), &span);
        assert_eq!(
            quote,
            // "22,1" counts as two words, as the quote guard counts them.
            "douze treize quatorze quinze seize dix-sept 22,1 milliards de $ au dernier trimestre 2023 et"
        );
        assert_eq!(word_count(&quote), 15);
    }
}
