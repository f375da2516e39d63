#!/usr/bin/env bash
# Runs a whole case from an exported drive with footage commands, --json and jq:
# index the drive, search for motion (in a region, during a window), cut the strongest hits
# into evidence bags, verify every bag, and write the case file.
#
# Usage: run-case.sh [options] DRIVE OUT
#   --case NUMBER       case number (required): bags and report carry it
#   --operator NAME     who runs the case (default: $USER)
#   --camera ID         only this camera (repeatable)
#   --from T, --to T    the window (ISO 8601; without an offset in --tz)
#   --region X,Y,W,H    only motion inside this part of the frame (repeatable)
#   --min-duration D    only motion lasting at least D (default: none)
#   --top N             cut the N hits with the highest score (default 3)
#   --pad D             widen each clip by D on both sides (default 2s)
#   --tz ZONE           zone of the drive's file names and of times typed here
# OUT gets footage.db (the catalog), bags/ and report/. $FOOTAGE names the binary (default:
# footage on PATH). Exit status: 0 the report is written and every bag verified, 1 a bag failed
# verification, 2 usage or environment error.
set -euo pipefail

usage() {
    sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

footage_bin="${FOOTAGE:-footage}"
case_number=""
operator="${USER:-$(id -un)}"
top=3
pad=2s
tz=()
filters=()
shape=()  # the filters that shape a motion hit, and so its ID: clip --hit needs them too
while [[ $# -gt 0 ]]; do
    case "$1" in
        -h | --help) usage; exit 0 ;;
        --case) case_number="${2:?--case needs a value}"; shift 2 ;;
        --operator) operator="${2:?--operator needs a value}"; shift 2 ;;
        --camera | --from | --to | --min-duration)
            filters+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
        --region)
            filters+=("$1" "${2:?$1 needs a value}"); shape+=("$1" "$2"); shift 2 ;;
        --top) top="${2:?--top needs a value}"; shift 2 ;;
        --pad) pad="${2:?--pad needs a value}"; shift 2 ;;
        --tz) tz=(--tz "${2:?--tz needs a value}"); shift 2 ;;
        --) shift; break ;;
        -*) echo "run-case: unknown option $1" >&2; usage >&2; exit 2 ;;
        *) break ;;
    esac
done
if [[ $# -ne 2 || -z "$case_number" ]]; then
    usage >&2
    exit 2
fi
if ! [[ "$top" =~ ^[0-9]+$ ]]; then
    echo "run-case: --top wants a number, not $top" >&2
    exit 2
fi
command -v jq >/dev/null || { echo "run-case: jq is needed" >&2; exit 2; }
drive="$1"
out="$2"
mkdir -p "$out"
db=(--db "$out/footage.db")

# 1. Index. Exit 1 means some files were skipped (broken or not video): footage names them on
# stderr, and the case goes on with the rest.
status=0
index_json="$("$footage_bin" index "${db[@]}" "${tz[@]}" --json "$drive")" || status=$?
if [[ $status -gt 1 ]]; then
    echo "run-case: indexing failed (exit $status)" >&2
    exit 2
fi
jq -r '"indexed: \(.summary.added) added, \(.summary.unchanged) unchanged, \(.summary.bad) bad"' \
    <<<"$index_json"

# 2. Search. Exit 1 is "no motion": the case file will say so.
status=0
search_json="$("$footage_bin" search "${db[@]}" "${tz[@]}" --json "${filters[@]}")" || status=$?
if [[ $status -gt 1 ]]; then
    echo "run-case: search failed (exit $status)" >&2
    exit 2
fi
echo "search: $(jq '.hits | length' <<<"$search_json") hit(s) in $(jq .recordings_searched <<<"$search_json") recording(s)"

# 3. Cut the strongest hits into bags.
mapfile -t hits < <(jq -r --argjson top "$top" '.hits | sort_by(-.score) | .[:$top] | .[].id' \
    <<<"$search_json")
bags=()
for hit in "${hits[@]}"; do
    clip_json="$("$footage_bin" clip "${db[@]}" "${tz[@]}" --json --hit "$hit" "${shape[@]}" --pad "$pad" \
        --case "$case_number" --operator "$operator" --out "$out/bags" \
        --note "run-case.sh: hit $hit")"
    bag="$(jq -r .bag <<<"$clip_json")"
    bags+=("$bag")
    echo "clip: $hit -> $bag"
done

# 4. Verify every bag (each check is entered in the custody log).
failed=0
for bag in "${bags[@]}"; do
    status=0
    verify_json="$("$footage_bin" verify "${db[@]}" --json "$bag")" || status=$?
    if [[ $status -eq 0 && "$(jq -r .intact <<<"$verify_json")" == true ]]; then
        echo "verify: intact $bag"
    else
        echo "verify: NOT INTACT $bag" >&2
        jq -r '.problems[]? | "  \(.file): \(.reason)"' <<<"$verify_json" >&2 || true
        failed=1
    fi
done

# 5. The case file, with the same filters as the search.
report_json="$("$footage_bin" report "${db[@]}" "${tz[@]}" --json --out "$out/report" \
    --case "$case_number" --operator "$operator" "${filters[@]}")"
jq -r '"report: \(.index_html) (\(.hits) hit(s), \(.bags) bag(s), \(.bags_not_intact) not intact; report.json SHA-256 \(.report_json_sha256))"' \
    <<<"$report_json"
exit "$failed"
