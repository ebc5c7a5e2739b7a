//! Maps and sets of words asked at every token of running text ("is it a month? a currency
//! code? the first word of a qualifier?"), made once from the grammars' own lists. A word
//! whose length or first byte no entry has is answered without hashing it: most words.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use crate::gazetteer::key_of;
use crate::grammar::{Lexeme, Token};
use crate::number::NumberStyle;

/// Words to values: the first value listed for a word wins, as a scan of the list finds it.
pub(crate) struct WordMap<V> {
    map: FxHashMap<&'static str, V>,
    /// Bit `n` set: an entry is `n` bytes long; bit 63 stands for 63 bytes and more.
    lengths: u64,
    /// Bit `b` set: an entry starts with byte `b`.
    firsts: [u64; 4],
}

impl<V: Copy> WordMap<V> {
    pub(crate) fn first_wins(entries: impl IntoIterator<Item = (&'static str, V)>) -> Self {
        let mut words = WordMap {
            map: FxHashMap::default(),
            lengths: 0,
            firsts: [0; 4],
        };
        for (word, value) in entries {
            words.lengths |= 1 << word.len().min(63);
            if let Some(&b) = word.as_bytes().first() {
                words.firsts[usize::from(b / 64)] |= 1 << (b % 64);
            }
            words.map.entry(word).or_insert(value);
        }
        words
    }

    pub(crate) fn get(&self, word: &str) -> Option<V> {
        let length = self.lengths >> word.len().min(63) & 1 == 1;
        let first = word
            .as_bytes()
            .first()
            .is_none_or(|&b| self.firsts[usize::from(b / 64)] >> (b % 64) & 1 == 1);
        if length && first {
            self.map.get(word).copied()
        } else {
            None
        }
    }
}

/// A set of words.
pub(crate) struct WordSet(WordMap<()>);

impl WordSet {
    pub(crate) fn new(words: impl IntoIterator<Item = &'static str>) -> Self {
        WordSet(WordMap::first_wins(words.into_iter().map(|w| (w, ()))))
    }

    pub(crate) fn contains(&self, word: &str) -> bool {
        self.0.get(word).is_some()
    }
}

/// What a word may open in running text: a figure in the number grammar of each language, a
/// period. Asked of nearly every token, it is answered for every grammar at once, once per
/// word and thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Opens {
    pub figure_french: bool,
    pub figure_english: bool,
    pub period: bool,
    /// Whether a figure or a period may start at the word at all, in any style and whatever
    /// follows it: when not, the scanner tries neither grammar there.
    pub anything: bool,
}

/// The most words a thread keeps; past it, it starts again.
const REMEMBERED: usize = 1 << 16;

/// [`Opens`] of a word, as the grammars answer it.
fn answer(word: &str) -> Opens {
    let figure_french = crate::number::word_opens_figure(NumberStyle::French, word);
    let figure_english = crate::number::word_opens_figure(NumberStyle::English, word);
    let period = crate::period::word_opens_period(word);
    Opens {
        figure_french,
        figure_english,
        period,
        anything: crate::number::word_may_open_figure(word, figure_french, figure_english)
            || crate::period::word_may_open_period(word, period),
    }
}

/// What `word` may open, remembered ([`facts`] for every word of a paragraph at once).
pub(crate) fn opens(word: &str) -> Opens {
    KNOWN.with(|known| match known.try_borrow_mut() {
        Ok(mut known) => remembered(&mut known, word).opens,
        // Asked again while answering: answered afresh, not from a half-made table.
        Err(_) => answer(word),
    })
}

/// A token's key for the gazetteer ([`key_of`]): borrowed from the token when it is its own
/// key (ASCII), else shared with the table that remembers it.
#[derive(Debug, Clone)]
pub(crate) enum Key<'t> {
    Borrowed(&'t str),
    Shared(Rc<str>),
}

impl AsRef<str> for Key<'_> {
    fn as_ref(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Shared(key) => key,
        }
    }
}

/// What the scanner asks of each word, remembered together so that a word is looked up once:
/// what it may open and, when it is not ASCII, its key for the gazetteer.
#[derive(Debug, Clone)]
struct Known {
    opens: Opens,
    key: Option<Rc<str>>,
}

thread_local! {
    static KNOWN: RefCell<FxHashMap<Box<str>, Known>> = RefCell::default();
}

/// What `word` may open and its key, from `known` or answered and remembered there.
fn remembered(known: &mut FxHashMap<Box<str>, Known>, word: &str) -> Known {
    if let Some(facts) = known.get(word) {
        return facts.clone();
    }
    let facts = Known {
        opens: answer(word),
        key: (!word.is_ascii()).then(|| key_of(&Lexeme::Word(word.to_string())).into()),
    };
    if known.len() >= REMEMBERED {
        known.clear();
    }
    known.insert(word.into(), facts.clone());
    facts
}

/// What each token may open ([`opens`]; nothing for a number or a symbol) and, when `keys`,
/// each token's key for the gazetteer, a word's from the same look-up: one look-up per word
/// and one access to the thread's table per paragraph.
pub(crate) fn facts(tokens: &[Token], keys: bool) -> (Vec<Opens>, Vec<Key<'_>>) {
    let mut opens = Vec::with_capacity(tokens.len());
    let mut all_keys = Vec::with_capacity(if keys { tokens.len() } else { 0 });
    let mut read = |known: &mut FxHashMap<Box<str>, Known>| {
        for token in tokens {
            match &token.lexeme {
                Lexeme::Word(w) => {
                    let Known { opens: o, key } = remembered(known, w);
                    opens.push(o);
                    if keys {
                        all_keys.push(match key {
                            Some(key) => Key::Shared(key),
                            None => Key::Borrowed(w.as_str()),
                        });
                    }
                }
                other => {
                    opens.push(Opens::default());
                    if keys {
                        all_keys.push(match key_of(other) {
                            Cow::Borrowed(key) => Key::Borrowed(key),
                            Cow::Owned(key) => Key::Shared(key.into()),
                        });
                    }
                }
            }
        }
    };
    KNOWN.with(|known| match known.try_borrow_mut() {
        Ok(mut known) => read(&mut known),
        Err(_) => read(&mut FxHashMap::default()),
    });
    (opens, all_keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_the_list_does() {
        let list: &[(&'static str, u32)] = &[
            ("mars", 3),
            ("mai", 5),
            ("mars", 9),
            ("", 0),
            ("été", 6),
            (
                "a-very-long-word-of-more-than-sixty-three-bytes-to-check-the-last-bit",
                7,
            ),
        ];
        let map = WordMap::first_wins(list.iter().copied());
        let set = WordSet::new(list.iter().map(|(w, _)| *w));
        for word in [
            "mars",
            "mai",
            "",
            "été",
            "ete",
            "m",
            "marsx",
            "Mars",
            "avril",
            "é",
            "a-very-long-word-of-more-than-sixty-three-bytes-to-check-the-last-bit",
            "a-very-long-word-of-more-than-sixty-three-bytes-to-check-the-last-bis",
        ] {
            let listed = list.iter().find(|(w, _)| *w == word).map(|(_, v)| *v);
            assert_eq!(map.get(word), listed, "{word:?}");
            assert_eq!(set.contains(word), listed.is_some(), "{word:?}");
        }
        let empty = WordSet::new([]);
        assert!(!empty.contains("") && !empty.contains("a"));
    }

    #[test]
    fn opens_answers_as_the_grammars_do() {
        // Asked for the first time, and again once the answer is known.
        for word in [
            "la", "la", "moitié", "mars", "de", "2023", "de", "mars", "quarter", "xxe", "maison",
            "la", "",
        ] {
            assert_eq!(opens(word), answer(word), "{word:?}");
        }
        assert_eq!(
            opens("moitié"),
            Opens {
                figure_french: true,
                figure_english: false,
                period: false,
                anything: true,
            }
        );
        assert_eq!(
            opens("mars"),
            Opens {
                figure_french: false,
                figure_english: false,
                period: true,
                anything: true,
            }
        );
        assert_eq!(opens("maison"), Opens::default());
    }

    /// A word that opens nothing is one at which neither grammar reads anything, in any style,
    /// whatever follows it and however it is typed.
    #[test]
    fn a_word_that_opens_nothing_starts_nothing() {
        use crate::grammar::tokenize_running;
        use crate::number::{Scanned, figure_at};
        use crate::period::period_at;
        use proptest::prelude::*;
        let pieces = prop::sample::select(vec![
            "de",
            "De",
            "la",
            "Les",
            "des",
            "plusieurs",
            "d'",
            "ici",
            "à",
            "l'",
            "ce",
            "nos",
            "t",
            "Q",
            "fy",
            "fiscal",
            "pour",
            "by",
            "the",
            "mars",
            "March",
            "premier",
            "XXe",
            "siècle",
            "moitié",
            "tiers",
            "milliards",
            "billion",
            "dollars",
            "USD",
            "usd",
            "Usd",
            "CHF",
            "NT",
            "us",
            "maison",
            "Chine",
            "vingt-deux",
            "environ",
            "about",
            "2023",
            "22",
            "3,5",
            "7 000",
            "$",
            "€",
            "%",
            "~",
            "-",
            ",",
            ".",
            "(",
            "année",
            "siècles",
            "bon",
        ]);
        let texts = prop::collection::vec(pieces, 1..8).prop_map(|v| v.join(" "));
        proptest!(ProptestConfig::with_cases(2000), |(text in texts)| {
            let tokens = tokenize_running(&text);
            let (opens, _) = facts(&tokens, false);
            for (i, (token, o)) in tokens.iter().zip(&opens).enumerate() {
                if !matches!(token.lexeme, Lexeme::Word(_)) || o.anything {
                    continue;
                }
                prop_assert!(period_at(&tokens, i, None, Some(*o)).is_none(), "{text:?} at {i}");
                for style in NumberStyle::ALL {
                    let figure = figure_at(&text, &tokens, i, style, Some(*o));
                    prop_assert!(matches!(figure, Scanned::Nothing), "{text:?} at {i}");
                }
            }
        });
        for word in ["maison", "bon", "chine", "siècles"] {
            assert!(!answer(word).anything, "{word}");
        }
        for word in [
            "de", "à", "d'", "fy", "usd", "chf", "mars", "moitié", "about", "les",
        ] {
            assert!(answer(word).anything, "{word}");
        }
    }

    #[test]
    fn facts_are_the_grammars_and_the_gazetteers() {
        let tokens = crate::grammar::tokenize_running(
            "La Corée du Sud, l’État et Taïwan : 22,1 € ≈ 3 ÉTATS, la Corée, moitié ‰ mars 2023",
        );
        let (opens, keys) = facts(&tokens, true);
        assert_eq!((opens.len(), keys.len()), (tokens.len(), tokens.len()));
        for ((token, opens), key) in tokens.iter().zip(&opens).zip(&keys) {
            let expected = match &token.lexeme {
                Lexeme::Word(w) => answer(w),
                _ => Opens::default(),
            };
            assert_eq!(*opens, expected, "{token}");
            assert_eq!(key.as_ref(), key_of(&token.lexeme), "{token}");
        }
        assert!(opens.iter().any(|o| o.figure_french) && opens.iter().any(|o| o.period));
        let keyed: Vec<&str> = keys.iter().map(AsRef::as_ref).collect();
        assert!(keyed.contains(&"coree") && keyed.contains(&"etat") && keyed.contains(&"taiwan"));
        let (again, none) = facts(&tokens, false);
        assert_eq!((again, none.len()), (opens, 0));
    }
}
