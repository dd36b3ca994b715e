#!/usr/bin/env bash
# Benchmarks `minirun build` (issue 15's Performance section) against Debian's `buildah bud` and
# `docker build` (BuildKit), and writes the "Build" section of bench/RESULTS.md, leaving the other
# sections as they are. Run it as root on Debian 12:
#
#   sudo bench/build.sh [--minirun DIR] [--runs N]
#
# Two figures, each builder timed by hyperfine in one run, side by side:
#
#   (b1) an unchanged rebuild of a 10-step Dockerfile (FROM, ENV, COPY, WORKDIR, LABEL, CMD and four
#        RUNs), once built: every step answered by the cache. Target: minirun at least 5x faster.
#   (b2) a cold build (--no-cache) of FROM and 10 RUN steps that each write one small file.
#        Target: minirun at least 3x faster.
#
# Every builder starts from the same busybox rootfs (rootfs-scripts/busybox.sh): `minirun image
# import`, `docker import`, and for buildah a `buildah from scratch` container with the tarball
# extracted into it, committed. RUN steps run with --network none everywhere (no internet, no bridge
# to set up). buildah runs with --root/--runroot of its own, --layers (its cache) and runc (Debian's
# crun 1.8 refuses a hybrid cgroup layout); docker is
# a dockerd of its own (--data-root, --exec-root, --pidfile, a socket of its own, --bridge=none, no
# iptables) with DOCKER_BUILDKIT=1. A builder that is not installed (apt-get install buildah
# docker.io) or cannot run here is skipped with the reason, which the section records.
#
# Everything lives under /var/tmp/minirun-bench-build and is removed at the end (and at the start of
# the next run, if this one was killed). --minirun DIR measures the binaries in DIR instead of this
# checkout's release build (scripts/build-release).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=/var/tmp/minirun-bench-build
out=$repo/bench/out/build  # hyperfine's JSON (gitignored)
minirun_dir=""
runs=10

usage() {
    sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

while (($#)); do
    case $1 in
    --minirun) minirun_dir=${2:?}; shift ;;
    --runs) runs=${2:?}; shift ;;
    *) usage ;;
    esac
    shift
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || usage
source "$repo/bench/common.sh"
require_root
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (apt-get install hyperfine)" >&2; exit 1; }

skipped=()  # "builder: why" lines for the report
skip() { skipped+=("$1: $2"); log "skipping $1: $2"; }

# The dockerd this script started: its pid file, and only while its command line names our directory.
our_dockerd_pid() {
    local pid
    pid=$(cat "$work/docker/dockerd.pid" 2>/dev/null) || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--data-root $work/docker" && echo "$pid"
}

cleanup() {
    local pid
    if pid=$(our_dockerd_pid); then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    if [[ -d $work/minirun ]]; then MINIRUN_ROOT=$work/minirun minirun system reset -f >/dev/null 2>&1 || true; fi
    if [[ -d $work/buildah ]]; then
        buildah_cmd rm --all >/dev/null 2>&1 || true
        buildah_cmd rmi --all --force >/dev/null 2>&1 || true
    fi
    # What is still mounted below the work directory (buildah's overlay, dockerd's) goes first.
    awk -v w="$work" 'index($5, w "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    rm -rf --one-file-system "$work"
}

# buildah's and docker's command lines, as hyperfine runs them too (without a shell).
export CONTAINERS_CONF=$work/containers.conf DOCKER_BUILDKIT=1
buildah_line="buildah --root $work/buildah/root --runroot $work/buildah/run --storage-driver overlay"
docker_line="/usr/bin/docker -H unix://$work/docker/docker.sock"
buildah_cmd() { $buildah_line "$@"; }
docker_cmd() { $docker_line "$@"; }

cleanup
trap cleanup EXIT
mkdir -p "$work" "$out"
rm -f "$out"/*.json

if [[ -n $minirun_dir ]]; then
    export PATH=$minirun_dir:$PATH
else
    log "building minirun (release)"
    # shellcheck source=scripts/swift-env
    source "$repo/scripts/swift-env"
    "$repo/scripts/build-release" "$repo/.build/dist" 2>&1 | tail -n 1
    export PATH=$repo/.build/dist:$PATH
fi
minirun=$(command -v minirun)
log "minirun: $minirun"

# --- the two Dockerfiles and the image ------------------------------------------------------------

mkdir -p "$work/rebuild" "$work/cold"
echo "copied by COPY" >"$work/rebuild/file.txt"
cat >"$work/rebuild/Dockerfile" <<'EOF'
FROM busybox
ENV GREETING=hello
RUN echo one > /one
COPY file.txt /file.txt
RUN echo two > /two
WORKDIR /app
RUN echo "$GREETING" > greeting
LABEL bench=build
RUN cat /file.txt /one /two > all
CMD ["sh"]
EOF
{
    echo "FROM busybox"
    for i in $(seq 1 10); do echo "RUN echo $i > /file$i"; done
} >"$work/cold/Dockerfile"

"$repo/rootfs-scripts/busybox.sh" "$work/busybox.tar" 2>/dev/null

# Each builder: the command of (b1) and of (b2), or a reason it is skipped.
names=() rebuilds=() colds=()
add() { names+=("$1"); rebuilds+=("$2"); colds+=("$3"); }

log "minirun"
export MINIRUN_ROOT=$work/minirun
minirun image import "$work/busybox.tar" busybox >/dev/null
minirun build -q --network none -t bench-rebuild "$work/rebuild" >/dev/null
add minirun "minirun build -q --network none -t bench-rebuild $work/rebuild" \
    "minirun build -q --no-cache --network none -t bench-cold $work/cold"

log "buildah"
runc=$(command -v runc || true)
if ! command -v buildah >/dev/null || [[ -z $runc ]]; then
    skip buildah "not installed (apt-get install buildah runc)"
else
    # The root user here lacks CAP_SYS_RESOURCE, so the default rlimits cannot be set (ARCHITECTURE.md 9).
    printf '[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = "cgroupfs"\n' >"$work/containers.conf"
    mkdir -p "$work/buildah"
    if ctr=$(buildah_cmd from scratch 2>"$work/buildah.err") && mnt=$(buildah_cmd mount "$ctr" 2>>"$work/buildah.err") &&
        tar -C "$mnt" -xf "$work/busybox.tar" && buildah_cmd umount "$ctr" >/dev/null &&
        buildah_cmd commit -q "$ctr" localhost/busybox >/dev/null 2>>"$work/buildah.err" &&
        buildah_cmd rm "$ctr" >/dev/null &&
        buildah_cmd bud -q --layers --isolation oci --runtime "$runc" --network none -t bench-rebuild "$work/rebuild" >/dev/null 2>>"$work/buildah.err"; then
        add buildah "$buildah_line bud -q --layers --isolation oci --runtime $runc --network none -t bench-rebuild $work/rebuild" \
            "$buildah_line bud -q --layers --no-cache --isolation oci --runtime $runc --network none -t bench-cold $work/cold"
    else
        skip buildah "$(grep -v '^\s*$' "$work/buildah.err" | tail -n 1 | cut -c1-200)"
    fi
fi

log "docker"
if ! command -v dockerd >/dev/null || [[ ! -x /usr/bin/docker ]]; then
    skip docker "not installed (apt-get install docker.io)"
elif ip link show docker0 >/dev/null 2>&1; then
    skip docker "docker0 exists: another Docker daemon runs here"
else
    mkdir -p "$work/docker"
    dockerd --data-root "$work/docker/data" --exec-root "$work/docker/run" --pidfile "$work/docker/dockerd.pid" \
        -H "unix://$work/docker/docker.sock" --bridge=none --iptables=false --ip-masq=false --ip-forward=false \
        --containerd-namespace minirun-bench-build >"$work/docker/dockerd.log" 2>&1 &
    for _ in $(seq 100); do docker_cmd version >/dev/null 2>&1 && break; sleep 0.2; done
    if docker_cmd import "$work/busybox.tar" busybox >/dev/null 2>"$work/docker.err" &&
        docker_cmd build -q --network none -t bench-rebuild "$work/rebuild" >/dev/null 2>>"$work/docker.err"; then
        add docker "$docker_line build -q --network none -t bench-rebuild $work/rebuild" \
            "$docker_line build -q --no-cache --network none -t bench-cold $work/cold"
    else
        skip docker "$(cat "$work/docker.err" "$work/docker/dockerd.log" 2>/dev/null | grep -i 'error\|fatal\|fail' | tail -n 1 | cut -c1-200)"
    fi
fi

# --- measuring ------------------------------------------------------------------------------------

measure() {
    local figure=$1
    shift
    local arguments=() i
    for ((i = 0; i < ${#names[@]}; i++)); do arguments+=(-n "${names[i]}" "$1"); shift; done
    log "($figure)"
    hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/$figure.json" "${arguments[@]}" >&2
}
measure b1 "${rebuilds[@]}"
measure b2 "${colds[@]}"

# --- the report -----------------------------------------------------------------------------------

log "writing bench/RESULTS.md's Build section"
versions="$("$minirun" --version 2>/dev/null | head -n1) ($minirun)"
command -v buildah >/dev/null && versions+=", $(buildah --version)"
command -v dockerd >/dev/null && versions+=", $(dockerd --version)"
report_python "$out" "$repo/bench/RESULTS.md" "$runs" "$versions" "$(nproc)" "${skipped[@]}" <<'EOF'
import json, os, statistics, sys
from results_section import write_section

out, results, runs, versions, cores, *skipped = sys.argv[1:]

def figure(name):
    data = json.load(open(os.path.join(out, name + ".json")))["results"]
    return {r["command"]: statistics.median(r["times"]) for r in data}

def ms(seconds):
    return "%.0f ms" % (seconds * 1000) if seconds < 10 else "%.1f s" % seconds

rows = []
targets = {"b1": 5, "b2": 3}
titles = {"b1": "(b1) unchanged rebuild, 10 steps", "b2": "(b2) cold build, 10 RUN steps"}
for name in ("b1", "b2"):
    medians = figure(name)
    mine = medians.pop("minirun")
    cells = [titles[name], ms(mine)]
    for peer in ("buildah", "docker"):
        if peer in medians:
            ratio = medians[peer] / mine
            cells.append("%s (%.1fx%s)" % (ms(medians[peer]), ratio, "" if ratio >= targets[name] else ", target %dx not met" % targets[name]))
        else:
            cells.append("skipped")
    cells.append("%dx" % targets[name])
    rows.append("| " + " | ".join(cells) + " |")

section = f"""## Build

`bench/build.sh` (issue 15): `minirun build` against Debian's `buildah bud` and `docker build` (BuildKit),
each timed by hyperfine ({runs} runs after a warm-up, median), in one run on {cores} cores shared with other
work. RUN steps with `--network none`; the busybox rootfs imported into each; buildah with `--layers`
(its cache), runc and a root of its own; docker a dockerd of its own. Ratios are the peer's time over minirun's.

| figure | minirun | buildah | docker | target |
|---|---|---|---|---|
""" + "\n".join(rows) + f"""

Versions: {versions}.
""" + ("".join(f"\nSkipped: {line}." for line in skipped) + "\n" if skipped else "")

write_section(results, section)
print(section)
EOF
