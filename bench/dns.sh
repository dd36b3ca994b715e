#!/usr/bin/env bash
# Name server throughput and latency, side by side in one run: Debian's dnsperf in a container's
# network namespace asks a container's name (A) from minirun-dns and from Debian's dnsmasq serving the
# same names from a hosts file, on the same gateway address (dnsmasq on port 5353), taking turns round
# after round (the machine's load changes between rounds; the servers meet the same load in each):
#   throughput  dnsperf -c 4 -Q 200000 for 8 s: as many queries as a server answers (saturated: the
#               latency of those is dnsperf's queue of 100 outstanding queries, not the server's)
#   latency     dnsperf -c 1 -Q RATE for 5 s, each query's latency printed (-v): p50, p99, max
# then the median of each figure over the rounds, and each responder's resident memory.
#   bench/dns.sh [BINARIES [ROUNDS [RATE]]]
#     BINARIES holds minirun, minirun-monitor, minirun-dns... (default .build/debug; the release figures
#     are with scripts/build-release's static minirun-dns), ROUNDS default 3, RATE default 10000 q/s.
# As root. Needs dnsperf and dnsmasq-base (scripts/deps). Uses a state root and a subnet
# (10.239.0.0/24) of its own, and leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/debug}")
rounds=${2:-3}
rate=${3:-10000}
export MINIRUN_ROOT=$(mktemp -d /var/tmp/minirun-dnsbench.XXXXXX)
m="$bin/minirun"
cleanup() {
    [[ -n ${dnsmasq:-} ]] && kill "$dnsmasq" 2>/dev/null || true
    "$m" system reset --force >/dev/null 2>&1 || true
    rm -rf "$MINIRUN_ROOT"
}
trap cleanup EXIT
rootfs-scripts/busybox.sh "$MINIRUN_ROOT/busybox.tar" >/dev/null
"$m" image import "$MINIRUN_ROOT/busybox.tar" busybox >/dev/null
"$m" network create --subnet 10.239.0.0/24 dnsbench >/dev/null
"$m" run -d --name bench-server --network dnsbench busybox sleep 3600 >/dev/null
"$m" run -d --name bench-client --network dnsbench busybox sleep 3600 >/dev/null
records=$MINIRUN_ROOT/run/dns/dnsbench.records
awk '{print $1, $2, $3}' "$records" > "$MINIRUN_ROOT/hosts"
echo "bench-server A" > "$MINIRUN_ROOT/queries"
client=$("$m" inspect -f '{{.State.Pid}}' bench-client)
responder=$(cat "$MINIRUN_ROOT/run/dns/dnsbench.pid")
# In a session of its own, as minirun-dns is (it is started detached, with setsid): under load the
# scheduler places each session's processes as a group (autogroup), and a server in the client's own
# session answered 8 ms sooner at the median (measured with both, on a machine with 18 runnable tasks).
setsid dnsmasq --keep-in-foreground --no-resolv --no-hosts --addn-hosts="$MINIRUN_ROOT/hosts" -p 5353 \
    --listen-address=10.239.0.1 --bind-interfaces --pid-file= --log-facility=/dev/null &
dnsmasq=$!
sleep 0.5

perf() { nsenter --net=/proc/$client/ns/net dnsperf -s 10.239.0.1 -d "$MINIRUN_ROOT/queries" "$@"; }

# One round of one server: "qps p50_ms p99_ms max_ms lost" on stdout.
measure() {
    local port=$1 qps lost
    read -r qps lost < <(perf -p "$port" -l 8 -c 4 -Q 200000 \
        | awk '/Queries per second/ {q = $4} /Queries lost/ {l = $3} END {printf "%d %d\n", q, l}')
    # Into a file first: an awk reading the pipe as dnsperf prints was a fourth process waking
    # 10,000 times a second on the 2 cores while the latency was measured.
    perf -p "$port" -l 5 -c 1 -Q "$rate" -v > "$MINIRUN_ROOT/latencies"
    awk '/^> / {print $NF * 1000}' "$MINIRUN_ROOT/latencies" | sort -n \
        | awk -v qps="$qps" -v lost="$lost" '{v[NR] = $1} END {
            printf "%d %.3f %.3f %.3f %d\n", qps, v[int(NR * 0.5) + 1], v[int(NR * 0.99) + 1], v[NR], lost }'
}

servers=("minirun-dns 53" "dnsmasq 5353")
results=$MINIRUN_ROOT/results
printf "%-12s %-6s %10s %9s %9s %9s %6s\n" server round "queries/s" "p50 ms" "p99 ms" "max ms" lost
for ((round = 1; round <= rounds; round++)); do
    # Taking turns: the first of a round in one round is the second in the next.
    order=(0 1)
    ((round % 2 == 0)) && order=(1 0)
    for i in "${order[@]}"; do
        set -- ${servers[$i]}
        line=$(measure "$2")
        echo "$1 $line" >> "$results"
        printf "%-12s %-6s %10s %9s %9s %9s %6s\n" "$1" "$round" $line
    done
done
echo "== median over $rounds rounds (latency at $rate queries/s, one client)"
for name in minirun-dns dnsmasq; do
    for column in 2 3 4 5; do
        grep "^$name " "$results" | awk -v c=$column '{print $c}' | sort -n | awk '{v[NR] = $1} END {printf "%s ", v[int((NR + 1) / 2)]}'
    done | awk -v n=$name '{printf "%-12s %10s queries/s  p50 %s ms  p99 %s ms  max %s ms\n", n, $1, $2, $3, $4}'
done
echo "== resident memory after the load (VmRSS, and VmHWM: its peak)"
for pid in $responder $dnsmasq; do
    awk -v name="$(cat /proc/$pid/comm)" '/^VmRSS|^VmHWM/ {printf "%s %s %s kB\n", name, $1, $2}' /proc/$pid/status
done
