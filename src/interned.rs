//! Interned text: every distinct text a run reads or makes is stored once, for the rest of the
//! process, and named by one pointer. A corpus's tables repeat their ids, codes and units in
//! millions of cells: a cell is then 8 bytes, two cells are equal when their pointers are, and a
//! text is hashed once, when it is first seen.
//!
//! The store starts small and grows with what is interned: the seed's few thousand texts touch
//! a few pages, not a table sized for millions (an interner that reserved 8 MB up front cost
//! the seed's run a third of its time in page faults).

use std::alloc::Layout;
use std::fmt;
use std::hash::{BuildHasher as _, Hash, Hasher};
use std::ops::Deref;
use std::ptr::NonNull;
use std::sync::{LazyLock, Mutex};

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// A text's header, followed in the same allocation by its bytes.
#[repr(C)]
struct Header {
    hash: u64,
    len: usize,
}

/// An interned text. Copy, compared by pointer, ordered as its text.
#[derive(Clone, Copy)]
pub struct Interned(NonNull<Header>);

// SAFETY: an interned text is never written after it is made, nor freed: any thread may read it.
unsafe impl Send for Interned {}
unsafe impl Sync for Interned {}

/// Shards of the store, picked by a text's hash, so threads interning at once seldom wait.
const SHARDS: usize = 16;

static STORE: LazyLock<[Mutex<HashTable<Interned>>; SHARDS]> =
    LazyLock::new(|| std::array::from_fn(|_| Mutex::new(HashTable::new())));

impl Interned {
    /// The interned text equal to `text`, made if it is new.
    pub fn from(text: &str) -> Interned {
        let hash = FxBuildHasher.hash_one(text);
        // The top bits pick the shard; hashbrown reads the low and the next seven.
        let shard = &STORE[(hash >> 60) as usize % SHARDS];
        let mut table = shard
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(found) = table.find(hash, |t| t.as_str() == text) {
            return *found;
        }
        let made = Interned::make(text, hash);
        table.insert_unique(hash, made, |t| t.header().hash);
        made
    }

    /// A new text, never freed.
    fn make(text: &str, hash: u64) -> Interned {
        let size = size_of::<Header>() + text.len();
        let Ok(layout) = Layout::from_size_align(size, align_of::<Header>()) else {
            // Past isize::MAX bytes: no text read from a file is that long.
            panic!("a text of {} bytes cannot be held", text.len());
        };
        // SAFETY: the layout is at least a header's size, so not zero-sized.
        let raw = unsafe { std::alloc::alloc(layout) };
        let Some(header) = NonNull::new(raw.cast::<Header>()) else {
            std::alloc::handle_alloc_error(layout);
        };
        // SAFETY: the allocation holds a header, aligned, then `text.len()` bytes.
        unsafe {
            header.write(Header {
                hash,
                len: text.len(),
            });
            std::ptr::copy_nonoverlapping(text.as_ptr(), raw.add(size_of::<Header>()), text.len());
        }
        Interned(header)
    }

    fn header(&self) -> &Header {
        // SAFETY: the pointer is to a header written by `make`, never freed nor written again.
        unsafe { self.0.as_ref() }
    }

    /// The text, for as long as the process runs.
    pub fn as_str(&self) -> &'static str {
        let len = self.header().len;
        // SAFETY: `make` copied `len` bytes of a `str` right after the header.
        unsafe {
            let bytes = self.0.as_ptr().cast::<u8>().add(size_of::<Header>());
            std::str::from_utf8_unchecked(std::slice::from_raw_parts(bytes, len))
        }
    }

    /// How many distinct texts are interned, and the bytes they hold (headers included).
    pub fn held() -> (usize, usize) {
        STORE.iter().fold((0, 0), |(count, bytes), shard| {
            let table = shard
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let held: usize = table.iter().map(|t| size_of::<Header>() + t.len()).sum();
            (count + table.len(), bytes + held)
        })
    }
}

impl Deref for Interned {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Default for Interned {
    fn default() -> Interned {
        Interned::from("")
    }
}

impl PartialEq for Interned {
    /// Equal texts are one interned text.
    fn eq(&self, other: &Interned) -> bool {
        self.0 == other.0
    }
}

impl Eq for Interned {}

impl PartialEq<str> for Interned {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Interned {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Interned> for str {
    fn eq(&self, other: &Interned) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Interned> for &str {
    fn eq(&self, other: &Interned) -> bool {
        *self == other.as_str()
    }
}

impl Hash for Interned {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.header().hash);
    }
}

impl PartialOrd for Interned {
    fn partial_cmp(&self, other: &Interned) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Interned {
    fn cmp(&self, other: &Interned) -> std::cmp::Ordering {
        if self == other {
            return std::cmp::Ordering::Equal;
        }
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Display for Interned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Interned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&str> for Interned {
    fn from(text: &str) -> Interned {
        Interned::from(text)
    }
}

impl From<&String> for Interned {
    fn from(text: &String) -> Interned {
        Interned::from(text.as_str())
    }
}

impl From<String> for Interned {
    fn from(text: String) -> Interned {
        Interned::from(text.as_str())
    }
}

/// A cell read as an interned text, as it is (see `ingest::cells` for trimmed ones).
impl<'de> serde::Deserialize<'de> for Interned {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Interned, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Interned;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Interned, E> {
                Ok(Interned::from(text))
            }
        }
        d.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_text_is_one_interned_text_on_every_thread() {
        let here = Interned::from("Pétrole et semi-conducteurs");
        let there =
            std::thread::spawn(|| Interned::from(&String::from("Pétrole et semi-conducteurs")))
                .join()
                .expect("the thread interns");
        assert_eq!(here, there);
        assert_eq!(here.0, there.0, "the same pointer");
        assert_eq!(here.as_str(), "Pétrole et semi-conducteurs");
        assert_ne!(here, Interned::from("Pétrole"));
        assert_eq!(Interned::default().as_str(), "");
        assert_eq!(Interned::default(), Interned::from(""));
    }

    #[test]
    fn interned_texts_order_as_their_text() {
        let mut texts: Vec<Interned> = ["b", "é", "a", "B", "ab", ""].map(Interned::from).to_vec();
        texts.sort();
        let sorted: Vec<&str> = texts.iter().map(Interned::as_str).collect();
        assert_eq!(sorted, ["", "B", "a", "ab", "b", "é"]);
    }

    #[test]
    fn many_texts_stay_apart() {
        let made: Vec<Interned> = (0..20_000)
            .map(|i| Interned::from(&format!("t{i}")))
            .collect();
        for (i, text) in made.iter().enumerate() {
            assert_eq!(text.as_str(), format!("t{i}"));
            assert_eq!(*text, Interned::from(&format!("t{i}")));
        }
    }
}
