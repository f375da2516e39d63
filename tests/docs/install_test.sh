#!/usr/bin/env bash
# `cmake --install` puts the binary, every man page and both completion scripts in place.
# Usage: install_test.sh BUILD_DIR PAGE_COUNT
set -euo pipefail
build=$1
pages=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
status=0
for file in bin/footage share/bash-completion/completions/footage share/zsh/site-functions/_footage \
    share/man/man1/footage.1 share/man/man1/footage-search.1 share/man/man1/footage-help.1; do
    if [[ ! -f $prefix/$file ]]; then
        echo "FAIL not installed: $file"
        status=1
    fi
done
installed=$(find "$prefix/share/man/man1" -name '*.1' | wc -l)
if ((installed != pages)); then
    echo "FAIL $installed man pages installed, $pages listed"
    status=1
fi
if [[ -f $prefix/share/man/man1/footage-index.1 ]] &&
    ! MANPATH=$prefix/share/man man -w footage-index >/dev/null 2>&1; then
    echo "FAIL man does not find footage-index in the installed tree"
    status=1
fi
((status == 0)) && echo "ok: installed footage, $installed man pages, bash and zsh completion"
exit $status
