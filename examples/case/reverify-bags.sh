#!/usr/bin/env bash
# Re-verifies every evidence bag under a folder, for court preparation, and prints a table:
# status, the SHA-256 of the bag's tag manifest (which pins every other file's hash) and the
# bag's path.
#
# Usage: reverify-bags.sh [--db CATALOG] DIR
#   --db CATALOG   also enter each check in this catalog's custody log (footage verify does)
# $FOOTAGE names the binary (default: footage on PATH). Exit status: 0 every bag is intact,
# 1 a bag is not intact or no bag was found, 2 usage error.
set -euo pipefail

usage() {
    sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

footage_bin="${FOOTAGE:-footage}"
db=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        -h | --help) usage; exit 0 ;;
        --db) db=(--db "${2:?--db needs a value}"); shift 2 ;;
        --) shift; break ;;
        -*) echo "reverify-bags: unknown option $1" >&2; usage >&2; exit 2 ;;
        *) break ;;
    esac
done
if [[ $# -ne 1 || ! -d "$1" ]]; then
    usage >&2
    exit 2
fi
command -v jq >/dev/null || { echo "reverify-bags: jq is needed" >&2; exit 2; }
if [[ ${#db[@]} -eq 0 ]]; then
    # Without --db, verify must not record into whatever footage.db is in the current folder.
    db=(--db "/nonexistent/reverify-bags-$$.db")
fi

mapfile -d '' bags < <(find "$1" -name bagit.txt -type f -print0 | sort -z)
if [[ ${#bags[@]} -eq 0 ]]; then
    echo "reverify-bags: no bag (no bagit.txt) under $1" >&2
    exit 1
fi
printf '%-10s  %-64s  %s\n' STATUS TAGMANIFEST-SHA256 BAG
failed=0
for bagit in "${bags[@]}"; do
    bag="$(dirname "$bagit")"
    status=0
    verify_json="$("$footage_bin" verify "${db[@]}" --json "$bag" 2>/dev/null)" || status=$?
    if [[ $status -eq 0 && "$(jq -r .intact <<<"$verify_json")" == true ]]; then
        state=intact
    elif [[ $status -eq 1 ]]; then
        state="NOT-INTACT"
        failed=1
    else
        state=ERROR
        failed=1
    fi
    if [[ -f "$bag/tagmanifest-sha256.txt" ]]; then
        tag="$(sha256sum <"$bag/tagmanifest-sha256.txt" | cut -d' ' -f1)"
    else
        tag="(no tag manifest)"
    fi
    printf '%-10s  %-64s  %s\n' "$state" "$tag" "$bag"
    if [[ $status -eq 1 ]]; then
        jq -r '.problems[]? | "            \(.file): \(.reason)"' <<<"$verify_json" || true
    fi
done
exit "$failed"
