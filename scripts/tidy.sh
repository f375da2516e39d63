#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy's checks, every warning an error) over the areas a change touched:
# each folder of lib/, indexers/ or cli/ holding a C++ file changed since BASE (default HEAD~1,
# the last commit; FOOTAGE_TIDY_BASE overrides). Needs a build folder with
# compile_commands.json (default build/). Usage: scripts/tidy.sh [BASE] [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="${1:-${FOOTAGE_TIDY_BASE:-HEAD~1}}"
build="${2:-${FOOTAGE_BUILD_DIR:-$root/build}}"
cd "$root"
if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
    echo "tidy: no commit $base to compare with; checking every area" >&2
    changed=$(git ls-files 'lib/*.cpp' 'lib/*.hpp' 'indexers/*.cpp' 'indexers/*.hpp' 'cli/*.cpp' 'cli/*.hpp')
else
    changed=$(git diff --name-only "$base" -- 'lib/*.cpp' 'lib/*.hpp' 'indexers/*.cpp' \
        'indexers/*.hpp' 'cli/*.cpp' 'cli/*.hpp')
fi
mapfile -t areas < <(for f in $changed; do dirname "$f"; done | sort -u)
files=()
for area in "${areas[@]}"; do
    [[ -d "$area" ]] || continue
    for f in "$area"/*.cpp; do [[ -e "$f" ]] && files+=("$f"); done
done
if ((${#files[@]} == 0)); then
    echo "tidy: no C++ area changed since $base"
    exit 0
fi
[[ -f "$build/compile_commands.json" ]] || { echo "tidy: $build/compile_commands.json: missing (build first)" >&2; exit 2; }
echo "tidy: ${areas[*]} (${#files[@]} files, changed since $base)"
printf '%s\n' "${files[@]}" |
    xargs -P "$(nproc)" -n 4 clang-tidy-14 --quiet -p "$build" --warnings-as-errors='*' \
        --header-filter="^$root/(lib|indexers|cli)/" >"$build/tidy.log" 2>&1 || {
    grep -E "(warning|error):" "$build/tidy.log" | sort -u >&2
    echo "tidy: clang-tidy found problems (whole output: $build/tidy.log)" >&2
    exit 1
}
echo "tidy: clean"
