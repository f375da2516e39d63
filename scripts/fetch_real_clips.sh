#!/usr/bin/env bash
# Fetches real footage the project did not make, from Debian packages, for the real-clip tests:
#   vtest.avi  (opencv-doc: pedestrians seen by a fixed camera, 80 s, MS-MPEG4)
#   motion.mov (node-opencv: a still scene, a pen enters by hand, 8 s, H.264)
# Usage: fetch_real_clips.sh OUT_DIR. Offline, it says so and exits 0: the tests then skip.
set -uo pipefail
out="${1:?usage: fetch_real_clips.sh OUT_DIR}"
mkdir -p "$out" && out="$(cd "$out" && pwd)"
if [[ -s "$out/vtest.avi" && -s "$out/motion.mov" ]]; then
    exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 777 "$work"   # apt-get download drops privileges to _apt when it can
cd "$work" || exit 0
if ! apt-get download opencv-doc node-opencv >"$work/log" 2>&1 &&
    ! { [[ $(id -u) -eq 0 ]] && apt-get update -qq >>"$work/log" 2>&1 &&
        apt-get download opencv-doc node-opencv >>"$work/log" 2>&1; }; then
    echo "fetch_real_clips: cannot download opencv-doc and node-opencv (offline?); real-clip tests will skip" >&2
    tail -3 "$work/log" >&2
    exit 0
fi
extract() {  # package member destination
    dpkg --fsys-tarfile "$work"/$1_*.deb | tar -xO "$2" >"$3.tmp" && mv "$3.tmp" "$3"
}
extract opencv-doc ./usr/share/doc/opencv-doc/examples/data/vtest.avi "$out/vtest.avi" &&
    extract node-opencv ./usr/share/doc/node-opencv/examples/files/motion.mov "$out/motion.mov" ||
    echo "fetch_real_clips: the packages no longer hold the expected clips; real-clip tests will skip" >&2
exit 0
