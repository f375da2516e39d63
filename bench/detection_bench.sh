#!/usr/bin/env bash
# Detection quality on real footage (issue 16): precision and recall of the stored person boxes
# at IoU 0.5 against the hand annotation tests/data/vtest_people.json (how it was made is in the
# file), by box height, at the default confidence and at the floors given, with the detector's
# time per examined frame (the objects index's extra time over a motion-only index of the same
# clip in this run, divided by the frames it examined).
# Usage: bench/detection_bench.sh [FLOOR ...]   (FLOOR: default, or 0..1; default: default 0.3 0.5)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FOOTAGE_BUILD_DIR:-$root/build}"
footage="$build/footage"
[[ -x "$footage" ]] || { echo "bench: build first (scripts/setup.sh)" >&2; exit 2; }
work="${BENCH_DIR:-/tmp/footage-detection-bench}"
mkdir -p "$work"
"$root/scripts/fetch_real_clips.sh" "$work/real"
clip="$work/real/vtest.avi"
[[ -s "$clip" ]] || { echo "bench: no vtest.avi (offline?)" >&2; exit 2; }

seconds() {  # db [flags]: the time of one index run
    rm -f "$1" "$1-wal" "$1-shm"
    local t0 t1
    t0=$(date +%s.%N)
    "$footage" index -q --db "$1" --tz UTC --camera yard --start "2020-01-01 10:00:00" "${@:2}" "$clip"
    t1=$(date +%s.%N)
    /usr/bin/python3 -c "print($t1 - $t0)"
}
motion=$(seconds "$work/m.db")
objects=$(seconds "$work/o.db" --objects)
examined=$(sqlite3 "$work/o.db" "SELECT SUM(frames_examined) FROM object_meta")
echo "footage detection bench: vtest.avi (768x576, 79.5 s), persons at IoU 0.5"
/usr/bin/python3 -c "
m, o, n = $motion, $objects, $examined
print(f'index, motion only: {m:.1f} s; with --objects: {o:.1f} s; {n} frames examined; '
      f'{1000 * (o - m) / n:.0f} ms a frame for the detector')"
/usr/bin/python3 "$root/bench/detection_score.py" "$work/o.db" "$root/tests/data/vtest_people.json" "$@"
