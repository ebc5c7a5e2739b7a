//! Compares two petrochip output folders: what `petrochip diff` and `petrochip check` report.
//!
//! The tables come from each folder's `datapackage.json` (resource name, CSV path, Parquet path,
//! fields, primary key). Rows are read from the CSV files as exact cell text and matched by
//! primary key; a table whose columns or key changed is reported as a schema change instead of
//! a row diff. Every file of both folders is also compared byte for byte, so two folders are
//! identical only when every file is: a CSV or Parquet file whose bytes differ while its rows
//! do not is reported too.
//!
//! The result is data ([`Diff`]); its `Display` is the report people read. Tables come in name
//! order, rows in key order, columns in schema order.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Component, Path};

use serde::{Deserialize, Serialize};

mod parquet;

/// At most this many detail lines per table in the report; the counts are always complete.
pub const DETAIL_LINES: usize = 20;

const PACKAGE: &str = "datapackage.json";

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("{path}: no such folder; pass a folder written by `petrochip run`")]
    NoFolder { path: String },
    #[error(
        "{path}: not a petrochip output folder: it has no datapackage.json; pass a folder written by `petrochip run`"
    )]
    NoPackage { path: String },
    #[error("{path}: cannot read: {source}; check that it exists and is readable")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}; regenerate the folder with `petrochip run`")]
    Package { path: String, message: String },
    #[error("{path}:{line}: {message}; regenerate the folder with `petrochip run`")]
    Csv {
        path: String,
        line: u64,
        message: String,
    },
    #[error("{path}: {message}; regenerate the folder with `petrochip run`")]
    Parquet { path: String, message: String },
    #[error(
        "cannot create a temporary folder to regenerate the output in: {0}; check that the temporary folder (TMPDIR) is writable"
    )]
    Scratch(std::io::Error),
}

/// Everything that differs between an old and a new output folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// Every table of either folder, by name.
    pub tables: Vec<TableDiff>,
    /// Every file whose bytes differ or that only one folder has, by path (`/`-separated,
    /// relative to the folder), tables' CSV and Parquet files included.
    pub files: Vec<FileDiff>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableDiff {
    pub name: String,
    pub change: TableChange,
    /// The Parquet files compared by rows, when that tells another story than the CSV files
    /// (a Parquet file edited or damaged on its own); None when both agree.
    pub parquet: Option<TableChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum TableChange {
    /// Same columns, same key, same rows (its files' bytes may still differ: see [`Diff::files`]).
    Same {
        rows: usize,
    },
    /// Same columns and key; some rows differ.
    Rows(RowChanges),
    /// Columns or primary key differ; rows are not compared.
    Schema(SchemaChange),
    OnlyInOld {
        rows: usize,
    },
    OnlyInNew {
        rows: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowChanges {
    pub key_columns: Vec<String>,
    /// Keys of the rows only NEW has, in key order.
    pub added: Vec<Vec<String>>,
    /// Keys of the rows only OLD has, in key order.
    pub removed: Vec<Vec<String>>,
    /// Rows both have with different cells, in key order.
    pub changed: Vec<ChangedRow>,
    pub unchanged: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangedRow {
    pub key: Vec<String>,
    /// The cells that differ, in column order.
    pub cells: Vec<CellChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellChange {
    pub column: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchemaChange {
    pub added: Vec<Field>,
    pub removed: Vec<Field>,
    pub retyped: Vec<Retyped>,
    pub old_key: Vec<String>,
    pub new_key: Vec<String>,
    /// Same columns and key, in another order.
    pub reordered: bool,
    pub old_rows: usize,
    pub new_rows: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type", default = "any_type")]
    pub ty: String,
}

fn any_type() -> String {
    "any".to_string()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Retyped {
    pub column: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileDiff {
    pub path: String,
    pub change: FileChange,
    /// The table the file belongs to (its CSV or Parquet), if any.
    pub table: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileChange {
    Differs,
    OnlyInOld,
    OnlyInNew,
}

impl Diff {
    /// The diff for scripts: `identical`, then every table (`change`: same, rows, schema,
    /// only_in_old, only_in_new, with what changed) and every file that differs.
    pub fn json(&self) -> String {
        let value = serde_json::json!({
            "identical": self.is_identical(),
            "tables": self.tables,
            "files": self.files,
        });
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }

    /// True when every file of both folders is the same, byte for byte.
    pub fn is_identical(&self) -> bool {
        self.files.is_empty() && self.tables.iter().all(|t| t.is_same())
    }

    /// Rows of NEW, over every table.
    pub fn rows(&self) -> usize {
        self.tables.iter().map(TableDiff::new_rows).sum()
    }

    fn table(&self, name: &str) -> Option<&TableDiff> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// Whether the report should show this file: a file of a table whose rows, schema or
    /// existence differ is already explained by the table's entry.
    fn shows(&self, file: &FileDiff) -> bool {
        let Some(table) = file.table.as_deref().and_then(|name| self.table(name)) else {
            return true;
        };
        match table.change {
            TableChange::Same { .. } => true,
            TableChange::OnlyInOld { .. } | TableChange::OnlyInNew { .. } => false,
            TableChange::Rows(_) | TableChange::Schema(_) => file.change != FileChange::Differs,
        }
    }

    /// Tables that differ in rows, schema or existence, or whose files' bytes differ.
    fn differing_tables(&self) -> Vec<&TableDiff> {
        self.tables
            .iter()
            .filter(|t| {
                !t.is_same()
                    || self
                        .files
                        .iter()
                        .any(|f| f.table.as_deref() == Some(&t.name))
            })
            .collect()
    }
}

impl TableDiff {
    pub fn is_same(&self) -> bool {
        matches!(self.change, TableChange::Same { .. })
    }

    /// Rows NEW has.
    pub fn new_rows(&self) -> usize {
        match &self.change {
            TableChange::Same { rows } | TableChange::OnlyInNew { rows } => *rows,
            TableChange::OnlyInOld { .. } => 0,
            TableChange::Rows(r) => r.unchanged + r.changed.len() + r.added.len(),
            TableChange::Schema(s) => s.new_rows,
        }
    }
}

/// Compares the output folder `old` with `new`.
pub fn diff(old: &Path, new: &Path) -> Result<Diff, DiffError> {
    let old_package = Package::load(old)?;
    let new_package = Package::load(new)?;
    let names: BTreeSet<&str> = old_package
        .resources
        .iter()
        .chain(&new_package.resources)
        .map(|r| r.name.as_str())
        .collect();
    let mut tables = Vec::new();
    for name in names {
        let change = match (old_package.resource(name), new_package.resource(name)) {
            (Some(o), Some(n)) => compare_tables(old, o, new, n)?,
            (Some(o), None) => TableChange::OnlyInOld {
                rows: read_rows(old, o)?.len(),
            },
            (None, Some(n)) => TableChange::OnlyInNew {
                rows: read_rows(new, n)?.len(),
            },
            (None, None) => continue,
        };
        tables.push(TableDiff {
            name: name.to_string(),
            change,
            parquet: None,
        });
    }
    let mut owners = BTreeMap::new();
    for resource in old_package.resources.iter().chain(&new_package.resources) {
        for path in std::iter::once(&resource.path).chain(&resource.parquet) {
            owners.insert(path.clone(), resource.name.clone());
        }
    }
    let files: Vec<FileDiff> = compare_files(old, new)?
        .into_iter()
        .map(|(path, change)| FileDiff {
            table: owners.get(&path).cloned(),
            path,
            change,
        })
        .collect();
    // A Parquet file whose bytes differ is read too: its rows may differ where the CSV's do not.
    for table in &mut tables {
        let (Some(o), Some(n)) = (
            old_package.resource(&table.name),
            new_package.resource(&table.name),
        ) else {
            continue;
        };
        let (Some(old_path), Some(new_path)) = (&o.parquet, &n.parquet) else {
            continue;
        };
        let bytes_differ = files
            .iter()
            .any(|f| &f.path == new_path && f.change == FileChange::Differs);
        if old_path != new_path || !bytes_differ || matches!(table.change, TableChange::Schema(_)) {
            continue;
        }
        let old_rows = parquet::read_rows(old, o, old_path)?;
        let new_rows = parquet::read_rows(new, n, new_path)?;
        let change = compare_rows(n, &old_rows, &new_rows);
        if change != table.change {
            table.parquet = Some(change);
        }
    }
    Ok(Diff { tables, files })
}

// ---------------------------------------------------------------------------------------------
// Reading a folder.

#[derive(Debug, Deserialize)]
struct Package {
    resources: Vec<Resource>,
}

#[derive(Debug, Deserialize)]
struct Resource {
    name: String,
    path: String,
    #[serde(default)]
    parquet: Option<String>,
    schema: Schema,
}

#[derive(Debug, Deserialize)]
struct Schema {
    fields: Vec<Field>,
    #[serde(rename = "primaryKey")]
    primary_key: Option<KeySpec>,
}

/// Frictionless allows a single column name or a list.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum KeySpec {
    One(String),
    Many(Vec<String>),
}

impl Resource {
    fn key(&self) -> Vec<String> {
        match &self.schema.primary_key {
            Some(KeySpec::One(k)) => vec![k.clone()],
            Some(KeySpec::Many(k)) => k.clone(),
            None => Vec::new(),
        }
    }

    /// Where each primary-key column sits among the fields, in key order.
    fn key_positions(&self) -> Vec<usize> {
        let fields = self.field_names();
        self.key()
            .iter()
            .filter_map(|k| fields.iter().position(|f| f == k))
            .collect()
    }

    fn field_names(&self) -> Vec<&str> {
        self.schema.fields.iter().map(|f| f.name.as_str()).collect()
    }
}

impl Package {
    fn load(folder: &Path) -> Result<Package, DiffError> {
        if !folder.is_dir() {
            return Err(DiffError::NoFolder {
                path: folder.display().to_string(),
            });
        }
        let path = folder.join(PACKAGE);
        if !path.is_file() {
            return Err(DiffError::NoPackage {
                path: folder.display().to_string(),
            });
        }
        let shown = path.display().to_string();
        let text = fs::read_to_string(&path).map_err(|source| DiffError::Io {
            path: shown.clone(),
            source,
        })?;
        let package: Package = serde_json::from_str(&text).map_err(|e| DiffError::Package {
            path: shown.clone(),
            message: format!("not a data package as petrochip writes it: {e}"),
        })?;
        let problem = |message: String| DiffError::Package {
            path: shown.clone(),
            message,
        };
        let mut seen = BTreeSet::new();
        for resource in &package.resources {
            if !seen.insert(resource.name.as_str()) {
                return Err(problem(format!(
                    "resource `{}` is listed twice",
                    resource.name
                )));
            }
            for file in std::iter::once(&resource.path).chain(&resource.parquet) {
                if !inside(file) {
                    return Err(problem(format!(
                        "resource `{}`: path `{file}` is not a relative path inside the folder",
                        resource.name
                    )));
                }
            }
            let key = resource.key();
            if key.is_empty() {
                return Err(problem(format!(
                    "resource `{}` has no schema.primaryKey, so its rows cannot be matched",
                    resource.name
                )));
            }
            let fields = resource.field_names();
            if let Some(missing) = key.iter().find(|k| !fields.contains(&k.as_str())) {
                return Err(problem(format!(
                    "resource `{}`: primary key column `{missing}` is not one of its fields",
                    resource.name
                )));
            }
        }
        Ok(package)
    }

    fn resource(&self, name: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.name == name)
    }
}

fn inside(path: &str) -> bool {
    let path = Path::new(path);
    !path.as_os_str().is_empty()
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// One CSV row: the line it starts on and its cells.
type Rows = BTreeMap<Vec<String>, (u64, Vec<String>)>;

/// The rows of a resource's CSV file by primary key.
fn read_rows(folder: &Path, resource: &Resource) -> Result<Rows, DiffError> {
    let path = folder.join(&resource.path);
    let shown = path.display().to_string();
    let csv_error = |line: u64, message: String| DiffError::Csv {
        path: shown.clone(),
        line,
        message,
    };
    let bytes = fs::read(&path).map_err(|source| DiffError::Io {
        path: shown.clone(),
        source,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.as_slice());
    let fields = resource.field_names();
    let key_positions = resource.key_positions();
    let mut rows = Rows::new();
    let mut record = csv::StringRecord::new();
    let mut header = true;
    loop {
        let more = reader.read_record(&mut record).map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            let message = match e.kind() {
                csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_string(),
                _ => format!("not readable as CSV: {e}"),
            };
            csv_error(line, message)
        })?;
        if !more {
            break;
        }
        let line = record.position().map_or(0, csv::Position::line);
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if header {
            header = false;
            if cells != fields {
                return Err(csv_error(
                    line,
                    format!(
                        "the header is `{}` but datapackage.json lists `{}`",
                        cells.join(","),
                        fields.join(",")
                    ),
                ));
            }
            continue;
        }
        if cells.len() != fields.len() {
            return Err(csv_error(
                line,
                format!(
                    "the row has {} cells but the header has {}",
                    cells.len(),
                    fields.len()
                ),
            ));
        }
        let key: Vec<String> = key_positions
            .iter()
            .filter_map(|&i| cells.get(i).cloned())
            .collect();
        if let Some((first, _)) = rows.get(&key) {
            return Err(csv_error(
                line,
                format!(
                    "primary key {} repeats the row on line {first}",
                    show_key(&key)
                ),
            ));
        }
        rows.insert(key, (line, cells));
    }
    if header {
        return Err(csv_error(
            1,
            "the file is empty; it lacks its header".into(),
        ));
    }
    Ok(rows)
}

// ---------------------------------------------------------------------------------------------
// Comparing.

fn compare_tables(
    old_folder: &Path,
    old: &Resource,
    new_folder: &Path,
    new: &Resource,
) -> Result<TableChange, DiffError> {
    let old_rows = read_rows(old_folder, old)?;
    let new_rows = read_rows(new_folder, new)?;
    if old.schema.fields != new.schema.fields || old.key() != new.key() {
        return Ok(TableChange::Schema(schema_change(
            old,
            new,
            old_rows.len(),
            new_rows.len(),
        )));
    }
    Ok(compare_rows(new, &old_rows, &new_rows))
}

/// Rows matched by primary key (the schema of `new`, which the caller checked is old's too).
fn compare_rows(new: &Resource, old_rows: &Rows, new_rows: &Rows) -> TableChange {
    let fields = &new.schema.fields;
    let key_types: Vec<&str> = new
        .key()
        .iter()
        .filter_map(|k| fields.iter().find(|f| &f.name == k))
        .map(|f| f.ty.as_str())
        .collect();
    let mut changes = RowChanges {
        key_columns: new.key(),
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
        unchanged: 0,
    };
    for (key, (_, old_cells)) in old_rows {
        let Some((_, new_cells)) = new_rows.get(key) else {
            changes.removed.push(key.clone());
            continue;
        };
        let cells: Vec<CellChange> = fields
            .iter()
            .zip(old_cells.iter().zip(new_cells))
            .filter(|(_, (o, n))| o != n)
            .map(|(field, (o, n))| CellChange {
                column: field.name.clone(),
                old: o.clone(),
                new: n.clone(),
            })
            .collect();
        if cells.is_empty() {
            changes.unchanged += 1;
        } else {
            changes.changed.push(ChangedRow {
                key: key.clone(),
                cells,
            });
        }
    }
    changes.added = new_rows
        .keys()
        .filter(|k| !old_rows.contains_key(*k))
        .cloned()
        .collect();
    let order = |a: &Vec<String>, b: &Vec<String>| key_order(&key_types, a, b);
    changes.added.sort_by(order);
    changes.removed.sort_by(order);
    changes.changed.sort_by(|a, b| order(&a.key, &b.key));
    if changes.added.is_empty() && changes.removed.is_empty() && changes.changed.is_empty() {
        return TableChange::Same {
            rows: changes.unchanged,
        };
    }
    TableChange::Rows(changes)
}

/// Key order: numeric key columns by value, others by text.
fn key_order(types: &[&str], a: &[String], b: &[String]) -> Ordering {
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        let numeric = matches!(types.get(i), Some(&("integer" | "number")));
        let by_value = match (numeric, x.parse::<f64>(), y.parse::<f64>()) {
            (true, Ok(x), Ok(y)) => x.total_cmp(&y),
            _ => Ordering::Equal,
        };
        let order = by_value.then_with(|| x.cmp(y));
        if order != Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

fn schema_change(old: &Resource, new: &Resource, old_rows: usize, new_rows: usize) -> SchemaChange {
    let (old_fields, new_fields) = (&old.schema.fields, &new.schema.fields);
    let find = |fields: &[Field], name: &str| fields.iter().find(|f| f.name == name).cloned();
    let added: Vec<Field> = new_fields
        .iter()
        .filter(|f| find(old_fields, &f.name).is_none())
        .cloned()
        .collect();
    let removed: Vec<Field> = old_fields
        .iter()
        .filter(|f| find(new_fields, &f.name).is_none())
        .cloned()
        .collect();
    let retyped: Vec<Retyped> = new_fields
        .iter()
        .filter_map(|n| {
            let o = find(old_fields, &n.name)?;
            (o.ty != n.ty).then(|| Retyped {
                column: n.name.clone(),
                old: o.ty,
                new: n.ty.clone(),
            })
        })
        .collect();
    let reordered = added.is_empty() && removed.is_empty() && retyped.is_empty() && {
        old_fields.iter().map(|f| &f.name).collect::<Vec<_>>()
            != new_fields.iter().map(|f| &f.name).collect::<Vec<_>>()
    };
    SchemaChange {
        added,
        removed,
        retyped,
        old_key: old.key(),
        new_key: new.key(),
        reordered,
        old_rows,
        new_rows,
    }
}

/// Every file of either folder (recursively) whose bytes differ or that only one folder has.
fn compare_files(old: &Path, new: &Path) -> Result<Vec<(String, FileChange)>, DiffError> {
    let old_files = list_files(old)?;
    let new_files = list_files(new)?;
    let mut out = Vec::new();
    for path in old_files.union(&new_files) {
        let change = match (old_files.contains(path), new_files.contains(path)) {
            (true, false) => FileChange::OnlyInOld,
            (false, true) => FileChange::OnlyInNew,
            _ if read(&old.join(path))? != read(&new.join(path))? => FileChange::Differs,
            _ => continue,
        };
        out.push((path.clone(), change));
    }
    Ok(out)
}

fn read(path: &Path) -> Result<Vec<u8>, DiffError> {
    fs::read(path).map_err(|source| DiffError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Relative, `/`-separated paths of every file under `root`.
fn list_files(root: &Path) -> Result<BTreeSet<String>, DiffError> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeSet<String>) -> Result<(), DiffError> {
        let io = |source| DiffError::Io {
            path: dir.display().to_string(),
            source,
        };
        for entry in fs::read_dir(dir).map_err(io)? {
            let entry = entry.map_err(io)?;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let path = entry.path();
            // The entry itself, never what a link leads to: a link to `.` would loop.
            if entry.file_type().map_err(io)?.is_dir() {
                walk(&path, &format!("{name}/"), out)?;
            } else {
                out.insert(name);
            }
        }
        Ok(())
    }
    let mut out = BTreeSet::new();
    walk(root, "", &mut out)?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// The report.

fn show_key(key: &[String]) -> String {
    match key {
        [one] => one.clone(),
        _ => format!("({})", key.join(", ")),
    }
}

fn show_fields(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| format!("{} ({})", f.name, f.ty))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The detail lines of one table, uncapped.
fn details(change: &TableChange) -> Vec<String> {
    let mut lines = Vec::new();
    match change {
        TableChange::Rows(rows) => {
            for row in &rows.changed {
                let key = show_key(&row.key);
                for cell in &row.cells {
                    lines.push(format!(
                        "{key}: {}: {:?} -> {:?}",
                        cell.column, cell.old, cell.new
                    ));
                }
            }
            for key in &rows.added {
                lines.push(format!("added: {}", show_key(key)));
            }
            for key in &rows.removed {
                lines.push(format!("removed: {}", show_key(key)));
            }
        }
        TableChange::Schema(s) => {
            if !s.added.is_empty() {
                lines.push(format!("columns added: {}", show_fields(&s.added)));
            }
            if !s.removed.is_empty() {
                lines.push(format!("columns removed: {}", show_fields(&s.removed)));
            }
            for r in &s.retyped {
                lines.push(format!(
                    "column retyped: {}: {} -> {}",
                    r.column, r.old, r.new
                ));
            }
            if s.reordered {
                lines.push("columns reordered".to_string());
            }
            if s.old_key != s.new_key {
                lines.push(format!(
                    "primary key: {} -> {}",
                    s.old_key.join(", "),
                    s.new_key.join(", ")
                ));
            }
            lines.push(format!(
                "rows not compared: {} in old, {} in new",
                s.old_rows, s.new_rows
            ));
        }
        TableChange::Same { .. }
        | TableChange::OnlyInOld { .. }
        | TableChange::OnlyInNew { .. } => {}
    }
    lines
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The folders whose every listed file is on one side only, with that side and how many files,
/// when they are more than [`DETAIL_LINES`]: the site of an output set beside one run with
/// `--no-site` (hundreds of pages) is then one line, not one per file.
fn one_sided_folders<'d>(files: &[&'d FileDiff]) -> Vec<(&'d str, FileChange, usize)> {
    let mut folders: Vec<(&str, FileChange, usize)> = Vec::new();
    for file in files {
        let Some((folder, _)) = file.path.split_once('/') else {
            continue;
        };
        match folders.iter_mut().find(|(name, _, _)| *name == folder) {
            Some((_, change, count)) if *change == file.change => *count += 1,
            // Files on both sides, or differing: the folder is listed file by file.
            Some((_, change, _)) => *change = FileChange::Differs,
            None => folders.push((folder, file.change, 1)),
        }
    }
    folders.retain(|(_, change, count)| *change != FileChange::Differs && *count > DETAIL_LINES);
    folders
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_identical() {
            return writeln!(
                f,
                "identical: {}, {}",
                plural(self.tables.len(), "table", "tables"),
                plural(self.rows(), "row", "rows")
            );
        }
        let differing = self.differing_tables();
        let files: Vec<&FileDiff> = self.files.iter().filter(|d| self.shows(d)).collect();
        let other_files = files.iter().filter(|d| d.table.is_none()).count();
        writeln!(
            f,
            "differ: {} of {} tables, {}",
            differing.len(),
            self.tables.len(),
            plural(other_files, "other file", "other files"),
        )?;
        if !differing.is_empty() {
            let width = differing
                .iter()
                .map(|t| t.name.chars().count())
                .chain([5])
                .max()
                .unwrap_or(5);
            writeln!(f)?;
            writeln!(f, "{:<width$}  added  removed  changed", "table")?;
            for table in &differing {
                let (added, removed, changed, note) = match &table.change {
                    TableChange::Same { .. } => (
                        "0".into(),
                        "0".into(),
                        "0".into(),
                        "  bytes differ, rows identical",
                    ),
                    TableChange::Rows(r) => (
                        r.added.len().to_string(),
                        r.removed.len().to_string(),
                        r.changed.len().to_string(),
                        "",
                    ),
                    TableChange::Schema(_) => {
                        ("-".into(), "-".into(), "-".into(), "  schema changed")
                    }
                    TableChange::OnlyInOld { rows } => {
                        ("-".into(), rows.to_string(), "-".into(), "  only in old")
                    }
                    TableChange::OnlyInNew { rows } => {
                        (rows.to_string(), "-".into(), "-".into(), "  only in new")
                    }
                };
                let note = if table.parquet.is_some() {
                    "  the Parquet file's rows differ otherwise: see below"
                } else {
                    note
                };
                let name = &table.name;
                writeln!(
                    f,
                    "{name:<width$}  {added:>5}  {removed:>7}  {changed:>7}{note}"
                )?;
            }
        }
        for table in &differing {
            let mut lines = details(&table.change);
            match &table.parquet {
                None => {}
                Some(TableChange::Same { .. }) => lines.push(format!(
                    "{}.parquet: rows identical; only the CSV file's rows differ",
                    table.name
                )),
                Some(change) => lines.extend(
                    details(change)
                        .into_iter()
                        .map(|line| format!("{}.parquet: {line}", table.name)),
                ),
            }
            if lines.is_empty() {
                continue;
            }
            writeln!(f)?;
            writeln!(f, "{}:", table.name)?;
            for line in lines.iter().take(DETAIL_LINES) {
                writeln!(f, "  {line}")?;
            }
            if lines.len() > DETAIL_LINES {
                writeln!(f, "  ... and {} more", lines.len() - DETAIL_LINES)?;
            }
        }
        if !files.is_empty() {
            writeln!(f)?;
            writeln!(f, "files:")?;
            let one_sided = one_sided_folders(&files);
            let mut shown_folders: Vec<&str> = Vec::new();
            for file in &files {
                let folder = file.path.split_once('/').map(|(folder, _)| folder);
                if let Some((folder, change, count)) =
                    one_sided.iter().find(|(name, _, _)| Some(*name) == folder)
                {
                    if !shown_folders.contains(folder) {
                        shown_folders.push(folder);
                        let side = if *change == FileChange::OnlyInOld {
                            "old"
                        } else {
                            "new"
                        };
                        writeln!(f, "  {count} files under {folder}/: only in {side}")?;
                    }
                    continue;
                }
                let parquet_rows_differ = file
                    .table
                    .as_deref()
                    .and_then(|t| self.table(t))
                    .is_some_and(|t| {
                        file.path.ends_with(".parquet")
                            && matches!(t.parquet, Some(TableChange::Rows(_)))
                    });
                let what = match (file.change, &file.table) {
                    (FileChange::OnlyInOld, _) => "only in old",
                    (FileChange::OnlyInNew, _) => "only in new",
                    (FileChange::Differs, Some(_)) if parquet_rows_differ => {
                        "rows differ (listed above)"
                    }
                    (FileChange::Differs, Some(_)) => "bytes differ, rows identical",
                    (FileChange::Differs, None) => "differs",
                };
                writeln!(f, "  {}: {what}", file.path)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One table of a hand-made folder: name, `column:type` fields, key, CSV text.
    struct T<'a>(&'a str, &'a [&'a str], &'a [&'a str], &'a str);

    /// A Parquet file of text columns holding the rows of `csv` (an empty cell is a null);
    /// a CSV text that is not a table (the broken folders' tests) is written as it is.
    fn write_parquet(path: &Path, csv: &str) {
        use polars::prelude::*;
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(String::from).collect(),
            Err(_) => return fs::write(path, csv).unwrap(),
        };
        let Ok(records) = reader.records().collect::<Result<Vec<_>, _>>() else {
            return fs::write(path, csv).unwrap();
        };
        let columns: Vec<Column> = header
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let cells: Vec<Option<&str>> = records
                    .iter()
                    .map(|r| Some(&r[i]).filter(|c| !c.is_empty()))
                    .collect();
                Series::new(name.as_str().into(), cells).into_column()
            })
            .collect();
        let mut frame = DataFrame::new(records.len(), columns).unwrap();
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes).finish(&mut frame).unwrap();
        fs::write(path, bytes).unwrap();
    }

    fn folder(dir: &Path, name: &str, tables: &[T]) -> std::path::PathBuf {
        let root = dir.join(name);
        fs::create_dir_all(&root).unwrap();
        let resources: Vec<serde_json::Value> = tables
            .iter()
            .map(|T(name, fields, key, csv)| {
                fs::write(root.join(format!("{name}.csv")), csv).unwrap();
                write_parquet(&root.join(format!("{name}.parquet")), csv);
                let fields: Vec<serde_json::Value> = fields
                    .iter()
                    .map(|f| {
                        let (name, ty) = f.split_once(':').unwrap();
                        serde_json::json!({"name": name, "type": ty})
                    })
                    .collect();
                serde_json::json!({
                    "name": name,
                    "path": format!("{name}.csv"),
                    "parquet": format!("{name}.parquet"),
                    "schema": {"fields": fields, "primaryKey": key},
                })
            })
            .collect();
        let package = serde_json::json!({"name": "petrochip", "resources": resources});
        fs::write(root.join(PACKAGE), package.to_string()).unwrap();
        fs::write(root.join("README.md"), "tables\n").unwrap();
        root
    }

    const ITEMS: &[&str] = &["id:string", "label:string", "size:number"];

    fn both(old: &[T], new: &[T]) -> Diff {
        let dir = tempfile::tempdir().unwrap();
        let a = folder(dir.path(), "a", old);
        let b = folder(dir.path(), "b", new);
        diff(&a, &b).unwrap()
    }

    #[test]
    fn identical_folders() {
        let t = || T("items", ITEMS, &["id"], "id,label,size\nx,X,1.0\ny,Y,2.0\n");
        let d = both(&[t()], &[t()]);
        assert!(d.is_identical());
        assert_eq!(d.rows(), 2);
        assert_eq!(d.to_string(), "identical: 1 table, 2 rows\n");
    }

    #[test]
    fn added_removed_and_changed_rows() {
        let d = both(
            &[T(
                "items",
                ITEMS,
                &["id"],
                "id,label,size\nb,B,1.0\nc,C,2.0\nd,D,\n",
            )],
            &[T(
                "items",
                ITEMS,
                &["id"],
                "id,label,size\na,A,0.5\nc,C,2.0\nd,\"D, d\",4.0\n",
            )],
        );
        let TableChange::Rows(rows) = &d.tables[0].change else {
            panic!("{d:?}")
        };
        assert_eq!(rows.added, [["a"]]);
        assert_eq!(rows.removed, [["b"]]);
        assert_eq!(rows.unchanged, 1);
        assert_eq!(rows.changed.len(), 1);
        assert_eq!(
            rows.changed[0].cells[1],
            CellChange {
                column: "size".into(),
                old: String::new(),
                new: "4.0".into()
            }
        );
        assert_eq!(
            d.to_string(),
            "differ: 1 of 1 tables, 0 other files\n\
             \n\
             table  added  removed  changed\n\
             items      1        1        1\n\
             \n\
             items:\n  \
               d: label: \"D\" -> \"D, d\"\n  \
               d: size: \"\" -> \"4.0\"\n  \
               added: a\n  \
               removed: b\n"
        );
    }

    #[test]
    fn composite_keys_match_every_key_column_and_sort_numbers_by_value() {
        let fields = &["who:string", "paragraph:integer", "stance:string"];
        let key = &["who", "paragraph"];
        let d = both(
            &[T(
                "pos",
                fields,
                key,
                "who,paragraph,stance\nn,9,for\nn,10,for\nm,2,for\n",
            )],
            &[T(
                "pos",
                fields,
                key,
                "who,paragraph,stance\nn,10,against\nn,9,against\nm,2,for\nm,3,for\n",
            )],
        );
        let TableChange::Rows(rows) = &d.tables[0].change else {
            panic!("{d:?}")
        };
        let keys: Vec<&[String]> = rows.changed.iter().map(|c| c.key.as_slice()).collect();
        assert_eq!(keys, [["n", "9"], ["n", "10"]]);
        assert_eq!(rows.added, [["m", "3"]]);
        assert!(d.to_string().ends_with(
            "pos:\n  (n, 9): stance: \"for\" -> \"against\"\n  \
             (n, 10): stance: \"for\" -> \"against\"\n  added: (m, 3)\n"
        ));
    }

    #[test]
    fn column_changes_are_a_schema_change_not_a_row_diff() {
        let d = both(
            &[T("items", ITEMS, &["id"], "id,label,size\nx,X,1\n")],
            &[T(
                "items",
                &["id:string", "size:integer", "colour:string"],
                &["id", "size"],
                "id,size,colour\nx,1,red\ny,2,blue\n",
            )],
        );
        let TableChange::Schema(s) = &d.tables[0].change else {
            panic!("{d:?}")
        };
        assert_eq!(s.removed[0].name, "label");
        assert_eq!(s.added[0].name, "colour");
        assert_eq!(s.retyped[0].column, "size");
        assert_eq!(
            d.to_string(),
            "differ: 1 of 1 tables, 1 other file\n\
             \n\
             table  added  removed  changed\n\
             items      -        -        -  schema changed\n\
             \n\
             items:\n  \
               columns added: colour (string)\n  \
               columns removed: label (string)\n  \
               column retyped: size: number -> integer\n  \
               primary key: id -> id, size\n  \
               rows not compared: 1 in old, 2 in new\n\
             \n\
             files:\n  \
               datapackage.json: differs\n"
        );
    }

    #[test]
    fn tables_and_files_in_one_folder_only_and_bytes_that_differ_with_identical_rows() {
        let dir = tempfile::tempdir().unwrap();
        let a = folder(
            dir.path(),
            "a",
            &[
                T("items", ITEMS, &["id"], "id,label,size\nx,X,1.0\n"),
                T("gone", &["k:string"], &["k"], "k\na\nb\n"),
            ],
        );
        let b = folder(
            dir.path(),
            "b",
            &[
                T("items", ITEMS, &["id"], "id,label,size\nx,\"X\",1.0\n"),
                T("fresh", &["k:string"], &["k"], "k\nz\n"),
            ],
        );
        fs::write(b.join("manifest.json"), "{}").unwrap();
        fs::write(b.join("README.md"), "other\n").unwrap();
        let d = diff(&a, &b).unwrap();
        assert!(!d.is_identical());
        assert_eq!(
            d.to_string(),
            "differ: 3 of 3 tables, 3 other files\n\
             \n\
             table  added  removed  changed\n\
             fresh      1        -        -  only in new\n\
             gone       -        2        -  only in old\n\
             items      0        0        0  bytes differ, rows identical\n\
             \n\
             files:\n  \
               README.md: differs\n  \
               datapackage.json: differs\n  \
               items.csv: bytes differ, rows identical\n  \
               manifest.json: only in new\n"
        );
    }

    #[test]
    fn a_parquet_file_edited_on_its_own_is_compared_by_rows() {
        let dir = tempfile::tempdir().unwrap();
        let csv = "id,label,size\nx,X,1.0\ny,Y,2.0\n";
        let a = folder(dir.path(), "a", &[T("items", ITEMS, &["id"], csv)]);
        let b = folder(dir.path(), "b", &[T("items", ITEMS, &["id"], csv)]);
        write_parquet(
            &b.join("items.parquet"),
            "id,label,size\nx,X,1.5\nz,Z,3.0\n",
        );
        let d = diff(&a, &b).unwrap();
        assert_eq!(
            d.to_string(),
            "differ: 1 of 1 tables, 0 other files\n\
             \n\
             table  added  removed  changed\n\
             items      0        0        0  the Parquet file's rows differ otherwise: see below\n\
             \n\
             items:\n  \
               items.parquet: x: size: \"1.0\" -> \"1.5\"\n  \
               items.parquet: added: z\n  \
               items.parquet: removed: y\n\
             \n\
             files:\n  \
               items.parquet: rows differ (listed above)\n"
        );
        // Edited back to the same rows in other bytes (another compression): rows identical.
        use polars::prelude::{ParquetCompression, ParquetReader, ParquetWriter, SerReader};
        let file = fs::File::open(a.join("items.parquet")).unwrap();
        let mut rows = ParquetReader::new(file).finish().unwrap();
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes)
            .with_compression(ParquetCompression::Uncompressed)
            .finish(&mut rows)
            .unwrap();
        fs::write(b.join("items.parquet"), bytes).unwrap();
        let d = diff(&a, &b).unwrap();
        assert!(d.tables[0].parquet.is_none());
        assert!(
            d.to_string()
                .ends_with("  items.parquet: bytes differ, rows identical\n"),
            "{d}"
        );
    }

    #[test]
    fn detail_lines_are_capped_but_counts_are_complete() {
        let rows = |v: &str| {
            let mut csv = "id,label,size\n".to_string();
            for i in 0..25 {
                csv.push_str(&format!("r{i:02},{v},1.0\n"));
            }
            csv
        };
        let (old, new) = (rows("old"), rows("new"));
        let d = both(
            &[T("items", ITEMS, &["id"], &old)],
            &[T("items", ITEMS, &["id"], &new)],
        );
        let text = d.to_string();
        assert!(text.contains("items      0        0       25\n"), "{text}");
        assert!(
            text.contains("  r19: label: \"old\" -> \"new\"\n  ... and 5 more\n"),
            "{text}"
        );
        assert!(!text.contains("r20"), "{text}");
    }

    #[test]
    fn unreadable_folders_say_what_and_where() {
        let dir = tempfile::tempdir().unwrap();
        let good = folder(
            dir.path(),
            "good",
            &[T("items", ITEMS, &["id"], "id,label,size\n")],
        );
        let empty = dir.path().join("empty");
        fs::create_dir_all(&empty).unwrap();
        let message = |old: &Path, new: &Path| diff(old, new).unwrap_err().to_string();
        assert!(message(&empty, &good).contains("has no datapackage.json"));
        assert!(message(&dir.path().join("missing"), &good).contains("no such folder"));

        let ragged = folder(
            dir.path(),
            "ragged",
            &[T("items", ITEMS, &["id"], "id,label,size\nx,X,1\ny,Y\n")],
        );
        let m = message(&good, &ragged);
        assert!(
            m.contains("items.csv:3: the row has 2 cells but the header has 3"),
            "{m}"
        );

        let twice = folder(
            dir.path(),
            "twice",
            &[T("items", ITEMS, &["id"], "id,label,size\nx,X,1\nx,Y,2\n")],
        );
        let m = message(&good, &twice);
        assert!(
            m.contains("items.csv:3: primary key x repeats the row on line 2"),
            "{m}"
        );

        let header = folder(
            dir.path(),
            "header",
            &[T("items", ITEMS, &["id"], "id,name,size\n")],
        );
        let m = message(&good, &header);
        assert!(m.contains("items.csv:1: the header is `id,name,size` but datapackage.json lists `id,label,size`"), "{m}");

        let no_key = folder(
            dir.path(),
            "no_key",
            &[T("items", ITEMS, &[], "id,label,size\n")],
        );
        assert!(message(&good, &no_key).contains("has no schema.primaryKey"));
    }
}
