#!/usr/bin/env bash
# Appearance search at district scale (issue 21), timed in this run: a synthetic catalog of
# CAMERAS x HOURS camera-hours (default 100 x 10 = 1,000) with motion in ACTIVE of the time
# (default 20%), each burst an object track or two with its appearance descriptor
# (bench/synth_catalog.cpp ... objects), then, each the median of hyperfine's runs:
#  - `search --object person` over all of it: the baseline, what reading every person costs;
#  - `search --like HIT --limit 20` over all of it (target: under 1 s for 1,000 camera-hours);
#  - `trace HIT` and `trace HIT --backward` (10 minutes a step, 20 steps at most each way).
# Usage: bench/appearance_search_bench.sh [CAMERAS=100] [HOURS=10] [ACTIVE=0.2]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cameras="${1:-100}"
hours="${2:-10}"
active="${3:-0.2}"
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
command -v jq >/dev/null || { echo "bench: needs jq" >&2; exit 2; }
build="${FOOTAGE_BUILD_DIR:-$root/build}"
footage="$build/footage"
cmake --build "$build" --target footage footage_synth_catalog >/dev/null
work="${BENCH_DIR:-/tmp/footage-appearance-search-bench}"
rm -rf "$work"
mkdir -p "$work"
db="$work/district.db"
echo "footage appearance search bench: $cameras cameras x $hours h, $active of the time in motion"
start=$(date +%s.%N)
"$build/footage_synth_catalog" "$db" "$cameras" "$hours" "$active" 1 objects
echo "synthesised in $(echo "$(date +%s.%N) - $start" | bc) s"
tracks=$(sqlite3 "$db" "SELECT count(*) FROM object_tracks WHERE label = 'person'")
# A person in the middle of the period on a camera in the middle of the district.
middle=$(printf 'cam%03d' $(( (cameras + 1) / 2 )))
hit=$("$footage" search --db "$db" --tz UTC --json --object person --camera "$middle" \
    --from "2020-11-03 $(printf '%02d' $((hours / 2))):00" | jq -r '.hits[0].id')
echo "$tracks person tracks; query $hit"
hyperfine -i --warmup 1 --runs "${RUNS:-5}" --export-json "$work/times.json" \
    -n "search --object person (baseline)" "$footage search -q --db $db --object person" \
    -n "search --like" "$footage search -q --db $db --like '$hit' --limit 20" \
    -n "trace" "$footage trace -q --db $db '$hit'" \
    -n "trace --backward" "$footage trace -q --db $db '$hit' --backward" >/dev/null
"$footage" trace --db "$db" --tz UTC "$hit" --backward | tail -2

/usr/bin/python3 - "$work" "$cameras" "$hours" "$(stat -c %s "$db")" <<'PY'
import json, sys
work, cameras, hours, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
results = json.load(open(f"{work}/times.json"))["results"]
runs = {r["command"]: r["median"] for r in results}
cpu = {r["command"]: r["user"] + r["system"] for r in results}  # means over the runs
camera_hours = cameras * hours
base = runs["search --object person (baseline)"]
like = runs["search --like"]
verdict = lambda s: "met" if s < 1 else "NOT met"
print(f"\ncatalog: {size / 1e6:.0f} MB for {camera_hours} camera-hours (wall medians; CPU = user + system, means)")
print(f"search --object person (baseline): {base * 1000:7.0f} ms wall {cpu['search --object person (baseline)'] * 1000:7.0f} ms CPU")
print(f"search --like:                     {like * 1000:7.0f} ms wall {cpu['search --like'] * 1000:7.0f} ms CPU  ({like / base:.2f}x the baseline)")
if camera_hours == 1000:
    print(f"  target < 1 s for 1,000 camera-hours: wall {verdict(like)}, CPU {verdict(cpu['search --like'])} (on a loaded machine wall is CPU plus waiting for a core)")
for name in ("trace", "trace --backward"):
    print(f"{name + ':':34s} {runs[name] * 1000:7.0f} ms wall {cpu[name] * 1000:7.0f} ms CPU  ({runs[name] / base:.2f}x the baseline)")
PY
