//! Text folding shared by the gazetteer, the vocabularies and the quote grounding.

use std::ops::Range;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Canonical form for comparing what people type: NFC, typographic apostrophes and quotes
/// folded to ASCII, every run of Unicode white space (no-break spaces too) made one space,
/// trimmed. Case is kept; see [`fold`] for matching names.
pub fn canonical(text: &str) -> String {
    // Text already in NFC (nearly all) is its own NFC: no need to decompose and recompose it.
    if is_nfc(text) {
        canonical_of(text.len(), text.chars())
    } else {
        canonical_of(text.len(), text.nfc())
    }
}

/// Whether `text` is surely in NFC: ASCII always is, and the quick check settles nearly all
/// the rest without normalising.
fn is_nfc(text: &str) -> bool {
    text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes
}

/// [`canonical`] of the characters of a text in NFC, `len` bytes long.
fn canonical_of(len: usize, nfc: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(len);
    let mut pending_space = false;
    for c in nfc {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(canonical_char(c));
    }
    out
}

/// Key for matching names and vocabulary: [`canonical`] and lower case. Accents are kept on
/// purpose: "Etats-Unis" resolves because the gazetteer lists it, not because a fold guessed.
pub fn fold(text: &str) -> String {
    // Text in NFC without a "Σ" (whose lower case depends on what follows it), nearly all, is
    // folded in one pass: lower case character by character is what `to_lowercase` does.
    if text.contains('\u{3a3}') || is_nfc_quick(text.chars()) != IsNormalized::Yes {
        return canonical(text).to_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        let c = canonical_char(c);
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// [`fold`], and for each byte of the folded text the byte offset in `text` of the character
/// it comes from, so that a scanner working on the folded text can report where in the original
/// a match starts. A folded character made of several original ones (an "e" and a combining
/// accent made one "é") maps to the first of them; the space that stands for a run of white
/// space maps to the run's first character.
pub fn fold_with_map(text: &str) -> (String, Vec<usize>) {
    let (folded, ranges) = fold_with_ranges(text);
    (folded, ranges.into_iter().map(|r| r.start).collect())
}

/// [`fold`], and for each byte of the folded text the range of `text` it comes from; a span of
/// folded bytes `a..b` covers `ranges[a].start..ranges[b - 1].end` of the original.
pub(crate) fn fold_with_ranges(text: &str) -> (String, Vec<Range<usize>>) {
    let canonical = canonical_with_ranges(text);
    let plain: String = canonical.iter().map(|(c, _)| *c).collect();
    // `to_lowercase` on the whole string is what `fold` does (a final Σ becomes ς); each
    // character's lower case has the same length in bytes either way, so the ranges follow.
    let folded = plain.to_lowercase();
    let mut ranges = Vec::with_capacity(folded.len());
    for (c, range) in &canonical {
        let bytes: usize = c.to_lowercase().map(char::len_utf8).sum();
        ranges.extend(std::iter::repeat_n(range.clone(), bytes));
    }
    // Never expected; kept so that a future Unicode rule cannot make the map shorter than the
    // text it maps.
    let last = ranges.last().cloned().unwrap_or(0..0);
    ranges.resize(folded.len(), last);
    (folded, ranges)
}

/// [`fold`], character by character: each folded character in `chars` and, at the same
/// index in `ranges`, the range of `text` it comes from (the range [`fold_with_ranges`] gives
/// each of its bytes). Both are cleared first, so that a caller can reuse them. Text that is
/// already NFC (nearly all of it) is folded in one pass; other text, or text holding a "Σ"
/// (whose lower case depends on what follows it), as [`fold_with_ranges`] does.
pub(crate) fn fold_chars(text: &str, chars: &mut Vec<char>, ranges: &mut Vec<Range<usize>>) {
    chars.clear();
    ranges.clear();
    if fold_nfc_chars(text, chars, ranges) {
        return;
    }
    chars.clear();
    ranges.clear();
    let (folded, by_byte) = fold_with_ranges(text);
    for (b, c) in folded.char_indices() {
        chars.push(c);
        ranges.push(by_byte.get(b).cloned().unwrap_or(0..0));
    }
}

/// [`fold_chars`] in one pass, for text in NFC without a "Σ"; false when the text is not
/// (what it pushed is then to be dropped). The NFC quick check of a text says Yes when it says
/// Yes for each run of non-ASCII characters (an ASCII character resets it), so only those
/// runs are checked, as they come; ASCII is folded byte by byte.
fn fold_nfc_chars(text: &str, chars: &mut Vec<char>, ranges: &mut Vec<Range<usize>>) -> bool {
    chars.reserve(text.len());
    ranges.reserve(text.len());
    let bytes = text.as_bytes();
    let mut pending_space: Option<Range<usize>> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() && !char::from(b).is_whitespace() {
            // A run of ASCII characters other than white space, folded at once.
            let end = bytes
                .get(i..)
                .and_then(|rest| {
                    rest.iter()
                        .position(|b| !b.is_ascii() || char::from(*b).is_whitespace())
                })
                .map_or(bytes.len(), |n| i + n);
            if let Some(space) = pending_space.take() {
                chars.push(' ');
                ranges.push(space);
            }
            let run = bytes.get(i..end).unwrap_or_default();
            chars.extend(
                run.iter()
                    .map(|b| canonical_char(char::from(*b)).to_ascii_lowercase()),
            );
            ranges.extend((i..end).map(|k| k..k + 1));
            i = end;
            continue;
        }
        if b.is_ascii() {
            fold_char(char::from(b), i..i + 1, chars, ranges, &mut pending_space);
            i += 1;
            continue;
        }
        let end = bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(u8::is_ascii))
            .map_or(bytes.len(), |n| i + n);
        let Some(run) = text.get(i..end) else {
            return false;
        };
        if run.contains('\u{3a3}') || is_nfc_quick(run.chars()) != IsNormalized::Yes {
            return false;
        }
        for (k, c) in run.char_indices() {
            let range = i + k..i + k + c.len_utf8();
            fold_char(c, range, chars, ranges, &mut pending_space);
        }
        i = end;
    }
    true
}

/// Whether [`fold`] makes each character of `text` one character, which [`fold_one`] gives,
/// and each run of white space one space: text in NFC (as the quick check says, the test
/// [`fold_nfc_chars`] makes), without a "Σ" (whose lower case depends on what follows it)
/// or an "İ" (whose lower case is two characters). Nearly all running text is; a lexer can
/// then read its folded characters straight from it, without building them.
pub(crate) fn folds_one_to_one(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut last_class = 0;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        // ASCII, most of any text, is told by its bytes, sixteen at a time where it can be,
        // without decoding characters.
        if let Some(chunk) = bytes.get(at..at + 16)
            && chunk.is_ascii()
        {
            last_class = 0;
            at += 16;
            continue;
        }
        if b.is_ascii() {
            last_class = 0;
            at += 1;
            continue;
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        at += c.len_utf8();
        // Below U+0300 every character is its own NFC and combines with nothing (the test
        // `below_u0300_nothing_combines` checks it): it resets the check as ASCII does.
        if c < '\u{300}' {
            if c == '\u{130}' {
                return false;
            }
            last_class = 0;
            continue;
        }
        if c == '\u{3a3}' {
            return false;
        }
        // The quick check of a run, one character at a time.
        let class = canonical_combining_class(c);
        if class != 0 && last_class > class {
            return false;
        }
        if is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
            return false;
        }
        last_class = class;
    }
    true
}

/// One character other than white space folded, in text that [`folds_one_to_one`].
#[inline]
pub(crate) fn fold_one(c: char) -> char {
    if c.is_ascii() {
        return canonical_char(c).to_ascii_lowercase();
    }
    fold_other(c)
}

/// [`fold_one`] of a character beyond ASCII (few in any text).
#[inline(never)]
fn fold_other(c: char) -> char {
    match canonical_char(c) {
        c if c.is_ascii() => c,
        // Latin-1's capitals lie 0x20 below their lower case, as in ASCII; its other
        // characters are their own lower case (most accented letters of French text).
        c @ ('\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{de}') => {
            char::from_u32(u32::from(c) + 0x20).unwrap_or(c)
        }
        c @ '\u{80}'..='\u{ff}' => c,
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// One character of NFC text folded: white space held back as one pending space, put out
/// before the next character that is not.
fn fold_char(
    c: char,
    range: Range<usize>,
    chars: &mut Vec<char>,
    ranges: &mut Vec<Range<usize>>,
    pending_space: &mut Option<Range<usize>>,
) {
    if c.is_whitespace() {
        if !chars.is_empty() && pending_space.is_none() {
            *pending_space = Some(range);
        }
        return;
    }
    if let Some(space) = pending_space.take() {
        chars.push(' ');
        ranges.push(space);
    }
    let c = canonical_char(c);
    if c.is_ascii() {
        chars.push(c.to_ascii_lowercase());
        ranges.push(range);
    } else {
        for l in c.to_lowercase() {
            chars.push(l);
            ranges.push(range.clone());
        }
    }
}

/// [`canonical`], character by character, with the range of `text` each character comes from.
fn canonical_with_ranges(text: &str) -> Vec<(char, Range<usize>)> {
    let mut normal = Vec::with_capacity(text.len());
    // NFC works on segments that start at a character nothing before it can combine with, so
    // each segment can be normalised alone and keep its position.
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if i > start && starts_segment(c) {
            push_normal(text, start..i, &mut normal);
            start = i;
        }
    }
    push_normal(text, start..text.len(), &mut normal);

    let mut out = Vec::with_capacity(normal.len());
    let mut pending_space: Option<Range<usize>> = None;
    for (c, range) in normal {
        if c.is_whitespace() {
            if !out.is_empty() && pending_space.is_none() {
                pending_space = Some(range);
            }
            continue;
        }
        if let Some(space) = pending_space.take() {
            out.push((' ', space));
        }
        out.push((canonical_char(c), range));
    }
    out
}

/// Whether normalisation cannot join `c` with what comes before it: a starter that never
/// composes with a preceding character (as ICU's `hasBoundaryBefore`).
fn starts_segment(c: char) -> bool {
    c.is_ascii()
        || (canonical_combining_class(c) == 0
            && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes)
}

fn push_normal(text: &str, range: Range<usize>, out: &mut Vec<(char, Range<usize>)>) {
    let Some(segment) = text.get(range.clone()) else {
        return;
    };
    if segment.is_ascii() || is_nfc_quick(segment.chars()) == IsNormalized::Yes {
        out.extend(
            segment
                .char_indices()
                .map(|(i, c)| (c, range.start + i..range.start + i + c.len_utf8())),
        );
    } else {
        out.extend(segment.nfc().map(|c| (c, range.clone())));
    }
}

/// Typographic apostrophes, quotes and dashes folded to ASCII.
fn canonical_char(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{2033}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => '-',
        other => other,
    }
}

/// Words as `quote-guard.py` counts them: runs of letters, digits, `_`, `'` and `-`.
/// Counted on the text's NFC characters as they come, without building its canonical form:
/// white space, which canonical folds, is never part of a word.
pub fn word_count(text: &str) -> usize {
    if is_nfc(text) {
        count_words(text.chars())
    } else {
        count_words(text.nfc())
    }
}

fn count_words(chars: impl Iterator<Item = char>) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in chars.map(canonical_char) {
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

    #[test]
    fn below_u0300_nothing_combines() {
        for c in (0..0x300).filter_map(char::from_u32) {
            assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", u32::from(c));
            assert_eq!(
                is_nfc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    /// In text that folds one to one, the lexer reads digits and their separators byte by
    /// byte, and a word count takes a word long in bytes for none of its short words: no
    /// character beyond ASCII may fold to an ASCII letter, digit or separator.
    #[test]
    fn only_ascii_folds_to_ascii_letters_digits_and_separators() {
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            if !c.is_whitespace() && folds_one_to_one(&c.to_string()) {
                let f = fold_one(c);
                assert!(
                    !(f.is_ascii_alphanumeric() || f == ',' || f == '.'),
                    "U+{:04X}",
                    u32::from(c)
                );
            }
        }
    }

    #[test]
    fn fold_one_is_lower_case_of_the_canonical_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if c != '\u{130}' {
                let expected = canonical_char(c).to_lowercase().next();
                assert_eq!(Some(fold_one(c)), expected, "U+{:04X}", u32::from(c));
            }
        }
    }

    #[test]
    fn only_dotted_capital_i_lowers_to_two_characters() {
        let longer: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().count() != 1)
            .collect();
        assert_eq!(longer, ['\u{130}']);
    }

    #[test]
    fn fold_with_map_points_back_into_the_original() {
        let text = "  Près\u{a0}d\u{2019}un  Sie\u{301}cle ";
        let (folded, map) = fold_with_map(text);
        assert_eq!(folded, fold(text));
        assert_eq!(folded, "près d'un siécle");
        assert_eq!(map.len(), folded.len());
        // "près" starts at byte 2 of the original; the no-break space maps to itself.
        assert_eq!(map[0], 2);
        let space = folded.find(' ').unwrap_or_default();
        assert_eq!(&text[map[space]..map[space] + 2], "\u{a0}");
        // The apostrophe is three bytes in the original, one in the folded text.
        let apostrophe = folded.find('\'').unwrap_or_default();
        assert_eq!(&text[map[apostrophe]..map[apostrophe] + 3], "\u{2019}");
        // "e" and its combining accent became one "é", which maps to the "e".
        let e = folded.find('é').unwrap_or_default();
        assert_eq!(&text[map[e]..map[e] + 1], "e");
        assert_eq!(fold_with_map(""), (String::new(), vec![]));
    }

    /// A letter after a decomposed accent is normalised on its own: it maps to its own byte,
    /// not to the start of the accented letter before it.
    #[test]
    fn a_letter_after_a_decomposed_accent_maps_to_itself() {
        let text = "e\u{301}\u{f1}a";
        let (folded, map) = fold_with_map(text);
        assert_eq!(folded, fold(text));
        let starts: Vec<usize> = folded.char_indices().map(|(i, _)| map[i]).collect();
        // "é" from bytes 0 to 3, "ñ" at 3 (two bytes), "a" at 5.
        assert_eq!(starts, [0, 3, 5]);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Letters, accents, combining marks, Hangul jamo, a final sigma, typographic quotes, every
    /// kind of space: what makes folding change lengths.
    fn messy() -> impl Strategy<Value = String> {
        let pieces = proptest::sample::select(
            &[
                "a",
                "É",
                "e\u{301}",
                "\u{301}",
                "\u{327}\u{301}",
                "ΟΔΟΣ ",
                "Σ",
                "İ",
                "ß",
                "\u{1100}\u{1161}",
                "\u{212b}",
                "\u{2019}",
                "«",
                " ",
                "\u{a0}",
                "\u{202f}",
                "\t",
                "\n",
                "7\u{a0}000",
                "d'",
                "-",
                "\u{2013}",
                "ǅ",
                "\u{344}",
            ][..],
        );
        prop_oneof![
            proptest::collection::vec(pieces, 0..12).prop_map(|v| v.concat()),
            any::<String>(),
        ]
    }

    proptest! {
        #[test]
        fn canonical_is_canonical_of_nfc(text in messy()) {
            prop_assert_eq!(canonical(&text), canonical_of(text.len(), text.nfc()));
        }

        #[test]
        fn fold_is_canonical_in_lower_case(text in messy()) {
            prop_assert_eq!(fold(&text), canonical(&text).to_lowercase());
        }

        #[test]
        fn word_count_counts_the_words_of_the_canonical_text(text in messy()) {
            let words = canonical(&text)
                .split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '\'' | '-')))
                .filter(|w| !w.is_empty())
                .count();
            prop_assert_eq!(word_count(&text), words);
        }

        #[test]
        fn fold_chars_is_fold_with_ranges_by_character(text in messy()) {
            let (folded, ranges) = fold_with_ranges(&text);
            let expected: Vec<(char, Range<usize>)> = folded
                .char_indices()
                .map(|(b, c)| (c, ranges[b].clone()))
                .collect();
            // Buffers left over from a previous paragraph must be emptied, not appended to.
            let mut chars = vec!['x'];
            let mut ranges: Vec<Range<usize>> = Vec::new();
            ranges.push(0..1);
            fold_chars(&text, &mut chars, &mut ranges);
            let got: Vec<(char, Range<usize>)> = chars.into_iter().zip(ranges).collect();
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn one_to_one_is_the_quick_check_without_sigma_or_dotted_i(text in messy()) {
            let expected = is_nfc_quick(text.chars()) == IsNormalized::Yes
                && !text.contains(['\u{3a3}', '\u{130}']);
            prop_assert_eq!(folds_one_to_one(&text), expected);
        }

        #[test]
        fn one_to_one_text_folds_character_by_character(text in messy()) {
            prop_assume!(folds_one_to_one(&text));
            let mut expected = String::new();
            for c in text.chars() {
                if c.is_whitespace() {
                    if !expected.is_empty() && !expected.ends_with(' ') {
                        expected.push(' ');
                    }
                } else {
                    expected.push(fold_one(c));
                }
            }
            prop_assert_eq!(expected.trim_end(), fold(&text));
        }

        #[test]
        fn fold_with_map_folds_like_fold_and_maps_to_char_starts(text in messy()) {
            let (folded, map) = fold_with_map(&text);
            prop_assert_eq!(&folded, &fold(&text));
            prop_assert_eq!(map.len(), folded.len());
            prop_assert!(map.windows(2).all(|w| w[0] <= w[1]), "{:?}", map);
            for offset in map {
                prop_assert!(offset < text.len() && text.is_char_boundary(offset));
            }
        }
    }
}

/// Characters that show as nothing (Unicode's Default_Ignorable set: soft hyphen, zero-width
/// spaces and joiners, bidi marks and isolates, variation selectors, tags, Hangul fillers…),
/// which make text that looks the same differ. A byte order mark at the start of a file is
/// the reader's to strip before.
pub fn invisible(c: char) -> bool {
    use unicode_security::GeneralSecurityProfile;
    // No ASCII character is Default_Ignorable: answered without the table.
    if c.is_ascii() {
        return false;
    }
    use unicode_security::general_security_profile::IdentifierType;
    c.identifier_type() == Some(IdentifierType::Default_Ignorable)
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{2800}')
}

/// The first word of `text` that mixes scripts ("TSMС" with a Cyrillic С), which looks like
/// another word and resolves to nothing, or to a second entity.
pub fn mixed_script_word(text: &str) -> Option<&str> {
    use unicode_security::MixedScript;
    // ASCII letters and digits are one script (Latin, digits being common to all).
    if text.is_ascii() {
        return None;
    }
    text.split(|c: char| !c.is_alphanumeric())
        .find(|word| !word.is_empty() && !latin(word) && !word.is_single_script())
}

/// Whether every character of `word` is below U+0250 (Basic Latin, Latin-1 and Latin
/// Extended-A and -B): Latin or common to every script, so one script. French and most
/// European text passes here without a script lookup per character.
fn latin(word: &str) -> bool {
    word.chars().all(|c| c < '\u{250}')
}

/// `text` in Unicode NFC, borrowed when it already is: text that looks the same is then the
/// same bytes, whatever the keyboard or the file's history.
pub fn to_nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if is_nfc(text) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

#[cfg(test)]
mod security {
    use super::*;

    #[test]
    fn invisible_characters_are_named() {
        for c in [
            '\u{AD}',
            '\u{200B}',
            '\u{200D}',
            '\u{2066}',
            '\u{2067}',
            '\u{2069}',
            '\u{061C}',
            '\u{180E}',
            '\u{034F}',
            '\u{FE0F}',
            '\u{E0041}',
            '\u{3164}',
            '\u{2800}',
            '\u{2028}',
        ] {
            assert!(invisible(c), "U+{:04X}", u32::from(c));
        }
        for c in ['a', 'é', ' ', '\u{A0}', '-', '’', '€', '中'] {
            assert!(!invisible(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn words_that_mix_scripts_are_found() {
        assert_eq!(mixed_script_word("TSM\u{421} Corp"), Some("TSM\u{421}"));
        assert_eq!(
            mixed_script_word("Jean-Claude Muller, 22,1 milliards de $"),
            None
        );
        assert_eq!(mixed_script_word("東京の半導体"), None);
        assert_eq!(mixed_script_word("Pétrole et semi-conducteurs"), None);
        // Latin Extended-A and -B, and the signs common to every script, are one script.
        assert_eq!(mixed_script_word("Łódź Ærø œuvre Ǆ 3×4"), None);
        // Beyond them, scripts are looked up: Greek beside Latin is found, Latin Extended
        // Additional alone is not.
        assert_eq!(mixed_script_word("café Ωé"), Some("Ωé"));
        assert_eq!(mixed_script_word("Ḁbc"), None);
    }

    #[test]
    fn text_is_published_in_nfc() {
        assert_eq!(to_nfc("Core\u{301}e"), "Corée");
        assert!(matches!(to_nfc("Corée"), std::borrow::Cow::Borrowed(_)));
    }
}
