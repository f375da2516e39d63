#!/usr/bin/env bash
# Appearance search (issue 21) against its targets, measured in this run:
#  - how well `search --like` finds the other sightings of a person, rank-1, rank-5 and mAP,
#    against the colour-only baseline (the halves' colours, bench/appearance_baseline.py) on the
#    same queries: on vtest.avi (Debian's opencv-doc: people walking in and out of view of one
#    fixed camera, 80 s; identities annotated by hand in tests/data/vtest_identities.json, and
#    the held-out tests/data/vtest_identities_heldout.json, reported apart), and on a generated
#    drive (bench/make_people_drive.py: eight people cut out of vtest.avi walking across three
#    cameras with other backgrounds, sizes and lighting, 20% of the time);
#  - what the appearances add to `index --objects` (target: at most 10%), against the same run
#    with FOOTAGE_APPEARANCE=0 (no looks: neither stored nor used by the tracker), as CPU time
#    (user + system) and wall time;
#  - what they take in the catalog per camera-hour (target: 20 KB at 20% activity): the bytes
#    of table object_appearance (SQLite's dbstat payload) on the generated drive, and on vtest
#    (busy all the time: also scaled to 20%).
# Usage: bench/appearance_bench.sh [runs=2]   (about 15 minutes on 2 busy cores)
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
people="$work/people"

index_vtest() {  # db [environment]
    echo "rm -f $1 $1-wal $1-shm; ${*:2} $footage index -q --db $1 --tz UTC --camera yard --start '2020-01-01 10:00:00' --objects $clip"
}
index_people() {  # db [environment]
    local command="rm -f $1 $1-wal $1-shm"
    for camera in cam1 cam2 cam3; do
        command+="; ${*:2} $footage index -q --db $1 --tz UTC --camera $camera --start '2020-01-01 10:00:00' --objects $people/$camera.mp4"
    done
    echo "$command"
}

# The people drive's actors come from a catalog of vtest.avi (made once, cached with the drive).
if [[ ! -s "$people/identities.json" ]]; then
    eval "$(index_vtest "$work/actors.db")"
    /usr/bin/python3 "$root/bench/make_people_drive.py" "$work/actors.db" "$clip" \
        "$root/tests/data/people_drive_actors.json" "$people"
fi

hyperfine --warmup "${WARMUP:-1}" --runs "$runs" --export-json "$work/index.json" \
    -n "vtest, no appearance" "$(index_vtest "$work/plain.db" env FOOTAGE_APPEARANCE=0)" \
    -n "vtest + appearance" "$(index_vtest "$work/look.db")" \
    -n "people, no appearance" "$(index_people "$work/people-plain.db" env FOOTAGE_APPEARANCE=0)" \
    -n "people + appearance" "$(index_people "$work/people-look.db")" >/dev/null

evaluate() {  # title catalog identities
    [[ -s "$3" ]] || return 0
    echo
    echo "$1"
    /usr/bin/python3 "$root/bench/appearance_baseline.py" "$2" "$2.baseline.json"
    "$build/footage_appearance_eval" "$2" "$3" "$2.baseline.json"
}
echo "footage appearance bench"
evaluate "vtest.avi (768x576, 79.5 s), tests/data/vtest_identities.json:" "$work/look.db" \
    "$root/tests/data/vtest_identities.json"
evaluate "vtest.avi, held out (tests/data/vtest_identities_heldout.json):" "$work/look.db" \
    "$root/tests/data/vtest_identities_heldout.json"
evaluate "generated drive: 8 people x 3 cameras, lighting changes (bench/make_people_drive.py):" \
    "$work/people-look.db" "$people/identities.json"

/usr/bin/python3 - "$work" <<'PY'
import json, sqlite3, sys
work = sys.argv[1]
runs = {r["command"]: r for r in json.load(open(f"{work}/index.json"))["results"]}
print()
for name in ("vtest", "people"):
    plain, look = runs[f"{name}, no appearance"], runs[f"{name} + appearance"]
    cpu = lambda r: r["user"] + r["system"]
    print(f"index --objects, {name}: CPU {cpu(plain):.1f} s without appearances, {cpu(look):.1f} s "
          f"with: {100 * (cpu(look) / cpu(plain) - 1):+.1f}% (target <= 10%); wall (median) "
          f"{plain['median']:.1f} s, {look['median']:.1f} s: {100 * (look['median'] / plain['median'] - 1):+.1f}%")
for name, db, seconds, activity in (("generated drive (20% active)", "people-look.db", 3 * 100, 0.2),
                                    ("vtest (people in view all the time)", "look.db", 79.5, 1.0)):
    con = sqlite3.connect(f"{work}/{db}")
    tracks, described = con.execute(
        "SELECT count(*), (SELECT count(*) FROM object_appearance) FROM object_tracks").fetchone()
    payload, = con.execute("SELECT sum(payload) FROM dbstat WHERE name = 'object_appearance'").fetchone()
    hour = payload * 3600 / seconds / 1024
    line = (f"catalog, {name}: {described} of {tracks} tracks described, {payload / max(described, 1):.0f} B "
            f"a row; {hour:.1f} KB per camera-hour")
    if activity == 1.0:
        line += f", {0.2 * hour:.1f} KB scaled to 20% activity"
    print(line + " (target <= 20 KB at 20%)")
PY
