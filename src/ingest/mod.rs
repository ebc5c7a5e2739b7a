//! Stage 1: read every `raw/` sheet into typed records, each remembering its line.
//!
//! The gate after this stage: every file exists, is UTF-8 (a BOM and CRLF line ends are fine),
//! has exactly the expected header, and every cell reads as its type. All problems in all
//! sheets are reported together.

pub mod cells;
mod fields;
pub use fields::field_names;
mod readers;
mod record;
pub use record::Probed;
pub mod sheets;

use crate::interned::Interned;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;

pub use cells::MAX_QUOTE_WORDS;
pub use sheets::Cited;
pub(crate) use sheets::fact_sheet;

use crate::table::Origin;

/// One row of a sheet, the file it comes from and the line it sits on (the header is line 1).
#[derive(Debug, Clone)]
pub struct Record<T> {
    pub file: Interned,
    pub line: u64,
    pub row: T,
}

/// One file as read: its name, its rows and its SHA-256.
struct Read<T> {
    file: Interned,
    records: Vec<Record<T>>,
    sha256: String,
}

/// Every row of one kind of sheet: one file for a shared sheet, one per source folder for a
/// source's sheet.
#[derive(Debug, Clone)]
pub struct Sheet<T> {
    /// The files read, as the user would type them (`raw/sources/x/figures.csv`), and their rows.
    pub files: Vec<SheetFile>,
    pub records: Vec<Record<T>>,
}

impl<T> Default for Sheet<T> {
    fn default() -> Self {
        Sheet {
            files: Vec::new(),
            records: Vec::new(),
        }
    }
}

impl<T> Sheet<T> {
    pub fn origin(&self, record: &Record<T>) -> Origin {
        Origin {
            file: record.file,
            line: record.line,
        }
    }
}

/// A file read: its path as the user would type it, its rows, and the SHA-256 of the bytes that
/// were parsed (hashed as they were read, so the manifest describes exactly what was published,
/// even if the file changes while the run goes on).
#[derive(Debug, Clone)]
pub struct SheetFile {
    pub file: Interned,
    pub rows: usize,
    pub sha256: String,
}

/// One folder under `raw/sources/`: a source's metadata and the sheets that transcribe it.
#[derive(Debug, Clone)]
pub struct SourceFolder {
    pub source_id: String,
    /// The folder, as the user would type it.
    pub folder: std::path::PathBuf,
    /// The names in the folder, listed once (a corpus has thousands of folders and asks each
    /// for every sheet); `None` when the folder cannot be listed.
    names: Option<Vec<String>>,
}

impl SourceFolder {
    /// Whether the folder holds an entry `name`, or one differing from it only by case (which
    /// reading then names).
    fn holds(&self, name: &str) -> bool {
        match &self.names {
            Some(names) => names.iter().any(|n| n.eq_ignore_ascii_case(name)),
            None => {
                let path = self.folder.join(name);
                std::fs::symlink_metadata(&path).is_ok() || other_case_exists(&path)
            }
        }
    }
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
    #[error(
        "{0}: --raw must be a folder, and this is a file; pass the folder that holds the sheets"
    )]
    RawIsFile(String),
    #[error(
        "{0}: the raw folder is empty; `petrochip init {0}` writes every sheet with its header, the reference sheets and an example source, or pass --raw with the folder that holds the sheets"
    )]
    RawEmpty(String),
    #[error(
        "{place}: there is no source folder; each source is a folder raw/sources/<source_id>/ holding its source.csv and the sheets that transcribe it (see README.md)"
    )]
    NoSources { place: Place },
    #[error(
        "{place}: \"{name}\" cannot be a source_id, which names the folder: use lower-case ASCII letters, digits and _, starting with a letter"
    )]
    BadSourceFolder { place: Place, name: String },
    #[error(
        "{place}: this sheet belongs to one source: move it into that source's folder, as raw/sources/<source_id>/{sheet}"
    )]
    BelongsInSource { place: Place, sheet: String },
    #[error(
        "{place}: this sheet is shared by every source, so it lives at {shared}{}",
        if *missing { ", which does not exist; move the file there" } else { "; move its rows there" }
    )]
    BelongsShared {
        place: Place,
        shared: String,
        /// The shared sheet is not there: the file was put in the wrong folder, and its
        /// missing place is this one mistake, not a second problem.
        missing: bool,
    },
    #[error("{place}: is not a sheet petrochip reads; {hint}")]
    UnknownSheet { place: Place, hint: String },
    #[error(
        "{place}: the sheet is missing; every source folder holds a source.csv that describes the source (see README.md)"
    )]
    MissingSourceSheet { place: Place },
    #[error("{place}: the sheet is missing; every sheet in README.md's list is required")]
    Missing { place: Place },
    #[error(
        "{place}: the sheet is missing, but there is {found}; names are case-sensitive, so rename it"
    )]
    MissingOtherCase { place: Place, found: String },
    #[error("{place}: is a folder, not a sheet; put the CSV file itself here")]
    IsFolder { place: Place },
    #[error(
        "{place}: is not a regular file (a pipe, a socket or a device); put the CSV file itself here"
    )]
    NotAFile { place: Place },

    #[error(
        "{place}: is a symbolic link to {target}, which does not exist; copy the sheet in instead"
    )]
    DanglingLink { place: Place, target: String },
    #[error("{place}: cannot read the file: {source}")]
    Unreadable {
        place: Place,
        source: std::io::Error,
    },
    #[error(
        "{place}: is a symbolic link to {target}, outside the raw folder; copy the file in instead"
    )]
    Escapes { place: Place, target: String },
    #[error(
        "{place}: byte 0x{byte:02X} is not UTF-8{}; save the sheet as UTF-8 (\"CSV UTF-8\" in Excel)",
        windows_1252.as_ref().map(|c| format!(": in Windows-1252, the encoding Excel and Word use on Windows, it is {c}")).unwrap_or_default()
    )]
    NotUtf8 {
        place: Place,
        byte: u8,
        windows_1252: Option<String>,
    },
    #[error("{place}: is UTF-16, not UTF-8; save the sheet as UTF-8 (\"CSV UTF-8\" in Excel)")]
    Utf16 { place: Place },
    #[error(
        "{place}: holds the control character U+{code:04X}{}, which most programs do not show; delete it",
        name.map(|n| format!(" ({n})")).unwrap_or_default()
    )]
    ControlChar {
        place: Place,
        code: u32,
        name: Option<&'static str>,
    },
    #[error(
        "{place}: holds the invisible character U+{code:04X}, which makes text that looks the same differ; delete it"
    )]
    Invisible { place: Place, code: u32 },
    #[error(
        "{place}: holds \"{found}\", which is \"{meant}\" encoded twice (UTF-8 read as Latin-1, then saved as UTF-8); retype it, or export the sheet again from the original"
    )]
    DoubleEncoded {
        place: Place,
        found: String,
        meant: String,
    },
    #[error(
        "{place}: {cell} is Excel's =\"…\" text formula (a cell kept as text), not a value; type {inner}"
    )]
    TextFormula {
        place: Place,
        cell: String,
        inner: String,
    },
    #[error(
        "{place}: {cell} is an Excel error, not a value: fix the formula in the spreadsheet and export the sheet again"
    )]
    ExcelError { place: Place, cell: String },
    #[error(
        "{place}: \"{word}\" mixes scripts ({scripts}), so it looks like a word it is not; retype it in one script"
    )]
    MixedScript {
        place: Place,
        word: String,
        scripts: String,
    },
    #[error("{place}: the file is empty; it needs at least its header row: {expected}")]
    Empty { place: Place, expected: String },
    #[error(
        "{place}: the file is blank: it holds only spaces and empty lines; it needs at least its header row: {expected}"
    )]
    Blank { place: Place, expected: String },
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
    #[error(
        "{place}: the header is one cell: the sheet is separated by {separator}, not commas; save it as CSV with commas"
    )]
    WrongSeparator { place: Place, separator: String },
    #[error(
        "{place}: the first line is the spreadsheet hint \"{line}\", not the header; delete that line"
    )]
    SeparatorLine { place: Place, line: String },
    #[error(
        "{place}: the header has the column \"{column}\" where petrochip expects \"{expected}\"; write it in lower case"
    )]
    ColumnCase {
        place: Place,
        column: String,
        expected: String,
    },
    #[error(
        "{place}: the header has the column \"{column}\" where petrochip expects \"{expected}\"; rename it {expected}"
    )]
    ColumnMisspelt {
        place: Place,
        column: String,
        expected: String,
    },
    #[error("{place}: the header names the column \"{column}\" twice; keep one")]
    DuplicateColumn { place: Place, column: String },
    #[error("{place}: the row has {found} cells where the header has {expected}; {hint}")]
    Ragged {
        place: Place,
        found: usize,
        expected: usize,
        hint: &'static str,
    },
    #[error(
        "{place}: the cell goes on to line {last}: a quote opened here is never closed, or the cell holds a line break; close the quote or remove the break"
    )]
    LineBreak { place: Place, last: u64 },
    #[error(
        "{place}: the cell has {chars} characters, more than the {MAX_CELL_CHARS} a cell may hold; shorten it"
    )]
    TooLong { place: Place, chars: usize },
    #[error("{place}: the row is empty; delete it")]
    EmptyRow { place: Place },
    #[error("{place}: the row repeats the header; delete it")]
    HeaderAgain { place: Place },
    #[error("{place}: {message}")]
    Cell {
        place: Place,
        value: String,
        message: String,
    },
    #[error("{place}: {message}")]
    Csv { place: Place, message: String },
}

impl IngestError {
    /// Where the problem is, when it is inside the raw folder.
    pub fn place(&self) -> Option<&Place> {
        match self {
            IngestError::NoRawDir(_) | IngestError::RawIsFile(_) | IngestError::RawEmpty(_) => None,
            IngestError::Missing { place, .. }
            | IngestError::NoSources { place }
            | IngestError::MissingSourceSheet { place }
            | IngestError::BadSourceFolder { place, .. }
            | IngestError::BelongsInSource { place, .. }
            | IngestError::BelongsShared { place, .. }
            | IngestError::UnknownSheet { place, .. }
            | IngestError::MissingOtherCase { place, .. }
            | IngestError::IsFolder { place, .. }
            | IngestError::NotAFile { place }
            | IngestError::DanglingLink { place, .. }
            | IngestError::Unreadable { place, .. }
            | IngestError::Escapes { place, .. }
            | IngestError::NotUtf8 { place, .. }
            | IngestError::Utf16 { place, .. }
            | IngestError::ControlChar { place, .. }
            | IngestError::Invisible { place, .. }
            | IngestError::DoubleEncoded { place, .. }
            | IngestError::Empty { place, .. }
            | IngestError::Blank { place, .. }
            | IngestError::MixedScript { place, .. }
            | IngestError::TextFormula { place, .. }
            | IngestError::ExcelError { place, .. }
            | IngestError::MissingColumn { place, .. }
            | IngestError::UnknownColumn { place, .. }
            | IngestError::WrongSeparator { place, .. }
            | IngestError::SeparatorLine { place, .. }
            | IngestError::ColumnCase { place, .. }
            | IngestError::ColumnMisspelt { place, .. }
            | IngestError::DuplicateColumn { place, .. }
            | IngestError::Ragged { place, .. }
            | IngestError::LineBreak { place, .. }
            | IngestError::TooLong { place, .. }
            | IngestError::EmptyRow { place, .. }
            | IngestError::HeaderAgain { place, .. }
            | IngestError::Cell { place, .. }
            | IngestError::Csv { place, .. } => Some(place),
        }
    }

    /// The offending cell's text, when the problem is one cell.
    pub fn value(&self) -> Option<&str> {
        match self {
            IngestError::Cell { value, .. } => Some(value),
            IngestError::TextFormula { cell, .. } | IngestError::ExcelError { cell, .. } => {
                Some(cell)
            }
            _ => None,
        }
    }
}

/// The error values Excel shows, and exports, for a formula that failed.
const EXCEL_ERRORS: &[&str] = &[
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
];

/// The longest cell a sheet may hold: a transcription cell is a name, a figure or a sentence.
pub const MAX_CELL_CHARS: usize = 2_000;

/// The folder under `raw/` that holds one folder per source.
pub const SOURCES_DIR: &str = "sources";

/// The metadata sheet every source folder holds.
pub const SOURCE_SHEET: &str = "source.csv";
/// Files a source folder may hold that petrochip does not read: the findings `petrochip draft`
/// left beside the sheets it drafted, for review.
pub const REVIEW_FILES: &[&str] = &["spans.csv"];

/// A row of a source's sheet learns its source from the folder it is read from.
pub trait FromSource {
    fn set_source_id(&mut self, source_id: &str);
}

/// Reads the sheets the groups of tables ask for: a shared sheet once, a source's sheet from
/// every source folder, in folder name order. It remembers every name asked for, so that a
/// sheet in the wrong place, or one petrochip does not read, is named at the end.
pub struct Reader {
    raw: PathBuf,
    errors: Vec<IngestError>,
    /// Shared with the forks that read groups on other threads ([`Reader::fork`]).
    folders: Arc<Vec<SourceFolder>>,
    shared: Vec<String>,
    per_source: Vec<String>,
    /// Every sheet asked for, with its columns; a describing reader reads no file.
    layout: Vec<SheetLayout>,
    describing: bool,
}

/// A sheet as the groups declare it: where it lives and its header.
#[derive(Debug, Clone)]
pub struct SheetLayout {
    /// Under `raw/` for a shared sheet, under a source folder for a source's.
    pub name: String,
    pub per_source: bool,
    pub required: bool,
    pub columns: &'static [&'static str],
    /// What the sheet's type makes of each column (required, list), in column order; probed
    /// only by a describing reader, so a run does not pay for it.
    pub probed: Vec<Probed>,
}

impl SheetLayout {
    fn of<T: DeserializeOwned>(
        name: &str,
        (per_source, required): (bool, bool),
        describing: bool,
    ) -> SheetLayout {
        let columns = field_names::<T>();
        let probed = if describing {
            columns.iter().map(|c| record::probe::<T>(c)).collect()
        } else {
            Vec::new()
        };
        SheetLayout {
            name: name.to_string(),
            per_source,
            required,
            columns,
            probed,
        }
    }

    /// The sheet's path under `raw/`, with `<source_id>` for a source's sheet.
    pub fn path(&self) -> String {
        if self.per_source {
            format!("{SOURCES_DIR}/<source_id>/{}", self.name)
        } else {
            self.name.clone()
        }
    }
}

impl Reader {
    /// Opens the raw folder and finds its source folders.
    pub fn open(raw: &Path) -> Result<Reader, Vec<IngestError>> {
        if raw.is_file() {
            return Err(vec![IngestError::RawIsFile(raw.display().to_string())]);
        }
        if !raw.is_dir() {
            return Err(vec![IngestError::NoRawDir(raw.display().to_string())]);
        }
        // An empty folder is one mistake (the wrong folder, or one not made yet), not one
        // missing sheet per sheet.
        if std::fs::read_dir(raw).is_ok_and(|mut entries| entries.next().is_none()) {
            return Err(vec![IngestError::RawEmpty(raw.display().to_string())]);
        }
        let mut reader = Reader {
            raw: raw.to_path_buf(),
            errors: Vec::new(),
            folders: Arc::default(),
            shared: Vec::new(),
            per_source: vec![SOURCE_SHEET.to_string()],
            layout: Vec::new(),
            describing: false,
        };
        reader.folders = Arc::new(reader.source_folders());
        Ok(reader)
    }

    /// A reader that reads nothing and only notes which sheets the groups ask for, and their
    /// headers: the layout of `raw/` (for `petrochip init`).
    pub fn describing() -> Reader {
        Reader {
            raw: PathBuf::new(),
            errors: Vec::new(),
            folders: Arc::default(),
            shared: Vec::new(),
            per_source: Vec::new(),
            layout: Vec::new(),
            describing: true,
        }
    }

    /// A reader for one group's sheets on another thread: the same folders, nothing asked for
    /// or found yet. [`Reader::merge`] takes back what it asked for and found.
    pub fn fork(&self) -> Reader {
        Reader {
            raw: self.raw.clone(),
            errors: Vec::new(),
            folders: Arc::clone(&self.folders),
            shared: Vec::new(),
            per_source: Vec::new(),
            layout: Vec::new(),
            describing: self.describing,
        }
    }

    /// Takes back what a [`Reader::fork`] asked for and the problems it found, after this
    /// reader's own: merged in the groups' order, a forked read reports as a single reader does.
    pub fn merge(&mut self, fork: Reader) {
        self.errors.extend(fork.errors);
        self.shared.extend(fork.shared);
        for name in fork.per_source {
            if !self.per_source.contains(&name) {
                self.per_source.push(name);
            }
        }
        self.layout.extend(fork.layout);
    }

    /// The sheets asked for so far, in the order the groups asked.
    pub fn layout(&self) -> &[SheetLayout] {
        &self.layout
    }

    /// The source folders found, in name order.
    pub fn folders(&self) -> &[SourceFolder] {
        &self.folders
    }

    /// A problem a group found while reading (a source.csv naming another source, say).
    pub fn error(&mut self, error: IngestError) {
        self.errors.push(error);
    }

    /// A sheet shared by every source, at `name` under `raw/`; it must exist.
    pub fn shared<T: DeserializeOwned>(&mut self, name: &str) -> Sheet<T> {
        self.shared.push(name.to_string());
        let layout = SheetLayout::of::<T>(name, (false, true), self.describing);
        self.layout.push(layout);
        let mut sheet = Sheet::default();
        if self.describing {
            return sheet;
        }
        let path = self.raw.join(name);
        self.append(&mut sheet, &path, |_| {});
        sheet
    }

    /// The sheet `name` of every source folder, its rows told their source; a folder without
    /// it has no rows, unless it is `required`.
    pub fn per_source<T: DeserializeOwned + FromSource + Send>(
        &mut self,
        name: &str,
        required: bool,
    ) -> Sheet<T> {
        if !self.per_source.iter().any(|n| n == name) {
            self.per_source.push(name.to_string());
        }
        let layout = SheetLayout::of::<T>(name, (true, required), self.describing);
        self.layout.push(layout);
        let mut sheet = Sheet::default();
        if self.describing {
            return sheet;
        }
        // Each folder's file is read and parsed on its own, over every core; the results are
        // taken in folder order, so rows and problems come out as a single reader gives them.
        let reads: Vec<Option<Result<Read<T>, Vec<IngestError>>>> = {
            use rayon::prelude::*;
            let this = &*self;
            self.folders
                .par_iter()
                .map(|folder| {
                    folder
                        .holds(name)
                        .then(|| this.read::<T>(&folder.folder.join(name)))
                })
                .collect()
        };
        let folders = Arc::clone(&self.folders);
        for (folder, read) in folders.iter().zip(reads) {
            match read {
                Some(read) => {
                    self.take(&mut sheet, read, |row: &mut T| {
                        row.set_source_id(&folder.source_id)
                    });
                }
                None if required => self.errors.push(IngestError::MissingSourceSheet {
                    place: Self::place(&folder.folder.join(name)),
                }),
                None => {}
            }
        }
        sheet
    }

    /// Every problem found, including sheets in the wrong place; the source folders if none.
    pub fn finish(mut self) -> Result<Vec<SourceFolder>, Vec<IngestError>> {
        self.strays_at_top();
        for folder in Arc::clone(&self.folders).iter() {
            self.strays_in(folder);
        }
        if self.errors.is_empty() {
            Ok(Arc::unwrap_or_clone(self.folders))
        } else {
            Err(self.errors)
        }
    }

    fn place(path: &Path) -> Place {
        Place {
            file: path.display().to_string(),
            line: None,
            column: None,
        }
    }

    fn append<T: DeserializeOwned>(
        &mut self,
        sheet: &mut Sheet<T>,
        path: &Path,
        fill: impl Fn(&mut T),
    ) {
        let read = self.read::<T>(path);
        self.take(sheet, read, fill);
    }

    /// Adds one file's rows (or its problems) to the sheet.
    fn take<T>(
        &mut self,
        sheet: &mut Sheet<T>,
        read: Result<Read<T>, Vec<IngestError>>,
        fill: impl Fn(&mut T),
    ) {
        match read {
            Ok(Read {
                file,
                records,
                sha256,
            }) => {
                sheet.files.push(SheetFile {
                    file,
                    rows: records.len(),
                    sha256,
                });
                sheet.records.extend(records.into_iter().map(|mut r| {
                    fill(&mut r.row);
                    r
                }));
            }
            Err(mut errors) => self.errors.append(&mut errors),
        }
    }

    fn read<T: DeserializeOwned>(&self, path: &Path) -> Result<Read<T>, Vec<IngestError>> {
        let file: Interned = path.display().to_string().into();
        let bytes = self.load(path, &file).map_err(|e| vec![e])?;
        let records = read_sheet_bytes(&file, &bytes)?;
        Ok(Read {
            sha256: crate::manifest::sha256(&bytes),
            file,
            records,
        })
    }

    /// The folders under `raw/sources/`, in name order; a folder whose name cannot be a
    /// source_id is reported, not read.
    fn source_folders(&mut self) -> Vec<SourceFolder> {
        let dir = self.raw.join(SOURCES_DIR);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.errors.push(IngestError::NoSources {
                    place: Self::place(&dir),
                });
                return Vec::new();
            }
            Err(source) => {
                self.errors.push(IngestError::Unreadable {
                    place: Self::place(&dir),
                    source,
                });
                return Vec::new();
            }
        };
        let mut folders: Vec<SourceFolder> = Vec::new();
        let mut names: Vec<String> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let folder = dir.join(&name);
            if !is_identifier(&name) {
                self.errors.push(IngestError::BadSourceFolder {
                    place: Self::place(&folder),
                    name,
                });
                continue;
            }
            let names = std::fs::read_dir(&folder).ok().map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            });
            folders.push(SourceFolder {
                source_id: name,
                folder,
                names,
            });
        }
        if folders.is_empty() && self.errors.is_empty() {
            self.errors.push(IngestError::NoSources {
                place: Self::place(&dir),
            });
        }
        folders
    }

    /// A sheet of a source kept at the top of `raw/`, or a sheet petrochip does not read.
    fn strays_at_top(&mut self) {
        for name in csv_files(&self.raw) {
            if self.shared.contains(&name) {
                continue;
            }
            let place = Self::place(&self.raw.join(&name));
            if name == "sources.csv" || self.per_source.contains(&name) {
                self.errors.push(IngestError::BelongsInSource {
                    place,
                    sheet: if name == "sources.csv" {
                        SOURCE_SHEET.to_string()
                    } else {
                        name
                    },
                });
            } else {
                let known: Vec<&str> = self
                    .shared
                    .iter()
                    .map(String::as_str)
                    .filter(|s| !s.contains('/'))
                    .collect();
                self.errors.push(IngestError::UnknownSheet {
                    place,
                    hint: sheet_hint(&name, &known, "the shared sheets at the top of raw/ are"),
                });
            }
        }
    }

    /// A shared sheet kept in a source folder, or a sheet petrochip does not read.
    fn strays_in(&mut self, folder: &SourceFolder) {
        for name in csv_files(&folder.folder) {
            if self.per_source.contains(&name) || REVIEW_FILES.contains(&name.as_str()) {
                continue;
            }
            let place = Self::place(&folder.folder.join(&name));
            if self.shared.contains(&name) {
                let shared = self.raw.join(&name).display().to_string();
                let before = self.errors.len();
                self.errors.retain(
                    |e| !matches!(e, IngestError::Missing { place } if place.file == shared),
                );
                let missing = self.errors.len() < before
                    || self.errors.iter().any(|e| {
                        matches!(e, IngestError::BelongsShared { shared: s, missing: true, .. } if *s == shared)
                    });
                self.errors.push(IngestError::BelongsShared {
                    place,
                    shared,
                    missing,
                });
            } else {
                let known: Vec<&str> = self.per_source.iter().map(String::as_str).collect();
                if other_case_exists(&folder.folder.join(name.to_lowercase()))
                    && known.contains(&name.to_lowercase().as_str())
                {
                    continue;
                }
                self.errors.push(IngestError::UnknownSheet {
                    place,
                    hint: sheet_hint(&name, &known, "the sheets of a source folder are"),
                });
            }
        }
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
                return Err(missing(path, place));
            }
            Err(source) => return Err(IngestError::Unreadable { place, source }),
        };
        if meta.file_type().is_symlink() {
            // The link as it is written, which says more than the absolute path it resolves to.
            let link = std::fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            let Ok(target) = std::fs::canonicalize(path) else {
                return Err(IngestError::DanglingLink {
                    place,
                    target: link,
                });
            };
            let root = std::fs::canonicalize(&self.raw).unwrap_or_else(|_| self.raw.clone());
            if !target.starts_with(&root) {
                return Err(IngestError::Escapes {
                    place,
                    target: link,
                });
            }
        }
        if path.is_dir() {
            return Err(IngestError::IsFolder { place });
        }
        // Only a regular file: reading a FIFO would wait forever, a device would never end.
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() => return Err(IngestError::NotAFile { place }),
            Err(source) => return Err(IngestError::Unreadable { place, source }),
            Ok(_) => {}
        }
        std::fs::read(path).map_err(|source| IngestError::Unreadable { place, source })
    }
}

/// The `.csv` files directly in `dir`, in name order.
fn csv_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.to_ascii_lowercase().ends_with(".csv"))
        .collect();
    names.sort();
    names
}

/// Whether a file differing from `path` only by case sits beside it.
fn other_case_exists(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return false;
    };
    path.parent()
        .and_then(|dir| std::fs::read_dir(dir).ok())
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| {
            let other = e.file_name().to_string_lossy().into_owned();
            other != name && other.eq_ignore_ascii_case(&name)
        })
}

/// A source_id, as the folder name that holds it: lower-case ASCII letters, digits and `_`,
/// starting with a letter.
pub fn is_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// "did you mean" for a sheet name, else the list of names a folder takes.
fn sheet_hint(name: &str, known: &[&str], list_intro: &str) -> String {
    let lower = name.to_lowercase();
    let nearest = known
        .iter()
        .map(|k| (strsim::osa_distance(&lower, k), *k))
        .min()
        .filter(|(d, _)| *d <= 3);
    match nearest {
        Some((_, k)) => format!("rename it {k} if that is what it holds"),
        None => format!("{list_intro}: {}", known.join(", ")),
    }
}

/// Reads one sheet from its bytes, as the [`Reader`] reads each file: `file` names the sheet in
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
    // One name shared by every record of the sheet.
    let shared: Interned = file.into();
    let text = decode(bytes, file).map_err(|e| vec![e])?;
    let expected = fields::field_names::<T>();
    let expected_list = expected.join(",");
    if text.is_empty() {
        return Err(vec![IngestError::Empty {
            place: place(Some(1), None),
            expected: expected_list,
        }]);
    }
    if text.trim().is_empty() {
        return Err(vec![IngestError::Blank {
            place: place(Some(1), None),
            expected: expected_list,
        }]);
    }
    // French Excel saves "CSV" with semicolons, a pasted spreadsheet has tabs: a header line
    // with no comma but one of those is read with it.
    let header_line = text.lines().next().unwrap_or_default();
    let delimiter = if header_line.contains(',') {
        b','
    } else if header_line.contains(';') {
        b';'
    } else if header_line.contains('\t') {
        b'\t'
    } else {
        b','
    };
    readers::with_reader(&text, delimiter, |csv| {
        let mut rows = csv.records();
        let headers = match rows.next() {
            Some(Ok(headers)) => headers,
            Some(Err(e)) => {
                return Err(vec![IngestError::Csv {
                    place: place(Some(1), None),
                    message: e.to_string(),
                }]);
            }
            None => csv::StringRecord::new(),
        };
        let errors = check_header(&headers, expected, &expected_list, &place);
        if !errors.is_empty() {
            return Err(errors);
        }
        read_rows(rows, &headers, (&text, delimiter), &shared, &place, errors)
    })
}

/// The rows after a sheet's header row, each checked and typed; fails with every problem found
/// (after the header's, in `errors`).
fn read_rows<T: DeserializeOwned>(
    rows: csv::StringRecordsIter<'_, std::io::Cursor<Vec<u8>>>,
    headers: &csv::StringRecord,
    (text, delimiter): (&str, u8),
    shared: &Interned,
    place: &impl Fn(Option<u64>, Option<&str>) -> Place,
    mut errors: Vec<IngestError>,
) -> Result<Vec<Record<T>>, Vec<IngestError>> {
    let mut lines = Lines::new(text);
    let mut records = Vec::new();
    for result in rows {
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                errors.push(csv_error(&e, &mut lines, place));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.line_of(p));
        if record.len() != headers.len() {
            errors.push(IngestError::Ragged {
                place: place(Some(line), None),
                found: record.len(),
                expected: headers.len(),
                hint: ragged_hint(&record),
            });
            continue;
        }
        if let Some(error) = row_problem(headers, &record, place(Some(line), None)) {
            errors.push(error);
            continue;
        }
        if let Some(error) = cell_problem(headers, &record, line, place) {
            errors.push(error);
            continue;
        }
        match record::deserialize::<T>(headers, &record) {
            Ok(row) => records.push(Record {
                file: *shared,
                line,
                row,
            }),
            Err(e) => {
                let index = e
                    .column
                    .as_deref()
                    .and_then(|c| headers.iter().position(|h| h == c));
                let value = index
                    .and_then(|i| record.get(i))
                    .unwrap_or_default()
                    .to_string();
                // The reader trims cells: a cell of spaces reads as empty, but the analyst
                // sees something in it, so the message says what.
                let spaces = match (value.is_empty(), index, record.position()) {
                    (true, Some(i), Some(at)) => {
                        untrimmed(text, delimiter, at.byte(), i).filter(|cell| !cell.is_empty())
                    }
                    _ => None,
                };
                let message = match spaces {
                    Some(_) => {
                        "the cell holds only spaces, but it is required; type its value".to_string()
                    }
                    None => e.message,
                };
                errors.push(IngestError::Cell {
                    place: place(Some(line), e.column.as_deref()),
                    value,
                    message,
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

/// The `index`th cell of the record starting at byte `start`, as typed (untrimmed).
fn untrimmed(text: &str, delimiter: u8, start: u64, index: usize) -> Option<String> {
    let rest = text.as_bytes().get(usize::try_from(start).ok()?..)?;
    let record = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(rest)
        .into_records()
        .next()?
        .ok()?;
    record.get(index).map(str::to_string)
}

/// A missing sheet, and the file that differs from its name only by case, when there is one.
fn missing(path: &Path, place: Place) -> IngestError {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let other = path
        .parent()
        .and_then(|dir| std::fs::read_dir(dir).ok())
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|other| other.eq_ignore_ascii_case(&name));
    match other {
        Some(other) => IngestError::MissingOtherCase {
            place,
            found: path.with_file_name(other).display().to_string(),
        },
        None => IngestError::Missing { place },
    }
}

/// UTF-8 with an optional BOM; no control characters but tab, CR and LF, no invisible
/// characters, no text encoded twice. Each problem names its line and the column it sits in.
fn decode(bytes: &[u8], file: &str) -> Result<String, IngestError> {
    let line_at = |offset: usize| 1 + line_breaks(bytes, 0, offset);
    let place = |offset: usize| Place {
        file: file.to_string(),
        line: Some(line_at(offset)),
        column: column_at(bytes, offset),
    };
    if is_utf16(bytes) {
        return Err(IngestError::Utf16 {
            place: Place {
                file: file.to_string(),
                line: None,
                column: None,
            },
        });
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let skipped = bytes.len() - body.len();
    let text = std::str::from_utf8(body).map_err(|e| {
        let offset = skipped + e.valid_up_to();
        IngestError::NotUtf8 {
            place: place(offset),
            byte: bytes[offset],
            windows_1252: windows_1252(bytes[offset]),
        }
    })?;
    let mut chars = text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let here = || place(skipped + offset);
        // ASCII (most of a sheet) is never invisible nor half of a double encoding.
        if c.is_ascii() && !c.is_ascii_control() {
            continue;
        }
        if c.is_control() && !matches!(c, '\t' | '\r' | '\n') {
            return Err(IngestError::ControlChar {
                place: here(),
                code: u32::from(c),
                name: control_name(c),
            });
        }
        if petrochip_text::invisible(c) {
            return Err(IngestError::Invisible {
                place: here(),
                code: u32::from(c),
            });
        }
        if let Some((next, meant)) = chars
            .peek()
            .and_then(|(_, next)| Some((*next, encoded_twice(c, *next)?)))
        {
            return Err(IngestError::DoubleEncoded {
                place: here(),
                found: format!("{c}{next}"),
                meant: meant.to_string(),
            });
        }
    }
    // NFC: a name typed on another keyboard, or saved by another program, is the same bytes.
    Ok(petrochip_text::to_nfc(text).into_owned())
}

/// The header's name of the column a byte of the sheet sits in, found by walking the CSV from
/// the start (a quoted cell may hold separators and line breaks); `None` on the header line.
/// Only called for a problem, so a sheet read without one pays nothing.
fn column_at(bytes: &[u8], offset: usize) -> Option<String> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let offset = offset.checked_sub(bytes.len() - body.len())?;
    let header_end = body
        .iter()
        .position(|b| matches!(b, b'\n' | b'\r'))
        .unwrap_or(body.len());
    if offset < header_end {
        return None;
    }
    let header = &body[..header_end];
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .find(|d| header.contains(d))
        .unwrap_or(b',');
    let names = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(header)
        .byte_records()
        .next()?
        .ok()?;
    // The states of a CSV cell: at its start, unquoted, inside quotes, just after a quote
    // inside quotes (a doubled quote goes back in; anything else ends the quoted part).
    #[derive(Clone, Copy)]
    enum At {
        Start,
        Bare,
        Quoted,
        QuoteInQuoted,
    }
    let (mut field, mut at) = (0, At::Start);
    for &b in &body[header_end..offset] {
        at = match (at, b) {
            (At::Quoted, b'"') => At::QuoteInQuoted,
            (At::Quoted, _) => At::Quoted,
            (At::Start | At::QuoteInQuoted, b'"') => At::Quoted,
            (_, b'\n' | b'\r') => {
                field = 0;
                At::Start
            }
            (_, d) if d == delimiter => {
                field += 1;
                At::Start
            }
            _ => At::Bare,
        };
    }
    let name = names.get(field)?;
    Some(String::from_utf8_lossy(name).trim().to_string())
}

/// What a byte that is not UTF-8 stands for in Windows-1252, the encoding Excel and Word save
/// in on Windows: the character, and its name where the glyph alone is ambiguous.
fn windows_1252(byte: u8) -> Option<String> {
    const HIGH: [Option<(char, &str)>; 32] = [
        Some(('€', "the euro sign")),
        None,
        Some(('‚', "a low single quotation mark")),
        Some(('ƒ', "a small f with hook")),
        Some(('„', "a low double quotation mark")),
        Some(('…', "an ellipsis")),
        Some(('†', "a dagger")),
        Some(('‡', "a double dagger")),
        Some(('ˆ', "a circumflex accent")),
        Some(('‰', "the per mille sign")),
        Some(('Š', "a capital S with caron")),
        Some(('‹', "a single left-pointing angle quotation mark")),
        Some(('Œ', "the ligature OE")),
        None,
        Some(('Ž', "a capital Z with caron")),
        None,
        None,
        Some(('‘', "the left single quotation mark")),
        Some(('’', "the right single quotation mark, a curly apostrophe")),
        Some(('“', "the left double quotation mark")),
        Some(('”', "the right double quotation mark")),
        Some(('•', "a bullet")),
        Some(('–', "an en dash")),
        Some(('—', "an em dash")),
        Some(('˜', "a small tilde")),
        Some(('™', "the trade mark sign")),
        Some(('š', "a small s with caron")),
        Some(('›', "a single right-pointing angle quotation mark")),
        Some(('œ', "the ligature oe")),
        None,
        Some(('ž', "a small z with caron")),
        Some(('Ÿ', "a capital Y with diaeresis")),
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)].map(|(c, name)| format!("{c} ({name})")),
        0xA0 => Some("a no-break space".into()),
        0xAD => Some("a soft hyphen".into()),
        0xA1..=0xFF => Some(char::from(byte).to_string()),
        _ => None,
    }
}

/// The usual abbreviation of a C0 control character (ESC, SOH…), or DEL; C1 controls have none
/// people know.
fn control_name(c: char) -> Option<&'static str> {
    const C0: [&str; 32] = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
        "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB",
        "ESC", "FS", "GS", "RS", "US",
    ];
    match u32::from(c) {
        code @ 0..=0x1F => C0.get(code as usize).copied(),
        0x7F => Some("DEL"),
        _ => None,
    }
}

/// A UTF-16 byte order mark, or the NUL in every other byte that UTF-16 gives ASCII text.
fn is_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    let nul_every_other =
        |start: usize| head.len() >= 4 && head.iter().skip(start).step_by(2).all(|b| *b == 0);
    head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF")
        || nul_every_other(0)
        || nul_every_other(1)
}

/// Each letter's script, named as people know them ("Latin, Cyrillic"), in the word's order.
fn scripts_of(word: &str) -> String {
    let mut names: Vec<&str> = Vec::new();
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        let name = match u32::from(c) {
            0x0000..=0x024F | 0x1E00..=0x1EFF => "Latin",
            0x0370..=0x03FF | 0x1F00..=0x1FFF => "Greek",
            0x0400..=0x052F => "Cyrillic",
            0x0530..=0x058F => "Armenian",
            0x0590..=0x05FF => "Hebrew",
            0x0600..=0x06FF => "Arabic",
            _ => "another script",
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.join(", ")
}

/// "Ã©" is what "é" becomes when its two UTF-8 bytes are read as Latin-1 and saved again.
fn encoded_twice(first: char, second: char) -> Option<char> {
    if !matches!(first, 'Ã' | 'Â') || !('\u{80}'..='\u{BF}').contains(&second) {
        return None;
    }
    let bytes = [
        u8::try_from(u32::from(first)).ok()?,
        u8::try_from(u32::from(second)).ok()?,
    ];
    std::str::from_utf8(&bytes).ok()?.chars().next()
}

/// A row that is no record at all: empty, or the header once more.
fn row_problem(
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
    place: Place,
) -> Option<IngestError> {
    if record.iter().all(|cell| cell.trim().is_empty()) {
        return Some(IngestError::EmptyRow { place });
    }
    if record.iter().map(str::trim).eq(headers.iter()) {
        return Some(IngestError::HeaderAgain { place });
    }
    None
}

/// The first cell that no transcription holds: one over several lines (most often a quote
/// left open, which swallows the lines after it), or one too long.
fn cell_problem(
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
    line: u64,
    place: &dyn Fn(Option<u64>, Option<&str>) -> Place,
) -> Option<IngestError> {
    headers
        .iter()
        .zip(record.iter())
        .find_map(|(column, cell)| {
            let place = || place(Some(line), Some(column));
            let breaks = if cell.contains(['\n', '\r']) {
                cell.matches(['\n', '\r']).count() - cell.matches("\r\n").count()
            } else {
                0
            };
            if breaks > 0 {
                return Some(IngestError::LineBreak {
                    place: place(),
                    last: line + breaks as u64,
                });
            }
            // A cell has at least as many bytes as characters: most need no count.
            let chars = if cell.len() > MAX_CELL_CHARS {
                cell.chars().count()
            } else {
                0
            };
            if chars > MAX_CELL_CHARS {
                return Some(IngestError::TooLong {
                    place: place(),
                    chars,
                });
            }
            // ="NOR" is how Excel keeps a cell as text; the value is what is inside.
            let trimmed = cell.trim();
            if let Some(inner) = trimmed
                .strip_prefix("=\"")
                .and_then(|rest| rest.strip_suffix('"'))
            {
                return Some(IngestError::TextFormula {
                    place: place(),
                    cell: trimmed.to_string(),
                    inner: inner.to_string(),
                });
            }
            // What Excel writes in place of a formula's value when the formula fails.
            if trimmed.starts_with('#')
                && EXCEL_ERRORS.contains(&trimmed.to_ascii_uppercase().as_str())
            {
                return Some(IngestError::ExcelError {
                    place: place(),
                    cell: trimmed.to_string(),
                });
            }
            petrochip_text::mixed_script_word(cell).map(|word| IngestError::MixedScript {
                place: place(),
                word: word.to_string(),
                scripts: scripts_of(word),
            })
        })
}

fn check_header(
    headers: &csv::StringRecord,
    expected: &[&str],
    expected_list: &str,
    place: &dyn Fn(Option<u64>, Option<&str>) -> Place,
) -> Vec<IngestError> {
    let first = headers.get(0).unwrap_or_default();
    if first.to_ascii_lowercase().starts_with("sep=") {
        let line = headers.iter().collect::<Vec<_>>().join(",");
        return vec![IngestError::SeparatorLine {
            place: place(Some(1), None),
            line,
        }];
    }
    if headers.len() == 1 {
        let separator = [(';', "semicolons"), ('\t', "tabs")]
            .into_iter()
            .find(|(c, _)| first.contains(*c));
        if let Some((_, separator)) = separator {
            return vec![IngestError::WrongSeparator {
                place: place(Some(1), None),
                separator: separator.to_string(),
            }];
        }
    }
    // Sets, not nested scans: a header of 200 000 columns is checked in linear time.
    let present: std::collections::HashSet<&str> = headers.iter().collect();
    let present_lower: std::collections::HashSet<String> =
        headers.iter().map(str::to_ascii_lowercase).collect();
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|e| !present_lower.contains(&e.to_ascii_lowercase()))
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut renamed: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut errors = Vec::new();
    for column in headers.iter() {
        let other_case = expected
            .iter()
            .find(|e| e.eq_ignore_ascii_case(column) && !present.contains(**e));
        if !seen.insert(column) {
            errors.push(IngestError::DuplicateColumn {
                place: place(Some(1), Some(column)),
                column: column.to_string(),
            });
        } else if let Some(expected) = other_case {
            errors.push(IngestError::ColumnCase {
                place: place(Some(1), None),
                column: column.to_string(),
                expected: expected.to_string(),
            });
        } else if !expected.contains(&column) {
            // A column the sheet lacks, spelt nearly like this one: a rename, not two problems.
            let nearest = missing
                .iter()
                .copied()
                .filter(|m| !renamed.contains(m))
                .map(|m| (strsim::osa_distance(&column.to_lowercase(), m), m))
                .filter(|(d, m)| *d <= 2.max(m.len() / 4))
                .min();
            match nearest {
                Some((_, meant)) => {
                    renamed.insert(meant);
                    errors.push(IngestError::ColumnMisspelt {
                        place: place(Some(1), None),
                        column: column.to_string(),
                        expected: meant.to_string(),
                    });
                }
                None => errors.push(IngestError::UnknownColumn {
                    place: place(Some(1), None),
                    column: column.to_string(),
                    expected: expected_list.to_string(),
                }),
            }
        }
    }
    for column in missing {
        if !renamed.contains(column) {
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
    IngestError::Csv {
        place: place(e.position().map(|p| lines.line_of(p)), None),
        message: e.to_string(),
    }
}

/// What most often makes a row's cells miscount.
fn ragged_hint(record: &csv::StringRecord) -> &'static str {
    if record.iter().any(|cell| cell.contains(['“', '”'])) {
        "curly quotes “ ” do not enclose a cell; enclose a cell that holds a comma in straight quotes (\"…\")"
    } else {
        "check for a stray or missing comma, or a quote closed in the wrong place"
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

/// A sheet shaped like the elements reference, declared here so that the reader's tests need no
/// group of tables.
#[cfg(test)]
#[derive(Debug, Clone, serde::Deserialize)]
#[allow(dead_code)] // the reader's tests read whole rows and look at one column or two
pub(crate) struct ElementRow {
    pub atomic_number: cells::Whole,
    pub symbol: cells::Text,
    pub name_en: cells::Text,
    pub name_fr: cells::Text,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forks_merged_in_order_report_what_one_reader_reports() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let raw = dir.path();
        let header = "atomic_number,symbol,name_en,name_fr\n";
        std::fs::create_dir_all(raw.join("sources/alpha_2024")).unwrap();
        std::fs::write(
            raw.join("b.csv"),
            format!("{header}1,H,Hydrogen,Hydrogène\n"),
        )
        .unwrap();
        std::fs::write(raw.join("c.csv"), format!("{header}two,He,Helium,Hélium\n")).unwrap();
        std::fs::write(raw.join("d.csv"), header).unwrap();
        let problems = |errors: Vec<IngestError>| -> Vec<String> {
            errors.iter().map(ToString::to_string).collect()
        };

        let mut one = Reader::open(raw).expect("a raw folder");
        for name in ["a.csv", "b.csv", "c.csv"] {
            let _ = one.shared::<ElementRow>(name);
        }
        let one = problems(one.finish().expect_err("a.csv is missing"));

        let mut merged = Reader::open(raw).expect("a raw folder");
        let forks: Vec<Reader> = std::thread::scope(|scope| {
            let base = &merged;
            let reads: Vec<_> = [["a.csv", "b.csv"].as_slice(), &["c.csv"]]
                .into_iter()
                .map(|names| {
                    scope.spawn(move || {
                        let mut fork = base.fork();
                        for name in names {
                            let _ = fork.shared::<ElementRow>(name);
                        }
                        fork
                    })
                })
                .collect();
            reads.into_iter().map(|r| r.join().unwrap()).collect()
        });
        for fork in forks {
            merged.merge(fork);
        }
        let merged = problems(merged.finish().expect_err("a.csv is missing"));

        assert_eq!(merged, one);
        // a.csv missing, then c.csv's cell, then d.csv, which no group asked for; b.csv, read
        // by a fork, is not called a stray.
        let prefix = format!("{}/", raw.display());
        let merged: Vec<String> = merged.iter().map(|p| p.replace(&prefix, "")).collect();
        assert_eq!(
            merged,
            [
                "a.csv: the sheet is missing; every sheet in README.md's list is required",
                "c.csv:2: column \"atomic_number\": \"two\" is not a whole number from 1; write 1, 2, 3…",
                "d.csv: is not a sheet petrochip reads; rename it a.csv if that is what it holds",
            ]
        );
    }

    #[test]
    fn bom_is_accepted_and_bad_bytes_are_located() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b\n", "x.csv").unwrap(), "a,b\n");
        let err = decode(b"a,b\nc,\xE9t\xE9\n", "x.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.csv:2: column \"b\": byte 0xE9 is not UTF-8: in Windows-1252, the encoding Excel and Word use on Windows, it is é; save the sheet as UTF-8 (\"CSV UTF-8\" in Excel)"
        );
        let err = decode(b"a,b\n\nc,\x00\n", "x.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.csv:3: column \"b\": holds the control character U+0000 (NUL), which most programs do not show; delete it"
        );
    }

    #[test]
    fn a_bad_byte_is_placed_in_its_column_and_read_as_windows_1252() {
        // Quoted cells hold the separator, a doubled quote and a line break: the column is
        // the header's third, "c", on the third line.
        let bytes = b"a,b,c\n1,\"x, \"\"y\"\"\nz\",Sam Altman\x92s\n";
        let err = decode(bytes, "x.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.csv:3: column \"c\": byte 0x92 is not UTF-8: in Windows-1252, the encoding Excel and Word use on Windows, it is ’ (the right single quotation mark, a curly apostrophe); save the sheet as UTF-8 (\"CSV UTF-8\" in Excel)"
        );
        // Semicolons, a BOM, and a byte Windows-1252 leaves undefined.
        let err = decode(b"\xEF\xBB\xBFa;b\n1;\x81\n", "x.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.csv:2: column \"b\": byte 0x81 is not UTF-8; save the sheet as UTF-8 (\"CSV UTF-8\" in Excel)"
        );
        // On the header line there is no column to name.
        let err = decode(b"a,\x1b\n", "x.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.csv:1: holds the control character U+001B (ESC), which most programs do not show; delete it"
        );
    }

    #[test]
    fn an_empty_file_and_a_blank_one_are_told_apart() {
        let message = |bytes: &[u8]| {
            read_sheet_bytes::<ElementRow>("x.csv", bytes).unwrap_err()[0].to_string()
        };
        assert_eq!(
            message(b""),
            "x.csv:1: the file is empty; it needs at least its header row: atomic_number,symbol,name_en,name_fr"
        );
        assert_eq!(
            message(b" \n\t\n"),
            "x.csv:1: the file is blank: it holds only spaces and empty lines; it needs at least its header row: atomic_number,symbol,name_en,name_fr"
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
            31,Ga,gallium,gallium\r\n\"32\",\"Ge\",germanium,germanium\r\n\
            49,In,indium,indium\r\n";
        let records = read_sheet_bytes::<ElementRow>("x.csv", crlf).unwrap();
        let lines: Vec<u64> = records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 5, 6]);
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
    fn utf16_invisible_characters_and_double_encoding_are_named() {
        let utf16 = |bom: &[u8]| {
            let mut bytes = bom.to_vec();
            bytes.extend("a,b\nc,d\n".encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        };
        for bytes in [utf16(b"\xFF\xFE"), utf16(b"")] {
            assert_eq!(
                decode(&bytes, "x.csv").unwrap_err().to_string(),
                "x.csv: is UTF-16, not UTF-8; save the sheet as UTF-8 (\"CSV UTF-8\" in Excel)"
            );
        }
        let err = decode("a,b\nTWN\u{200B},d\n".as_bytes(), "x.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.csv:2: column \"a\": holds the invisible character U+200B, which makes text that looks the same differ; delete it"
        );
        let err = decode("a,b\nc,SÃ©curité\n".as_bytes(), "x.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.csv:2: column \"b\": holds \"Ã©\", which is \"é\" encoded twice (UTF-8 read as Latin-1, then saved as UTF-8); retype it, or export the sheet again from the original"
        );
        assert!(decode("a,b\nSão Tomé,Ã la carte\n".as_bytes(), "x.csv").is_ok());
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
    fn a_header_in_another_shape_says_what_to_change() {
        let place = |line: Option<u64>, column: Option<&str>| Place {
            file: "x.csv".into(),
            line,
            column: column.map(str::to_string),
        };
        let check = |header: &[&str]| -> Vec<String> {
            check_header(
                &csv::StringRecord::from(header.to_vec()),
                &["alias", "kind"],
                "alias,kind",
                &place,
            )
            .iter()
            .map(ToString::to_string)
            .collect()
        };
        assert_eq!(
            check(&["alias;kind"]),
            [
                "x.csv:1: the header is one cell: the sheet is separated by semicolons, not commas; save it as CSV with commas"
            ]
        );
        assert_eq!(
            check(&["sep=", ""]),
            [
                "x.csv:1: the first line is the spreadsheet hint \"sep=,\", not the header; delete that line"
            ]
        );
        assert_eq!(
            check(&["Alias", "kind"]),
            [
                "x.csv:1: the header has the column \"Alias\" where petrochip expects \"alias\"; write it in lower case"
            ]
        );
        assert_eq!(check(&["alias", "kind"]), Vec::<String>::new());
    }

    #[test]
    fn empty_rows_and_repeated_headers_are_named() {
        let headers = csv::StringRecord::from(vec!["alias", "kind"]);
        let place = Place {
            file: "x.csv".into(),
            line: Some(3),
            column: None,
        };
        let problem = |cells: Vec<&str>| {
            row_problem(&headers, &csv::StringRecord::from(cells), place.clone())
                .map(|e| e.to_string())
        };
        assert_eq!(
            problem(vec!["", " "]).as_deref(),
            Some("x.csv:3: the row is empty; delete it")
        );
        assert_eq!(
            problem(vec!["alias", "kind"]).as_deref(),
            Some("x.csv:3: the row repeats the header; delete it")
        );
        assert_eq!(problem(vec!["Corée", "variante"]), None);
    }

    #[test]
    fn cells_over_several_lines_or_too_long_are_named() {
        let headers = csv::StringRecord::from(vec!["alias", "kind"]);
        let place = |line: Option<u64>, column: Option<&str>| Place {
            file: "x.csv".into(),
            line,
            column: column.map(str::to_string),
        };
        let problem = |cells: Vec<&str>| {
            cell_problem(&headers, &csv::StringRecord::from(cells), 4, &place)
                .map(|e| e.to_string())
        };
        assert_eq!(
            problem(vec!["Corée", "variante\r\nb,c\r\nd,e"]).as_deref(),
            Some(
                "x.csv:4: column \"kind\": the cell goes on to line 6: a quote opened here is never closed, or the cell holds a line break; close the quote or remove the break"
            )
        );
        let long = "x".repeat(MAX_CELL_CHARS + 1);
        assert_eq!(
            problem(vec![&long, "variante"]).as_deref(),
            Some(
                "x.csv:4: column \"alias\": the cell has 2001 characters, more than the 2000 a cell may hold; shorten it"
            )
        );
        assert_eq!(problem(vec![&long[1..], "variante"]), None);
        assert_eq!(
            problem(vec!["#n/a", "variante"]).as_deref(),
            Some(
                "x.csv:4: column \"alias\": #n/a is an Excel error, not a value: fix the formula in the spreadsheet and export the sheet again"
            )
        );
        // A hash that is no error value is text.
        assert_eq!(problem(vec!["#1 mondial", "variante"]), None);
    }

    #[test]
    fn a_ragged_row_with_curly_quotes_says_so() {
        let row = |cells: Vec<&str>| ragged_hint(&csv::StringRecord::from(cells));
        assert!(row(vec!["“22", "1 milliards”"]).starts_with("curly quotes"));
        assert!(row(vec!["22", "1 milliards"]).starts_with("check for a stray"));
    }
}
