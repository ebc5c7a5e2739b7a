//! Writing a draft folder: never over an existing folder unless asked, never inside `raw/`
//! (a draft is not a source until an analyst moves it there), and never half-written: the
//! files are written into a hidden folder beside it, then renamed into place.

use std::path::{Component, Path, PathBuf};

use super::{Draft, DraftError, Setup, sheets};

/// The files a draft folder holds; `--force` replaces only a folder that holds no others.
pub const FILES: &[&str] = &["source.csv", "figures.csv", "mentions.csv", "spans.csv"];

fn out_error(out: &Path, message: impl Into<String>) -> DraftError {
    DraftError::Out {
        path: out.display().to_string(),
        message: message.into(),
    }
}

/// `path` made absolute and without `.` or `..`, whether or not it exists.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Resolve the longest existing ancestor (symbolic links), then add the rest lexically.
    let mut existing = joined.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    let mut clean = PathBuf::new();
    for part in out.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    clean
}

/// Refuses an `--out` that exists (unless `force`, and then only a draft folder), that is a
/// file, or that lies inside `raw`.
pub fn check_out(out: &Path, raw: &Path, force: bool) -> Result<(), DraftError> {
    if absolute(out).starts_with(absolute(raw)) {
        return Err(out_error(
            out,
            format!(
                "is inside {}, where it would be read as a source before it is reviewed; write the draft elsewhere (the default is drafts/<source_id>/) and move it into {}/sources/ once reviewed",
                raw.display(),
                raw.display()
            ),
        ));
    }
    let meta = match std::fs::symlink_metadata(out) {
        Ok(meta) => meta,
        Err(_) => return Ok(()),
    };
    if !meta.is_dir() {
        return Err(out_error(
            out,
            "already exists and is not a folder; choose another --out",
        ));
    }
    if !force {
        return Err(out_error(
            out,
            "already exists; pass --force to replace it, or choose another --out",
        ));
    }
    let others: Vec<String> = std::fs::read_dir(out)
        .map_err(|e| out_error(out, format!("cannot read it: {e}")))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !FILES.contains(&name.as_str()))
        .collect();
    if !others.is_empty() {
        let mut others = others;
        others.sort();
        return Err(out_error(
            out,
            format!(
                "holds {} besides a draft's files, so --force will not replace it; move them away or choose another --out",
                others.join(", ")
            ),
        ));
    }
    Ok(())
}

/// The article's path as source.csv's `text_path` gives it: relative to the folder the draft
/// becomes once moved, `<raw>/sources/<source_id>/`.
pub fn text_path(article: &Path, raw: &Path, source_id: &str) -> String {
    let article = absolute(article);
    let folder = absolute(&raw.join("sources").join(source_id));
    let a: Vec<Component> = article.components().collect();
    let f: Vec<Component> = folder.components().collect();
    let common = a.iter().zip(&f).take_while(|(x, y)| x == y).count();
    let mut relative = PathBuf::new();
    for _ in common..f.len() {
        relative.push("..");
    }
    for part in &a[common..] {
        relative.push(part);
    }
    relative.display().to_string()
}

/// Writes the four files into a hidden folder beside `out`, then puts it in `out`'s place.
pub fn write(out: &Path, setup: &Setup, draft: &Draft, force: bool) -> Result<(), DraftError> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|e| out_error(out, format!("cannot create its parent folder: {e}")))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "draft".into());
    let staging = parent.join(format!(".{name}.draft-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let written = (|| -> std::io::Result<()> {
        std::fs::create_dir(&staging)?;
        for (file, bytes) in [
            ("source.csv", sheets::source_csv(setup, draft)),
            ("figures.csv", sheets::figures_csv(draft)),
            ("mentions.csv", sheets::mentions_csv(draft)),
            ("spans.csv", sheets::spans_csv(draft)),
        ] {
            std::fs::write(staging.join(file), bytes)?;
        }
        if force && out.is_dir() {
            let old = parent.join(format!(".{name}.replaced-{}", std::process::id()));
            std::fs::rename(out, &old)?;
            std::fs::rename(&staging, out)?;
            std::fs::remove_dir_all(&old)?;
        } else {
            std::fs::rename(&staging, out)?;
        }
        Ok(())
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_dir_all(&staging);
        out_error(out, format!("cannot write the draft: {e}"))
    })
}
