#!/usr/bin/env bash
# The bash completion of paddock and paddock-sim: every long option their --help lists, the commands,
# option values, the saved profiles of a settings file and flight recordings, by COMPREPLY.
#   tst_completion.sh COMPLETION PADDOCK PADDOCK_SIM
set -euo pipefail
completion=$1 paddock=$2 paddock_sim=$3
source "$completion"
export LC_ALL=C

failures=0
check() { # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" != "$3" ]; then
        echo "FAIL: $1: expected [$2], got [$3]"
        failures=$((failures + 1))
    else
        echo "PASS: $1"
    fi
}

# COMPREPLY, sorted on one line, for the command line $1 (the cursor at its end) of completer $2.
complete_line() {
    local line=$1 function=$2
    read -r -a COMP_WORDS <<<"$line"
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    "$function"
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

# The long options a --help lists, sorted on one line.
help_options() {
    QT_QPA_PLATFORM=offscreen "$1" --help | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+' |
        sort -u | tr '\n' ' ' | sed 's/ $//'
}

check "paddock --: every option of --help" "$(help_options "$paddock")" "$(complete_line "paddock --" _paddock)"
check "paddock-sim --: every option of --help" "$(help_options "$paddock_sim")" \
    "$(complete_line "paddock-sim --" _paddock_sim)"
check "paddock commands" "flush open report schema watch" "$(complete_line "paddock " _paddock)"
check "paddock r" "report" "$(complete_line "paddock r" _paddock)"
check "schema subcommands" "check install maintain upgrade" "$(complete_line "paddock schema " _paddock)"
check "schema after an option and its value" "upgrade" \
    "$(complete_line "paddock --connect dbname=farm schema up" _paddock)"
check "nothing after a schema subcommand" "" "$(complete_line "paddock schema check " _paddock)"
check "report --log-level" "warn" "$(complete_line "paddock report --log-level w" _paddock)"
check "paddock-sim --scenario" "incident steady" "$(complete_line "paddock-sim --scenario " _paddock_sim)"
check "paddock-sim --seed takes a number" "" "$(complete_line "paddock-sim --seed " _paddock_sim)"
check "paddock-sim after --dry-run" "--duplicate-name --duration" \
    "$(complete_line "paddock-sim --dry-run --du" _paddock_sim)"

# Profiles from a settings file as QSettings writes it (a value with '=' or ',' in quotes), and none
# without one.
export XDG_CONFIG_HOME HOME
XDG_CONFIG_HOME=$(mktemp -d)
HOME=$XDG_CONFIG_HOME
trap 'rm -rf "$XDG_CONFIG_HOME"' EXIT
check "--connect without a settings file" "" "$(complete_line "paddock --connect " _paddock)"
mkdir -p "$XDG_CONFIG_HOME/Paddock"
cat >"$XDG_CONFIG_HOME/Paddock/paddock.conf" <<'CONF'
[General]
last_profile=Production

[profiles]
1\conninfo="host=db1 dbname=farm user=paddock"
1\name=Production
1\read_only=false
2\conninfo="host=db2 dbname=\"staging, copy\""
2\name=Staging
size=2

[thresholds]
backlog=500
CONF
check "--connect offers the profiles" 'host=db1\ dbname=farm\ user=paddock host=db2\ dbname=\"staging\,\ copy\"' \
    "$(complete_line "paddock report --connect " _paddock)"
check "--profile offers the names" "Production Staging" "$(complete_line "paddock report --profile " _paddock)"
check "--profile by prefix" "Staging" "$(complete_line "paddock --profile St" _paddock)"
check "a command after --profile NAME" "report" "$(complete_line "paddock --profile Staging rep" _paddock)"
check "--read-connect by prefix" 'host=db1\ dbname=farm\ user=paddock' \
    "$(complete_line "paddock --read-connect host=db1" _paddock)"
check "paddock-sim --connect" 'host=db1\ dbname=farm\ user=paddock host=db2\ dbname=\"staging\,\ copy\"' \
    "$(complete_line "paddock-sim -c " _paddock_sim)"

# Recordings by their suffix, and directories to walk into.
cd "$XDG_CONFIG_HOME"
mkdir incidents
touch farm.paddock-recording notes.txt shot.png incidents/night.paddock-recording
check "open FILE" "Paddock farm.paddock-recording incidents" "$(complete_line "paddock open " _paddock)"
check "report --recording" "incidents/night.paddock-recording" \
    "$(complete_line "paddock report --recording incidents/" _paddock)"
check "watch --record" "farm.paddock-recording" "$(complete_line "paddock watch --record f" _paddock)"
check "--screenshot" "shot.png" "$(complete_line "paddock --screenshot s" _paddock)"

if [ "$failures" -ne 0 ]; then
    echo "$failures failed"
    exit 1
fi
echo "all passed"
