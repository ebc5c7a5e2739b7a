//! Reusing the files of the output being replaced. A rerun mostly writes what is already
//! there: the reference tables, the pages of sources nobody edited, and, after a rebuild,
//! everything. Where a new file's bytes are the old file's, the staging folder gets a hard link
//! to the old file instead of a copy: no blocks to allocate, no data to sync, none to free when
//! the old set is removed. The bytes are compared, never assumed from the old manifest, so a
//! file edited by hand in `output/` is written afresh.

use std::fs;
use std::io::Read as _;
use std::os::unix::fs::MetadataExt as _;
use std::path::Path;

/// Links `to` to `from` when `from` is a regular file holding exactly `parts`, one after the
/// other, and no other name shares it (a file someone hard-linked elsewhere, say into a backup
/// made with `cp -al`, could be edited in place through that name, and would change the new
/// output with it). Returns whether it linked; on `false` the caller writes the file, and `to`
/// does not exist. Any error, including a file system without hard links, is a `false`.
pub(crate) fn link_if_same<B: AsRef<[u8]>>(from: &Path, parts: &[B], to: &Path) -> bool {
    same_bytes(from, parts) && fs::hard_link(from, to).is_ok()
}

/// Whether `path` is a regular file, alone in its inode, holding exactly `parts`: the test of
/// [`link_if_same`].
fn same_bytes<B: AsRef<[u8]>>(path: &Path, parts: &[B]) -> bool {
    compare(path, parts).unwrap_or(false)
}

fn compare<B: AsRef<[u8]>>(path: &Path, parts: &[B]) -> std::io::Result<bool> {
    use rustix::fs::{Mode, OFlags};
    let len: usize = parts.iter().map(|part| part.as_ref().len()).sum();
    // A symbolic link is not a file petrochip wrote, so it is not followed; a pipe put there
    // would block the open, so the open does not wait.
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let mut file = fs::File::from(rustix::fs::open(path, flags, Mode::empty())?);
    let meta = file.metadata()?;
    if !meta.file_type().is_file() || meta.nlink() != 1 || meta.len() != len as u64 {
        return Ok(false);
    }
    BUFFER.with_borrow_mut(|buffer| {
        for part in parts {
            for chunk in part.as_ref().chunks(CHUNK) {
                let read = &mut buffer[..chunk.len()];
                file.read_exact(read)?;
                if read != chunk {
                    return Ok(false);
                }
            }
        }
        // Nothing after the parts: the length was checked, but the file may have grown since.
        Ok(file.read(&mut [0])? == 0)
    })
}

/// How much of an old file is read and compared at a time.
const CHUNK: usize = 1 << 16;

thread_local! {
    /// The buffer an old file is read into, one per thread for all the files it compares: a
    /// fresh zeroed one per file cost more than the reading (its pages faulted in each time).
    static BUFFER: std::cell::RefCell<Box<[u8]>> = std::cell::RefCell::new(vec![0; CHUNK].into_boxed_slice());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> tempfile::TempDir {
        tempfile::tempdir().expect("a temporary folder")
    }

    #[test]
    fn the_same_bytes_in_parts_are_linked_and_share_the_file() {
        let dir = folder();
        let (old, new) = (dir.path().join("old.csv"), dir.path().join("new.csv"));
        fs::write(&old, b"id,name\n1,Taiwan\n").unwrap();
        assert!(link_if_same(
            &old,
            &[&b"id,na"[..], b"me\n1,Taiwan\n"],
            &new
        ));
        assert_eq!(fs::read(&new).unwrap(), b"id,name\n1,Taiwan\n");
        let (old, new) = (fs::metadata(&old).unwrap(), fs::metadata(&new).unwrap());
        assert_eq!((old.ino(), old.nlink()), (new.ino(), 2));
    }

    #[test]
    fn other_bytes_another_length_or_a_shared_file_are_not_linked() {
        let dir = folder();
        let (old, new) = (dir.path().join("old.csv"), dir.path().join("new.csv"));
        fs::write(&old, b"id,name\n1,Taiwan\n").unwrap();
        // One byte differs, at the very end.
        assert!(!link_if_same(&old, &[&b"id,name\n1,Taiwam\n"[..]], &new));
        assert!(!link_if_same(&old, &[&b"id,name\n1,Taiwan"[..]], &new));
        assert!(!link_if_same(&old, &[&b"id,name\n1,Taiwan\n\n"[..]], &new));
        assert!(!link_if_same(&dir.path().join("absent"), &[b""], &new));
        assert!(!new.exists());
        // A second name for the old file (a backup made with cp -al) rules it out.
        fs::hard_link(&old, dir.path().join("backup.csv")).unwrap();
        assert!(!link_if_same(&old, &[&b"id,name\n1,Taiwan\n"[..]], &new));
        assert!(!new.exists());
    }

    #[test]
    fn a_symbolic_link_a_pipe_or_a_folder_is_not_reused() {
        let dir = folder();
        let target = dir.path().join("target.csv");
        fs::write(&target, b"a\n").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(!link_if_same(
            &link,
            &[&b"a\n"[..]],
            &dir.path().join("new.csv")
        ));
        assert!(!link_if_same(
            dir.path(),
            &[&b""[..]],
            &dir.path().join("new2.csv")
        ));
    }

    #[test]
    fn a_large_file_is_compared_chunk_by_chunk() {
        let dir = folder();
        let (old, new) = (dir.path().join("old.bin"), dir.path().join("new.bin"));
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&old, &bytes).unwrap();
        let mut changed = bytes.clone();
        changed[150_000] ^= 1;
        assert!(!link_if_same(&old, &[&changed[..]], &new));
        let (head, tail) = bytes.split_at(70_001);
        assert!(link_if_same(&old, &[head, tail], &new));
    }
}
