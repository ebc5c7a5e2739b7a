//! Maps and sets of words asked at every token of running text ("is it a month? a currency
//! code? the first word of a qualifier?"), made once from the grammars' own lists. A word
//! whose length or first byte no entry has is answered without hashing it: most words.

use std::cell::RefCell;

use rustc_hash::FxHashMap;

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
}

/// The most words a thread keeps; past it, it starts again.
const REMEMBERED: usize = 1 << 16;

/// [`Opens`] of a word, as the grammars answer it.
fn answer(word: &str) -> Opens {
    Opens {
        figure_french: crate::number::word_opens_figure(NumberStyle::French, word),
        figure_english: crate::number::word_opens_figure(NumberStyle::English, word),
        period: crate::period::word_opens_period(word),
    }
}

/// What `word` may open, remembered. The scanner asks it once per token and tells each
/// grammar ([`crate::number::figure_at`], [`crate::period::period_at`]).
pub(crate) fn opens(word: &str) -> Opens {
    thread_local! {
        static KNOWN: RefCell<FxHashMap<Box<str>, Opens>> = RefCell::default();
    }
    KNOWN.with(|known| {
        // Asked again while answering: answered afresh, not from a half-made table.
        let Ok(mut known) = known.try_borrow_mut() else {
            return answer(word);
        };
        if let Some(opens) = known.get(word) {
            return *opens;
        }
        let opens = answer(word);
        if known.len() >= REMEMBERED {
            known.clear();
        }
        known.insert(word.into(), opens);
        opens
    })
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
                period: false
            }
        );
        assert_eq!(
            opens("mars"),
            Opens {
                figure_french: false,
                figure_english: false,
                period: true
            }
        );
        assert_eq!(opens("maison"), Opens::default());
    }
}
