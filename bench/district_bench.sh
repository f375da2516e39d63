#!/usr/bin/env bash
# A district-month catalog against its targets (issue 8), timed in this run:
#  - 100 cameras x 30 days (72,000 camera-hours, ACTIVE share of the time in motion, default 5%)
#    synthesised as 10 shard catalogs of 10 cameras each, then `footage merge` of the 10 (timed);
#  - a one-camera-day region search (target under 100 ms), a whole-district region search over
#    one hour (target under 1 s), `footage cameras` over the district;
#  - catalog size per camera-hour (target at most 100 KB for typical footage).
# Usage: bench/district_bench.sh [ACTIVE=0.05] [DAYS=30]   (a few minutes; up to 3 GB of disk at 20%)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
active="${1:-0.05}"
days="${2:-30}"
"$root/scripts/setup.sh" >/dev/null
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
build="${FOOTAGE_BUILD_DIR:-$root/build}"
footage="$build/footage"
cmake --build "$build" --target footage_synth_catalog >/dev/null
work="${BENCH_DIR:-/tmp/footage-district-bench}"
rm -rf "$work"
mkdir -p "$work"
hours=$((days * 24))
echo "footage district bench: 100 cameras x $days days, ${active} of the time in motion"
for shard in $(seq 0 9); do
    "$build/footage_synth_catalog" "$work/shard-$shard.db" 10 "$hours" "$active" $((shard * 10 + 1)) &
    if (( shard % 2 == 1 )); then wait; fi
done
wait
start=$(date +%s.%N)
"$footage" merge -q "$work"/shard-*.db --into "$work/district.db"
merge_s=$(echo "$(date +%s.%N) - $start" | bc)
size=$(stat -c %s "$work/district.db")
day="2020-11-03"  # the synthetic recordings start 2020-11-03T00:00Z
hyperfine -i --warmup 1 --runs 5 --export-json "$work/district.json" \
    -n "one camera, one day, region" "$footage search -q --db $work/district.db --tz UTC --camera cam042 --from '$day 00:00' --to '$day 23:59:59' --region 0.3,0.3,0.4,0.4" \
    -n "whole district, one hour, region" "$footage search -q --db $work/district.db --tz UTC --from '$day 14:00' --to '$day 15:00' --region 0.3,0.3,0.4,0.4" \
    -n "cameras" "$footage cameras -q --db $work/district.db" >/dev/null

/usr/bin/python3 - "$work" "$merge_s" "$size" "$hours" <<'PY'
import json, sys
work, merge_s, size, hours = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
runs = {r["command"]: r["median"] for r in json.load(open(f"{work}/district.json"))["results"]}
camera_hours = 100 * hours
per_hour_kb = size / camera_hours / 1000
print(f"\ncatalog: {size / 1e9:.2f} GB for {camera_hours} camera-hours = {per_hour_kb:.0f} KB per camera-hour   target <= 100 KB  {'met' if per_hour_kb <= 100 else 'NOT met'}")
print(f"merge of 10 shards:                    {merge_s:7.2f} s")
day = runs["one camera, one day, region"]
hour = runs["whole district, one hour, region"]
print(f"one-camera-day region search:          {day * 1000:7.0f} ms   target < 100 ms  {'met' if day < 0.1 else 'NOT met'}")
print(f"whole-district one-hour region search: {hour * 1000:7.0f} ms   target < 1 s    {'met' if hour < 1 else 'NOT met'}")
print(f"cameras over the district:             {runs['cameras'] * 1000:7.0f} ms")
PY
