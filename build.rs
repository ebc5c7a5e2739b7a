//! The build's identity: a hash of every source file and the lock file, so that a binary built
//! from other code is never taken for this one (the manifest records it; `--version` shows it).

use std::path::{Path, PathBuf};

/// FNV-1a, 64 bits: a hash whose value no compiler release changes, so every machine that
/// builds the same code names the same build.
struct Fnv(u64);

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let mut all = Vec::new();
    for dir in ["src", "crates/text/src"] {
        files(Path::new(dir), &mut all);
        println!("cargo:rerun-if-changed={dir}");
    }
    all.push(PathBuf::from("Cargo.lock"));
    all.push(PathBuf::from("Cargo.toml"));
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=Cargo.toml");
    all.sort();
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    for path in &all {
        // Paths with / on every system, and a separator no path or file holds between parts.
        hash.write(path.to_string_lossy().replace('\\', "/").as_bytes());
        hash.write(&[0]);
        hash.write(&std::fs::read(path).unwrap_or_default());
        hash.write(&[0xff]);
    }
    // Mutation testing only: a mutant is other code, so its build id (and the manifest and
    // index page that show it) always differs from the committed output's, and every test that
    // compares with that output would catch every mutant. `PETROCHIP_PIN_BUILD=<id>` gives the
    // committed id, so those tests catch only mutants whose output differs.
    println!("cargo:rerun-if-env-changed=PETROCHIP_PIN_BUILD");
    let build = std::env::var("PETROCHIP_PIN_BUILD")
        .ok()
        .filter(|id| id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_else(|| format!("{:016x}", hash.0));
    println!("cargo:rustc-env=PETROCHIP_BUILD={build}");
    // A position-dependent executable: a PIE's 72,000 relative relocations were applied at every
    // start, copying each page they touch (about 2 ms of a 46 ms run on the seed).
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
