#!/usr/bin/env bash
# Benchmarks minirun-oci as the OCI runtime of its callers (issue 18's bench) against runc and crun,
# and writes the "OCI runtime under callers" section of bench/RESULTS.md, leaving the other sections
# as they are. Run it as root on Debian 12:
#
#   sudo bench/oci.sh [--minirun DIR] [--rounds N] [--runs N]
#
# Two figures, each runtime timed by hyperfine side by side, in rounds that take turns between the
# runtimes (each round times all three, in an order that rotates; the rounds are pooled), so that the
# load of other work on a shared machine falls on all three alike:
#
#   (o1) `docker run --runtime R --rm busybox true`, against a dockerd of this script's own (its own
#        --data-root, --exec-root, --pidfile, socket, containerd namespace and cgroup parent, no bridge
#        and no firewall rules: the container's network is none).
#   (o2) `podman --runtime PATH run --rm --network none busybox true`, podman with its own --root,
#        --runroot, --tmpdir, vfs storage and a containers.conf of its own (cgroupfs, no default
#        ulimits: root here lacks CAP_SYS_RESOURCE; events in a file), under a cgroup parent of its own.
#
# R is minirun (DIR/minirun-oci, with DIR/minirun-monitor beside it), runc and crun. Target: minirun at
# least as fast as crun under each caller. crun 1.8 refuses a hybrid cgroup layout (v1 controllers
# with a cgroup2 mount at /sys/fs/cgroup/unified), so the whole script runs in a mount namespace of
# its own where that cgroup2 mount is unmounted: dockerd, its containerd and shims, podman and all
# three runtimes see the same cgroup v1 layout, and no runtime pays for a wrapper. On a v1-only or
# v2-only machine there is nothing to hide.
#
# Everything lives under /var/tmp/minirun-bench-oci and is removed at the end (and at the start of the
# next run, if this one was killed). DIR defaults to .build/dist, built by scripts/build-release when
# it has no minirun-oci; give a debug build's directory (.build/debug) to measure that instead.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=/var/tmp/minirun-bench-oci
out=$repo/bench/out/oci  # hyperfine's JSON (gitignored)
cgroup_parent=/minirun-bench-oci
minirun_dir=$repo/.build/dist
rounds=5
runs=4  # runs of each command per round

usage() {
    sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

arguments=("$@")
while (($#)); do
    case $1 in
    --minirun) minirun_dir=$(realpath "${2:?}"); shift ;;
    --rounds) rounds=${2:?}; shift ;;
    --runs) runs=${2:?}; shift ;;
    *) usage ;;
    esac
    shift
done
for n in "$rounds" "$runs"; do [[ $n =~ ^[1-9][0-9]*$ ]] || usage; done
source "$repo/bench/common.sh"
require_root
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (apt-get install hyperfine)" >&2; exit 1; }
for tool in dockerd podman runc crun; do
    command -v $tool >/dev/null || { echo "bench: $tool is missing (apt-get install docker.io podman runc crun)" >&2; exit 1; }
done

# Into a mount namespace of our own, private, so that nothing mounted here reaches the host (see above).
if [[ ${MINIRUN_BENCH_OCI_NAMESPACE:-} != 1 ]]; then
    exec unshare --mount --propagation private env MINIRUN_BENCH_OCI_NAMESPACE=1 "$0" "${arguments[@]}"
fi
hidden=""
if [[ $(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null) == cgroup2fs ]]; then
    umount -l /sys/fs/cgroup/unified
    hidden="the cgroup2 mount at /sys/fs/cgroup/unified hidden (a mount namespace of the script's own), so that all three see cgroup v1 alone"
fi

# Places podman and dockerd use whatever their roots; what was not there before is removed after
# (when empty: a file left inside may be someone else's).
# podman leaves each runtime's state in its default root (with --runtime-flag root=DIR, podman 4.3's
# cleanup deletes in the default root all the same, and leaves DIR's containers behind).
host_paths=(/run/containers/networks /run/containers /run/libpod /var/lib/containers /run/docker /etc/docker/key.json /etc/docker
    /run/runc /run/crun /run/minirun-oci/.seccomp /run/minirun-oci)
docker_line="/usr/bin/docker -H unix://$work/docker/docker.sock"
podman_line="/usr/bin/podman --root $work/podman/storage --runroot $work/podman/run --tmpdir $work/podman/tmp --storage-driver vfs"
export CONTAINERS_CONF=$work/podman/containers.conf

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
    if [[ -f $CONTAINERS_CONF ]]; then
        $podman_line rm -af -t 0 >/dev/null 2>&1
    fi
    if pid=$(our_dockerd_pid); then
        $docker_line ps -aq | xargs -r $docker_line rm -f >/dev/null 2>&1
        kill "$pid" 2>/dev/null
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null
    fi
    # The daemon's own containerd and shims, and podman's conmons, should any outlive them.
    for pid in $(pgrep -f "$work/" || true); do kill -KILL "$pid" 2>/dev/null; done
    awk -v w="$work" 'index($5, w "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null
    for dir in /sys/fs/cgroup/*"$cgroup_parent"-* /sys/fs/cgroup"$cgroup_parent"-*; do
        [[ -d $dir ]] && find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null
    done
    if [[ -f $work/host-paths ]]; then
        for path in "${host_paths[@]}"; do
            grep -qxF "$path" "$work/host-paths" && continue  # there before us: not ours
            if [[ $path == */.seccomp ]]; then rm -rf "$path"  # minirun-oci's cache of compiled filters
            elif [[ -d $path ]]; then find "$path" -depth -type d -empty -delete 2>/dev/null; else rm -f "$path"; fi
        done
    fi
    rm -rf --one-file-system "$work"
}

cleanup
trap cleanup EXIT
mkdir -p "$work" "$out"
rm -f "$out"/*.json
for path in "${host_paths[@]}"; do [[ -e $path ]] && echo "$path"; done >"$work/host-paths"

if [[ ! -x $minirun_dir/minirun-oci && $minirun_dir == "$repo/.build/dist" ]]; then
    log "building minirun (release) into $minirun_dir"
    # shellcheck source=scripts/swift-env
    source "$repo/scripts/swift-env"
    "$repo/scripts/build-release" "$minirun_dir" 2>&1 | tail -n 1
fi
[[ -x $minirun_dir/minirun-oci && -x $minirun_dir/minirun-monitor ]] ||
    { echo "bench: no minirun-oci and minirun-monitor in $minirun_dir" >&2; exit 1; }
minirun_oci=$minirun_dir/minirun-oci
build="the binaries in $minirun_dir"
[[ $minirun_dir != */debug ]] || build="a debug build, $minirun_dir"
[[ $minirun_dir != */dist ]] || build="the release build (scripts/build-release), $minirun_dir"
log "minirun-oci: $minirun_oci"
"$repo/rootfs-scripts/busybox.sh" "$work/busybox.tar" >/dev/null 2>&1

log "dockerd"
mkdir -p "$work/docker"
# "runc" is dockerd's own runtime (/usr/sbin/runc); the other two are registered as a user would.
printf '{"runtimes": {"minirun": {"path": "%s"}, "crun": {"path": "%s"}}}\n' "$minirun_oci" "$(command -v crun)" >"$work/docker/daemon.json"
dockerd --config-file "$work/docker/daemon.json" --data-root "$work/docker/data" --exec-root "$work/docker/run" \
    --pidfile "$work/docker/dockerd.pid" -H "unix://$work/docker/docker.sock" --bridge=none --iptables=false \
    --ip-masq=false --ip-forward=false --cgroup-parent "$cgroup_parent-docker" \
    --containerd-namespace minirun-bench-oci --containerd-plugins-namespace minirun-bench-oci-plugins \
    >"$work/docker/dockerd.log" 2>&1 &
for _ in $(seq 150); do $docker_line version >/dev/null 2>&1 && break; sleep 0.2; done
$docker_line import "$work/busybox.tar" busybox >/dev/null

log "podman"
mkdir -p "$work/podman"
cat >"$CONTAINERS_CONF" <<EOF
[containers]
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
$podman_line import -q "$work/busybox.tar" busybox >/dev/null

# The measured command lines, as hyperfine runs them (without a shell); each is tried once first.
runtimes=(minirun crun runc)
declare -A paths=([minirun]=$minirun_oci [crun]=$(command -v crun) [runc]=$(command -v runc))
docker_command() { echo "$docker_line run --runtime $1 --rm busybox true"; }
podman_command() { echo "$podman_line --runtime ${paths[$1]} run --rm --network none --cgroup-parent $cgroup_parent-podman busybox true"; }
for caller in docker podman; do
    for runtime in "${runtimes[@]}"; do
        line=$("${caller}_command" "$runtime")
        $line >/dev/null 2>"$work/try.err" || { echo "bench: $caller with $runtime fails: $(tail -n 1 "$work/try.err")" >&2; exit 1; }
    done
done

# --- measuring ------------------------------------------------------------------------------------

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for caller in docker podman; do
    log "$caller: $rounds rounds of $runs runs of each runtime"
    for ((r = 0; r < rounds; r++)); do
        # The order rotates from round to round, so no runtime always runs first or last.
        order=()
        for ((i = 0; i < ${#runtimes[@]}; i++)); do order+=("${runtimes[(r + i) % ${#runtimes[@]}]}"); done
        commands=()
        for runtime in "${order[@]}"; do commands+=(-n "$runtime" "$("${caller}_command" "$runtime")"); done
        hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$out/$caller-$r.json" "${commands[@]}" >&2
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the report -----------------------------------------------------------------------------------

log "writing bench/RESULTS.md's OCI runtime under callers section"
versions="minirun-oci $("$minirun_oci" --version | head -n1 | awk '{print $NF}') ($build)"
versions+=", $(crun --version | head -n1), $(runc --version | head -n1), $(dockerd --version), $(podman --version), conmon $(conmon --version | head -n1 | awk '{print $NF}')"
report_python "$out" "$repo/bench/RESULTS.md" "$rounds" "$runs" "$versions" "$(nproc)" "$load_before" "$load_after" "$hidden" <<'EOF'
import glob, json, os, statistics, sys
from results_section import write_section

out, results, rounds, runs, versions, cores, load_before, load_after, hidden = sys.argv[1:]

def pooled(caller):
    times, per_round = {}, {}
    for path in sorted(glob.glob(os.path.join(out, caller + "-*.json"))):
        for result in json.load(open(path))["results"]:
            times.setdefault(result["command"], []).extend(result["times"])
            per_round.setdefault(result["command"], []).append(statistics.median(result["times"]))
    return times, per_round

def ms(seconds):
    return "%.0f ms" % (seconds * 1000)

figures = [("docker", "(o1) `docker run --runtime R --rm busybox true`"),
           ("podman", "(o2) `podman --runtime PATH run --rm --network none busybox true`")]
rows, targets, round_rows = [], [], []
for caller, label in figures:
    times, per_round = pooled(caller)
    medians = {name: statistics.median(t) for name, t in times.items()}
    cells = []
    for name in ("minirun", "crun", "runc"):
        q = statistics.quantiles(times[name], n=4)
        cells.append("%s (%s–%s)" % (ms(medians[name]), ms(q[0]), ms(q[2])))
        round_rows.append("| %s, %s | %s |" % (caller, name, " | ".join(ms(m) for m in per_round[name])))
    rows.append("| %s | %s | %d |" % (label, " | ".join(cells), len(times["minirun"])))
    ratio = medians["crun"] / medians["minirun"]
    targets.append("| %s: crun ÷ minirun | %.2f | %s | runc ÷ minirun: %.2f |" % (
        caller, ratio, "**met**" if ratio >= 1 else "**not met**", medians["runc"] / medians["minirun"]))

lines = ["## OCI runtime under callers", "",
         "Written by `bench/oci.sh` (issue 18): minirun-oci, crun and runc as the OCI runtime of a dockerd of the "
         "script's own and of podman, each figure measured side by side in %s rounds of %s runs per runtime, the "
         "order rotating from round to round, pooled. %s cores shared with other work; load averages %s at the "
         "start, %s at the end: most of each time is waiting for a CPU, so read the ratios, measured side by side, "
         "rather than the times." % (rounds, runs, cores, load_before, load_after), "",
         "| Figure | minirun: median (p25–p75) | crun | runc | Runs each |", "|---|---:|---:|---:|---:|"] + rows
lines += ["", "| Target: minirun at least as fast as crun | Ratio of medians | | |", "|---|---:|---|---|"] + targets
lines += ["", "Medians of each round:", "", "| Caller, runtime | " + " | ".join("round %d" % (i + 1) for i in range(int(rounds))) + " |",
          "|---|" + "---:|" * int(rounds)] + round_rows
lines += ["", "Versions: %s." % versions]
if hidden:
    lines += ["", "crun 1.8 refuses this machine's hybrid cgroup layout: the whole run had %s." % hidden]
section = "\n".join(lines) + "\n"

write_section(results, section)
print(section)
EOF
