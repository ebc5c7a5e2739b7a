//! What a run knows of the files it published, so that the next one need not read them back.
//!
//! [`super::reuse`] keeps a published file when the new bytes are the same; it used to find that
//! out by reading the old file whole. At 10,000 sources that is 2 GB read and compared on every
//! run, a seventh of a rerun's CPU, and seconds more when the old set has left the page cache.
//!
//! After a run has placed every file in its staging folder (each one written, or found to hold
//! its bytes), it records each file's hash beside the inode's identity and change time
//! ([`take`]), and once the set is published writes them to `.<out>.vouched` ([`write`]). The
//! next run takes a published file as holding the bytes recorded for it, without reading it,
//! when the hash of its new bytes is the one recorded and the file is still that inode, with
//! the same length, modification and change times ([`Vouched::holds`]).
//!
//! The change time is what makes that safe: the kernel sets it to the current time on every
//! write, truncation, link or metadata change, and no call sets it back (`touch -d` moves the
//! modification time only). A file edited by hand, even to the same length with its
//! modification time restored, has a new change time, and is compared byte by byte again. A
//! time stamp is only as fine as the file system's clock, so a file could change again within
//! the tick it was recorded in, unseen. [`take`] first reads the file system's clock (the
//! time it stamps on the record file, created empty), then the files: a file changed after
//! that has a change time no older than it, and a file whose recorded change time is not
//! older than it is not vouched for (git's "racily clean" entries, the same rule). Anything else amiss (no record, a
//! record that does not parse, another file system) only means the file is compared as before.

use std::collections::HashMap;
use std::fs;
use std::io::Write as _;
use std::os::unix::fs::MetadataExt as _;
use std::path::Path;

use crate::manifest::Entry;

/// The first line of the file: its format.
const HEADER: &str = "petrochip vouched 2";

/// The name beside `--out` of the record the last run left.
pub(crate) fn file_name(out_name: &str) -> String {
    format!(".{out_name}.vouched")
}

/// One published file as its run left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    /// Its path relative to `--out`, as the manifest lists it.
    path: String,
    sha256: String,
    stat: Stat,
}

/// The identity, length and times of an inode: a file with all of them unchanged was not
/// written to since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stat {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: Time,
    ctime: Time,
}

impl Stat {
    fn of(meta: &fs::Metadata) -> Stat {
        Stat {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        }
    }
}

/// The records of the set `--out` holds, as the run that published it left them.
#[derive(Debug, Default)]
pub struct Vouched {
    records: Records,
    /// The file system's time before the files were looked at: a file changed at or after
    /// it is not vouched for.
    since: Time,
    /// How many files were taken on their record, for the log.
    taken: std::sync::atomic::AtomicUsize,
}

impl Vouched {
    /// No records: every file is compared.
    pub fn none() -> Vouched {
        Vouched::default()
    }

    /// The records in `path`; none when there is no such regular file or it does not read
    /// whole (a run killed while writing it, say).
    pub(crate) fn load(path: &Path) -> Vouched {
        let text = fs::symlink_metadata(path)
            .is_ok_and(|meta| meta.file_type().is_file())
            .then(|| fs::read_to_string(path).ok())
            .flatten();
        match text.as_deref().and_then(parse) {
            Some((since, records)) => Vouched {
                records,
                since,
                taken: Default::default(),
            },
            None => {
                tracing::debug!(
                    "{}: no records read; every file is compared",
                    path.display()
                );
                Vouched::none()
            }
        }
    }

    /// Whether no file is vouched for.
    pub(crate) fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// How many files [`Vouched::holds`] vouched for.
    pub(crate) fn taken(&self) -> usize {
        self.taken.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Whether the published file `prefix` + `name`, whose metadata is `meta`, holds the bytes
    /// hashed `sha256`, as its record says and nothing changed since.
    pub(crate) fn holds(
        &self,
        (prefix, name): (&str, &str),
        meta: &fs::Metadata,
        sha256: &str,
    ) -> bool {
        if self.records.is_empty() {
            return false;
        }
        let mut path = String::with_capacity(prefix.len() + name.len());
        path.push_str(prefix);
        path.push_str(name);
        let Some((hash, stat)) = self.records.get(&path) else {
            return false;
        };
        let holds = hash == sha256 && *stat == Stat::of(meta) && stat.ctime < self.since;
        if holds {
            self.taken
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        holds
    }
}

/// A time as seconds and nanoseconds since 1970.
type Time = (i64, i64);

/// Each file's hash and inode by its path relative to `--out`.
type Records = HashMap<String, (String, Stat)>;

/// Reads the file's lines: the header and the time the files were looked at from, one file per
/// line (path, hash, device, inode, length, modification and change times as seconds and
/// nanoseconds, separated by tabs), then `end` and how many there were, so that a file cut
/// short is refused.
fn parse(text: &str) -> Option<(Time, Records)> {
    let mut lines = text.lines();
    let (header, since) = lines.next()?.split_once('\t')?;
    let (s, ns) = since.split_once('\t')?;
    if header != HEADER {
        return None;
    }
    let since = (s.parse().ok()?, ns.parse().ok()?);
    let mut records = HashMap::new();
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        if let ["end", count] = fields.as_slice() {
            return (count.parse::<usize>().ok()? == records.len()).then_some((since, records));
        }
        let [path, sha256, dev, ino, len, m, mn, c, cn] = fields.as_slice() else {
            return None;
        };
        let stat = Stat {
            dev: dev.parse().ok()?,
            ino: ino.parse().ok()?,
            len: len.parse().ok()?,
            mtime: (m.parse().ok()?, mn.parse().ok()?),
            ctime: (c.parse().ok()?, cn.parse().ok()?),
        };
        records.insert((*path).to_string(), ((*sha256).to_string(), stat));
    }
    None
}

/// What a run recorded of the files it placed.
#[derive(Debug)]
pub(crate) struct Taken {
    since: Time,
    records: Vec<Record>,
}

/// The records of the files `entries` lists in `dir`, the staging folder once every file is
/// in place: nothing the run does after this changes them. The file system's clock is read
/// first, as the time it stamps on `at`, the record file, created empty (and left so until
/// [`write`]: a run that stops before then leaves no records). A file that cannot be looked at
/// is left out (it will be compared).
pub(crate) fn take(dir: &Path, entries: &[Entry], at: &Path) -> std::io::Result<Taken> {
    let since = {
        let file = create(at)?;
        let meta = file.metadata()?;
        (meta.mtime(), meta.mtime_nsec())
    };
    let records = entries
        .iter()
        .filter_map(|entry| {
            let meta = fs::symlink_metadata(dir.join(&entry.path)).ok()?;
            meta.file_type().is_file().then(|| Record {
                path: entry.path.clone(),
                sha256: entry.sha256.clone(),
                stat: Stat::of(&meta),
            })
        })
        .collect();
    Ok(Taken { since, records })
}

/// A new, empty file at `path`, in place of whatever was there (a link is removed, never
/// followed).
fn create(path: &Path) -> std::io::Result<fs::File> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::File::create_new(path)
}

/// Writes what was `taken` to `path`, replacing what was there. Not synced: a record lost in
/// a crash only means those files are compared.
pub(crate) fn write(path: &Path, taken: &Taken) -> std::io::Result<()> {
    let Taken { since, records } = taken;
    let mut text = String::with_capacity(records.len() * 160 + 64);
    text.push_str(&format!("{HEADER}\t{}\t{}\n", since.0, since.1));
    for Record { path, sha256, stat } in records {
        let Stat {
            dev,
            ino,
            len,
            mtime,
            ctime,
        } = stat;
        text.push_str(&format!(
            "{path}\t{sha256}\t{dev}\t{ino}\t{len}\t{}\t{}\t{}\t{}\n",
            mtime.0, mtime.1, ctime.0, ctime.1
        ));
    }
    text.push_str(&format!("end\t{}\n", records.len()));
    create(path)?.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Longer than a tick of any clock a file system stamps times with (Linux's coarse clock
    /// ticks every 1 to 10 ms).
    const TICK: std::time::Duration = std::time::Duration::from_millis(30);

    fn entry(path: &str, sha256: &str) -> Entry {
        Entry {
            path: path.into(),
            sha256: sha256.into(),
            rows: None,
        }
    }

    /// A folder with `a.txt` published and recorded a tick later.
    fn recorded() -> (tempfile::TempDir, Vouched) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        fs::write(dir.path().join("a.txt"), "abc").expect("written");
        std::thread::sleep(TICK);
        let file = dir.path().join(".output.vouched");
        let entries = [entry("a.txt", "h1"), entry("gone.txt", "h2")];
        let taken = take(dir.path(), &entries, &file).expect("taken");
        assert_eq!(
            taken.records.len(),
            1,
            "a file that is not there is not recorded"
        );
        assert_eq!(fs::read(&file).expect("read"), b"", "created empty");
        write(&file, &taken).expect("records written");
        (dir, Vouched::load(&file))
    }

    fn holds(dir: &Path, vouched: &Vouched, sha256: &str) -> bool {
        let meta = fs::symlink_metadata(dir.join("a.txt")).expect("metadata");
        vouched.holds(("", "a.txt"), &meta, sha256)
    }

    #[test]
    fn an_untouched_file_is_vouched_for_its_own_hash_only() {
        let (dir, vouched) = recorded();
        assert!(holds(dir.path(), &vouched, "h1"));
        assert_eq!(vouched.taken(), 1);
        assert!(
            !holds(dir.path(), &vouched, "h2"),
            "new bytes, another hash"
        );
        let meta = fs::symlink_metadata(dir.path().join("a.txt")).expect("metadata");
        assert!(
            !vouched.holds(("site/", "a.txt"), &meta, "h1"),
            "another path"
        );
        assert!(!Vouched::none().holds(("", "a.txt"), &meta, "h1"));
        assert_eq!(vouched.taken(), 1);
    }

    #[test]
    fn a_file_written_to_is_not_vouched_for_even_with_its_length_and_time_put_back() {
        let (dir, vouched) = recorded();
        let path = dir.path().join("a.txt");
        let before = fs::symlink_metadata(&path).expect("metadata");
        fs::write(&path, "abd").expect("edited");
        let file = fs::File::options().write(true).open(&path).expect("opened");
        file.set_modified(before.modified().expect("mtime"))
            .expect("mtime put back");
        let after = fs::symlink_metadata(&path).expect("metadata");
        assert_eq!(
            (after.len(), after.mtime_nsec()),
            (before.len(), before.mtime_nsec())
        );
        assert!(!holds(dir.path(), &vouched, "h1"));
    }

    #[test]
    fn a_file_replaced_or_linked_elsewhere_is_not_vouched_for() {
        let (dir, vouched) = recorded();
        let path = dir.path().join("a.txt");
        fs::hard_link(&path, dir.path().join("b.txt")).expect("linked");
        assert!(
            !holds(dir.path(), &vouched, "h1"),
            "a link changes the file's change time"
        );
        let (dir, vouched) = recorded();
        let path = dir.path().join("a.txt");
        fs::remove_file(&path).expect("removed");
        fs::write(&path, "abc").expect("written again");
        assert!(!holds(dir.path(), &vouched, "h1"));
    }

    /// The record's first line with the time the files were looked at from put to `since`.
    fn looked_at_from(file: &Path, since: (i64, i64)) {
        let text = fs::read_to_string(file).expect("read");
        let (_, rest) = text.split_once('\n').expect("a first line");
        let header = format!("{HEADER}\t{}\t{}\n", since.0, since.1);
        fs::write(file, header + rest).expect("written");
    }

    #[test]
    fn a_file_changed_in_the_tick_it_was_recorded_in_is_not_vouched_for() {
        let (dir, _) = recorded();
        let file = dir.path().join(".output.vouched");
        let meta = fs::symlink_metadata(dir.path().join("a.txt")).expect("metadata");
        let changed = (meta.ctime(), meta.ctime_nsec());
        // Looked at in the very tick the file last changed in: it could have changed again in
        // that tick, after it was looked at, unseen.
        looked_at_from(&file, changed);
        assert!(!holds(dir.path(), &Vouched::load(&file), "h1"));
        // A nanosecond later, the file is older than its record.
        looked_at_from(&file, (changed.0, changed.1 + 1));
        assert!(holds(dir.path(), &Vouched::load(&file), "h1"));
    }

    #[test]
    fn a_record_file_cut_short_or_of_another_format_vouches_for_nothing() {
        let (dir, _) = recorded();
        let file = dir.path().join(".output.vouched");
        let text = fs::read_to_string(&file).expect("read");
        assert_eq!(text.lines().count(), 3);
        assert!(text.starts_with("petrochip vouched 2\t"));
        assert!(text.ends_with("end\t1\n"));
        let cut = text.lines().take(2).collect::<Vec<_>>().join("\n");
        let first = text.lines().next().expect("a first line");
        let older = text.replacen("vouched 2", "vouched 1", 1);
        let no_time = text.replacen(first, HEADER, 1);
        for broken in [cut.as_str(), "", &older, &no_time, "x\ty\n"] {
            fs::write(&file, broken).expect("written");
            assert!(
                !holds(dir.path(), &Vouched::load(&file), "h1"),
                "{broken:?}"
            );
        }
        fs::write(&file, &text).expect("written");
        assert!(holds(dir.path(), &Vouched::load(&file), "h1"));
        // A link there is not followed: taking the records replaces it.
        fs::remove_file(&file).expect("removed");
        let target = dir.path().join("target.txt");
        fs::write(&target, "mine").expect("written");
        std::os::unix::fs::symlink(&target, &file).expect("linked");
        assert!(Vouched::load(&file).records.is_empty());
        let taken = take(dir.path(), &[], &file).expect("taken");
        write(&file, &taken).expect("written");
        assert_eq!(fs::read_to_string(&target).expect("read"), "mine");
        assert_eq!(
            fs::read_to_string(&file).expect("read"),
            format!("{HEADER}\t{}\t{}\nend\t0\n", taken.since.0, taken.since.1)
        );
    }
}
