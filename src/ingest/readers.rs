//! One CSV reader per thread and delimiter, reused for every sheet. Building a reader builds
//! csv-core's state machine for its settings, about 40 µs: more than reading a small sheet, and
//! 3 s of CPU for the 80,000 sheets of 10,000 sources. A reused reader is only given the next
//! sheet's bytes and rewound.

use std::cell::RefCell;
use std::io::{Cursor, SeekFrom};

/// A reader of one sheet's text: every row, the header row first, cells trimmed, rows of any
/// length (the caller says which length is wrong, and where).
pub(crate) type SheetReader = csv::Reader<Cursor<Vec<u8>>>;

/// The delimiters a sheet may use (see `read_sheet_bytes`).
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// A sheet kept after use is at most this large; a larger one's bytes are given back.
const KEPT: usize = 1 << 20;

thread_local! {
    static READERS: RefCell<[Option<SheetReader>; 3]> = const { RefCell::new([None, None, None]) };
}

fn build(delimiter: u8) -> SheetReader {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(Cursor::new(Vec::new()))
}

/// Calls `read` with a reader at the start of `text`.
pub(crate) fn with_reader<T>(
    text: &str,
    delimiter: u8,
    read: impl FnOnce(&mut SheetReader) -> T,
) -> T {
    let slot = DELIMITERS.iter().position(|&d| d == delimiter);
    // Taken out of its slot while in use, so a nested call builds its own rather than wait.
    let kept = slot.and_then(|slot| READERS.with(|readers| readers.borrow_mut()[slot].take()));
    let mut reader = kept.unwrap_or_else(|| build(delimiter));
    let bytes = reader.get_mut().get_mut();
    bytes.clear();
    bytes.extend_from_slice(text.as_bytes());
    // Rewinding drops what the reader had buffered and restarts its state machine; it cannot
    // fail on bytes in memory, but a fresh reader is the answer if it ever does.
    if reader
        .seek_raw(SeekFrom::Start(0), csv::Position::new())
        .is_err()
    {
        reader = build(delimiter);
        reader
            .get_mut()
            .get_mut()
            .extend_from_slice(text.as_bytes());
    }
    let result = read(&mut reader);
    let bytes = reader.get_mut().get_mut();
    if bytes.capacity() > KEPT {
        *bytes = Vec::new();
    }
    if let Some(slot) = slot {
        READERS.with(|readers| readers.borrow_mut()[slot] = Some(reader));
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, delimiter: u8) -> Vec<(Vec<String>, u64, u64)> {
        with_reader(text, delimiter, |reader| {
            reader
                .records()
                .map(|row| {
                    let row = row.expect("a row");
                    let at = row.position().expect("a position").clone();
                    (
                        row.iter().map(str::to_string).collect(),
                        at.byte(),
                        at.line(),
                    )
                })
                .collect()
        })
    }

    #[test]
    fn a_reused_reader_reads_each_sheet_from_its_start_with_its_own_positions() {
        let first = "id , name\n1, Taiwan \n2,\"Korea, South\"\n";
        let expected_first = vec![
            (vec!["id".to_string(), "name".to_string()], 0, 1),
            (vec!["1".to_string(), "Taiwan".to_string()], 10, 2),
            (vec!["2".to_string(), "Korea, South".to_string()], 21, 3),
        ];
        assert_eq!(rows(first, b','), expected_first);
        // A shorter sheet next: nothing of the first is left in the reader.
        assert_eq!(
            rows("a\n\"b\nc\"\n", b','),
            vec![
                (vec!["a".to_string()], 0, 1),
                (vec!["b\nc".to_string()], 2, 2)
            ]
        );
        assert_eq!(
            rows("x;y\n1;2;3\n", b';'),
            vec![
                (vec!["x".to_string(), "y".to_string()], 0, 1),
                (
                    vec!["1".to_string(), "2".to_string(), "3".to_string()],
                    4,
                    2
                )
            ]
        );
        assert_eq!(rows(first, b','), expected_first);
        // A sheet cut inside a quote: the rest is its last cell, as a fresh reader reads it.
        assert_eq!(
            rows("a\n\"open", b','),
            vec![
                (vec!["a".to_string()], 0, 1),
                (vec!["open".to_string()], 2, 2)
            ]
        );
        assert_eq!(rows("", b','), vec![]);
    }

    #[test]
    fn a_nested_read_gets_a_reader_of_its_own() {
        let outer = with_reader("a\nb\n", b',', |reader| {
            let first = reader.records().next();
            let inner = rows("c\n", b',');
            let second = reader.records().next();
            (
                first.map(|r| r.map(|r| r[0].to_string()).ok()),
                inner,
                second.map(|r| r.map(|r| r[0].to_string()).ok()),
            )
        });
        assert_eq!(outer.0, Some(Some("a".to_string())));
        assert_eq!(outer.1, vec![(vec!["c".to_string()], 0, 1)]);
        assert_eq!(outer.2, Some(Some("b".to_string())));
    }
}
