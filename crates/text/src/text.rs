//! Text folding shared by the gazetteer, the vocabularies and the quote grounding.

use unicode_normalization::UnicodeNormalization;

/// Canonical form for comparing what people type: NFC, typographic apostrophes and quotes
/// folded to ASCII, every run of Unicode white space (no-break spaces too) made one space,
/// trimmed. Case is kept; see [`fold`] for matching names.
pub fn canonical(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfc() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{2033}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => '-',
            other => other,
        });
    }
    out
}

/// Key for matching names and vocabulary: [`canonical`] and lower case. Accents are kept on
/// purpose: "Etats-Unis" resolves because the gazetteer lists it, not because a fold guessed.
pub fn fold(text: &str) -> String {
    canonical(text).to_lowercase()
}

/// Words as `quote-guard.py` counts them: runs of letters, digits, `_`, `'` and `-`.
pub fn word_count(text: &str) -> usize {
    let text = canonical(text);
    let mut count = 0;
    let mut in_word = false;
    for c in text.chars() {
        let word_char = c.is_alphanumeric() || c == '_' || c == '\'' || c == '-';
        if word_char && !in_word {
            count += 1;
        }
        in_word = word_char;
    }
    count
}

/// Snake-case identifier from a code or an English name ("Gallium arsenide" → "gallium_arsenide").
pub fn snake_case(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// Levenshtein distance in characters, for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_folds_typography_and_space() {
        assert_eq!(
            canonical("  l\u{2019}IA\u{a0}: «\u{a0}la\u{202f}révolution\u{a0}»  "),
            "l'IA : \" la révolution \""
        );
        assert_eq!(canonical("e\u{301}te\u{301}"), "été");
    }

    #[test]
    fn word_count_matches_the_quote_guard() {
        assert_eq!(word_count("Les ventes de la société ont bondi de 265%"), 9);
        assert_eq!(word_count("l'intelligence artificielle"), 2);
        assert_eq!(word_count("« La révolution ne fait que commencer »"), 6);
        assert_eq!(word_count(""), 0);
    }

    #[test]
    fn snake_case_and_distance() {
        assert_eq!(snake_case("Gallium arsenide"), "gallium_arsenide");
        assert_eq!(snake_case("  SK-Hynix  "), "sk_hynix");
        assert_eq!(edit_distance("Tecent", "Tencent"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
