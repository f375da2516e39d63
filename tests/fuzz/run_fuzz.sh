#!/usr/bin/env bash
# One fuzz target in the test suite, and its row in SECURITY.md's results.
#   run_fuzz.sh fuzz|replay BINARY NAME CORPUS WORKDIR RESULTS SECONDS
# fuzz: libFuzzer replays the kept corpus, then mutates it for SECONDS (new inputs go to
# WORKDIR, never into the repository). replay: every kept input runs once (no libFuzzer).
set -euo pipefail
mode=$1 binary=$2 name=$3 corpus=$4 work=$5 results=$6 seconds=$7
rm -rf "$work" && mkdir -p "$work/new" "$results"
kept=$(find "$corpus" -type f | wc -l)
what="fuzz_$name over its kept corpus ($kept inputs, tests/fuzz/corpus/$name)"
if [[ $mode == fuzz ]]; then
    # Leaks, timeouts (a hang), out-of-memory and crashes all fail the run; a finding is
    # written to $work/ as crash-*/leak-*/timeout-*: fix it, then keep it in the corpus.
    export ASAN_OPTIONS="${ASAN_OPTIONS:-}:exitcode=86:detect_leaks=1:log_path=stderr"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:halt_on_error=1:print_stacktrace=1:log_path=stderr"
    "$binary" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -max_len=65536 \
        -artifact_prefix="$work/" -print_final_stats=1 "$work/new" "$corpus"
    result="libFuzzer ${seconds} s under ASan+UBSan+LSan: no crash, hang or leak"
else
    "$binary" "$corpus"
    result="every kept input replayed: no crash"
fi
printf '%s\t%s\t%s\t%s\n' "${mode/replay/fuzz-replay}" "$what" "$result" "ctest fuzz.$name" \
    >>"$results/fuzz.$name.tsv"
