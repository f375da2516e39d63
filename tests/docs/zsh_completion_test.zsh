#!/usr/bin/env zsh
# Runs the zsh completion function with compadd and _files stubbed, and checks what <TAB>
# offers. Usage: zsh_completion_test.zsh FOOTAGE_BIN SOURCE_DIR CATALOG
footage=$1
source_dir=$2
catalog=$3
typeset -a got
compadd() { [[ $1 == -- ]] && shift; got+=("$@") }
_files() { got+=(FILES) }
source $source_dir/completion/_footage

failures=0
# expect "WANTED" WORD...  (the last word is the one being completed)
expect() {
    local wanted=$1
    shift
    words=($footage "$@")
    CURRENT=${#words}
    PREFIX=${words[CURRENT]}
    got=()
    _footage
    local -a matching
    matching=(${(o)${(M)got:#${PREFIX}*}})
    if [[ "${matching[*]}" == "$wanted" ]]; then
        print -r -- "ok   footage $* -> $wanted"
    else
        print -r -- "FAIL footage $*<TAB>: wanted '$wanted', got '${matching[*]}'"
        ((failures++))
    fi
}

expect "search" se
expect "cameras clip" c
expect "--camera" search --ca
expect "--clock-offset" cameras --cl
expect "--json" search --js
expect "verify" help ve
expect "" search --from 2020
expect "cake car carrot cat" search --object ca
expect "black blue brown" search --color b
if [[ -n $catalog ]]; then
    expect "ch03 ch12" --db $catalog search --camera ""
    expect "ch12" --db $catalog clip --camera ch1
fi
words=($footage index "")
CURRENT=3 PREFIX="" got=()
_footage
[[ $got == FILES ]] || { print "FAIL footage index <TAB> does not complete files"; ((failures++)) }
((failures == 0))
