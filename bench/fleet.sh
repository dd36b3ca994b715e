#!/bin/sh
# Starts or removes a fleet of detached minirun containers; bench/run.sh times these as whole commands
# (hyperfine's timed command, --prepare and --cleanup), so they live in a file of their own.
#
#   fleet.sh start COUNT PARALLEL IDFILE   COUNT `run -d --net=bridge busybox sleep`, PARALLEL at a time;
#                                          their IDs go to IDFILE
#   fleet.sh rm IDFILE                     one `rm -f` of every ID in IDFILE, which is then emptied
#
# minirun is taken from PATH and its state root from MINIRUN_ROOT, both set by bench/run.sh.
set -eu

usage() {
    echo "usage: $0 start COUNT PARALLEL IDFILE | rm IDFILE" >&2
    exit 2
}

start() {
    count=$1 parallel=$2 ids=$3
    # xargs runs one `minirun run -d` per input line (-I drops the line: the command does not use it)
    # and fails when any of them failed.
    seq "$count" | xargs -P "$parallel" -I{} minirun run -d --net=bridge busybox sleep 86400 >"$ids"
    started=$(wc -l <"$ids")
    if [ "$started" -ne "$count" ]; then
        echo "$0: started $started containers, not $count" >&2
        exit 1
    fi
}

remove() {
    ids=$1
    # -r: no `rm -f` at all when the file is empty (the first --prepare of a run).
    xargs -r minirun rm -f <"$ids" >/dev/null
    : >"$ids"
}

[ $# -ge 1 ] || usage
case $1 in
start) [ $# -eq 4 ] || usage; start "$2" "$3" "$4" ;;
rm) [ $# -eq 2 ] || usage; [ -f "$2" ] || : >"$2"; remove "$2" ;;
*) usage ;;
esac
