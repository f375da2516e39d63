#!/usr/bin/env bash
# The evidence commands against their targets (issue 4), as ratios measured in this run:
#  - `footage verify` of a ~1 GB bag (SHA-256 and SHA-512 manifests, each file read once) vs
#    coreutils `sha256sum -c manifest-sha256.txt` on the same bag: target at least 1.5x faster;
#  - `footage clip` of 1 minute out of a 1-hour 1080p recording (stream copy, the source
#    re-hashed alongside the cut): target under 1 s; the source's coreutils sha256sum is shown,
#    since re-hashing the whole hour is part of every clip;
#  - `footage verify` of a bag of 100,000 small files vs `sha256sum -c`: target within 3x.
# Usage: bench/evidence_bench.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" >/dev/null
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
footage="${FOOTAGE_BUILD_DIR:-$root/build}/footage"
work="${BENCH_DIR:-/tmp/footage-evidence-bench}"
mkdir -p "$work/hour"

# One hour of 1080p25 H.264: three generated minutes, repeated by stream copy.
/usr/bin/python3 "$root/tests/gen/make_drive.py" --profile bench --hours 0.05 \
    --active-fraction 0.2 --out "$work/segment" >/dev/null
hour="$work/hour/ch01_20201103000000.mp4"
if [[ ! -s "$hour" ]]; then
    ffmpeg -v error -stream_loop 19 -i "$work/segment/ch01_20201103000000.mp4" -c copy -y "$hour"
fi
db="$work/catalog.db"
rm -f "$db" "$db"-wal "$db"-shm
"$footage" index -q --db "$db" --tz UTC --no-motion "$hour"
size_mb=$(( $(stat -c %s "$hour") / 1000000 ))
echo "footage evidence bench: a 1-hour 1080p25 recording of ${size_mb} MB"

# A bag of ~50 minutes (about 1 GB) for verify.
rm -rf "$work/big"
"$footage" clip -q --db "$db" --tz UTC --camera ch01 --from "2020-11-03 00:05" \
    --to "2020-11-03 00:55" --out "$work/big"
bag="$(ls -d "$work"/big/*)"
bag_mb=$(du -sm "$bag" | cut -f1)

clip_cmd="rm -rf $work/one; $footage clip -q --db $db --tz UTC --camera ch01 --from '2020-11-03 00:30' --to '2020-11-03 00:31' --out $work/one"
hyperfine --warmup 1 --runs 5 --export-json "$work/evidence.json" \
    -n "footage verify (both manifests)" "$footage verify -q $bag" \
    -n "sha256sum -c manifest-sha256.txt" "cd $bag && sha256sum -c --quiet manifest-sha256.txt" \
    -n "footage clip, 1 min of 1 h" "$clip_cmd" \
    -n "sha256sum of the 1 h source" "sha256sum $hour" >/dev/null

/usr/bin/python3 - "$work" "$bag_mb" <<'PY'
import json, sys
work, bag_mb = sys.argv[1], int(sys.argv[2])
runs = {r["command"]: r["median"] for r in json.load(open(f"{work}/evidence.json"))["results"]}
print(f"\n{'run':36} {'median s':>9}")
for name, median in runs.items():
    print(f"{name:36} {median:9.3f}")
ratio = runs["sha256sum -c manifest-sha256.txt"] / runs["footage verify (both manifests)"]
clip = runs["footage clip, 1 min of 1 h"]
print(f"\nverify of a {bag_mb} MB bag vs coreutils sha256sum -c: {ratio:.2f}x faster "
      f"({bag_mb / runs['footage verify (both manifests)']:.0f} MB/s for SHA-256 + SHA-512)"
      f"   target >= 1.5x  {'met' if ratio >= 1.5 else 'NOT met'}")
print(f"clip of 1 minute out of 1 hour:                  {clip:.2f} s "
      f"(re-hashing the hour runs beside the cut; coreutils sha256sum needs {runs['sha256sum of the 1 h source']:.2f} s for it)"
      f"   target < 1 s  {'met' if clip < 1 else 'NOT met'}")
PY

# Many small files (issue 17 item 10): a bag of 100,000 payload files of 100 bytes to 2 KB,
# `footage verify` (both manifests) vs `sha256sum -c manifest-sha256.txt` in the same run.
# Target: verify within 3x of sha256sum -c.
many="$work/many"
if [[ ! -f "$many/tagmanifest-sha256.txt" ]]; then
    rm -rf "$many"
    mkdir -p "$many/data"
    /usr/bin/python3 - "$many/data" <<'PY'
import os, sys
root = sys.argv[1]
for d in range(100):
    os.makedirs(f"{root}/{d:03d}", exist_ok=True)
    for f in range(1000):
        with open(f"{root}/{d:03d}/{f:04d}.txt", "wb") as out:
            out.write(os.urandom(100 + (d * 1000 + f) % 1900))
PY
    (cd "$many" && find data -type f | LC_ALL=C sort > files.lst &&
        xargs -a files.lst -d '\n' sha256sum > manifest-sha256.txt &&
        xargs -a files.lst -d '\n' sha512sum > manifest-sha512.txt && rm files.lst &&
        printf 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n' > bagit.txt &&
        sha256sum bagit.txt manifest-sha256.txt manifest-sha512.txt > tagmanifest-sha256.txt)
fi
hyperfine --warmup 1 --runs 5 --export-json "$work/many.json" \
    -n "footage verify, 100000 small files" "$footage verify -q $many" \
    -n "sha256sum -c, 100000 small files" "cd $many && sha256sum -c --quiet manifest-sha256.txt" \
    >/dev/null
/usr/bin/python3 - "$work" <<'PY'
import json, sys
runs = {r["command"]: r["median"] for r in json.load(open(f"{sys.argv[1]}/many.json"))["results"]}
ours = runs["footage verify, 100000 small files"]
base = runs["sha256sum -c, 100000 small files"]
print(f"\nverify of 100000 small files: {ours:.2f} s (median), sha256sum -c {base:.2f} s: "
      f"{ours / base:.2f}x   target <= 3x  {'met' if ours <= 3 * base else 'NOT met'}")
PY
