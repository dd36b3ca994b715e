#!/usr/bin/env bash
# Benchmarks `minirun compose` (issue 17's Performance section) against Debian's docker-compose
# (1.29, against a dockerd) and podman-compose (against podman), and writes the "Compose" section
# of bench/RESULTS.md, leaving the other sections as they are. Run it as root on Debian 12:
#
#   sudo bench/compose.sh [--minirun DIR] [--runs N]
#
# One figure, each tool timed by hyperfine in one run, side by side: (c1) `up -d` then `down` of the
# same three-service project (busybox; web publishes a port, db and cache sleep; all on one user
# network, stop_signal SIGKILL so that no stop waits out a grace period). Target: minirun at
# least 5x faster than both.
#
# Every tool starts the same busybox rootfs (rootfs-scripts/busybox.sh), brought in without the
# internet: `minirun image import`, `docker import`, `podman import`. The peers run in a network
# namespace of this script's own, so that their bridges, veths and firewall rules (dockerd's
# iptables, netavark's) never touch the host's network and go with the namespace: dockerd is
# started in it (its own --data-root, --exec-root, --pidfile, socket, containerd namespace and
# cgroup parent; its docker0 is the namespace's), podman-compose runs in it (podman with its own
# --root/--runroot, a containers.conf and network directory of its own, runc, cgroupfs under a
# cgroup parent of its own). minirun runs on the host, as a user runs it, with a state root of
# its own (its bridge and nftables table go with `system reset`). A tool that is not installed
# (apt-get install docker-compose docker.io podman-compose podman) or cannot run here is skipped
# with the reason, which the section records.
#
# Everything lives under /var/tmp/minirun-bench-compose and is removed at the end (and at the start
# of the next run, if this one was killed). --minirun DIR measures the binaries in DIR (a debug
# build: .build/debug) instead of this checkout's release build (scripts/build-release).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=/var/tmp/minirun-bench-compose
out=$repo/bench/out/compose  # hyperfine's JSON (gitignored)
namespace=minirun-bench-compose
cgroup_parent=/minirun-bench-compose
port=18380
minirun_dir=""
runs=5

usage() {
    sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

while (($#)); do
    case $1 in
    --minirun) minirun_dir=$(realpath "${2:?}"); shift ;;
    --runs) runs=${2:?}; shift ;;
    *) usage ;;
    esac
    shift
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || usage
source "$repo/bench/common.sh"
require_root
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (apt-get install hyperfine)" >&2; exit 1; }

skipped=()  # "tool: why" lines for the report
skip() { skipped+=("$1: $2"); log "skipping $1: $2"; }

# Places podman and dockerd use whatever their roots; what was not there before is removed after
# (when empty: a file left inside may be someone else's).
# netavark keeps its lock and address database in /run/containers/networks whatever podman's roots.
host_paths=(/run/containers/networks/aardvark-dns /run/containers/networks/aardvark.lock /run/containers/networks/ipam.db
    /run/containers/networks /run/containers /run/libpod /var/lib/containers /run/docker /etc/docker/key.json /etc/docker)
in_namespace() { nsenter --net=/run/netns/$namespace "$@"; }

# The dockerd this script started: its pid file, and only while its command line names our directory.
our_dockerd_pid() {
    local pid
    pid=$(cat "$work/docker/dockerd.pid" 2>/dev/null) || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--data-root $work/docker" && echo "$pid"
}

cleanup() {
    local - pid path dir
    set +e
    [[ -d $work ]] || return 0
    log "cleaning up"
    if [[ -d $work/minirun ]]; then MINIRUN_ROOT=$work/minirun minirun system reset -f >/dev/null 2>&1; fi
    if [[ -f $work/podman/containers.conf ]] && command -v podman >/dev/null; then
        in_namespace $podman_line rm -af -t 0 >/dev/null 2>&1
        in_namespace $podman_line system reset -f >/dev/null 2>&1
    fi
    if pid=$(our_dockerd_pid); then
        $docker_line ps -aq | xargs -r $docker_line rm -f >/dev/null 2>&1
        kill "$pid" 2>/dev/null
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null
    fi
    # The daemon's own containerd and shims, should any outlive it.
    for pid in $(pgrep -f "$work/" || true); do kill -KILL "$pid" 2>/dev/null; done
    ip netns delete "$namespace" 2>/dev/null
    awk -v w="$work" 'index($5, w "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null
    for dir in /sys/fs/cgroup"$cgroup_parent"-* /sys/fs/cgroup/*"$cgroup_parent"-*; do
        [[ -d $dir ]] && find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null
    done
    if [[ -f $work/host-paths ]]; then
        for path in "${host_paths[@]}"; do
            grep -qxF "$path" "$work/host-paths" && continue  # there before us: not ours
            if [[ -d $path ]]; then find "$path" -depth -type d -empty -delete 2>/dev/null; else rm -f "$path"; fi
        done
    fi
    rm -rf --one-file-system "$work"
}

# The peers' command lines, as hyperfine runs them too (without a shell).
export CONTAINERS_CONF=$work/podman/containers.conf
docker_line="/usr/bin/docker -H unix://$work/docker/docker.sock"
podman_line="podman --root $work/podman/storage --runroot $work/podman/run"

cleanup
trap cleanup EXIT
mkdir -p "$work" "$out"
rm -f "$out"/*.json
for path in "${host_paths[@]}"; do [[ -e $path ]] && echo "$path"; done >"$work/host-paths"

if [[ -n $minirun_dir ]]; then
    export PATH=$minirun_dir:$PATH
    build="the binaries in $minirun_dir"
    [[ $minirun_dir != */debug ]] || build="a debug build, $minirun_dir"
else
    log "building minirun (release)"
    # shellcheck source=scripts/swift-env
    source "$repo/scripts/swift-env"
    "$repo/scripts/build-release" "$repo/.build/dist" 2>&1 | tail -n 1
    export PATH=$repo/.build/dist:$PATH
    build="the release build"
fi
minirun=$(command -v minirun)
log "minirun: $minirun"
if python3 -c "import socket; socket.create_server(('0.0.0.0', $port)).close()" 2>/dev/null; then :; else
    echo "bench: port $port is taken on this host" >&2
    exit 1
fi

# --- the project and the image ---------------------------------------------------------------------

mkdir -p "$work/project"
cat >"$work/project/compose.yaml" <<EOF
services:
  web:
    image: busybox
    command: httpd -f -p 80
    ports: ["$port:80"]
    stop_signal: SIGKILL
    networks: [app]
  db:
    image: busybox
    command: sleep 3600
    stop_signal: SIGKILL
    networks: [app]
  cache:
    image: busybox
    command: sleep 3600
    stop_signal: SIGKILL
    networks: [app]
networks:
  app: {}
EOF
"$repo/rootfs-scripts/busybox.sh" "$work/busybox.tar" 2>/dev/null
ip netns add "$namespace"
ip -n "$namespace" link set lo up

# Each tool: its up-then-down as one script hyperfine runs, or a reason it is skipped.
names=() cycles=()
add() {
    local script=$work/cycle-$1.sh
    printf '#!/bin/sh\nset -e\n%s up -d >/dev/null 2>&1\n%s down >/dev/null 2>&1\n' "$2" "$2" >"$script"
    chmod +x "$script"
    if "$script"; then
        names+=("$1") cycles+=("$script")
    else
        skip "$1" "its up/down cycle failed: $(bash -c "$2 up -d" 2>&1 | tail -n 1 | cut -c1-200)"
    fi
}
files="-f $work/project/compose.yaml -p bench"

log "minirun"
export MINIRUN_ROOT=$work/minirun
minirun image import "$work/busybox.tar" busybox >/dev/null
add minirun "$minirun compose $files"

log "docker-compose"
if ! command -v docker-compose >/dev/null || ! command -v dockerd >/dev/null || [[ ! -x /usr/bin/docker ]]; then
    skip docker-compose "not installed (apt-get install docker-compose docker.io)"
else
    mkdir -p "$work/docker"
    in_namespace dockerd --data-root "$work/docker/data" --exec-root "$work/docker/run" --pidfile "$work/docker/dockerd.pid" \
        -H "unix://$work/docker/docker.sock" --cgroup-parent "$cgroup_parent-docker" \
        --containerd-namespace minirun-bench-compose --containerd-plugins-namespace minirun-bench-compose-plugins \
        >"$work/docker/dockerd.log" 2>&1 &
    for _ in $(seq 150); do $docker_line version >/dev/null 2>&1 && break; sleep 0.2; done
    if $docker_line import "$work/busybox.tar" busybox >/dev/null 2>"$work/docker.err"; then
        add docker-compose "env DOCKER_HOST=unix://$work/docker/docker.sock docker-compose $files"
    else
        skip docker-compose "$(cat "$work/docker.err" "$work/docker/dockerd.log" 2>/dev/null | grep -i 'error\|fatal\|fail' | tail -n 1 | cut -c1-200)"
    fi
fi

log "podman-compose"
if ! command -v podman-compose >/dev/null || ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
    skip podman-compose "not installed (apt-get install podman-compose podman runc)"
else
    mkdir -p "$work/podman/networks"
    # The root user here lacks CAP_SYS_RESOURCE, so the default rlimits cannot be set (ARCHITECTURE.md 9);
    # crun 1.8 refuses this hybrid cgroup layout; there is no systemd or journald.
    cat >"$work/podman/containers.conf" <<EOF
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$work/podman/tmp"

[network]
network_backend = "netavark"
network_config_dir = "$work/podman/networks"
EOF
    if in_namespace $podman_line import -q "$work/busybox.tar" busybox >/dev/null 2>"$work/podman.err"; then
        add podman-compose "nsenter --net=/run/netns/$namespace podman-compose $files --podman-args=--root=$work/podman/storage\ --runroot=$work/podman/run --podman-run-args=--cgroup-parent=$cgroup_parent-podman"
    else
        skip podman-compose "$(tail -n 1 "$work/podman.err" | cut -c1-200)"
    fi
fi

# --- measuring ------------------------------------------------------------------------------------

log "(c1)"
arguments=()
for ((i = 0; i < ${#names[@]}; i++)); do arguments+=(-n "${names[i]}" "${cycles[i]}"); done
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/c1.json" "${arguments[@]}" >&2

# --- the report -----------------------------------------------------------------------------------

log "writing bench/RESULTS.md's Compose section"
versions="$("$minirun" --version 2>/dev/null | head -n1) ($build)"
command -v docker-compose >/dev/null && versions+=", $(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /')"
command -v dockerd >/dev/null && versions+=", $(dockerd --version)"
command -v podman-compose >/dev/null && versions+=", podman-compose $(podman-compose version 2>/dev/null | awk '/compose.* version/ {print $NF}')"
command -v podman >/dev/null && versions+=", $(podman --version)"
report_python "$out" "$repo/bench/RESULTS.md" "$runs" "$versions" "$(nproc)" "${skipped[@]}" <<'EOF'
import json, os, statistics, sys
from results_section import write_section

out, results, runs, versions, cores, *skipped = sys.argv[1:]
data = json.load(open(os.path.join(out, "c1.json")))["results"]
medians = {r["command"]: statistics.median(r["times"]) for r in data}

def ms(seconds):
    return "%.0f ms" % (seconds * 1000) if seconds < 10 else "%.1f s" % seconds

target = 5
mine = medians.pop("minirun")
cells = ["(c1) `up -d` then `down`, 3 services", ms(mine)]
for peer in ("docker-compose", "podman-compose"):
    if peer in medians:
        ratio = medians[peer] / mine
        cells.append("%s (%.1fx%s)" % (ms(medians[peer]), ratio, "" if ratio >= target else ", target %dx not met" % target))
    else:
        cells.append("skipped")
cells.append("%dx" % target)

section = f"""## Compose

`bench/compose.sh` (issue 17): `minirun compose` against Debian's docker-compose (against a dockerd of
its own) and podman-compose (against podman), each timed by hyperfine ({runs} runs after a warm-up, median),
in one run on {cores} cores shared with other work. The same file: three busybox services on one user
network, one published port, stop_signal SIGKILL; `up -d` then `down` as one measured command. The peers
run in a network namespace of the script's own (dockerd with its docker0 and iptables there, podman with
netavark there); minirun on the host. Ratios are the peer's time over minirun's.

| figure | minirun | docker-compose | podman-compose | target |
|---|---|---|---|---|
| """ + " | ".join(cells) + f""" |

Versions: {versions}.
""" + ("".join(f"\nSkipped: {line}." for line in skipped) + "\n" if skipped else "")

write_section(results, section)
print(section)
EOF
