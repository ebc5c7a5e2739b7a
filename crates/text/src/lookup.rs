//! Maps and sets of words asked at every token of running text ("is it a month? a currency
//! code? the first word of a qualifier?"), made once from the grammars' own lists. A word
//! whose length or first byte no entry has is answered without hashing it: most words.

use std::cell::RefCell;
use std::thread::LocalKey;

use rustc_hash::FxHashMap;

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

/// Answers to a question about words, kept on each thread: running text asks the same
/// question of the same words again and again ("de", "la", "les"…).
pub(crate) type Answers = RefCell<FxHashMap<Box<str>, bool>>;

/// The most words one [`Answers`] keeps; past it, it starts again.
const REMEMBERED: usize = 1 << 16;

/// `answer(word)`, computed once per word and thread while `answers` keeps it. `answer` must
/// be a function of the word alone; asked again while it computes, the table answers afresh.
pub(crate) fn remembered(
    answers: &'static LocalKey<Answers>,
    word: &str,
    answer: impl FnOnce(&str) -> bool,
) -> bool {
    answers.with(|answers| {
        let Ok(mut answers) = answers.try_borrow_mut() else {
            return answer(word);
        };
        if let Some(known) = answers.get(word) {
            return *known;
        }
        let known = answer(word);
        if answers.len() >= REMEMBERED {
            answers.clear();
        }
        answers.insert(word.into(), known);
        known
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

    thread_local! {
        static ASKED: Answers = RefCell::new(FxHashMap::default());
    }

    #[test]
    fn remembered_answers_are_the_answers() {
        let mut computed = 0;
        for word in ["de", "la", "de", "Mars", "de", "la"] {
            let answer = remembered(&ASKED, word, |w| {
                computed += 1;
                w.len() == 2
            });
            assert_eq!(answer, word.len() == 2, "{word:?}");
        }
        assert_eq!(computed, 3);
        // Asked again while computing: answered afresh, not from a half-made table.
        assert!(remembered(&ASKED, "xyz", |_| remembered(
            &ASKED,
            "ab",
            |w| w == "ab"
        )));
    }
}
