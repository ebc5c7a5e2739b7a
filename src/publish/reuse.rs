//! Reusing the files of the output being replaced. A rerun mostly writes what is already
//! there: the reference tables, the pages of sources nobody edited, and, after a rebuild,
//! everything. Where a new file's bytes are the old file's, the staging folder gets the old
//! file itself, by a hard link, instead of a copy: no blocks to allocate, no data to sync. The
//! bytes are compared, never assumed from the old manifest, so a file edited by hand in
//! `output/` is written afresh.
//!
//! The set a run replaces is not deleted but kept beside `--out` as `.<out>.replaced`, and the
//! next run stages in it ([`adopt`]): its unchanged files are already the output's own (the same
//! inodes, linked by the run before), so that run neither links them again nor, once it has
//! published, unlinks a whole old set. Linking and unlinking every file were an eighth of a
//! rerun's CPU on the seed. Only the files that changed take room twice, until the next run.

use std::fs;
use std::io::Read as _;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};

/// What [`place`] made of a staged name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placed {
    /// It already was the published file, holding the bytes: nothing changed.
    Kept,
    /// It is now a link to the published file, which holds the bytes.
    Linked,
    /// Nothing is there: the caller writes the file.
    Absent,
}

impl Placed {
    /// Whether the staging folder changed (a link made, or a name cleared for a new file).
    pub(crate) fn changed(self) -> bool {
        self != Placed::Kept
    }
}

/// Makes `to`, a path in the staging folder, hold exactly `parts` without writing them where it
/// can: `to` is kept as it is when it is already `from` (the same file of the output being
/// replaced) and `from` holds `parts`; it is linked to `from` when `from` holds them and `to` is
/// not that file. Whatever else sits at `to` (the version of a run before, a link or a pipe put
/// there) is removed. On [`Placed::Absent`] the caller writes the file. A file system without
/// hard links gives `Absent`, never an error; the error is only a `to` that cannot be removed.
///
/// `vouched`, when given, says whether the published file, by its metadata, is vouched for as
/// holding `parts` ([`super::vouch`]): it is then taken as holding them, unread.
pub(crate) fn place<B: AsRef<[u8]>>(
    from: Option<&Path>,
    parts: &[B],
    to: &Path,
    vouched: Option<&dyn Fn(&fs::Metadata) -> bool>,
) -> std::io::Result<Placed> {
    let present = fs::symlink_metadata(to).ok();
    if let Some(from) = from
        && let Ok(Some(published)) = compare(from, parts, present.as_ref(), vouched)
    {
        return reuse(from, &published, to, present.as_ref());
    }
    clear(to, present.as_ref())?;
    Ok(Placed::Absent)
}

/// Gives `to` the published file `from` (`published`, its metadata), found to hold the bytes:
/// kept when `to` (`present`) already is it, linked to it otherwise, `to` cleared first.
fn reuse(
    from: &Path,
    published: &fs::Metadata,
    to: &Path,
    present: Option<&fs::Metadata>,
) -> std::io::Result<Placed> {
    if present.is_some_and(|to| same_file(to, published)) {
        return Ok(Placed::Kept);
    }
    clear(to, present)?;
    Ok(if fs::hard_link(from, to).is_ok() {
        Placed::Linked
    } else {
        Placed::Absent
    })
}

/// Removes whatever `to` is (`present`, its metadata), a folder with all it holds, so that a
/// file can be created there: never written through, since the name may share its inode with a
/// published file.
fn clear(to: &Path, present: Option<&fs::Metadata>) -> std::io::Result<()> {
    match present {
        None => Ok(()),
        Some(meta) if meta.file_type().is_dir() => fs::remove_dir_all(to),
        Some(_) => fs::remove_file(to),
    }
}

/// Makes `path` a folder: kept if it is one, created if it is missing, put in place of anything
/// else (a link there must not lead the writes elsewhere). Returns whether it made one.
pub(crate) fn folder(path: &Path) -> std::io::Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_dir() => return Ok(false),
        Ok(meta) => clear(path, Some(&meta))?,
        Err(_) => {}
    }
    fs::create_dir(path)?;
    Ok(true)
}

/// Whether `meta` (of the file at `to`) is the inode `from`'s metadata was read from.
fn same_file(meta: &fs::Metadata, from: &fs::Metadata) -> bool {
    meta.file_type().is_file() && meta.dev() == from.dev() && meta.ino() == from.ino()
}

/// `path`'s metadata if it is a regular file holding exactly `parts`, one after the other, and
/// no name shares it but `to`'s (`present`): a file someone hard-linked elsewhere, say into a
/// backup made with `cp -al`, could be edited in place through that name, and would change the
/// new output with it. The one second name allowed is the staging folder's own, linked there by
/// the run before.
/// A file `vouched` for is taken as holding them without being read.
fn compare<B: AsRef<[u8]>>(
    path: &Path,
    parts: &[B],
    present: Option<&fs::Metadata>,
    vouched: Option<&dyn Fn(&fs::Metadata) -> bool>,
) -> std::io::Result<Option<fs::Metadata>> {
    let len: usize = parts.iter().map(|part| part.as_ref().len()).sum();
    if let Some(vouched) = vouched
        && let Ok(meta) = fs::symlink_metadata(path)
        && reusable(&meta, present)
        && meta.len() == len as u64
        && vouched(&meta)
    {
        return Ok(Some(meta));
    }
    let Some((mut file, meta)) = published(path, present)? else {
        return Ok(None);
    };
    if meta.len() != len as u64 {
        return Ok(None);
    }
    let same = parts.iter().all(|part| matches(&mut file, part.as_ref()))
        // Nothing after the parts: the length was checked, but the file may have grown since.
        && file.read(&mut [0])? == 0;
    Ok(same.then_some(meta))
}

/// Whether the next bytes `file` reads are `bytes`, read a chunk at a time into the thread's
/// buffer; a read that fails or ends early is a difference.
fn matches(file: &mut fs::File, bytes: &[u8]) -> bool {
    BUFFER.with_borrow_mut(|buffer| {
        bytes.chunks(CHUNK).all(|chunk| {
            let read = &mut buffer[..chunk.len()];
            file.read_exact(read).is_ok() && read == chunk
        })
    })
}

/// `path` opened for reading with its metadata, if it may be reused: a regular file that no name
/// shares but `to`'s (`present`), as [`compare`] says.
fn published(
    path: &Path,
    present: Option<&fs::Metadata>,
) -> std::io::Result<Option<(fs::File, fs::Metadata)>> {
    use rustix::fs::{Mode, OFlags};
    // A symbolic link is not a file petrochip wrote, so it is not followed; a pipe put there
    // would block the open, so the open does not wait.
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let file = fs::File::from(rustix::fs::open(path, flags, Mode::empty())?);
    let meta = file.metadata()?;
    Ok(reusable(&meta, present).then_some((file, meta)))
}

/// Whether `meta` is of a regular file that no name shares but `to`'s (`present`).
fn reusable(meta: &fs::Metadata, present: Option<&fs::Metadata>) -> bool {
    let names = if present.is_some_and(|to| same_file(to, meta)) {
        2
    } else {
        1
    };
    meta.file_type().is_file() && meta.nlink() == names
}

/// A file written as a stream (too large to hold whole, `validation.json` at 10,000 sources is
/// 81 MB), compared with the published one as it goes: while every byte matches nothing is
/// written, and if the stream ends the same, `to` gets the published file as [`place`] would
/// give it. At the first byte that differs, `to` is created, the bytes that matched are copied
/// from the published file, and the rest is written.
pub(crate) struct Streamed {
    to: std::path::PathBuf,
    from: Option<std::path::PathBuf>,
    /// What was at `to` when the stream started.
    present: Option<fs::Metadata>,
    /// The published file and its metadata, while every byte so far matches it.
    published: Option<(fs::File, fs::Metadata)>,
    /// How many bytes matched.
    matched: u64,
    /// The new file, once the stream differs.
    written: Option<fs::File>,
}

impl Streamed {
    /// A stream into `to`, compared with `from` (the published file, if any).
    pub(crate) fn new(from: Option<&Path>, to: &Path) -> std::io::Result<Streamed> {
        let present = fs::symlink_metadata(to).ok();
        let published = match from {
            Some(from) => published(from, present.as_ref()).unwrap_or(None),
            None => None,
        };
        let mut stream = Streamed {
            to: to.to_path_buf(),
            from: from.map(Path::to_path_buf),
            present,
            published,
            matched: 0,
            written: None,
        };
        if stream.published.is_none() {
            stream.diverge()?;
        }
        Ok(stream)
    }

    /// From here on, the stream is written: `to` is made a new file holding the bytes that
    /// matched so far.
    fn diverge(&mut self) -> std::io::Result<()> {
        use std::io::{Seek as _, Write as _};
        clear(&self.to, self.present.as_ref())?;
        self.present = None;
        let mut file = fs::File::create_new(&self.to)?;
        if let Some((mut published, _)) = self.published.take() {
            published.seek(std::io::SeekFrom::Start(0))?;
            let copied = std::io::copy(&mut (&mut published).take(self.matched), &mut file)?;
            if copied != self.matched {
                return Err(std::io::Error::other(
                    "the published file shrank while read",
                ));
            }
        }
        file.flush()?;
        self.written = Some(file);
        Ok(())
    }

    /// Ends the stream: `to` holds every byte written, as a new file or as the published one.
    /// Returns what it made of `to`, as [`place`] says ([`Placed::Absent`]: written anew).
    pub(crate) fn finish(mut self) -> std::io::Result<Placed> {
        if self.written.is_none() {
            let ended = match self.published.as_mut() {
                Some((file, meta)) => file.read(&mut [0])? == 0 && meta.len() == self.matched,
                None => false,
            };
            let published = self.published.as_ref().map(|(_, meta)| meta);
            if ended && let (Some(meta), Some(from)) = (published, self.from.as_deref()) {
                let placed = reuse(from, meta, &self.to, self.present.as_ref())?;
                if placed != Placed::Absent {
                    return Ok(placed);
                }
                self.present = None;
            }
            self.diverge()?;
        }
        Ok(Placed::Absent)
    }
}

impl std::io::Write for Streamed {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.written.is_none() {
            let same = self
                .published
                .as_mut()
                .is_some_and(|(file, _)| matches(file, bytes));
            if same {
                self.matched += bytes.len() as u64;
                return Ok(bytes.len());
            }
            self.diverge()?;
        }
        match self.written.as_mut() {
            Some(file) => file.write(bytes),
            None => Err(std::io::Error::other("the stream has no file")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.written.as_mut() {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

/// How much of an old file is read and compared at a time.
const CHUNK: usize = 1 << 16;

thread_local! {
    /// The buffer an old file is read into, one per thread for all the files it compares: a
    /// fresh zeroed one per file cost more than the reading (its pages faulted in each time).
    static BUFFER: std::cell::RefCell<Box<[u8]>> = std::cell::RefCell::new(vec![0; CHUNK].into_boxed_slice());
}

/// The name beside `--out` of the set the last run replaced.
pub(crate) fn kept_name(out_name: &str) -> String {
    format!(".{out_name}.replaced")
}

/// The set a run replaced, renamed to be this run's staging folder, with what it held: each
/// file that this run does not write again is removed before the new set is synced
/// ([`Adopted::sweep`]).
pub(crate) struct Adopted {
    /// Its files, by path relative to the folder (`/`-separated, as the manifest gives them).
    files: Vec<String>,
    /// Its folders below the top, parents before children.
    folders: Vec<PathBuf>,
    /// Whether taking it removed anything (a link, a pipe, a name not in UTF-8).
    removed: bool,
}

/// Renames `kept` (the set the last run replaced, if it is a real folder holding a manifest,
/// as every set petrochip publishes does) to `staging` and lists what it holds; anything in it
/// but files and folders, or named in other than UTF-8 (no file petrochip writes is), is
/// removed. `None` when there is no such folder or it cannot be taken, and the caller makes an
/// empty staging folder; a set that cannot be read whole is removed, since what it holds
/// unlisted could not be swept. A folder of that name without a manifest is someone else's,
/// and is left alone.
pub(crate) fn adopt(kept: &Path, staging: &Path) -> Option<Adopted> {
    let meta = fs::symlink_metadata(kept).ok()?;
    let manifest = fs::symlink_metadata(kept.join(crate::manifest::FILE));
    if !meta.file_type().is_dir() || !manifest.is_ok_and(|m| m.file_type().is_file()) {
        return None;
    }
    if let Err(e) = crate::cleanup::rename(kept, staging) {
        tracing::debug!("could not stage in {}: {e}", kept.display());
        return None;
    }
    let mut adopted = Adopted {
        files: Vec::new(),
        folders: Vec::new(),
        removed: false,
    };
    match list(staging, &mut adopted) {
        Ok(()) => Some(adopted),
        Err(e) => {
            tracing::debug!("could not read {} whole: {e}", kept.display());
            let _ = fs::remove_dir_all(staging);
            None
        }
    }
}

/// Lists the files and folders under `staging` into `adopted`, removing anything else.
fn list(staging: &Path, adopted: &mut Adopted) -> std::io::Result<()> {
    let mut pending = vec![(staging.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = pending.pop() {
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            match entry.file_name().into_string() {
                Ok(name) if kind.is_dir() => {
                    adopted.folders.push(entry.path());
                    pending.push((entry.path(), format!("{prefix}{name}/")));
                }
                Ok(name) if kind.is_file() => adopted.files.push(format!("{prefix}{name}")),
                // A link, a pipe or a name petrochip never writes: out before any write.
                _ => {
                    adopted.removed = true;
                    if kind.is_dir() {
                        fs::remove_dir_all(entry.path())?;
                    } else {
                        fs::remove_file(entry.path())?;
                    }
                }
            }
        }
    }
    Ok(())
}

impl Adopted {
    /// Removes from the staging folder `dir` every file of the adopted set that is not among
    /// `written` (paths as [`Adopted::files`] has them), then the folders left empty, so the
    /// new set holds exactly what its manifest lists. Returns whether the set changed since it
    /// was taken, by this or by taking it.
    pub(crate) fn sweep(
        self,
        dir: &Path,
        written: &std::collections::HashSet<&str>,
    ) -> std::io::Result<bool> {
        let mut changed = self.removed;
        for file in self.files.iter().filter(|f| !written.contains(f.as_str())) {
            changed = true;
            match fs::remove_file(dir.join(file)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        // Children before parents; a folder still holding files of the new set stays.
        for folder in self.folders.iter().rev() {
            changed |= fs::remove_dir(folder).is_ok();
        }
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch() -> tempfile::TempDir {
        tempfile::tempdir().expect("a temporary folder")
    }

    /// A published file `old.<ext>` of `len` bytes counting modulo `modulus` (a pattern that
    /// spans several chunks), and the staged name `new.<ext>` beside it.
    fn published_file(
        dir: &tempfile::TempDir,
        ext: &str,
        len: u32,
        modulus: u32,
    ) -> (PathBuf, PathBuf, Vec<u8>) {
        let (old, new) = (
            dir.path().join(format!("old.{ext}")),
            dir.path().join(format!("new.{ext}")),
        );
        let bytes: Vec<u8> = (0..len).map(|i| (i % modulus) as u8).collect();
        fs::write(&old, &bytes).unwrap();
        (old, new, bytes)
    }

    fn inode(path: &Path) -> (u64, u64) {
        let meta = fs::symlink_metadata(path).unwrap();
        (meta.ino(), meta.nlink())
    }

    #[test]
    fn the_same_bytes_in_parts_are_linked_and_share_the_file() {
        let dir = scratch();
        let (old, new) = (dir.path().join("old.csv"), dir.path().join("new.csv"));
        fs::write(&old, b"id,name\n1,Taiwan\n").unwrap();
        assert_eq!(
            place(Some(&old), &[&b"id,na"[..], b"me\n1,Taiwan\n"], &new, None).unwrap(),
            Placed::Linked
        );
        assert_eq!(fs::read(&new).unwrap(), b"id,name\n1,Taiwan\n");
        assert_eq!(inode(&new), (inode(&old).0, 2));
    }

    #[test]
    fn the_staged_name_of_the_same_file_is_kept_as_it_is() {
        let dir = scratch();
        let (old, new) = (dir.path().join("old.csv"), dir.path().join("new.csv"));
        fs::write(&old, b"a\n").unwrap();
        fs::hard_link(&old, &new).unwrap();
        let before = inode(&new);
        assert_eq!(
            place(Some(&old), &[&b"a\n"[..]], &new, None).unwrap(),
            Placed::Kept
        );
        assert_eq!(inode(&new), before);
        assert_eq!(before.1, 2);
    }

    #[test]
    fn a_staged_file_that_differs_is_removed_never_written_through() {
        let dir = scratch();
        let (old, new) = (dir.path().join("old.csv"), dir.path().join("new.csv"));
        fs::write(&old, b"a\n").unwrap();
        // Shared with the published file, as the run before left it.
        fs::hard_link(&old, &new).unwrap();
        assert_eq!(
            place(Some(&old), &[&b"b\n"[..]], &new, None).unwrap(),
            Placed::Absent
        );
        assert!(fs::symlink_metadata(&new).is_err());
        assert_eq!(fs::read(&old).unwrap(), b"a\n");
        assert_eq!(inode(&old).1, 1);
        // An older version of its own, not shared: replaced by a link to the published file.
        fs::write(&new, b"older\n").unwrap();
        assert_eq!(
            place(Some(&old), &[&b"a\n"[..]], &new, None).unwrap(),
            Placed::Linked
        );
        assert_eq!(inode(&new), (inode(&old).0, 2));
        // No published file to compare with: whatever is staged is removed.
        assert_eq!(
            place::<&[u8]>(None, &[b"a\n"], &new, None).unwrap(),
            Placed::Absent
        );
        assert!(fs::symlink_metadata(&new).is_err());
    }

    #[test]
    fn other_bytes_another_length_or_a_shared_file_are_not_linked() {
        let dir = scratch();
        let (old, new) = (dir.path().join("old.csv"), dir.path().join("new.csv"));
        fs::write(&old, b"id,name\n1,Taiwan\n").unwrap();
        // One byte differs, at the very end.
        assert_eq!(
            place(Some(&old), &[&b"id,name\n1,Taiwam\n"[..]], &new, None).unwrap(),
            Placed::Absent
        );
        assert_eq!(
            place(Some(&old), &[&b"id,name\n1,Taiwan"[..]], &new, None).unwrap(),
            Placed::Absent
        );
        assert_eq!(
            place(Some(&old), &[&b"id,name\n1,Taiwan\n\n"[..]], &new, None).unwrap(),
            Placed::Absent
        );
        assert_eq!(
            place(Some(&dir.path().join("absent")), &[b""], &new, None).unwrap(),
            Placed::Absent
        );
        assert!(!new.exists());
        // A second name for the old file (a backup made with cp -al) rules it out.
        let backup = dir.path().join("backup.csv");
        fs::hard_link(&old, &backup).unwrap();
        assert_eq!(
            place(Some(&old), &[&b"id,name\n1,Taiwan\n"[..]], &new, None).unwrap(),
            Placed::Absent
        );
        assert!(!new.exists());
        // So does a third, even when the staged name is one of them.
        fs::hard_link(&old, &new).unwrap();
        assert_eq!(
            place(Some(&old), &[&b"id,name\n1,Taiwan\n"[..]], &new, None).unwrap(),
            Placed::Absent
        );
        assert!(!new.exists());
        assert_eq!(fs::read(&backup).unwrap(), b"id,name\n1,Taiwan\n");
    }

    /// A file vouched for is taken unread (here it holds other bytes, which only a byte
    /// comparison would see), but only if its length is right and no other name shares it;
    /// one not vouched for is compared as before.
    #[test]
    fn a_vouched_file_is_taken_unread_if_its_length_and_names_allow() {
        let dir = scratch();
        let (old, new) = (dir.path().join("old.csv"), dir.path().join("new.csv"));
        fs::write(&old, b"id,name\n1,Taiwan\n").unwrap();
        let asked = std::cell::Cell::new(0);
        let yes = |_: &fs::Metadata| {
            asked.set(asked.get() + 1);
            true
        };
        let no = |_: &fs::Metadata| false;
        let same_length = &[&b"id,name\n1,Taiwam\n"[..]];
        assert_eq!(
            place(Some(&old), same_length, &new, Some(&no)).unwrap(),
            Placed::Absent
        );
        assert_eq!(
            place(Some(&old), &[&b"id,name\n1,Taiwan"[..]], &new, Some(&yes)).unwrap(),
            Placed::Absent,
            "another length"
        );
        assert_eq!(asked.get(), 0, "the length is checked first");
        assert_eq!(
            place(Some(&old), same_length, &new, Some(&yes)).unwrap(),
            Placed::Linked
        );
        assert_eq!(inode(&new), inode(&old));
        assert_eq!(
            place(Some(&old), same_length, &new, Some(&yes)).unwrap(),
            Placed::Kept
        );
        fs::remove_file(&new).unwrap();
        let backup = dir.path().join("backup.csv");
        fs::hard_link(&old, &backup).unwrap();
        assert_eq!(
            place(Some(&old), same_length, &new, Some(&yes)).unwrap(),
            Placed::Absent,
            "a second name"
        );
        assert!(!new.exists());
    }

    #[test]
    fn a_symbolic_link_a_pipe_or_a_folder_is_not_reused() {
        let dir = scratch();
        let target = dir.path().join("target.csv");
        fs::write(&target, b"a\n").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let new = dir.path().join("new.csv");
        assert_eq!(
            place(Some(&link), &[&b"a\n"[..]], &new, None).unwrap(),
            Placed::Absent
        );
        assert_eq!(
            place(Some(dir.path()), &[&b""[..]], &new, None).unwrap(),
            Placed::Absent
        );
        let pipe = dir.path().join("pipe");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &pipe,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        assert_eq!(
            place(Some(&pipe), &[&b""[..]], &new, None).unwrap(),
            Placed::Absent
        );
        // A link staged where a file goes is removed, and what it leads to left alone.
        std::os::unix::fs::symlink(&target, &new).unwrap();
        assert_eq!(
            place(Some(&target), &[&b"b\n"[..]], &new, None).unwrap(),
            Placed::Absent
        );
        assert!(fs::symlink_metadata(&new).is_err());
        assert_eq!(fs::read(&target).unwrap(), b"a\n");
    }

    /// Streams `parts` into `to`, compared with `from`.
    fn stream(from: Option<&Path>, parts: &[&[u8]], to: &Path) {
        use std::io::Write as _;
        let mut out = Streamed::new(from, to).unwrap();
        for part in parts {
            out.write_all(part).unwrap();
        }
        out.finish().unwrap();
    }

    #[test]
    fn a_stream_the_same_as_the_published_file_is_that_file() {
        let dir = scratch();
        let (old, new, bytes) = published_file(&dir, "json", 150_000, 241);
        stream(
            Some(&old),
            &[&bytes[..10], &bytes[10..70_000], &bytes[70_000..]],
            &new,
        );
        assert_eq!(inode(&new), (inode(&old).0, 2));
        // Staged again in the same name: kept as it is.
        stream(Some(&old), &[&bytes], &new);
        assert_eq!(inode(&new), (inode(&old).0, 2));
    }

    #[test]
    fn a_stream_that_differs_is_written_whole_and_the_published_file_left_alone() {
        let dir = scratch();
        let (old, new, bytes) = published_file(&dir, "json", 150_000, 241);
        let mut changed = bytes.clone();
        changed[100_000] ^= 1;
        let cases: [(&str, Vec<u8>); 4] = [
            ("one byte in the middle", changed),
            ("shorter", bytes[..149_999].to_vec()),
            ("longer", [&bytes[..], b"\n"].concat()),
            ("the first byte", [&b"x"[..], &bytes[1..]].concat()),
        ];
        for (case, expected) in cases {
            // Staged under the published file's second name, as the run before left it.
            let _ = fs::remove_file(&new);
            fs::hard_link(&old, &new).unwrap();
            stream(
                Some(&old),
                &[&expected[..60_000], &expected[60_000..]],
                &new,
            );
            assert_eq!(fs::read(&new).unwrap(), expected, "{case}");
            assert_ne!(inode(&new).0, inode(&old).0, "{case}");
            assert_eq!(fs::read(&old).unwrap(), bytes, "{case}");
            assert_eq!(inode(&old).1, 1, "{case}");
        }
        // Nothing published: written.
        let _ = fs::remove_file(&new);
        stream(None, &[b"ab", b"c"], &new);
        assert_eq!(fs::read(&new).unwrap(), b"abc");
        // A published file with a name elsewhere (a backup) is not reused.
        fs::hard_link(&old, dir.path().join("backup.json")).unwrap();
        let _ = fs::remove_file(&new);
        stream(Some(&old), &[&bytes], &new);
        assert_eq!(fs::read(&new).unwrap(), bytes);
        assert_ne!(inode(&new).0, inode(&old).0);
    }

    #[test]
    fn a_large_file_is_compared_chunk_by_chunk() {
        let dir = scratch();
        let (old, new, bytes) = published_file(&dir, "bin", 200_000, 251);
        let mut changed = bytes.clone();
        changed[150_000] ^= 1;
        assert_eq!(
            place(Some(&old), &[&changed[..]], &new, None).unwrap(),
            Placed::Absent
        );
        let (head, tail) = bytes.split_at(70_001);
        assert_eq!(
            place(Some(&old), &[head, tail], &new, None).unwrap(),
            Placed::Linked
        );
    }

    #[test]
    fn a_folder_is_kept_made_or_put_in_place_of_a_link() {
        let dir = scratch();
        let site = dir.path().join("site");
        folder(&site).unwrap();
        fs::write(site.join("index.html"), b"x").unwrap();
        folder(&site).unwrap();
        assert!(site.join("index.html").exists());
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        let linked = dir.path().join("linked");
        std::os::unix::fs::symlink(&elsewhere, &linked).unwrap();
        folder(&linked).unwrap();
        assert!(fs::symlink_metadata(&linked).unwrap().file_type().is_dir());
        assert!(elsewhere.is_dir());
    }

    #[test]
    fn an_adopted_set_keeps_only_what_the_run_writes() {
        use std::os::unix::ffi::OsStrExt as _;
        let dir = scratch();
        let (kept, staging) = (
            dir.path().join(".output.replaced"),
            dir.path().join("staging"),
        );
        for file in [
            "a.csv",
            "manifest.json",
            "site/b.html",
            "site/c.html",
            "t/source_id=x/part-0.parquet",
        ] {
            let path = kept.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, file).unwrap();
        }
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, b"mine").unwrap();
        std::os::unix::fs::symlink(&outside, kept.join("site/link.html")).unwrap();
        let odd = std::ffi::OsStr::from_bytes(b"site/caf\xe9.html");
        fs::write(kept.join(odd), b"latin-1").unwrap();
        let adopted = adopt(&kept, &staging).unwrap();
        assert!(fs::symlink_metadata(staging.join(odd)).is_err());
        crate::cleanup::unregister(&staging);
        assert!(!kept.exists());
        // The link was never petrochip's: gone at once, what it led to untouched.
        assert!(fs::symlink_metadata(staging.join("site/link.html")).is_err());
        assert_eq!(fs::read(&outside).unwrap(), b"mine");
        let mut files = adopted.files.clone();
        files.sort();
        assert_eq!(
            files,
            [
                "a.csv",
                "manifest.json",
                "site/b.html",
                "site/c.html",
                "t/source_id=x/part-0.parquet"
            ]
        );
        let written: std::collections::HashSet<&str> =
            ["a.csv", "site/b.html", "manifest.json"].into();
        adopted.sweep(&staging, &written).unwrap();
        let mut left: Vec<String> = Vec::new();
        let mut pending = vec![staging.clone()];
        while let Some(d) = pending.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let e = e.unwrap();
                let rel = e
                    .path()
                    .strip_prefix(&staging)
                    .unwrap()
                    .display()
                    .to_string();
                if e.file_type().unwrap().is_dir() {
                    pending.push(e.path());
                }
                left.push(rel);
            }
        }
        left.sort();
        assert_eq!(left, ["a.csv", "manifest.json", "site", "site/b.html"]);
    }

    #[test]
    fn only_a_real_folder_is_adopted() {
        let dir = scratch();
        let (kept, staging) = (
            dir.path().join(".output.replaced"),
            dir.path().join("staging"),
        );
        assert!(adopt(&kept, &staging).is_none());
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &kept).unwrap();
        assert!(adopt(&kept, &staging).is_none());
        assert!(
            fs::symlink_metadata(&kept)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(!staging.exists());
        // A folder of that name without a manifest is someone else's.
        fs::remove_file(&kept).unwrap();
        fs::create_dir(&kept).unwrap();
        fs::write(kept.join("notes.txt"), b"mine").unwrap();
        assert!(adopt(&kept, &staging).is_none());
        assert_eq!(fs::read(kept.join("notes.txt")).unwrap(), b"mine");
        assert!(!staging.exists());
    }
}
