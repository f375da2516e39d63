#!/usr/bin/env bash
# The scripts in examples/case run against the generated drive.
#   report_examples_test.sh run-case FOOTAGE DRIVE WORK SOURCE_DIR
#   report_examples_test.sh reverify FOOTAGE DRIVE WORK SOURCE_DIR
# run-case makes WORK/"case dir" (a path with spaces) from scratch; reverify uses it.
set -euo pipefail
mode="$1"
export FOOTAGE="$2"
drive="$3"
work="$4"
source_dir="$5"
examples="$source_dir/examples/case"
out="$work/case dir"
fail() { echo "FAIL: $*" >&2; exit 1; }

case "$mode" in
run-case)
    "$examples/run-case.sh" --help | grep -q 'Usage: run-case.sh' || fail "--help"
    status=0
    "$examples/run-case.sh" >/dev/null 2>&1 || status=$?
    [[ $status -eq 2 ]] || fail "no arguments: exit $status, not 2"
    rm -rf "$work"
    mkdir -p "$work"
    "$examples/run-case.sh" --case "C 42" --operator "Sgt. Tran" --tz Asia/Ho_Chi_Minh \
        --from "2020-11-03 14:00:00" --to "2020-11-03 14:01:00" --region 0,0,1,1 \
        --top 2 --pad 1s "$drive" "$out" | tee "$work/run-case.out"
    # Two bags, both verified; the report lists them intact and validates.
    [[ $(grep -c '^verify: intact ' "$work/run-case.out") -eq 2 ]] || fail "two bags verified"
    report="$out/report/report.json"
    [[ -f "$report" && -f "$out/report/index.html" ]] || fail "no report"
    [[ $(jq '.bags | length' "$report") -eq 2 ]] || fail "report lists $(jq '.bags | length' "$report") bags"
    [[ $(jq '[.bags[] | select(.status == "intact")] | length' "$report") -eq 2 ]] || fail "bags not intact in report"
    [[ $(jq -r '.case.number' "$report") == "C 42" ]] || fail "case number"
    [[ $(jq '.hits | length' "$report") -ge 2 ]] || fail "hits"
    /usr/bin/python3 "$source_dir/tests/support/check_report.py" "$out/report" \
        "$source_dir/docs/report.schema.json" >/dev/null || fail "check_report"
    # The custody log: acquisitions, two clips, two verifications, the export; chain intact.
    log="$("$FOOTAGE" log --db "$out/footage.db" --verify --json)"
    [[ $(jq '[.entries[] | select(.action == "clip")] | length' <<<"$log") -eq 2 ]] || fail "clip entries"
    [[ $(jq '[.entries[] | select(.action == "verify")] | length' <<<"$log") -eq 2 ]] || fail "verify entries"
    [[ $(jq -r '.entries[-1].action' <<<"$log") == export ]] || fail "export entry last"
    [[ $(jq -r .chain_intact <<<"$log") == true ]] || fail "chain"
    echo "run-case: ok"
    ;;
reverify)
    "$examples/reverify-bags.sh" --help | grep -q 'Usage: reverify-bags.sh' || fail "--help"
    [[ -d "$out/bags" ]] || fail "run the run-case test first"
    copy="$work/court copy"
    rm -rf "$copy"
    cp -a "$out/bags" "$copy"
    "$examples/reverify-bags.sh" "$copy" | tee "$work/reverify.out"
    [[ $(grep -c '^intact ' "$work/reverify.out") -eq 2 ]] || fail "two intact rows"
    # Each row's hash is the bag's tag manifest's.
    while read -r state tag bag; do
        [[ "$(sha256sum <"$bag/tagmanifest-sha256.txt" | cut -d' ' -f1)" == "$tag" ]] || fail "hash of $bag"
    done < <(tail -n +2 "$work/reverify.out")
    # One flipped byte in one clip: that bag fails, the other stays intact, the exit is 1.
    clip_file="$(find "$copy" -path '*/data/*.mp4' -print -quit)"
    printf '\x00' | dd of="$clip_file" bs=1 seek=2000 conv=notrunc status=none
    status=0
    "$examples/reverify-bags.sh" "$copy" >"$work/reverify-bad.out" || status=$?
    cat "$work/reverify-bad.out"
    [[ $status -eq 1 ]] || fail "tampered bag: exit $status, not 1"
    [[ $(grep -c '^NOT-INTACT ' "$work/reverify-bad.out") -eq 1 ]] || fail "one NOT-INTACT row"
    [[ $(grep -c '^intact ' "$work/reverify-bad.out") -eq 1 ]] || fail "one intact row"
    # No bag at all is not a clean bill of health.
    mkdir -p "$work/empty"
    status=0
    "$examples/reverify-bags.sh" "$work/empty" >/dev/null 2>&1 || status=$?
    [[ $status -eq 1 ]] || fail "empty folder: exit $status"
    echo "reverify: ok"
    ;;
*) echo "unknown mode $mode" >&2; exit 2 ;;
esac
