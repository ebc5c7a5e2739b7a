//! A table's row anchors, held compactly: a corpus has two million rows, and a string and a
//! map entry of their own per row held 200 MB while the site rendered.

use std::hash::BuildHasher as _;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// Every row's anchor in one buffer, and the rows found by anchor through a table of row
/// numbers hashed by their anchor's text.
#[derive(Default)]
pub(super) struct Anchors {
    text: String,
    /// Where each row's anchor ends in `text`.
    ends: Vec<usize>,
    /// Row numbers, by the hash of their anchor.
    rows: HashTable<usize>,
}

impl Anchors {
    /// The anchors of `rows` rows, each appended to the buffer by `write`; of two rows with
    /// one anchor, the later is found.
    pub(super) fn new(rows: usize, mut write: impl FnMut(usize, &mut String)) -> Anchors {
        let mut list = Anchors::default();
        list.ends.reserve_exact(rows);
        for row in 0..rows {
            write(row, &mut list.text);
            list.ends.push(list.text.len());
        }
        let mut rows = HashTable::with_capacity(list.ends.len());
        for row in 0..list.ends.len() {
            let anchor = list.get(row).unwrap_or_default();
            let hash = FxBuildHasher.hash_one(anchor);
            let found = rows.entry(
                hash,
                |&other| list.get(other) == Some(anchor),
                |&other| FxBuildHasher.hash_one(list.get(other).unwrap_or_default()),
            );
            match found {
                hashbrown::hash_table::Entry::Occupied(mut entry) => *entry.get_mut() = row,
                hashbrown::hash_table::Entry::Vacant(entry) => {
                    entry.insert(row);
                }
            }
        }
        list.rows = rows;
        list
    }

    /// The anchor of row `row`.
    pub(super) fn get(&self, row: usize) -> Option<&str> {
        let end = *self.ends.get(row)?;
        let start = row.checked_sub(1).map_or(0, |before| self.ends[before]);
        self.text.get(start..end)
    }

    /// The row whose anchor is `anchor`.
    pub(super) fn find(&self, anchor: &str) -> Option<usize> {
        let hash = FxBuildHasher.hash_one(anchor);
        self.rows
            .find(hash, |&row| self.get(row) == Some(anchor))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::Anchors;

    #[test]
    fn each_row_has_its_anchor_and_is_found_by_it() {
        let list = |anchors: &'static [&'static str]| {
            Anchors::new(anchors.len(), |row, out| out.push_str(anchors[row]))
        };
        let anchors = list(&["tsmc", "", "intel.a~b", "tsmc2"]);
        assert_eq!(anchors.get(0), Some("tsmc"));
        assert_eq!(anchors.get(1), Some(""));
        assert_eq!(anchors.get(2), Some("intel.a~b"));
        assert_eq!(anchors.get(3), Some("tsmc2"));
        assert_eq!(anchors.get(4), None);
        assert_eq!(anchors.find("tsmc"), Some(0));
        assert_eq!(anchors.find("tsmc2"), Some(3));
        assert_eq!(anchors.find("intel.a~b"), Some(2));
        assert_eq!(anchors.find(""), Some(1));
        assert_eq!(anchors.find("tsm"), None);
        // A key met twice leads to its later row, as a map built row by row would.
        let twice = list(&["a", "b", "a"]);
        assert_eq!(twice.find("a"), Some(2));
        assert_eq!(twice.get(0), Some("a"));
    }
}
