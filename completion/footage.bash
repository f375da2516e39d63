# bash completion for footage. Installed to share/bash-completion/completions/footage;
# or: source completion/footage.bash
# Commands, options, camera IDs, object classes and colour names come from the binary itself (`footage __complete ...`), so
# this script never lists them and cannot drift from them.

_footage_words() {
    local IFS=$'\n'
    # shellcheck disable=SC2207  # words are one per line
    COMPREPLY=($(compgen -W "$1" -- "$2"))
}

_footage() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    local footage=${COMP_WORDS[0]}
    COMPREPLY=()

    # The command is the first word that is not an option or an option's value.
    local command="" i
    local -a catalog=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            --db)
                catalog=(--db "${COMP_WORDS[i + 1]}")
                ((i++))
                ;;
            --tz) ((i++)) ;;
            -*) ;;
            *)
                if [[ -z $command ]]; then command=${COMP_WORDS[i]}; fi
                ;;
        esac
    done

    local options
    options=$("$footage" __complete options $command 2>/dev/null)

    # Object classes and colour names, as search and report take them.
    case $prev in
        --object)
            _footage_words "$("$footage" __complete objects 2>/dev/null)" "$cur"
            return
            ;;
        --color|--upper|--lower)
            _footage_words "$("$footage" __complete colors 2>/dev/null)" "$cur"
            return
            ;;
    esac

    # The value of an option: what it takes is its type name (ID, T, D, PATH, DIR, ...).
    if [[ $prev == -* ]]; then
        local type=""
        local name rest
        while read -r name rest; do
            if [[ $name == "$prev" ]]; then type=$rest; fi
        done <<<"$options"
        case $type in
            "") ;;  # a flag: the word is not its value
            ID)
                _footage_words "$("$footage" "${catalog[@]}" __complete cameras 2>/dev/null)" "$cur"
                return
                ;;
            PATH* | DIR | KEY | CASE.db | SHARD.db* | HEALTHY | FIXED)
                compopt -o filenames 2>/dev/null
                # shellcheck disable=SC2207
                COMPREPLY=($(compgen -f -- "$cur"))
                return
                ;;
            ZONE)
                if [[ -d /usr/share/zoneinfo ]]; then
                    _footage_words "$(cd /usr/share/zoneinfo && find . -type f -name '[A-Z]*' | sed 's|^\./||')" "$cur"
                fi
                return
                ;;
            *) return ;;  # a time, a duration, a number: nothing to offer
        esac
    fi

    if [[ $cur == -* ]]; then
        local name rest list=""
        while read -r name rest; do
            if [[ $name == --* ]]; then list+=$name$'\n'; fi
        done <<<"$options"
        _footage_words "$list" "$cur"
        return
    fi
    if [[ -z $command || $command == help ]]; then
        if [[ -z $command || $prev == help ]]; then
            _footage_words "$("$footage" __complete commands 2>/dev/null)" "$cur"
        fi
        return
    fi
    case $command in
        index | verify | merge | repair)  # they take files or folders
            compopt -o filenames 2>/dev/null
            # shellcheck disable=SC2207
            COMPREPLY=($(compgen -f -- "$cur"))
            ;;
    esac
}

complete -F _footage footage
