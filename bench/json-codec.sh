#!/usr/bin/env bash
# JSONCodec against FoundationEssentials' JSONDecoder/JSONEncoder on one container.json record
# (bench/JSONBench), built as scripts/build-release builds minirun: release, static, type metadata
# through accessors. Prints, per codec, the median of the first decode+encode in each of RUNS fresh
# processes (what one `minirun run` pays) and the mean of N warm round trips, in microseconds.
# Usage: bench/json-codec.sh [RUNS] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/swift-env
runs=${1:-41}
n=${2:-20000}
flags=(-c release --static-swift-stdlib -Xswiftc -static-executable
       -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors)
swift build "${flags[@]}" --product json-bench >/dev/null
bench=$(swift build "${flags[@]}" --show-bin-path)/json-bench

# The median of each of the three columns.
median() {
    local lines; lines=$(cat)
    for column in 1 2 3; do
        cut -d' ' -f$column <<<"$lines" | sort -n | awk '{ v[NR] = $1 } END { printf "%s ", v[int((NR + 1) / 2)] }'
    done
    echo
}

# The codecs take turns, one fresh process each, so that a busy machine weighs on both alike.
declare -A first
for _ in $(seq "$runs"); do
    for codec in jsoncodec foundation; do first[$codec]+="$("$bench" "$codec" first)"$'\n'; done
done
echo "microseconds: decode encode both"
for codec in jsoncodec foundation; do
    echo "$codec first use (median of $runs processes): $(printf '%s' "${first[$codec]}" | median)"
    echo "$codec warm (mean of $n): $("$bench" "$codec" "$n")"
done
