#!/usr/bin/env bash
# Index time per hour of footage, as ratios against two baselines measured in the same run on
# the same files: coreutils sha256sum (reading and hashing every byte) and an FFmpeg demux-only
# pass (reading every packet). `footage index` runs the indexers on by default (motion);
# `footage index --osd` adds the OSD clock reader, whose cost is given against it (issue 20's
# target: at most 1.10x motion-only). The drive's files have a clock burned in at the top left
# (make_drive.py --clock top): without one the reader gives up after locating nothing, and the
# ratio (~1.0x) says nothing of what reading a clock costs.
# Usage: bench/index_bench.sh [hours=0.25] [width=1920] [height=1080]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
hours="${1:-0.25}"
width="${2:-1920}"
height="${3:-1080}"
"$root/scripts/setup.sh" >/dev/null
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
footage="${FOOTAGE_BUILD_DIR:-$root/build}/footage"
work="${BENCH_DIR:-/tmp/footage-bench}"
mkdir -p "$work"
/usr/bin/python3 "$root/tests/gen/make_drive.py" --profile bench --hours "$hours" \
    --width "$width" --height "$height" --active-fraction 0.1 --clock top --out "$work/drive" >/dev/null
mapfile -t files < <(find "$work/drive" -type f \( -name '*.mp4' -o -name '*.mkv' \) | sort)
seconds=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "${files[@]:0:1}")
echo "footage: ${#files[@]} file(s), ${seconds}s of ${width}x${height} video with a burned-in clock in $work/drive"

json="$work/index_bench.json"
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json "$json" \
    -n sha256sum "sha256sum ${files[*]}" \
    -n demux "for f in ${files[*]}; do ffmpeg -v error -i \$f -map 0:v -c copy -f null -; done" \
    -n "footage index" "rm -f $work/b.db*; $footage index -q --db $work/b.db --tz UTC ${files[*]}" \
    -n "footage index --osd" "rm -f $work/o.db*; $footage index -q --osd --db $work/o.db --tz UTC ${files[*]}" \
    >/dev/null
/usr/bin/python3 - "$json" "$seconds" <<'PY'
import json, sys
runs = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
hours = float(sys.argv[2]) / 3600.0
def med(name): return runs[name]["median"]
print(f"{'command':30} {'median s':>9} {'s per footage-hour':>19} {'x sha256sum':>12} {'x demux':>8} {'x index':>8}")
for name in runs:
    print(f"{name:30} {med(name):9.3f} {med(name)/hours:19.2f} {med(name)/med('sha256sum'):12.2f} {med(name)/med('demux'):8.2f} {med(name)/med('footage index'):8.2f}")
def cpu(name): return runs[name]["user"] + runs[name]["system"]  # means over the runs
print(f"CPU time (user + sys, mean): index --osd {cpu('footage index --osd'):.2f} s, "
      f"motion-only {cpu('footage index'):.2f} s: {cpu('footage index --osd') / cpu('footage index'):.3f}x")
PY
# The --osd ratio again from alternating runs (motion-only, --osd, motion-only...), CPU medians:
# on a shared machine, load drifts between hyperfine's blocks of runs of one command.
cpu_log="$work/osd_cpu.txt"
: >"$cpu_log"
for _ in $(seq "${RUNS:-5}"); do
    for flag in --no-osd --osd; do
        rm -f "$work/a.db"*
        /usr/bin/time -f "$flag %U %S" -a -o "$cpu_log" \
            "$footage" index -q "$flag" --db "$work/a.db" --tz UTC "${files[@]}"
    done
done
/usr/bin/python3 - "$cpu_log" <<'PY'
import statistics, sys
cpu = {}
for line in open(sys.argv[1]):
    flag, user, system = line.split()
    cpu.setdefault(flag, []).append(float(user) + float(system))
motion, osd = statistics.median(cpu["--no-osd"]), statistics.median(cpu["--osd"])
print(f"CPU (user + sys, medians of {len(cpu['--osd'])} alternating runs): index --osd {osd:.2f} s, "
      f"motion-only {motion:.2f} s: {osd / motion:.3f}x")
PY
# Frames decoded (deterministic, unlike times on a shared machine): what the OSD bursts add.
for flag in --no-osd --osd; do
    rm -f "$work/f.db"*
    "$footage" index --json "$flag" --db "$work/f.db" --tz UTC "${files[@]}" 2>/dev/null |
        /usr/bin/python3 -c "import json, sys; print('frames decoded, index $flag:', sum(f.get('frames_decoded', 0) for f in json.load(sys.stdin)['files']))"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
