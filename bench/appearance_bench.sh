#!/usr/bin/env bash
# Appearance search (issue 21) against its targets, measured in this run on vtest.avi (Debian's
# opencv-doc: people walking in and out of view of one fixed camera, 80 s):
#  - how well `search --like` finds the other sightings of a person (identities annotated by
#    hand: tests/data/vtest_identities.json), rank-1, rank-5 and mAP, against ranking by the
#    halves' colours alone (the baseline) and by the network's features alone;
#  - what computing the appearances adds to `index --objects` (target: at most 10%), against the
#    same run with FOOTAGE_APPEARANCE=0;
#  - what they take in the catalog, per camera-hour (target: 20 KB at 20% activity; vtest is
#    busy all the time, so its figure is also scaled to 20%).
# Usage: bench/appearance_bench.sh [runs=2]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-2}"
build="${FOOTAGE_BUILD_DIR:-$root/build}"
footage="$build/footage"
cmake --build "$build" --target footage footage_appearance_eval >/dev/null
work="${BENCH_DIR:-/tmp/footage-appearance-bench}"
mkdir -p "$work"
"$root/scripts/fetch_real_clips.sh" "$work/real"
clip="$work/real/vtest.avi"
[[ -s "$clip" ]] || { echo "bench: no vtest.avi (offline?)" >&2; exit 2; }

index() {  # db [environment]
    echo "rm -f $1 $1-wal $1-shm; ${*:2} $footage index -q --db $1 --tz UTC --camera yard --start '2020-01-01 10:00:00' --objects $clip"
}
hyperfine --warmup "${WARMUP:-1}" --runs "$runs" --export-json "$work/index.json" \
    -n "objects, no appearance" "$(index "$work/plain.db" env FOOTAGE_APPEARANCE=0)" \
    -n "objects + appearance" "$(index "$work/look.db")" >/dev/null

echo "footage appearance bench: vtest.avi (768x576, 79.5 s)"
"$build/footage_appearance_eval" "$work/look.db" "$root/tests/data/vtest_identities.json"

for db in plain look; do
    sqlite3 "$work/$db.db" "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;" >/dev/null
done
/usr/bin/python3 - "$work" <<'PY'
import json, os, sqlite3, sys
work = sys.argv[1]
runs = {r["command"]: r["median"] for r in json.load(open(f"{work}/index.json"))["results"]}
plain, look = runs["objects, no appearance"], runs["objects + appearance"]
print(f"\nindex --objects, median of runs: {plain:.2f} s without appearances, {look:.2f} s with: "
      f"+{100 * (look / plain - 1):.1f}% (target <= 10%)")
db = sqlite3.connect(f"{work}/look.db")
tracks, blob = db.execute("SELECT count(*), sum(length(descriptor)) FROM object_appearance").fetchone()
added = os.path.getsize(f"{work}/look.db") - os.path.getsize(f"{work}/plain.db")
hour = 3600 / 79.5
print(f"catalog: {tracks} tracks, {blob / tracks:.0f} B of descriptor each; the file grew by "
      f"{added} B = {added * hour / 1024:.1f} KB per camera-hour at vtest's activity (people "
      f"in view all the time), {0.2 * added * hour / 1024:.1f} KB scaled to 20% (target <= 20 KB)")
PY
