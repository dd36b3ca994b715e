#!/usr/bin/env bash
# Name server throughput, side by side in one run: Debian's dnsperf in a container's network
# namespace asks a container's name (A) from minirun-dns and from Debian's dnsmasq serving the same
# names from a hosts file, on the same gateway address (dnsmasq on port 5353), same duration and
# concurrency. Prints queries per second and latency of each and the responder's resident memory.
#   bench/dns.sh [BINARIES]    (as root; BINARIES holds minirun, minirun-dns...: default .build/debug;
#                               the release figures are with scripts/build-release's static minirun-dns)
# Needs dnsperf and dnsmasq-base. Uses a state root and a subnet (10.239.0.0/24) of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/debug}")
export MINIRUN_ROOT=$(mktemp -d /var/tmp/minirun-dnsbench.XXXXXX)
m="$bin/minirun"
cleanup() {
    [[ -n ${dnsmasq:-} ]] && kill "$dnsmasq" 2>/dev/null || true
    "$m" rm -f bench-client bench-server >/dev/null 2>&1 || true
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
dnsmasq --keep-in-foreground --no-resolv --no-hosts --addn-hosts="$MINIRUN_ROOT/hosts" -p 5353 \
    --listen-address=10.239.0.1 --bind-interfaces --pid-file= --log-facility=/dev/null &
dnsmasq=$!
sleep 0.5
for server in "minirun-dns 53" "dnsmasq 5353"; do
    set -- $server
    echo "== $1"
    nsenter --net=/proc/$client/ns/net dnsperf -s 10.239.0.1 -p "$2" -d "$MINIRUN_ROOT/queries" -l 10 -c 4 -Q 200000 \
        | grep -E "Queries per second|Average Latency|Latency StdDev|Queries lost"
done
echo "== resident memory"
grep VmRSS "/proc/$(cat "$MINIRUN_ROOT/run/dns/dnsbench.pid")/status" | sed 's/^/minirun-dns /'
grep VmRSS "/proc/$dnsmasq/status" | sed 's/^/dnsmasq /'
