#!/usr/bin/env bash
# Sources the bash completion and checks what <TAB> offers, as a user would see it; then the
# zsh one (zsh_completion_test.zsh) over the same catalog.
# Usage: completion_test.sh FOOTAGE_BIN SOURCE_DIR
set -uo pipefail
footage=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=../../completion/footage.bash
source "$source_dir/completion/footage.bash"
if [[ $(complete -p footage) != *"-F _footage"* ]]; then
    echo "FAIL the script does not register _footage for footage"
    exit 1
fi

failures=0
# expect "WANTED REPLY" WORD...   (the last word is the one being completed)
expect() {
    local wanted=$1
    shift
    COMP_WORDS=("$footage" "$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _footage
    local got
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
    got=${got% }
    if [[ $got == "$wanted" ]]; then
        echo "ok   footage $* -> $got"
    else
        echo "FAIL footage $*<TAB>: wanted '$wanted', got '$got'"
        failures=$((failures + 1))
    fi
}

expect "search" se
expect "cameras clip" c
expect "--camera" search --ca
expect "--hit" clip --hi
expect "--clock-offset" cameras --cl
expect "--no-motion" index --no-m
expect "--date-order --db" --d
expect "--json" search --js          # a global option after a command
expect "verify" help ve
expect "" search --from 2020          # a time: nothing to offer
expect "" search --json --limit ""    # a number: nothing to offer
expect "cake car carrot cat" search --object ca   # COCO classes
expect "bicycle" report --object bic
expect "black blue brown" search --color b

# Camera IDs come from the catalog that --db names.
for camera in 03 12; do
    if ! ffmpeg -v error -f lavfi -i "testsrc=size=64x36:rate=5:duration=${camera#0}" -pix_fmt yuv420p \
        "$work/ch${camera}_20201103140000.mp4"; then
        echo "FAIL ffmpeg could not make a test recording"
        exit 1
    fi
done
if ! "$footage" --db "$work/case.db" index "$work" -q --tz UTC; then
    echo "FAIL could not index the test recordings"
    exit 1
fi
expect "ch03 ch12" --db "$work/case.db" search --camera ""
expect "ch12" --db "$work/case.db" clip --from x --camera ch1
expect "ch03" search --db "$work/case.db" --camera ch0
FOOTAGE_DB=$work/case.db expect "ch03 ch12" recordings --camera ""

# Files after an option that takes a path, and for index's paths.
expect "$work/ch12_20201103140000.mp4" --db "$work/ch1"
expect "$work/ch03_20201103140000.mp4" index "$work/ch03"

if command -v zsh >/dev/null; then
    zsh "$(dirname "${BASH_SOURCE[0]}")/zsh_completion_test.zsh" "$footage" "$source_dir" \
        "$work/case.db" || failures=$((failures + 1))
else
    echo "FAIL zsh is not installed (scripts/setup.sh --tests installs it)"
    failures=$((failures + 1))
fi

if ((failures > 0)); then
    echo "$failures completion case(s) failed"
    exit 1
fi
