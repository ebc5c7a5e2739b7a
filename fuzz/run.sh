#!/usr/bin/env bash
# Runs each fuzz target for a bounded time, then prints its executions and crashes.
#   fuzz/run.sh [SECONDS-PER-TARGET] [TARGET...]     (default: 60 s; number period sheet draft)
# New inputs go to fuzz/corpus/TARGET (not committed); crashes to fuzz/artifacts/TARGET.
# Replay one: cargo fuzz run -s none -a --codegen-units 16 TARGET fuzz/artifacts/TARGET/crash-…
set -uo pipefail

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(number period sheet draft)

cd "$(dirname "$0")" || exit 2
if ! command -v cargo-fuzz > /dev/null; then
    echo "cargo-fuzz is not installed: cargo install cargo-fuzz --locked" >&2
    exit 2
fi
# cargo fuzz passes nightly-only flags; this lets the stable toolchain accept them.
export RUSTC_BOOTSTRAP=1
# No sanitizer: the crate is safe Rust, so what a fuzzer can find is a panic, an overflow
# (debug assertions are on) or a hang. 16 codegen units keep the build short.
flags=(-s none --debug-assertions --codegen-units 16)
cargo fuzz build "${flags[@]}" || exit 2

status=0
report=()
for target in "${targets[@]}"; do
    case $target in
        number | period) seeds=(seeds/"$target") extra=(-dict=dict/"$target".dict) ;;
        sheet) seeds=(../raw) extra=() ;;
        draft) seeds=(seeds/number seeds/period ../tests/fixtures/draft) extra=(-dict=dict/number.dict) ;;
        *) echo "no fuzz target $target" >&2; exit 2 ;;
    esac
    mkdir -p corpus/"$target" artifacts/"$target"
    log=artifacts/$target/last-run.log
    count_crashes() { find artifacts/"$target" -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' | wc -l; }
    before=$(count_crashes)
    echo "fuzzing $target for $seconds s (log: fuzz/$log)"
    cargo fuzz run "${flags[@]}" "$target" corpus/"$target" "${seeds[@]}" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        "${extra[@]}" > "$log" 2>&1
    code=$?
    # libFuzzer's final count; after a crash, its last status line ("#123456 NEW cov: …").
    execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
    [ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')
    crashes=$(($(count_crashes) - before))
    if [ "$code" -ne 0 ] && [ "$crashes" -eq 0 ]; then
        echo "  libFuzzer stopped with status $code; see fuzz/$log" >&2
        status=1
    fi
    [ "$crashes" -eq 0 ] || status=1
    line="$target: ${execs:-0} executions in $seconds s, $crashes crashes"
    report+=("$line")
    echo "  $line"
    grep -E 'Test unit written to|SUMMARY|panicked at' "$log" | sed 's/^/  /'
done
echo "fuzz summary:"
printf '  %s\n' "${report[@]}"
exit $status
