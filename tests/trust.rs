//! What probing a landed build broke (issue "Trust, round two"), each as the real binary on a
//! scratch workspace: nothing hangs, nothing of the user's is destroyed, the status is honest.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::workspace;

const BIN: &str = env!("CARGO_BIN_EXE_petrochip");

fn petrochip(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

/// Runs with a deadline: a test of "never hangs" must not hang itself.
fn petrochip_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("petrochip {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_fifo_in_place_of_a_sheet_or_of_the_manifest_never_hangs() {
    let dir = workspace();
    assert_eq!(petrochip(dir.path(), &["-q", "run"]).status.code(), Some(0));
    // The manifest a FIFO: the up-to-date check must not read it; the run publishes anew.
    let manifest = dir.path().join("output/manifest.json");
    fs::remove_file(&manifest).unwrap();
    mkfifo(&manifest);
    let out = petrochip_within(dir.path(), &["-q", "run"], Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fs::metadata(&manifest).unwrap().is_file());
    // A sheet a FIFO: named, exit 1.
    let sheet = dir
        .path()
        .join("raw/sources/muller_park_2024/mitigations.csv");
    fs::remove_file(&sheet).unwrap();
    mkfifo(&sheet);
    for command in ["run", "validate", "check"] {
        let out = petrochip_within(dir.path(), &["-q", command], Duration::from_secs(60));
        assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("raw/sources/muller_park_2024/mitigations.csv: is not a regular file (a pipe, a socket or a device); put the CSV file itself here"),
            "{command}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn raw_inside_out_and_files_someone_put_in_out_are_refused() {
    let dir = workspace();
    // --raw out/raw --out out: replacing out would delete the sheets.
    common::copy_dir(&dir.path().join("raw"), &dir.path().join("out/raw"));
    let out = petrochip(dir.path(), &["run", "--raw", "out/raw", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("out/raw: the raw folder is inside --out (out), which petrochip replaces as a whole; the sheets would be deleted: pass an --out outside the raw folder"),
        "{}",
        stderr(&out)
    );
    assert!(dir.path().join("out/raw/entities.csv").exists());
    // A file someone put in output/ is named, not deleted.
    assert_eq!(petrochip(dir.path(), &["-q", "run"]).status.code(), Some(0));
    fs::write(dir.path().join("output/notes.txt"), "mine\n").unwrap();
    let out = petrochip(dir.path(), &["run", "--force"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("output: --out holds files petrochip did not write (notes.txt); it replaces --out as a whole, so move them out or pass another folder"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("output/notes.txt")).unwrap(),
        "mine\n"
    );
}

#[test]
fn a_symbolic_link_as_out_or_as_the_lock_is_refused_and_its_target_untouched() {
    let dir = workspace();
    fs::create_dir(dir.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink("elsewhere", dir.path().join("output")).unwrap();
    let out = petrochip(dir.path(), &["run"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("output: --out is a symbolic link (to elsewhere); petrochip replaces --out as a whole and would replace the link by a folder: pass the folder it leads to"),
        "{}",
        stderr(&out)
    );
    assert!(
        fs::symlink_metadata(dir.path().join("output"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    fs::remove_file(dir.path().join("output")).unwrap();
    // The lock beside output/ made a link to someone's file: opened without following it.
    fs::write(dir.path().join("victim.txt"), "precious\n").unwrap();
    std::os::unix::fs::symlink("victim.txt", dir.path().join(".output.lock")).unwrap();
    let out = petrochip(dir.path(), &["run"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("victim.txt")).unwrap(),
        "precious\n"
    );
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    for args in [&["completions", "bash"][..], &["man"][..], &["tables"][..]] {
        let mut child = Command::new(BIN)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader goes away after one line, as `| head -1` does.
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{args:?}");
    }
}

#[test]
fn reports_are_honest_about_what_the_run_did() {
    let dir = workspace();
    // A report that cannot be written is a usage error before any work: nothing published.
    let out = petrochip(dir.path(), &["run", "--report", "no/such/folder/r.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: no/such/folder/r.json: cannot write the report there")
    );
    assert!(!dir.path().join("output").exists());
    // Every run writes its report, an up-to-date one too; `-` is standard output.
    assert_eq!(petrochip(dir.path(), &["-q", "run"]).status.code(), Some(0));
    let again = petrochip(dir.path(), &["-q", "run", "--report", "-"]);
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["outcome"], "up_to_date");
    assert_eq!(report["findings"], serde_json::json!([]));
    assert!(!dir.path().join("-").exists());
}

#[test]
fn logs_carry_no_colour_codes_off_a_terminal_and_quiet_means_quiet() {
    let dir = workspace();
    let out = petrochip(dir.path(), &["-v", "validate"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!stderr(&out).contains('\u{1b}'), "{}", stderr(&out));
    assert_eq!(petrochip(dir.path(), &["-q", "run"]).status.code(), Some(0));
    for args in [
        &["-q", "check"][..],
        &["-q", "diff", "output", "output"][..],
    ] {
        let out = petrochip(dir.path(), args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "", "{args:?}");
    }
}

#[test]
fn the_manifest_records_the_build_that_wrote_it() {
    let dir = workspace();
    assert_eq!(petrochip(dir.path(), &["-q", "run"]).status.code(), Some(0));
    let version =
        String::from_utf8_lossy(&petrochip(dir.path(), &["--version"]).stdout).into_owned();
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("output/manifest.json")).unwrap())
            .unwrap();
    let build = manifest["petrochip_build"].as_str().unwrap();
    assert_eq!(build.len(), 16);
    assert!(version.contains(&format!("build {build})")), "{version}");
    // Another build's output is never up to date: the run publishes again.
    let text = fs::read_to_string(dir.path().join("output/manifest.json")).unwrap();
    fs::write(
        dir.path().join("output/manifest.json"),
        text.replace(build, "0000000000000000"),
    )
    .unwrap();
    let out = petrochip(dir.path(), &["run"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("petrochip: "),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn many_problems_are_summarised_after_a_few_of_each_kind() {
    let dir = workspace();
    let sheet = dir
        .path()
        .join("raw/sources/muller_park_2024/mitigations.csv");
    let text = fs::read_to_string(&sheet).unwrap();
    let row = text.lines().nth(1).unwrap().to_string();
    // 25 copies of one row: 25 duplicate keys, one check.
    fs::write(&sheet, format!("{text}{}", format!("{row}\n").repeat(25))).unwrap();
    let out = petrochip(dir.path(), &["run", "--report", "report.json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: the tables failed validation (25 problems)"),
        "{err}"
    );
    assert_eq!(
        err.matches("mitigations: primary_key [").count(),
        10,
        "{err}"
    );
    assert!(
        err.contains("  … and 15 more like these; pass --report PATH to see every one\n"),
        "{err}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    let errors = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .count();
    assert_eq!(errors, 25);
}

#[test]
fn text_that_looks_the_same_is_the_same_or_refused() {
    // A name typed in NFD ("Core\u{301}e") publishes the same bytes as the NFC one.
    let dir = workspace();
    assert_eq!(
        petrochip(dir.path(), &["-q", "run", "--out", "a"])
            .status
            .code(),
        Some(0)
    );
    let entities = dir.path().join("raw/entities.csv");
    let text = fs::read_to_string(&entities).unwrap();
    assert!(text.contains("Corée du Sud"));
    fs::write(
        &entities,
        text.replace("Corée du Sud", "Core\u{301}e du Sud"),
    )
    .unwrap();
    assert_eq!(
        petrochip(dir.path(), &["-q", "run", "--out", "b"])
            .status
            .code(),
        Some(0)
    );
    for table in ["entities.csv", "entity_aliases.csv", "entities.parquet"] {
        assert_eq!(
            fs::read(dir.path().join("a").join(table)).unwrap(),
            fs::read(dir.path().join("b").join(table)).unwrap(),
            "{table}"
        );
    }
    // A bidi isolate (Trojan Source) and a Cyrillic letter inside a Latin name are refused.
    fs::write(
        &entities,
        text.replace(
            "Main semiconductor-producing country",
            "Main semiconductor\u{2067}-producing country",
        ),
    )
    .unwrap();
    let out = petrochip(dir.path(), &["validate"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("raw/entities.csv:2: column \"description\": holds the invisible character U+2067, which makes text that looks the same differ; delete it"),
        "{}",
        stderr(&out)
    );
    fs::write(
        &entities,
        text.replace(
            "tsmc,entreprise,TSMC,TSMC",
            "tsmc,entreprise,TSM\u{421},TSMC",
        ),
    )
    .unwrap();
    let out = petrochip(dir.path(), &["validate"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("column \"name_fr\": \"TSM\u{421}\" mixes scripts (Latin, Cyrillic), so it looks like a word it is not; retype it in one script"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn habits_of_a_data_cli_man_pages_environment_colour_and_times() {
    // One man page per subcommand, with every option.
    let page =
        String::from_utf8_lossy(&petrochip(Path::new("."), &["man", "run"]).stdout).into_owned();
    assert!(page.contains(".TH petrochip-run 1"), "{page}");
    for option in [
        "out",
        "raw",
        "wait",
        "report",
        "force",
        "require\\-grounding",
    ] {
        assert!(
            page.contains(&format!("\\fB\\-\\-{option}\\fR")),
            "--{option} in {page}"
        );
    }
    let unknown = petrochip(Path::new("."), &["man", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    // PETROCHIP_RAW and PETROCHIP_OUT stand for --raw and --out.
    let dir = workspace();
    fs::rename(dir.path().join("raw"), dir.path().join("sheets")).unwrap();
    let out = Command::new(BIN)
        .args(["-q", "run"])
        .current_dir(dir.path())
        .env("PETROCHIP_RAW", "sheets")
        .env("PETROCHIP_OUT", "tables")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("tables/figures.csv").exists());
    // --color always colours log lines even off a terminal; the run log's times are RFC 3339.
    let out = Command::new(BIN)
        .args(["--color", "always", "-v", "validate", "--raw", "sheets"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(stderr(&out).contains('\u{1b}'), "{}", stderr(&out));
    let log = fs::read_to_string(dir.path().join(".petrochip/runs.jsonl")).unwrap();
    let entry: serde_json::Value = serde_json::from_str(log.lines().next().unwrap()).unwrap();
    let started = entry["started"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(started).is_ok(),
        "{started}"
    );
}

#[test]
fn init_writes_a_raw_folder_that_validates_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = petrochip(dir.path(), &["init", "new/raw"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for sheet in [
        "entities.csv",
        "aliases.csv",
        "vocabularies/metrics.csv",
        "reference/countries.csv",
        "sources/example_source/source.csv",
        "sources/example_source/figures.csv",
    ] {
        assert!(dir.path().join("new/raw").join(sheet).is_file(), "{sheet}");
    }
    assert_eq!(
        fs::read_to_string(
            dir.path()
                .join("new/raw/sources/example_source/figures.csv")
        )
        .unwrap(),
        "figure_id,subject,metric,value,period,initiative_id,derivation,quote_support,note,paragraph,quote\n"
    );
    let valid = petrochip(dir.path(), &["validate", "--raw", "new/raw"]);
    assert_eq!(valid.status.code(), Some(0), "{}", stderr(&valid));
    let again = petrochip(dir.path(), &["init", "new/raw"]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        stderr(&again),
        "error: new/raw: already exists and is not empty; pass a new or empty folder\n"
    );
    // Each main subcommand's help shows an example.
    for command in ["run", "validate", "check", "diff", "init"] {
        let help = petrochip(dir.path(), &[command, "--help"]);
        assert!(
            String::from_utf8_lossy(&help.stdout).contains("Example"),
            "{command}"
        );
    }
}

/// Cells a spreadsheet would run, sent from raw/ through the binary: a note starting with `=`
/// is published with one leading `'`, a note holding `;` before a formula is quoted so that a
/// French-locale spreadsheet (which splits on `;`) keeps it one cell; Parquet keeps both as typed.
#[test]
fn formula_cells_from_raw_are_published_safe_to_open() {
    let dir = workspace();
    let figures = dir.path().join("raw/sources/muller_park_2024/figures.csv");
    let text = fs::read_to_string(&figures).unwrap();
    assert!(text.contains("\npark_career_years,") && text.contains("\npark_startups_founded,"));
    let text = text
        .replacen(
            "career_years,15 ans,,,,,,68,",
            "career_years,15 ans,,,,,\"=HYPERLINK(\"\"http://example.org\"\")\",68,",
            1,
        )
        .replacen(
            "startups_founded,3,,,,,,68,",
            "startups_founded,3,,,,,see the byline;=1+1,68,",
            1,
        );
    fs::write(&figures, text).unwrap();
    common::run_ok(dir.path(), &["run"]);
    let csv = fs::read_to_string(dir.path().join("output/figures.csv")).unwrap();
    let line = |id: &str| {
        csv.lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_else(|| panic!("{id} not published"))
            .to_string()
    };
    assert!(
        line("park_career_years,").contains(",\"'=HYPERLINK(\"\"http://example.org\"\")\","),
        "{}",
        line("park_career_years,")
    );
    assert!(
        line("park_startups_founded,").contains(",\"see the byline;=1+1\","),
        "{}",
        line("park_startups_founded,")
    );
}
