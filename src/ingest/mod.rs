//! Stage 1: read every `raw/` sheet into typed records, each remembering its line.
//!
//! The gate after this stage: every file exists, is UTF-8 (a BOM and CRLF line ends are fine),
//! has exactly the expected header, and every cell reads as its type. All problems in all
//! sheets are reported together.

mod cells;
mod fields;
mod record;
pub mod sheets;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;

pub use cells::MAX_QUOTE_WORDS;
use sheets::*;

use crate::table::Origin;

/// One row of a sheet and the line it sits on (the header is line 1).
#[derive(Debug, Clone)]
pub struct Record<T> {
    pub line: u64,
    pub row: T,
}

#[derive(Debug, Clone)]
pub struct Sheet<T> {
    /// The path as the user would type it: `raw/figures.csv`.
    pub file: Arc<str>,
    pub records: Vec<Record<T>>,
}

impl<T> Sheet<T> {
    pub fn origin(&self, record: &Record<T>) -> Origin {
        Origin {
            file: self.file.clone(),
            line: record.line,
        }
    }
}

/// Everything an analyst transcribed, typed.
#[derive(Debug, Clone)]
pub struct RawSheets {
    pub sources: Sheet<SourceRow>,
    pub authors: Sheet<AuthorRow>,
    pub entities: Sheet<EntityRow>,
    pub aliases: Sheet<AliasRow>,
    pub producers: Sheet<ProducerRow>,
    pub initiatives: Sheet<InitiativeRow>,
    pub materials: Sheet<MaterialRow>,
    pub material_byproducts: Sheet<ByproductRow>,
    pub material_sources: Sheet<MaterialSourceRow>,
    pub energy_concerns: Sheet<EnergyConcernRow>,
    pub mitigations: Sheet<MitigationRow>,
    pub corporate_users: Sheet<CorporateUserRow>,
    pub figures: Sheet<FigureRow>,
    pub oil_regions: Sheet<OilRegionRow>,
    pub datacentre_factors: Sheet<DatacentreFactorRow>,
    pub positions: Sheet<PositionRow>,
    pub countries: Sheet<CountryRow>,
    pub elements: Sheet<ElementRow>,
}

/// Where an ingest problem is: a file, and a line and column when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<String>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ": column \"{column}\"")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{0}: the raw folder does not exist; pass --raw with the folder that holds the sheets")]
    NoRawDir(String),
    #[error("{place}: the sheet is missing; every sheet in README.md's list is required")]
    Missing { place: Place },
    #[error("{place}: cannot read the file: {source}")]
    Unreadable {
        place: Place,
        source: std::io::Error,
    },
    #[error(
        "{place}: is a symbolic link to {target}, outside the raw folder; copy the file in instead"
    )]
    Escapes { place: Place, target: String },
    #[error("{place}: is not UTF-8 (byte 0x{byte:02X}); save the sheet as UTF-8")]
    NotUtf8 { place: Place, byte: u8 },
    #[error("{place}: holds the control character {char:?}; remove it")]
    ControlChar { place: Place, char: char },
    #[error("{place}: the file is empty; it needs at least its header row: {expected}")]
    Empty { place: Place, expected: String },
    #[error("{place}: the header lacks the column \"{column}\"; the header must be: {expected}")]
    MissingColumn {
        place: Place,
        column: String,
        expected: String,
    },
    #[error(
        "{place}: the header has the column \"{column}\", which petrochip does not know; the header must be: {expected}"
    )]
    UnknownColumn {
        place: Place,
        column: String,
        expected: String,
    },
    #[error("{place}: the header names the column \"{column}\" twice; keep one")]
    DuplicateColumn { place: Place, column: String },
    #[error(
        "{place}: the row has {found} cells where the header has {expected}; check for a stray or missing comma"
    )]
    Ragged {
        place: Place,
        found: u64,
        expected: u64,
    },
    #[error("{place}: {message}")]
    Cell {
        place: Place,
        value: String,
        message: String,
    },
    #[error("{place}: {message}")]
    Csv { place: Place, message: String },
}

/// Reads every sheet under `raw`. Fails with every problem found in every sheet.
pub fn ingest(raw: &Path) -> Result<RawSheets, Vec<IngestError>> {
    if !raw.is_dir() {
        return Err(vec![IngestError::NoRawDir(raw.display().to_string())]);
    }
    let mut reader = Reader {
        raw,
        errors: Vec::new(),
    };
    let sheets = RawSheets {
        sources: reader.sheet("sources.csv"),
        authors: reader.sheet("authors.csv"),
        entities: reader.sheet("entities.csv"),
        aliases: reader.sheet("aliases.csv"),
        producers: reader.sheet("producers.csv"),
        initiatives: reader.sheet("initiatives.csv"),
        materials: reader.sheet("materials.csv"),
        material_byproducts: reader.sheet("material_byproducts.csv"),
        material_sources: reader.sheet("material_sources.csv"),
        energy_concerns: reader.sheet("energy_concerns.csv"),
        mitigations: reader.sheet("mitigations.csv"),
        corporate_users: reader.sheet("corporate_users.csv"),
        figures: reader.sheet("figures.csv"),
        oil_regions: reader.sheet("oil_regions.csv"),
        datacentre_factors: reader.sheet("datacentre_factors.csv"),
        positions: reader.sheet("positions.csv"),
        countries: reader.sheet("reference/countries.csv"),
        elements: reader.sheet("reference/elements.csv"),
    };
    if reader.errors.is_empty() {
        Ok(sheets)
    } else {
        Err(reader.errors)
    }
}

struct Reader<'a> {
    raw: &'a Path,
    errors: Vec<IngestError>,
}

impl Reader<'_> {
    fn sheet<T: DeserializeOwned>(&mut self, name: &str) -> Sheet<T> {
        let path = self.raw.join(name);
        let file: Arc<str> = path.display().to_string().into();
        let records = match self.read::<T>(&path, &file) {
            Ok(records) => records,
            Err(mut errors) => {
                self.errors.append(&mut errors);
                Vec::new()
            }
        };
        Sheet { file, records }
    }

    fn read<T: DeserializeOwned>(
        &self,
        path: &Path,
        file: &str,
    ) -> Result<Vec<Record<T>>, Vec<IngestError>> {
        let bytes = self.load(path, file).map_err(|e| vec![e])?;
        read_sheet_bytes(file, &bytes)
    }

    /// Reads the file, refusing a symbolic link that leads out of the raw folder.
    fn load(&self, path: &Path, file: &str) -> Result<Vec<u8>, IngestError> {
        let place = Place {
            file: file.to_string(),
            line: None,
            column: None,
        };
        let meta = match std::fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(IngestError::Missing { place });
            }
            Err(source) => return Err(IngestError::Unreadable { place, source }),
        };
        if meta.file_type().is_symlink() {
            let target = std::fs::canonicalize(path).unwrap_or_else(|_| PathBuf::from("(nowhere)"));
            let root = std::fs::canonicalize(self.raw).unwrap_or_else(|_| self.raw.to_path_buf());
            if !target.starts_with(&root) {
                return Err(IngestError::Escapes {
                    place,
                    target: target.display().to_string(),
                });
            }
        }
        std::fs::read(path).map_err(|source| IngestError::Unreadable { place, source })
    }
}

/// Reads one sheet from its bytes, as [`ingest`] reads each file: `file` names the sheet in
/// errors. Fails with every problem found in the sheet.
pub fn read_sheet_bytes<T: DeserializeOwned>(
    file: &str,
    bytes: &[u8],
) -> Result<Vec<Record<T>>, Vec<IngestError>> {
    let place = |line: Option<u64>, column: Option<&str>| Place {
        file: file.to_string(),
        line,
        column: column.map(str::to_string),
    };
    let text = decode(bytes, file).map_err(|e| vec![e])?;
    let expected = fields::field_names::<T>();
    let expected_list = expected.join(",");
    if text.trim().is_empty() {
        return Err(vec![IngestError::Empty {
            place: place(Some(1), None),
            expected: expected_list,
        }]);
    }
    let mut csv = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = csv
        .headers()
        .map_err(|e| {
            vec![IngestError::Csv {
                place: place(Some(1), None),
                message: e.to_string(),
            }]
        })?
        .clone();
    let mut errors = check_header(&headers, expected, &expected_list, &place);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut lines = Lines::new(&text);
    let mut records = Vec::new();
    for result in csv.records() {
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                errors.push(csv_error(&e, &mut lines, &place));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.line_of(p));
        match record::deserialize::<T>(&headers, &record) {
            Ok(row) => records.push(Record { line, row }),
            Err(e) => {
                let index = e
                    .column
                    .as_deref()
                    .and_then(|c| headers.iter().position(|h| h == c));
                let value = index
                    .and_then(|i| record.get(i))
                    .unwrap_or_default()
                    .to_string();
                errors.push(IngestError::Cell {
                    place: place(Some(line), e.column.as_deref()),
                    value,
                    message: e.message,
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}

/// UTF-8 with an optional BOM; no control characters but tab, CR and LF.
fn decode(bytes: &[u8], file: &str) -> Result<String, IngestError> {
    let line_at = |offset: usize| 1 + line_breaks(bytes, 0, offset);
    let place = |line| Place {
        file: file.to_string(),
        line: Some(line),
        column: None,
    };
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let skipped = bytes.len() - body.len();
    let text = std::str::from_utf8(body).map_err(|e| {
        let offset = skipped + e.valid_up_to();
        IngestError::NotUtf8 {
            place: place(line_at(offset)),
            byte: bytes[offset],
        }
    })?;
    if let Some((offset, c)) = text
        .char_indices()
        .find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
    {
        return Err(IngestError::ControlChar {
            place: place(line_at(skipped + offset)),
            char: c,
        });
    }
    Ok(text.to_string())
}

fn check_header(
    headers: &csv::StringRecord,
    expected: &[&str],
    expected_list: &str,
    place: &dyn Fn(Option<u64>, Option<&str>) -> Place,
) -> Vec<IngestError> {
    let mut errors = Vec::new();
    for (i, column) in headers.iter().enumerate() {
        if headers.iter().take(i).any(|c| c == column) {
            errors.push(IngestError::DuplicateColumn {
                place: place(Some(1), Some(column)),
                column: column.to_string(),
            });
        } else if !expected.contains(&column) {
            errors.push(IngestError::UnknownColumn {
                place: place(Some(1), None),
                column: column.to_string(),
                expected: expected_list.to_string(),
            });
        }
    }
    for column in expected {
        if !headers.iter().any(|c| c == *column) {
            errors.push(IngestError::MissingColumn {
                place: place(Some(1), None),
                column: column.to_string(),
                expected: expected_list.to_string(),
            });
        }
    }
    errors
}

fn csv_error(
    e: &csv::Error,
    lines: &mut Lines<'_>,
    place: &dyn Fn(Option<u64>, Option<&str>) -> Place,
) -> IngestError {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => IngestError::Ragged {
            place: place(pos.as_ref().map(|p| lines.line_of(p)), None),
            found: *len,
            expected: *expected_len,
        },
        _ => IngestError::Csv {
            place: place(e.position().map(|p| lines.line_of(p)), None),
            message: e.to_string(),
        },
    }
}

/// The line a record starts on, counted from its byte offset. The csv crate's own line number
/// is off by one for each CR LF line end and each blank line before the record (its position
/// points at the end of the previous record, before the line ends it skips), and counts no
/// line end at all in a sheet whose lines end in CR alone.
struct Lines<'a> {
    text: &'a [u8],
    /// The last offset counted to, and how many line breaks come before it.
    offset: usize,
    breaks: u64,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text: text.as_bytes(),
            offset: 0,
            breaks: 0,
        }
    }

    fn line_of(&mut self, position: &csv::Position) -> u64 {
        let at = usize::try_from(position.byte())
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        let rest = &self.text[at..];
        let start = at
            + rest
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        // Records come in order, so counting goes on from the last one.
        if start < self.offset {
            (self.offset, self.breaks) = (0, 0);
        }
        self.breaks += line_breaks(self.text, self.offset, start);
        self.offset = start;
        self.breaks + 1
    }
}

/// The line breaks in `bytes[from..to]`: LF, CR LF, or CR alone (as Excel's "CSV (Macintosh)"
/// ends lines, and as the csv crate reads them).
fn line_breaks(bytes: &[u8], from: usize, to: usize) -> u64 {
    let is_break = |(i, b): (usize, &u8)| match b {
        b'\n' => true,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    };
    let within = bytes.iter().enumerate().take(to).skip(from);
    within.filter(|&ib| is_break(ib)).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_accepted_and_bad_bytes_are_located() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b\n", "x.csv").unwrap(), "a,b\n");
        let err = decode(b"a,b\nc,\xE9t\xE9\n", "x.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.csv:2: is not UTF-8 (byte 0xE9); save the sheet as UTF-8"
        );
        let err = decode(b"a,b\n\nc,\x00\n", "x.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.csv:3: holds the control character '\\0'; remove it"
        );
    }

    #[test]
    fn a_sheet_reads_from_bytes() {
        let bytes = b"atomic_number,symbol,name_en,name_fr\n14,Si,silicon,silicium\n";
        let records = read_sheet_bytes::<ElementRow>("x.csv", bytes).unwrap();
        assert_eq!((records[0].line, records[0].row.symbol.as_str()), (2, "Si"));
        let errors = read_sheet_bytes::<ElementRow>("x.csv", b"symbol\n").unwrap_err();
        assert_eq!(errors.len(), 3);
    }

    #[test]
    fn lines_are_counted_across_crlf_and_blank_lines() {
        let crlf = b"atomic_number,symbol,name_en,name_fr\r\n14,Si,silicon,silicium\r\n\r\n\
            31,Ga,gallium,gallium\r\n\"32\",\"Ge\r\nx\",germanium,germanium\r\n\
            49,In,indium,indium\r\n";
        let records = read_sheet_bytes::<ElementRow>("x.csv", crlf).unwrap();
        let lines: Vec<u64> = records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 5, 7]);
        let ragged = b"atomic_number,symbol,name_en,name_fr\r\n14,Si,silicon,silicium\r\n\r\n\
            31,Ga\r\n0,x,y,z\r\n";
        let errors = read_sheet_bytes::<ElementRow>("x.csv", ragged).unwrap_err();
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2);
        assert!(
            messages[0].starts_with("x.csv:4: the row has 2 cells"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("x.csv:5: column \"atomic_number\""),
            "{messages:?}"
        );
    }

    #[test]
    fn lines_are_counted_in_a_sheet_whose_lines_end_in_cr() {
        // Caught by the sheet fuzz target's line check: every row was reported on line 1.
        let cr = b"atomic_number,symbol,name_en,name_fr\r14,Si,silicon,silicium\r\r\
            31,Ga,gallium,gallium\r0,x,y,z\r";
        let errors = read_sheet_bytes::<ElementRow>("x.csv", cr).unwrap_err();
        assert!(errors[0].to_string().starts_with("x.csv:5: "), "{errors:?}");
        let lf = b"atomic_number,symbol,name_en,name_fr\n14,Si,silicon,silicium\n";
        let records = read_sheet_bytes::<ElementRow>("x.csv", lf).unwrap();
        assert_eq!(records[0].line, 2);
        let err = decode(b"a,b\rc,\xE9\r\n", "x.csv").unwrap_err();
        assert!(err.to_string().starts_with("x.csv:2: "), "{err}");
    }

    #[test]
    fn every_sheet_type_lists_its_columns() {
        assert_eq!(
            fields::field_names::<FigureRow>(),
            &[
                "figure_id",
                "subject",
                "metric",
                "value",
                "period",
                "initiative_id",
                "derivation",
                "note",
                "source_id",
                "paragraph",
                "quote"
            ]
        );
        assert_eq!(
            fields::field_names::<CountryRow>(),
            &["alpha2", "alpha3", "numeric", "name_en", "name_fr"]
        );
    }
}
