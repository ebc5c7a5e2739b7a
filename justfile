# petrochip: `just` lists the recipes.

default:
    @just --list

# Read raw/, run every stage and gate, write output/.
run *args:
    cargo run --locked -- run {{args}}

# Like run, and stop unless every source's quotes were checked against its text.
ground:
    cargo run --locked -- run --require-grounding

# Every stage and gate; nothing written.
validate *args:
    cargo run --locked -- validate {{args}}

# Each paragraph of each source's text: cited, skipped (with why) or left to transcribe.
coverage *args:
    cargo run --locked --quiet -- coverage {{args}}

# The output contract: tables, columns, types, descriptions.
tables:
    cargo run --locked --quiet -- tables

# The input sheets: where each lives, its columns, required or not, lists, what to type.
sheets *args:
    cargo run --locked --quiet -- sheets {{args}}

# Compare two output folders: rows by primary key, other files byte for byte (exit 1 if they differ).
diff old new:
    cargo run --locked --quiet -- diff {{old}} {{new}}

# Whether the committed output/ is what raw/ produces now; writes nothing (exit 1 if stale).
check-output *args:
    cargo run --locked --quiet -- check {{args}}

test:
    cargo test --locked

# Python interop suite on output/ (pyarrow, pandas, polars, DuckDB, frictionless, the notebook), in a virtualenv.
interop *args:
    bash .ci/interop {{args}}

# Execute notebooks/explore.ipynb on output/ and write it back with its charts (commit it).
notebook:
    bash .ci/interop --write-notebook

# Format check, lints, tests: what CI runs before the pipeline.
check:
    cargo fmt --check
    cargo clippy --locked --all-targets -- -D warnings
    cargo test --locked

# Wall time of a full optimised run and of each stage (median of repeated runs).
bench:
    cargo bench --locked --bench pipeline

# Write a synthetic corpus of N sources (default $CARGO_TARGET_DIR/bench-corpus/N, else
# target/bench-corpus/N; marked synthetic); prints its raw folder. Same N, same bytes.
# `--companies K`: every generated source writes about the same K companies.
bench-corpus n *dir:
    cargo run --locked --release --quiet --example bench_corpus -- {{n}} {{dir}}

# Wall time, peak memory and stages of a forced run on corpora of 10 to 10,000 sources, and growth
# (`--companies K`: on corpora whose sources share K companies), against the Python floor at
# corpus scale (benches/floor_corpus.py, polars), alternating.
bench-scale *sizes:
    PETROCHIP_PYTHON="$(bash .ci/venv)/bin/python" cargo bench --locked --bench scale -- {{sizes}}

# A forced run on raw/ against the Python floor (benches/floor.py), alternating; prints the ratio.
bench-floor:
    PETROCHIP_PYTHON="$(bash .ci/venv)/bin/python" cargo bench --locked --bench floor

# Draft a source folder from a text (default drafts/<id>/): just draft ARTICLE.txt --source-id ID
draft *args:
    cargo run --locked --quiet -- draft {{args}}

# Precision and recall of `petrochip draft` per kind, on every source of raw/ with a text (the
# seed needs ../shared/seed/); lists what no transcribed row covers. Exit 1 under 95 % recall.
eval-draft raw="raw":
    cargo run --locked --quiet --example eval_draft -- {{raw}}

# Draft throughput on one core (MB/s) over a corpus of repeated articles; target 20 MB/s.
bench-draft:
    cargo bench --locked --profile bench-draft --bench draft

# Instructions of one draft of COPIES copies of the seed (callgrind, needs valgrind): what
# a change to the drafter saves, whatever the machine's load. Profile in callgrind.out.draft.
count-draft copies="20":
    #!/usr/bin/env bash
    set -euo pipefail
    # cargo also lists the petrochip binary the bench builds: keep the bench's own executable.
    bench=$(cargo bench --locked --profile bench-draft --bench draft --no-run --message-format=json \
        | grep '"kind":\["bench"\]' | grep -o '"executable":"[^"]*"' | cut -d '"' -f 4)
    if [ ! -x "$bench" ]; then echo "count-draft: no bench executable in cargo's output" >&2; exit 1; fi
    valgrind --tool=callgrind --callgrind-out-file=callgrind.out.draft \
        --toggle-collect='petrochip::draft::draft_text*' "$bench" --copies {{copies}} --runs 1 2>&1 \
        | grep -E '^draft|Collected'

# The data-docs site (output/site/, with the tables); `just docs --out DIR` renders it alone.
docs *args:
    cargo run --locked -- docs {{args}}

# Time (render in memory; publish: render, write and hash as a run does), total size and median
# page of the site for 10 to 10,000 synthetic sources; targets 10,000 sources < 3 s, median
# page < 100 KB. Built like bench-draft: petrochip, maud and sha2 optimised, polars (linked,
# never run while rendering) not.
bench-site:
    cargo bench --locked --profile bench-draft --bench site

# Remove folders a killed publish left behind (output/ is kept; the next run removes them too)
# and the set the last run replaced (.output.replaced: the next run then links every file
# again) with its record of the files published (.output.vouched: it then reads them back). A previous set with no output/ beside it is the only copy a run killed between its
# two renames left: it stays, and the next run puts it back. The lock file stays: deleting it
# while a run holds it would let a second publisher in.
clean:
    rm -rf .output.staging-* .output.replaced .output.vouched
    if [ -d output ]; then rm -rf .output.previous-*; fi

# Remove build products as well (a cold build takes minutes).
clean-build: clean
    cargo clean

# cargo-fuzz runs outside CI: cargo install cargo-fuzz --locked. Crashes land in fuzz/artifacts/.
# Fuzz number, period, sheet and draft (or the targets named) for `seconds` each; print executions, crashes.
fuzz seconds="60" *targets:
    fuzz/run.sh {{seconds}} {{targets}}

# Re-validate on every save of a sheet (optional: needs watchexec, e.g. `cargo install watchexec-cli`).
watch:
    watchexec --watch raw --exts csv -- cargo run --locked --quiet -- validate
