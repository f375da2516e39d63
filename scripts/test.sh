#!/usr/bin/env bash
# Sets up, builds with warnings as errors, and runs every test and clang-tidy over the areas the
# last commit changed; then (without arguments) builds
# build-hardening/ with clang, sanitizers and libFuzzer and reruns there the tests that touch
# parsing, evidence and hostile input (SECURITY.md). FOOTAGE_HARDENING=0 skips that second stage.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export FOOTAGE_WERROR=ON
"$root/scripts/setup.sh" --tests
if (($# == 0)); then
    # A full run must produce every row of SECURITY.md's results tables.
    export FOOTAGE_REQUIRE_ALL_RESULTS=1
fi
(cd "${FOOTAGE_BUILD_DIR:-$root/build}" && ctest --output-on-failure -j2 "$@")
if (($# == 0)); then
    # clang-tidy over the areas the last commit touched (scripts/tidy.sh; FOOTAGE_TIDY_BASE=REV
    # widens it to everything changed since REV).
    "$root/scripts/tidy.sh" "${FOOTAGE_TIDY_BASE:-HEAD~1}" "${FOOTAGE_BUILD_DIR:-$root/build}"
fi

if (($# == 0)) && [[ "${FOOTAGE_HARDENING:-1}" == 1 ]]; then
    hardening="${FOOTAGE_HARDENING_BUILD_DIR:-$root/build-hardening}"
    # The footage the first stage generated is shared, not made again (the OSD clips alone take
    # ~5 min to make).
    CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$hardening" -G Ninja \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFOOTAGE_WERROR=ON \
        -DFOOTAGE_SANITIZE=ON -DFOOTAGE_FUZZ=ON \
        -DFOOTAGE_TESTDATA="${FOOTAGE_BUILD_DIR:-$root/build}/testdata" >/dev/null
    cmake --build "$hardening" -- --quiet
    # Under the sanitizers: everything that parses, hashes, cuts, verifies or meets hostile input
    # (unit, index, search, evidence, merge, faults, hostile, fuzz). Not rerun there: what only
    # renders documents or runs the detector on real footage, which the first stage covers and
    # which costs minutes under ASan (the object detector, headless Chromium, man pages, Slurm),
    # nor the OSD reader's score over the 62 generated clocks (139 s under ASan): the reader's code
    # runs there in the OsdIndex suite, on its own clips.
    not_sanitized='^(VtestObjects|VtestTrace|Objects|RealClips|StillSkipping)\.|^Report\.(HeadlessChromium|TheChecker)'
    not_sanitized+='|^OsdReader\.ReadsTheGeneratedClocksToTheSecond$|^MotionBesideAClock\.TheObjectIndex'
    not_sanitized+='|^Merge\.ASlurm|^(converter_matches_tfjs_reference|ppocr_fold_reads_drawn_lines|man_pages_render|shell_completion|docs_install|readme_case|example_)'
    not_sanitized+='|^(Help|ManPages|K8sManifests)\.'
    (cd "$hardening" && ctest --output-on-failure -j2 -E "$not_sanitized")
fi
