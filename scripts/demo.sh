#!/usr/bin/env bash
# Sets up footage, generates a small exported drive (several cameras and vendors' names, a few
# broken files), indexes it and shows what an investigator sees.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
footage="${FOOTAGE_BUILD_DIR:-$root/build}/footage"
demo="$root/demo"
mkdir -p "$demo"
export FOOTAGE_DB="$demo/footage.db"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

echo "Generating an exported drive in $demo/drive ..."
/usr/bin/python3 "$root/tests/gen/make_drive.py" --profile demo --out "$demo/drive" >/dev/null

step footage index "$demo/drive" --tz Asia/Ho_Chi_Minh
"$footage" index "$demo/drive" --tz Asia/Ho_Chi_Minh || true   # exit 1: the drive has broken files
step footage index "$demo/drive/export/clip_0001.mp4" --camera lobby   "# a name that says nothing"
"$footage" index "$demo/drive/export/clip_0001.mp4" --camera lobby
step footage cameras
"$footage" cameras
step footage recordings --camera 1
"$footage" recordings --camera 1
step footage recordings --json \| jq ...
"$footage" recordings --json | jq -r '.recordings[] | [.camera, .start, .status, .time_source, .path] | @tsv'
step footage search
"$footage" search
step footage search --camera 1 --region 0,0.1,1,0.2 "# only the upper band of camera 1"
"$footage" search --camera 1 --region 0,0.1,1,0.2
step footage search --json \| jq ...
"$footage" search --json | jq -r '.hits[] | [.id, .start, .end, .score] | @tsv'
hit="$("$footage" search --camera 1 --json | jq -r '.hits[0].id')"
rm -rf "$demo/evidence" "$demo/case-key" "$demo/case-key.pub"
step footage keygen --out "$demo/case-key"
"$footage" keygen --out "$demo/case-key"
step footage clip --hit "$hit" --pad 2s --case DEMO-1 --operator Demo --sign "$demo/case-key" --out "$demo/evidence"
"$footage" clip --hit "$hit" --pad 2s --case DEMO-1 --operator Demo --sign "$demo/case-key" --out "$demo/evidence"
bag="$(ls -d "$demo"/evidence/*/)"
step footage verify "$bag" --pubkey "$demo/case-key.pub"
"$footage" verify "$bag" --pubkey "$demo/case-key.pub"
step "(cd $bag && sha256sum -c manifest-sha256.txt)" "# without footage"
(cd "$bag" && sha256sum -c manifest-sha256.txt)
step footage log --verify
"$footage" log --verify -q
echo
echo "The catalog is $FOOTAGE_DB; try: $footage --help"
