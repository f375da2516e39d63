#!/usr/bin/env bash
# Installs the Debian packages footage needs (only those missing) and builds it into build/.
# Usage: scripts/setup.sh [--tests]   (--tests also installs what the test suite needs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(
    build-essential cmake ninja-build pkg-config
    libavformat-dev libavcodec-dev libavutil-dev libswscale-dev
    libsqlite3-dev libssl-dev libcli11-dev nlohmann-json3-dev zlib1g-dev libicu-dev
    libhowardhinnant-date-dev tzdata
    libopencv-dev
    libdnnl-dev ocl-icd-opencl-dev  # oneDNN runs the object detector (its CMake config wants OpenCL)
    ffmpeg jq python3
    python3-onnx python3-numpy   # the object detector is converted to ONNX (npm comes with nodejs)
)
if [[ "${1:-}" == "--tests" ]]; then
    packages+=(libgtest-dev minisign slurmctld slurmd slurm-client munge python3-yaml)
    packages+=(chromium poppler-utils python3-jsonschema)  # report tests: headless rendering and its PDF pages, report.json schema
    packages+=(python3-opencv)  # the detector converter's test runs the model through cv::dnn
    packages+=(groff-base man-db zsh)  # man pages render without warnings; zsh completion
    packages+=(fonts-liberation2 fonts-terminus-otb)  # OSD test clips: a proportional and a bitmap font
    packages+=(fonts-freefont-ttf fonts-go fonts-hack fonts-unifont fonts-spleen)  # OSD clips held out
    packages+=(fonts-inconsolata fonts-croscore fonts-open-sans fonts-jetbrains-mono fonts-dotgothic16)  # held out, v5
    packages+=(fonts-roboto-unhinted fonts-3270 fonts-noto-mono fonts-monoid fonts-proggy fonts-wqy-microhei)  # held out, v6
    # The hardening build (SECURITY.md): clang with its sanitizer and libFuzzer runtimes.
    packages+=(clang-14 libclang-rt-14-dev)
    packages+=(clang-tidy-14)  # scripts/tidy.sh, over the areas a change touched
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    sudo_cmd=()
    if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq >/dev/null
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The object detector (index --objects): downloaded and converted once, then cached. Without
# network it says so, and only --objects is unavailable.
"$root/scripts/fetch_models.sh"
# The OSD reader's text-line recogniser, the same way; without it the reader works alone.
"$root/scripts/fetch_ocr_model.sh"

build="${FOOTAGE_BUILD_DIR:-$root/build}"
werror="${FOOTAGE_WERROR:-OFF}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DFOOTAGE_WERROR="$werror" >/dev/null
cmake --build "$build" -- --quiet
