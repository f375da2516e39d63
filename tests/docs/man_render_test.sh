#!/usr/bin/env bash
# The man pages render without warnings, and every page in man/ is one CMake installs.
# Usage: man_render_test.sh MAN_DIR INSTALLED_PAGE...
set -euo pipefail
man_dir=$1
shift
status=0
declare -A installed=()
for page in "$@"; do installed[$(basename "$page")]=1; done
for page in "$man_dir"/*.1; do
    name=$(basename "$page")
    if [[ -z ${installed[$name]:-} ]]; then
        echo "FAIL $name is in man/ but not in FOOTAGE_MAN_PAGES (lib/docs/sources.cmake)"
        status=1
    fi
    warnings=$(groff -ww -man -z "$page" 2>&1)
    if [[ -n $warnings ]]; then
        echo "FAIL groff warns on $name:"$'\n'"$warnings"
        status=1
    fi
    # man-db's own check (it also runs the page through tbl and preconv).
    warnings=$(MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
    if [[ -n $warnings ]]; then
        echo "FAIL man warns on $name:"$'\n'"$warnings"
        status=1
    fi
done
for name in "${!installed[@]}"; do
    if [[ ! -f $man_dir/$name ]]; then
        echo "FAIL $name is listed in FOOTAGE_MAN_PAGES but missing from man/"
        status=1
    fi
done
((status == 0)) && echo "ok: ${#installed[@]} pages render without warnings"
exit $status
