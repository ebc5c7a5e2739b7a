//! What the number and period grammars share: the tokenizer and the error they report.

use std::cell::RefCell;
use std::fmt;
use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::text::{fold_chars, fold_one, folds_one_to_one};

/// A cell the grammar cannot read. Its message quotes the text, says why and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrammarError {
    /// What was expected: "number", "period" or "date".
    pub expected: &'static str,
    pub text: String,
    pub reason: String,
    pub hint: String,
}

impl fmt::Display for GrammarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read \"{}\" as a {}: {}",
            self.text, self.expected, self.reason
        )?;
        if !self.hint.is_empty() {
            write!(f, "; {}", self.hint)?;
        }
        Ok(())
    }
}

impl std::error::Error for GrammarError {}

/// What a token is, in the folded (lower-case, canonical) text.
#[derive(Debug, Clone, PartialEq)]
pub enum Lexeme {
    /// Digits with the separators between them, as typed ("1 234,5").
    Num(String),
    /// A lower-case word; an elided article keeps its apostrophe ("d'").
    Word(String),
    Sym(char),
}

impl fmt::Display for Lexeme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lexeme::Num(s) | Lexeme::Word(s) => f.write_str(s),
            Lexeme::Sym(c) => write!(f, "{c}"),
        }
    }
}

/// A lexeme and the bytes of the original text it was read from, so that a scanner can say
/// where a figure is and a grammar can look at what was typed (an upper-case "CHF" is a
/// currency code; a lower-case "g" a gram, an upper-case "G" not).
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub lexeme: Lexeme,
    pub span: Range<usize>,
}

impl Token {
    /// The token as typed in `original`, the text it was read from.
    pub fn typed<'a>(&self, original: &'a str) -> &'a str {
        original.get(self.span.clone()).unwrap_or("")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.lexeme.fmt(f)
    }
}

const SYMBOLS: &[char] = &[
    '$', '€', '%', '×', '~', '≈', '+', '-', '−', '£', '¥', '₩', '.', ':', '/',
];

/// Splits a cell into tokens. Text is first put in canonical form (NFC, one kind of space and
/// apostrophe) and lower-cased; each token keeps its byte span in `text`. A character no
/// grammar reads is an error: in a cell it is a typo.
pub fn tokenize(text: &str) -> Result<Vec<Token>, char> {
    lex(text, false)
}

/// Splits running text into tokens, as [`tokenize`] does, but never fails: a character no
/// grammar reads ("!", "?", ";") becomes a symbol that ends whatever a grammar was reading.
pub fn tokenize_running(text: &str) -> Vec<Token> {
    lex(text, true).unwrap_or_default()
}

fn lex(text: &str, running: bool) -> Result<Vec<Token>, char> {
    // Running text is nearly always folded one character to one: then it is read as it is,
    // without building its folded characters first.
    if running && folds_one_to_one(text) {
        return Ok(with_spare(|spare| lex_one_to_one(text, spare)));
    }
    thread_local! {
        /// The folded characters and their ranges, kept from one call to the next: running
        /// text is read a paragraph at a time, and these are its largest buffers.
        static FOLDED: RefCell<(Vec<char>, Vec<Range<usize>>)> = const {
            RefCell::new((Vec::new(), Vec::new()))
        };
    }
    FOLDED.with(|folded| match folded.try_borrow_mut() {
        Ok(mut folded) => {
            let (letters, ranges) = &mut *folded;
            fold_chars(text, letters, ranges);
            lex_folded(letters, ranges, running)
        }
        Err(_) => {
            let (mut letters, mut ranges) = (Vec::new(), Vec::new());
            fold_chars(text, &mut letters, &mut ranges);
            lex_folded(&letters, &ranges, running)
        }
    })
}

/// [`lex`] on folded characters and the ranges of the text they come from.
fn lex_folded(
    letters: &[char],
    ranges: &[Range<usize>],
    running: bool,
) -> Result<Vec<Token>, char> {
    with_spare(|spare| lex_tokens(letters, ranges, running, spare))
}

/// `lex` with the thread's spare strings, taken once for the paragraph, and what is left
/// given back.
fn with_spare<T>(lex: impl FnOnce(&mut Vec<String>) -> T) -> T {
    let mut spare = SPARE
        .with(|spare| {
            spare
                .try_borrow_mut()
                .map(|mut spare| std::mem::take(&mut *spare))
        })
        .unwrap_or_default();
    let tokens = lex(&mut spare);
    SPARE.with(|kept| {
        if let Ok(mut kept) = kept.try_borrow_mut() {
            if kept.is_empty() {
                *kept = spare;
            } else {
                kept.append(&mut spare);
                kept.truncate(SPARE_STRINGS);
            }
        }
    });
    tokens
}

/// [`lex_tokens`] of running text that [`folds_one_to_one`], read from the text itself: each
/// character folded as it comes ([`fold_one`]), a run of white space standing for one space;
/// ASCII, most of any text, byte by byte. A token's span runs from its first character to the
/// end of its last, as the ranges of [`fold_chars`] give it.
fn lex_one_to_one(text: &str, spare: &mut Vec<String>) -> Vec<Token> {
    let mut tokens = spare_tokens();
    tokens.reserve(text.len() / 4 + 1);
    let mut word = spare.pop().unwrap_or_default();
    shapes_one_to_one(text, &mut word, |shape, span, word| {
        let lexeme = match shape {
            // The word was folded into `word`: it is taken whole, a spare string left in
            // its place for the next word.
            Shape::Word => Lexeme::Word(std::mem::replace(word, spare.pop().unwrap_or_default())),
            Shape::Num => Lexeme::Num(folded_number(text, span.clone(), spare)),
            Shape::Sym(c) => Lexeme::Sym(c),
        };
        tokens.push(Token { lexeme, span });
    });
    word.clear();
    spare.push(word);
    tokens
}

/// What a token of running text is, before its string is built.
enum Shape {
    Word,
    Num,
    Sym(char),
}

/// The tokens of running text that [`folds_one_to_one`], in order: what each is and its
/// bytes, handed to `token` with, for a word, `word` holding its folded characters (folded
/// as the word is read, not read twice).
fn shapes_one_to_one(
    text: &str,
    word: &mut String,
    mut token: impl FnMut(Shape, Range<usize>, &mut String),
) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        let start = at;
        let shape = if b.is_ascii_alphabetic() {
            word.clear();
            at = read_word(text, at, word);
            Shape::Word
        } else if b.is_ascii_digit() {
            at = number_end(text, at);
            Shape::Num
        } else if b.is_ascii() {
            at += 1;
            if char::from(b).is_whitespace() {
                continue;
            }
            Shape::Sym(fold_one(char::from(b)))
        } else {
            let Some(c) = char_after(text, at) else {
                break;
            };
            if c.is_whitespace() {
                at += c.len_utf8();
                continue;
            }
            let f = fold_one(c);
            if letter(f) {
                word.clear();
                at = read_word(text, at, word);
                Shape::Word
            } else {
                at += c.len_utf8();
                Shape::Sym(f)
            }
        };
        token(shape, start..at, word);
    }
}

/// How many of the words of running text ([`tokenize_running`]'s `Word` lexemes) are each of
/// `words` (lower case, as the tokenizer folds them; a word listed twice is counted twice): for
/// a question asked of a whole text, such as which language it is in, without building its
/// tokens.
pub fn count_running_words(text: &str, words: &[&str]) -> Vec<usize> {
    let mut counts = vec![0; words.len()];
    // Each word's places in `words`, found with one look-up; a longer word is none of them.
    let mut places: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (k, w) in words.iter().enumerate() {
        places.entry(w).or_default().push(k);
    }
    let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
    let mut count = |word: &str| {
        if word.len() <= longest
            && let Some(places) = places.get(word)
        {
            for &k in places {
                counts[k] += 1;
            }
        }
    };
    if folds_one_to_one(text) {
        shapes_one_to_one(text, &mut String::new(), |shape, _, word| {
            if matches!(shape, Shape::Word) {
                count(word);
            }
        });
    } else {
        for token in tokenize_running(text) {
            if let Lexeme::Word(w) = &token.lexeme {
                count(w);
            }
        }
    }
    counts
}

/// `c.is_alphabetic()`, answered without Unicode's tables for Latin-1 (the accented letters of
/// French and most European text).
fn letter(c: char) -> bool {
    match c {
        '\0'..='\u{7f}' => c.is_ascii_alphabetic(),
        '\u{aa}' | '\u{b5}' | '\u{ba}' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' => true,
        '\u{f8}'..='\u{ff}' => true,
        '\u{80}'..='\u{f7}' => false,
        _ => c.is_alphabetic(),
    }
}

/// The character at byte `at` (a character boundary) of `text`.
fn char_after(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|rest| rest.chars().next())
}

/// The folded character at byte `at` of text that [`folds_one_to_one`] and its length in
/// the text; white space is a space.
fn folded_char(text: &str, at: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(at)?;
    if b.is_ascii() {
        let c = char::from(b);
        return Some((if c.is_whitespace() { ' ' } else { fold_one(c) }, 1));
    }
    let c = char_after(text, at)?;
    let f = if c.is_whitespace() { ' ' } else { fold_one(c) };
    Some((f, c.len_utf8()))
}

/// Whether the character at byte `at` folds to a letter.
fn letter_at(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        Some(b) if b.is_ascii() => b.is_ascii_alphabetic(),
        Some(_) => folded_char(text, at).is_some_and(|(f, _)| letter(f)),
        None => false,
    }
}

/// Reads the word starting at byte `at`, its folded characters pushed on `out`, and returns
/// where it ends: letters, a hyphen between letters, and one apostrophe after them ("d'").
fn read_word(text: &str, mut at: usize, out: &mut String) -> usize {
    let bytes = text.as_bytes();
    loop {
        match bytes.get(at) {
            Some(&b) if b.is_ascii_alphabetic() => {
                out.push(char::from(b.to_ascii_lowercase()));
                at += 1;
            }
            Some(b'-') if letter_at(text, at + 1) => {
                out.push('-');
                at += 1;
            }
            Some(b) if !b.is_ascii() => match folded_char(text, at) {
                Some((f, len)) if letter(f) || (f == '-' && letter_at(text, at + len)) => {
                    out.push(f);
                    at += len;
                }
                _ => break,
            },
            _ => break,
        }
    }
    // Of ASCII, only "'" and "`" fold to an apostrophe (a test checks it): any other byte is
    // told without folding it.
    let may_be_apostrophe = bytes
        .get(at)
        .is_some_and(|&b| !b.is_ascii() || APOSTROPHES.contains(&b));
    if may_be_apostrophe && let Some(('\'', len)) = folded_char(text, at) {
        out.push('\'');
        return at + len;
    }
    at
}

/// The ASCII characters that fold to an apostrophe.
const APOSTROPHES: [u8; 2] = [b'\'', b'`'];

/// Where the number starting at byte `at` ends, as `number_continues` reads running text:
/// digits; a run of white space before exactly three digits; a comma or a dot before a digit
/// or another separator.
fn number_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    let digit = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_digit);
    loop {
        match bytes.get(at) {
            Some(b'0'..=b'9') => at += 1,
            Some(b',' | b'.') if matches!(bytes.get(at + 1), Some(b'0'..=b'9' | b',' | b'.')) => {
                at += 1;
            }
            Some(_) => {
                let mut next = at;
                while let Some((' ', len)) = folded_char(text, next) {
                    next += len;
                }
                if next > at && (next..next + 3).all(digit) && !digit(next + 3) {
                    at = next;
                } else {
                    break;
                }
            }
            None => break,
        }
    }
    at
}

/// A number's folded string, in a spare string when there is one: a run of white space
/// inside it is one space.
fn folded_number(text: &str, span: Range<usize>, spare: &mut Vec<String>) -> String {
    let mut out = spare.pop().unwrap_or_default();
    let typed = text.get(span).unwrap_or_default();
    let mut space = false;
    for c in typed.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// [`lex_folded`], its words' strings taken from `spare` first.
fn lex_tokens(
    letters: &[char],
    ranges: &[Range<usize>],
    running: bool,
    spare: &mut Vec<String>,
) -> Result<Vec<Token>, char> {
    // Tokens are seldom shorter than three characters with their space.
    let mut tokens = spare_tokens();
    tokens.reserve(letters.len() / 3 + 1);
    // The bytes of `text` that folded characters `from..to` come from.
    let span = |from: usize, to: usize| -> Range<usize> {
        match (
            ranges.get(from),
            to.checked_sub(1).and_then(|last| ranges.get(last)),
        ) {
            (Some(a), Some(b)) => a.start..b.end.max(a.start),
            _ => 0..0,
        }
    };
    let mut word = |from: usize, to: usize| -> String {
        let mut word = spare.pop().unwrap_or_default();
        word.extend(&letters[from..to]);
        word
    };
    let mut i = 0;
    while i < letters.len() {
        let c = letters[i];
        if c == ' ' {
            i += 1;
        } else if c.is_ascii_digit() {
            // A number runs over digits and over separators that sit between digits, or that
            // repeat (so "22,,1" reaches the number parser whole and is refused there).
            let start = i;
            while i < letters.len() && number_continues(letters, i, running) {
                i += 1;
            }
            tokens.push(Token {
                lexeme: Lexeme::Num(word(start, i)),
                span: span(start, i),
            });
        } else if c.is_alphabetic() {
            let start = i;
            while i < letters.len()
                && (letters[i].is_alphabetic()
                    || (letters[i] == '-' && letters.get(i + 1).is_some_and(|n| n.is_alphabetic())))
            {
                i += 1;
            }
            if letters.get(i) == Some(&'\'') {
                i += 1;
            }
            tokens.push(Token {
                lexeme: Lexeme::Word(word(start, i)),
                span: span(start, i),
            });
        } else if SYMBOLS.contains(&c) || matches!(c, '\'' | '"' | ',' | '(' | ')') || running {
            tokens.push(Token {
                lexeme: Lexeme::Sym(c),
                span: span(i, i + 1),
            });
            i += 1;
        } else {
            return Err(c);
        }
    }
    Ok(tokens)
}

thread_local! {
    /// Strings of tokens read before, emptied, for the next tokens to reuse: running text is
    /// read a paragraph at a time, and each word would otherwise cost an allocation and a free.
    static SPARE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// The vector of the tokens read before, emptied, for the next paragraph's.
    static SPARE_TOKENS: RefCell<Vec<Token>> = const { RefCell::new(Vec::new()) };
}

/// The most spare strings a thread keeps.
const SPARE_STRINGS: usize = 4096;

/// An empty string, reused when one is spare.
pub(crate) fn spare_string() -> String {
    SPARE
        .with(|spare| {
            spare
                .try_borrow_mut()
                .ok()
                .and_then(|mut spare| spare.pop())
        })
        .unwrap_or_default()
}

/// An empty vector of tokens, reused when one is spare.
fn spare_tokens() -> Vec<Token> {
    SPARE_TOKENS
        .with(|spare| {
            spare
                .try_borrow_mut()
                .ok()
                .map(|mut spare| std::mem::take(&mut *spare))
        })
        .unwrap_or_default()
}

/// Gives tokens no longer needed back, their strings and their vector, for the next tokens
/// to reuse.
pub(crate) fn recycle(mut tokens: Vec<Token>) {
    SPARE.with(|spare| {
        let Ok(mut spare) = spare.try_borrow_mut() else {
            return;
        };
        for token in tokens.drain(..) {
            if spare.len() >= SPARE_STRINGS {
                break;
            }
            if let Lexeme::Word(mut string) | Lexeme::Num(mut string) = token.lexeme {
                string.clear();
                spare.push(string);
            }
        }
    });
    tokens.clear();
    SPARE_TOKENS.with(|spare| {
        if let Ok(mut spare) = spare.try_borrow_mut()
            && tokens.capacity() > spare.capacity()
        {
            *spare = tokens;
        }
    });
}

/// The numbers of running text, as [`tokenize_running`] reads them (its `Num` lexemes, in
/// order: "7 000", "3.300", "22,1"), without folding the text or reading its words: for a
/// question asked of a whole text, such as how it groups its thousands. Whether a character
/// belongs to a number depends only on digits, "," and "." (which folding leaves as they are)
/// and on white space (a run of which folding makes one space), so the text is read as it is.
pub fn running_numbers(text: &str) -> impl Iterator<Item = String> + '_ {
    let bytes = text.as_bytes();
    let digit = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_digit);
    // Where the run of white space at `at` ends, if one starts there.
    let space_end = move |at: usize| {
        let rest = text.get(at..).unwrap_or_default();
        let skipped = rest
            .char_indices()
            .find(|(_, c)| !c.is_whitespace())
            .map_or(rest.len(), |(n, _)| n);
        (skipped > 0).then_some(at + skipped)
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        i += bytes.get(i..)?.iter().position(u8::is_ascii_digit)?;
        let mut number = String::new();
        while i < bytes.len() {
            match bytes[i] {
                b if b.is_ascii_digit() => {
                    number.push(char::from(b));
                    i += 1;
                }
                // As `number_continues` in running text: a separator before a digit or
                // another separator.
                b @ (b',' | b'.') if matches!(bytes.get(i + 1), Some(n) if n.is_ascii_digit() || *n == b',' || *n == b'.') =>
                {
                    number.push(char::from(b));
                    i += 1;
                }
                _ => match space_end(i) {
                    // A space before a group of exactly three digits.
                    Some(end) if (end..end + 3).all(digit) && !digit(end + 3) => {
                        number.push(' ');
                        i = end;
                    }
                    _ => break,
                },
            }
        }
        Some(number)
    })
}

/// Whether `chars[i]` still belongs to the number being read. Digits do; a space does when a
/// group of exactly three digits follows ("7 000", but not "T4 2023"). A comma or dot does when
/// a digit or another separator follows (so "22,,1" reaches the number parser whole and is
/// refused there), or when it ends a cell ("22,"); in running text a dot or comma that ends
/// the text ends a sentence ("d'ici 2030."). "2023, puis" is a number and then a comma.
fn number_continues(chars: &[char], i: usize, running: bool) -> bool {
    let next = chars.get(i + 1).copied();
    match chars[i] {
        c if c.is_ascii_digit() => true,
        ' ' => {
            let digits = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            digits == 3
        }
        ',' | '.' => match next {
            Some(n) if n.is_ascii_digit() || n == ',' || n == '.' => true,
            _ => !running && !chars[i + 1..].iter().any(|c| c.is_alphanumeric()),
        },
        _ => false,
    }
}

/// A plain French number word (zéro … seize, the tens to soixante, cent, mille).
pub fn number_word(word: &str) -> Option<f64> {
    Some(match word {
        "zéro" => 0.0,
        "un" | "une" => 1.0,
        "deux" => 2.0,
        "trois" => 3.0,
        "quatre" => 4.0,
        "cinq" => 5.0,
        "six" => 6.0,
        "sept" => 7.0,
        "huit" => 8.0,
        "neuf" => 9.0,
        "dix" => 10.0,
        "onze" => 11.0,
        "douze" => 12.0,
        "treize" => 13.0,
        "quatorze" => 14.0,
        "quinze" => 15.0,
        "seize" => 16.0,
        "vingt" => 20.0,
        "trente" => 30.0,
        "quarante" => 40.0,
        "cinquante" => 50.0,
        "soixante" => 60.0,
        "cent" => 100.0,
        "mille" => 1000.0,
        _ => return None,
    })
}

/// Reads the digits of a French number: decimal comma, thousands grouped by spaces or dots.
/// Refuses what it would have to guess at: "1.234" (thousands or English decimals?),
/// "22.1" (English decimals), groups that are not three digits.
pub fn decimal(raw: &str) -> Result<f64, (String, String)> {
    let refuse = |reason: &str, hint: String| Err((reason.to_string(), hint));
    if raw.contains(",,") || raw.contains("..") || raw.contains(",.") || raw.contains(".,") {
        return refuse(
            "two separators in a row",
            "write one decimal comma, as in 22,1".into(),
        );
    }
    let parts: Vec<&str> = raw.split(',').collect();
    if parts.len() > 2 {
        return refuse(
            "more than one decimal comma",
            "a French number has at most one comma, before its decimals".into(),
        );
    }
    let (int_part, frac) = (parts[0], parts.get(1).copied());
    if frac == Some("") {
        return refuse(
            "nothing after the decimal comma",
            "write the decimals or drop the comma".into(),
        );
    }
    if frac.is_some_and(|f| !f.chars().all(|c| c.is_ascii_digit())) {
        return refuse(
            "a separator among the decimals",
            "decimals are plain digits after the comma".into(),
        );
    }
    let spaces = int_part.contains(' ');
    let dots = int_part.contains('.');
    if spaces && dots {
        return refuse(
            "it mixes spaces and dots as thousands separators",
            "group thousands with spaces only, as in 1 234 567".into(),
        );
    }
    let groups: Vec<&str> = int_part.split([' ', '.']).collect();
    if dots && frac.is_none() && groups.len() == 2 {
        return if groups[1].len() == 3 {
            refuse(
                "it is ambiguous: the dot may separate thousands or decimals",
                format!(
                    "write {} for the thousands or {},{} for decimals",
                    groups.join(" "),
                    groups[0],
                    groups[1]
                ),
            )
        } else {
            refuse(
                "it has a decimal point",
                format!(
                    "French numbers take a decimal comma: write {},{}",
                    groups[0], groups[1]
                ),
            )
        };
    }
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return refuse(
            "its thousands groups are not of three digits",
            "group digits by three from the right, as in 7 000 or 1 234 567".into(),
        );
    }
    // "7,000" is seven in French and seven thousand in English: a thousand-fold error if
    // guessed wrong, so refused like "2.000". Not ambiguous: 0,125, and 1000,000 or 1 000,000
    // (English would write 1,000,000).
    if let Some(f) = frac
        && f.len() == 3
        && groups.len() == 1
        && (1..=3).contains(&int_part.len())
        && int_part != "0"
    {
        return refuse(
            "it is ambiguous: the comma may separate decimals (French) or thousands (English)",
            {
                let decimals = f.trim_end_matches('0');
                let decimal = if decimals.is_empty() {
                    int_part.to_string()
                } else {
                    format!("{int_part},{decimals}")
                };
                format!(
                    "write {int_part} {f} for the thousands or {decimal} for the decimal reading"
                )
            },
        );
    }
    let digits: String = groups.concat();
    let literal = match frac {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    match literal.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        // Over 300 digits parse as infinity.
        Ok(_) => refuse(
            "it has too many digits to be a figure",
            "check the digits".into(),
        ),
        Err(_) => Err(("it is not a number".to_string(), String::new())),
    }
}

/// A Roman numeral (I … MMM), for centuries such as "XXe siècle".
pub fn roman(text: &str) -> Option<u32> {
    // Every character a numeral's, or nothing is read: most words stop at their first letter.
    if text.is_empty() || !text.chars().all(|c| roman_digit(c).is_some()) {
        return None;
    }
    let mut total = 0;
    let mut digits = text.chars().filter_map(roman_digit).peekable();
    while let Some(d) = digits.next() {
        if digits.peek().is_some_and(|next| *next > d) {
            total -= i64::from(d);
        } else {
            total += i64::from(d);
        }
    }
    // Only the canonical spelling: "IIX" sums to 10 but is no numeral, and "XXe" is the one
    // way to write 20.
    let total = u32::try_from(total)
        .ok()
        .filter(|t| (1..4000).contains(t))?;
    spells_roman(total, text).then_some(total)
}

fn roman_digit(c: char) -> Option<u32> {
    match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        'd' => Some(500),
        'm' => Some(1000),
        _ => None,
    }
}

/// The parts of a canonical lower-case numeral, largest first.
const ROMAN_PARTS: [(u32, &str); 13] = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
];

/// Whether `text` is the canonical lower-case numeral of `n` (1 to 3999), read part by part
/// rather than written out.
fn spells_roman(mut n: u32, text: &str) -> bool {
    let mut rest = text;
    for (value, letters) in ROMAN_PARTS {
        while n >= value {
            match rest.strip_prefix(letters) {
                Some(after) => rest = after,
                None => return false,
            }
            n -= value;
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `roman` as it was: every digit read into a vector, the numeral written out to compare.
    fn roman_reference(text: &str) -> Option<u32> {
        let digits: Option<Vec<u32>> = text.chars().map(roman_digit).collect();
        let digits = digits?;
        if digits.is_empty() {
            return None;
        }
        let mut total = 0;
        for (i, d) in digits.iter().enumerate() {
            if digits.get(i + 1).is_some_and(|next| next > d) {
                total -= *d as i64;
            } else {
                total += *d as i64;
            }
        }
        let total = u32::try_from(total)
            .ok()
            .filter(|t| (1..4000).contains(t))?;
        let mut written = String::new();
        let mut n = total;
        for (value, letters) in ROMAN_PARTS {
            while n >= value {
                written.push_str(letters);
                n -= value;
            }
        }
        (written == text).then_some(total)
    }

    #[test]
    fn roman_reads_as_it_did() {
        // Every string of up to four numeral letters (and a few others), and every canonical
        // numeral with a letter added.
        let letters = ['i', 'v', 'x', 'l', 'c', 'd', 'm', 'e', 'é'];
        let mut words = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = words
                .iter()
                .flat_map(|w| letters.iter().map(move |c| format!("{w}{c}")))
                .collect();
            words.extend(longer);
        }
        words.sort();
        words.dedup();
        for n in 1..4000 {
            let mut numeral = String::new();
            let mut rest = n;
            for (value, part) in ROMAN_PARTS {
                while rest >= value {
                    numeral.push_str(part);
                    rest -= value;
                }
            }
            words.push(format!("{numeral}i"));
            words.push(format!("i{numeral}"));
            words.push(numeral);
        }
        for w in &words {
            assert_eq!(roman(w), roman_reference(w), "{w:?}");
        }
    }

    #[test]
    fn only_canonical_roman_numerals_read() {
        assert_eq!(roman("xx"), Some(20));
        assert_eq!(roman("xix"), Some(19));
        assert_eq!(roman("mcmxc"), Some(1990));
        // Malformed spellings that a naive sum would read (IIX as 10, VV as 10, IC as 99).
        for bad in ["iix", "vv", "ic", "xxxx", "iiii", "lc"] {
            assert_eq!(roman(bad), None, "{bad}");
        }
    }

    fn lexemes(text: &str) -> Vec<Lexeme> {
        tokenize(text)
            .unwrap()
            .into_iter()
            .map(|t| t.lexeme)
            .collect()
    }

    #[test]
    fn tokenizes_numbers_words_and_symbols() {
        assert_eq!(
            lexemes("22,1 milliards de $"),
            vec![
                Lexeme::Num("22,1".into()),
                Lexeme::Word("milliards".into()),
                Lexeme::Word("de".into()),
                Lexeme::Sym('$')
            ]
        );
        assert_eq!(
            lexemes("7\u{a0}000 d\u{2019}euros"),
            vec![
                Lexeme::Num("7 000".into()),
                Lexeme::Word("d'".into()),
                Lexeme::Word("euros".into())
            ]
        );
        assert_eq!(lexemes("22,,1"), vec![Lexeme::Num("22,,1".into())]);
        assert_eq!(lexemes("22,"), vec![Lexeme::Num("22,".into())]);
        assert_eq!(lexemes("2023, puis")[1], Lexeme::Sym(','));
        assert_eq!(tokenize("a\u{1}b"), Err('\u{1}'));
        let running: Vec<Lexeme> = tokenize_running("Oui ! 5 %")
            .into_iter()
            .map(|t| t.lexeme)
            .collect();
        assert_eq!(
            running,
            [
                Lexeme::Word("oui".into()),
                Lexeme::Sym('!'),
                Lexeme::Num("5".into()),
                Lexeme::Sym('%')
            ]
        );
    }

    /// A hyphen joins letters only ("mi-2024" is a word, a hyphen and a year), and a backtick
    /// typed for an apostrophe folds to one, in a cell and in running text.
    #[test]
    fn hyphens_join_letters_and_a_backtick_is_an_apostrophe() {
        let word = |w: &str| Lexeme::Word(w.into());
        let expected = vec![
            word("mi"),
            Lexeme::Sym('-'),
            Lexeme::Num("2024".into()),
            word("l'"),
            word("usine"),
            word("bien-être"),
        ];
        let text = "mi-2024 l`usine bien-être";
        assert_eq!(lexemes(text), expected);
        let running: Vec<Lexeme> = tokenize_running(text)
            .into_iter()
            .map(|t| t.lexeme)
            .collect();
        assert_eq!(running, expected);
    }

    #[test]
    fn tokens_keep_their_span_in_the_original() {
        let text = "  Près\u{a0}de 7\u{202f}000 d\u{2019}EUR, soit 5 %";
        let tokens = tokenize(text).unwrap();
        let typed: Vec<&str> = tokens.iter().map(|t| t.typed(text)).collect();
        assert_eq!(
            typed,
            [
                "Près",
                "de",
                "7\u{202f}000",
                "d\u{2019}",
                "EUR",
                ",",
                "soit",
                "5",
                "%"
            ]
        );
        let accented = "Sie\u{301}cle";
        assert_eq!(tokenize(accented).unwrap()[0].typed(accented), accented);
    }

    /// The numbers `running_numbers` reads are the `Num` lexemes of `tokenize_running`.
    fn numbers_as_tokenized(text: &str) -> Vec<String> {
        tokenize_running(text)
            .into_iter()
            .filter_map(|t| match t.lexeme {
                Lexeme::Num(n) => Some(n),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn running_numbers_are_the_tokenizers() {
        for text in [
            "7 000 et 3.300 milliards, 22,1 %, 2023. Puis 1 234 567,89",
            "12\n345 puis 12\r\n\n 345 et 12 3456, 1\u{a0}000\u{202f}000",
            "T4 2023, CO2, 15H05, 22,,1 et 1..2 ou 1,.2 ; 3, 4. 5.",
            "12 \u{2028}345 ou 1\u{200b}000, 1\u{301},5 et \u{ff11}2",
            "",
            " ",
            "9",
            "1 00",
            "1 0000",
            "1 000 00",
        ] {
            assert_eq!(
                running_numbers(text).collect::<Vec<_>>(),
                numbers_as_tokenized(text),
                "{text:?}"
            );
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn pieces() -> impl Strategy<Value = String> {
            let piece = proptest::sample::select(
                &[
                    "1", "23", "000", "7", " ", "  ", "\n", "\r\n", "\t", "\u{a0}", "\u{202f}",
                    ",", ".", ",,", "a", "É", "e\u{301}", "\u{301}", "\u{200b}", "\u{2028}",
                    "\u{ff11}", "-", "'", "\u{2019}", "%", "$", "İ", "Σ", "\u{37e}",
                ][..],
            );
            prop_oneof![
                proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat()),
                any::<String>(),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn the_lexer_reads_as_it_did(text in pieces(), running in any::<bool>()) {
                prop_assert_eq!(lex(&text, running), lex_reference(&text, running));
            }

            /// Running text that folds one character to one (nearly all) is read straight
            /// from the text: as the lexer over folded characters reads it.
            #[test]
            fn one_to_one_running_text_reads_as_it_did(
                text in proptest::collection::vec(
                    proptest::sample::select(
                        &[
                            "1", "23", "000", "7", " ", "  ", "\n", "\r\n", "\t", "\u{a0}",
                            "\u{202f}", "\u{2028}", ",", ".", ",,", "a", "É", "é", "-", "\u{2013}",
                            "'", "\u{2019}", "`", "%", "$", "€", "«", "»", "\u{ff11}", "\u{200b}",
                            "ǅ", "d'", "Q3", "l\u{2019}État",
                        ][..],
                    ),
                    0..32,
                )
                .prop_map(|v| v.concat())
            ) {
                prop_assert!(crate::text::folds_one_to_one(&text));
                prop_assert_eq!(lex(&text, true), lex_reference(&text, true));
            }

            #[test]
            fn running_words_are_counted_as_the_tokenizer_reads_them(text in pieces()) {
                let words = ["d'", "a", "de", "e", "l'", "la", "les", "the", "ab", "a", "é", "a-e"];
                let mut expected = vec![0; words.len()];
                for token in tokenize_running(&text) {
                    if let Lexeme::Word(w) = &token.lexeme {
                        for (k, x) in words.iter().enumerate() {
                            expected[k] += usize::from(x == w);
                        }
                    }
                }
                prop_assert_eq!(count_running_words(&text, &words), expected);
            }

            #[test]
            fn running_numbers_are_the_tokenizers(text in pieces()) {
                prop_assert_eq!(
                    running_numbers(&text).collect::<Vec<_>>(),
                    numbers_as_tokenized(&text)
                );
            }
        }
    }

    /// The lexer as it was before it folded character by character: what `lex` must give.
    #[allow(clippy::type_complexity)]
    fn lex_reference(text: &str, running: bool) -> Result<Vec<Token>, char> {
        let (folded, ranges) = crate::text::fold_with_ranges(text);
        let chars: Vec<(usize, char)> = folded.char_indices().collect();
        let letters: Vec<char> = chars.iter().map(|(_, c)| *c).collect();
        let mut tokens = Vec::new();
        let span = |from: usize, to: usize| -> Range<usize> {
            let first = chars.get(from).map_or(folded.len(), |(b, _)| *b);
            let last = chars.get(to).map_or(folded.len(), |(b, _)| *b);
            match (
                ranges.get(first),
                last.checked_sub(1).and_then(|b| ranges.get(b)),
            ) {
                (Some(a), Some(b)) => a.start..b.end.max(a.start),
                _ => 0..0,
            }
        };
        let word = |from: usize, to: usize| -> String { letters[from..to].iter().collect() };
        let mut i = 0;
        while i < letters.len() {
            let c = letters[i];
            if c == ' ' {
                i += 1;
            } else if c.is_ascii_digit() {
                // A number runs over digits and over separators that sit between digits, or that
                // repeat (so "22,,1" reaches the number parser whole and is refused there).
                let start = i;
                while i < letters.len() && number_continues(&letters, i, running) {
                    i += 1;
                }
                tokens.push(Token {
                    lexeme: Lexeme::Num(word(start, i)),
                    span: span(start, i),
                });
            } else if c.is_alphabetic() {
                let start = i;
                while i < letters.len()
                    && (letters[i].is_alphabetic()
                        || (letters[i] == '-'
                            && letters.get(i + 1).is_some_and(|n| n.is_alphabetic())))
                {
                    i += 1;
                }
                if letters.get(i) == Some(&'\'') {
                    i += 1;
                }
                tokens.push(Token {
                    lexeme: Lexeme::Word(word(start, i)),
                    span: span(start, i),
                });
            } else if SYMBOLS.contains(&c) || matches!(c, '\'' | '"' | ',' | '(' | ')') || running {
                tokens.push(Token {
                    lexeme: Lexeme::Sym(c),
                    span: span(i, i + 1),
                });
                i += 1;
            } else {
                return Err(c);
            }
        }
        Ok(tokens)
    }

    #[test]
    fn the_lexer_reads_as_it_did() {
        for text in [
            "  Près\u{a0}de 7\u{202f}000 d\u{2019}EUR, soit 5 %",
            "Sie\u{301}cle ΟΔΟΣ Σ, İstanbul ǅ \u{212b} e\u{301}\u{327}",
            "a\u{1}b",
            "",
        ] {
            for running in [false, true] {
                assert_eq!(lex(text, running), lex_reference(text, running), "{text:?}");
            }
        }
    }

    /// Only words are counted: a number or a symbol asked for is never one of them, in text
    /// that folds one to one (ASCII here) or not (an accent typed as a combining mark).
    #[test]
    fn only_words_are_counted() {
        let asked = ["5", "%", "mars", "2023", "été"];
        let ascii = "Le 5 mars, 5 % de 2023 et mars.";
        assert!(crate::text::folds_one_to_one(ascii));
        assert_eq!(count_running_words(ascii, &asked), [0, 0, 2, 0, 0]);
        let combining = "L'e\u{301}te\u{301} de mars : 5 %, 2023.";
        assert!(!crate::text::folds_one_to_one(combining));
        assert_eq!(count_running_words(combining, &asked), [0, 0, 1, 0, 1]);
    }

    #[test]
    fn only_the_listed_ascii_characters_fold_to_an_apostrophe() {
        let folding: Vec<u8> = (0..128u8)
            .filter(|&b| fold_one(char::from(b)) == '\'')
            .collect();
        assert_eq!(folding, APOSTROPHES);
    }

    #[test]
    fn letters_are_the_alphabetic_characters() {
        for c in (0..0x300).filter_map(char::from_u32) {
            assert_eq!(letter(c), c.is_alphabetic(), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn decimals_are_finite() {
        assert_eq!(decimal("1 234,5"), Ok(1234.5));
        let huge = format!("1{}", "0".repeat(400));
        assert!(decimal(&huge).is_err_and(|(reason, _)| reason.contains("too many digits")));
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman("xx"), Some(20));
        assert_eq!(roman("xix"), Some(19));
        assert_eq!(roman("xxi"), Some(21));
        assert_eq!(roman("abc"), None);
    }

    #[test]
    fn a_comma_before_three_digits_is_refused_as_ambiguous() {
        let reason = |raw: &str| decimal(raw).map_err(|(reason, hint)| format!("{reason}; {hint}"));
        assert_eq!(
            reason("7,000"),
            Err("it is ambiguous: the comma may separate decimals (French) or thousands (English); write 7 000 for the thousands or 7 for the decimal reading".into())
        );
        assert_eq!(
            reason("22,150"),
            Err("it is ambiguous: the comma may separate decimals (French) or thousands (English); write 22 150 for the thousands or 22,15 for the decimal reading".into())
        );
        assert_eq!(reason("0,125"), Ok(0.125));
        assert_eq!(reason("7,0001"), Ok(7.0001));
        assert_eq!(reason("1 000,500"), Ok(1000.5));
        assert_eq!(reason("22,1"), Ok(22.1));
    }
}
