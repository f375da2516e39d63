#!/usr/bin/env bash
# The object index against its targets (issues 5 and 16), as ratios measured in this run:
#  - `index --objects` vs motion-only `index` on the same 1080p25 H.264 footage with 10% of the
#    time active: target at most 1.5x the motion-only time (issue 16; issue 5 asked 2x);
#  - the detector alone, in ms a frame (one 416x416 forward pass and decoding, all cores), on a
#    frame of real footage (vtest.avi), and how many frames the object pass examined.
# Usage: bench/object_bench.sh [minutes=3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes="${1:-3}"
"$root/scripts/setup.sh" >/dev/null
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
build="${FOOTAGE_BUILD_DIR:-$root/build}"
footage="$build/footage"
cmake --build "$build" --target footage_detector_bench >/dev/null
work="${BENCH_DIR:-/tmp/footage-object-bench}"
mkdir -p "$work"
hours=$(/usr/bin/python3 -c "print($minutes / 60)")
/usr/bin/python3 "$root/tests/gen/make_drive.py" --profile bench --hours "$hours" \
    --active-fraction 0.1 --out "$work/drive" >/dev/null
clip="$work/drive/ch01_20201103000000.mp4"
"$root/scripts/fetch_real_clips.sh" "$work/real"
echo "footage object bench: ${minutes} min of 1920x1080 25 fps H.264, 10% active"

index() {  # db [flags]
    echo "rm -f $1 $1-wal $1-shm; $footage index -q --db $1 --tz UTC ${*:2} $clip"
}
hyperfine --warmup 1 --runs 3 --export-json "$work/index.json" \
    -n "motion only" "$(index "$work/m.db")" \
    -n "motion + objects" "$(index "$work/o.db" --objects)" >/dev/null
examined=$(sqlite3 "$work/o.db" "SELECT SUM(frames_examined) FROM object_meta")
detector=$("$build/footage_detector_bench" "$work/real/vtest.avi" 40)

/usr/bin/python3 - "$work" "$examined" "$detector" "$minutes" <<'PY'
import json, sys
work, examined, detector, minutes = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), float(sys.argv[4])
runs = {r["command"]: r["median"] for r in json.load(open(f"{work}/index.json"))["results"]}
print(f"\n{'run':20} {'median s':>9}")
for name, median in runs.items():
    print(f"{name:20} {median:9.3f}")
ratio = runs["motion + objects"] / runs["motion only"]
print(f"\nindex --objects / motion-only index (10% active): {ratio:.2f}x   target <= 1.50x  {'met' if ratio <= 1.5 else 'NOT met'}")
print(f"frames examined by the detector: {examined} in {minutes:g} min ({examined / (minutes * 60):.2f} a second)")
print(f"detector alone: median {float(detector[0]):.1f} ms a frame, mean {float(detector[1]):.1f} ms (vtest.avi frame, {detector[2]} objects)")
PY
