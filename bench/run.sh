#!/usr/bin/env bash
# Benchmarks minirun against runc and crun - and Podman and Docker when asked - on one busybox root
# filesystem, and writes bench/RESULTS.md. Run it as root on Debian 12; see README.md, "Benchmark".
#
# Everything it makes outside the repository lives under /var/tmp/minirun-bench and is removed at
# the end (or at the start of the next run, if this one was killed): minirun's state root, the OCI
# bundle, runc's and crun's state, podman's storage, a private dockerd with its data. Host objects
# that podman and dockerd make in fixed places (docker0, cgroups, /run/containers, iptables tables)
# are removed only when they were not there before the benchmark first ran.
set -euo pipefail

usage() {
    cat >&2 <<EOF
usage: sudo $0 [--with-podman] [--with-docker] [--runs N] [--rounds N] [--warmup N] [--fleet-runs N]

  --with-podman    also install Debian's podman and measure it, without a network and with its bridge
  --with-docker    also install Debian's docker.io, start a private dockerd, measure it, stop it again
  --runs N         timed runs of each single-container figure (default 50), spread over the rounds
  --rounds N       rounds that take turns between the runtimes (default 5)
  --warmup N       hyperfine warmup runs at the start of each round (default 5)
  --fleet-runs N   repetitions of starting and removing 50 containers (default 10)

Writes bench/RESULTS.md; hyperfine's JSON and the other raw figures stay in bench/out/.
EOF
    exit 2
}

repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/bench/out          # raw measurements (gitignored); rewritten by every run
work=/var/tmp/minirun-bench  # everything made outside the repository
state=$work/minirun          # minirun's state root
tarball=$work/busybox.tar    # the one image every runtime starts
bundle=$work/bundle          # the OCI bundle for runc and crun: config.json + rootfs/ from $tarball
tmpfs_state=$work/tmpfs-state  # a second minirun state root, on a tmpfs mounted there: (a‴)
host_state=$work/host-state  # host objects that existed before the benchmark touched the host

with_podman=0
with_docker=0
runs=50
rounds=5
warmup=5
fleet_runs=10
fleet_size=50   # target (f): 50 containers started in parallel, then removed
listed=200      # target (h): containers present while timing ps and network inspect
rss_sample=10   # target (g): monitors whose memory is read

# Objects podman and dockerd create in fixed places of the host, whatever their root directories.
host_objects=(
    path:/run/containers path:/var/lib/containers path:/run/libpod path:/run/netns path:/run/runc
    path:/run/crun path:/run/docker path:/run/containerd file:/etc/docker/key.json
    link:docker0 cgroup:docker cgroup:libpod_parent iptables:NETAVARK
    "nft:ip filter" "nft:ip nat" "nft:ip6 filter" "nft:ip6 nat"
)

log() { printf '\n== %s\n' "$*" >&2; }
warn() { printf 'bench: %s\n' "$*" >&2; }
die() {
    printf 'bench: %s\n' "$*" >&2
    exit 1
}

# meta KEY VALUE: one line of what report.py prints besides the timings (machine, versions, notes).
meta() { printf '%s\t%s\n' "$1" "$(printf '%s' "$2" | tr '\t\n' '  ')" >>"$out/meta.tsv"; }

parse_args() {
    while (($#)); do
        case $1 in
        --with-podman) with_podman=1 ;;
        --with-docker) with_docker=1 ;;
        --runs) runs=${2:?}; shift ;;
        --rounds) rounds=${2:?}; shift ;;
        --warmup) warmup=${2:?}; shift ;;
        --fleet-runs) fleet_runs=${2:?}; shift ;;
        -h | --help) usage ;;
        *) warn "unknown argument: $1"; usage ;;
        esac
        shift
    done
    local n
    for n in "$runs" "$rounds" "$warmup" "$fleet_runs"; do
        [[ $n =~ ^[0-9]+$ ]] || die "not a number: $n"
    done
    ((runs >= 2 && fleet_runs >= 2)) || die "--runs and --fleet-runs need at least 2 (for a spread)"
    ((rounds >= 1 && rounds <= runs)) || die "--rounds must be between 1 and --runs"
}

# --- prerequisites --------------------------------------------------------------------------------

# apt_install PACKAGE...: installs those that are missing. Installing docker.io would start Docker's
# system-wide daemon, which takes docker0 and rewrites the iptables FORWARD policy of a machine that
# others use too; a policy-rc.d that refuses keeps every package's service from starting.
apt_install() {
    local missing=() package
    for package; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    ((${#missing[@]})) || return 0
    command -v apt-get >/dev/null || die "missing packages: ${missing[*]} (and no apt-get to install them)"
    log "installing ${missing[*]}"
    local policy=/usr/sbin/policy-rc.d added=0 status=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 0755 "$policy" && added=1
    fi
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null; } || status=$?
    ((added)) && rm -f "$policy"
    ((status == 0)) || die "could not install: ${missing[*]}"
}

install_prerequisites() {
    "$repo/scripts/deps"  # what minirun needs to build and run, busybox-static for the image
    local packages=(hyperfine runc crun util-linux python3 iproute2 nftables)
    # netavark is podman 4's network backend (Debian only recommends it); it drives iptables.
    ((with_podman)) && packages+=(podman netavark iptables)
    ((with_docker)) && packages+=(docker.io)
    apt_install "${packages[@]}"
}

# Builds minirun as scripts/setup does (a no-op when nothing changed) and puts this checkout's
# binaries first on PATH, so an installed /usr/local/bin/minirun is never the one measured.
build_minirun() {
    log "building minirun (release)"
    # shellcheck source=scripts/swift-env
    source "$repo/scripts/swift-env"
    local bin=$repo/.build/dist
    "$repo/scripts/build-release" "$bin" 2>&1 | tail -n 1 || die "scripts/build-release failed"
    [[ -x $bin/minirun && -x $bin/minirun-monitor ]] || die "no minirun binaries in $bin"
    export PATH=$bin:$repo/bench:$PATH
    [[ $(command -v minirun) == "$bin/minirun" ]] || die "PATH does not pick $bin/minirun"
}

# --- host objects podman and dockerd leave in fixed places ---------------------------------------

# shellcheck disable=SC2086 # nft's "ip filter" is split into family and name on purpose
host_object_exists() {
    local kind=${1%%:*} name=${1#*:}
    case $kind in
    path | file) [[ -e $name ]] ;;
    link) ip link show "$name" >/dev/null 2>&1 ;;
    cgroup) compgen -G "/sys/fs/cgroup/*/$name" >/dev/null ;;
    nft) nft list table $name >/dev/null 2>&1 ;;
    iptables) command -v iptables >/dev/null && iptables-save 2>/dev/null | grep -q "^:$name" ;;
    esac
}

# Written once, before anything is created; a killed run's file is used by the next run's cleanup.
record_host_state() {
    local object
    for object in "${host_objects[@]}"; do
        if host_object_exists "$object"; then echo "$object"; fi
    done >"$host_state"
}

# shellcheck disable=SC2086 # as above
remove_host_object() {
    local kind=${1%%:*} name=${1#*:}
    case $kind in
    path)
        if mountpoint -q "$name"; then umount "$name"; fi
        # Only what is empty: a file left inside may belong to someone else's podman or docker.
        find "$name" -depth -type d -empty -delete 2>/dev/null
        [[ ! -e $name ]] || rm -f "$name/networks/ipam.db" "$name/cache/blob-info-cache-v1.boltdb" 2>/dev/null
        find "$name" -depth -type d -empty -delete 2>/dev/null
        [[ ! -e $name ]] || warn "left $name: not empty"
        ;;
    file) rm -f "$name" ;;
    link) ip link delete "$name" ;;
    cgroup)
        local dir
        for dir in /sys/fs/cgroup/*/"$name"; do
            [[ -d $dir ]] && find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null
            [[ ! -d $dir ]] || warn "left cgroup $dir: still in use"
        done
        ;;
    nft) nft delete table $name ;;
    iptables) remove_netavark_chains ;;
    esac
}

# netavark's iptables chains (and the rules that jump to them), also when their table was there
# before the benchmark (then the table itself stays).
remove_netavark_chains() {
    command -v iptables >/dev/null || return 0
    local table rule chain
    for table in filter nat; do
        iptables -t "$table" -S 2>/dev/null | grep -- '-j NETAVARK' | grep '^-A ' | while read -r rule; do
            eval "iptables -t $table ${rule/#-A/-D}"
        done
        for chain in $(iptables -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^NETAVARK/ {print $2}'); do
            iptables -t "$table" -F "$chain" && iptables -t "$table" -X "$chain"
        done
    done
}

remove_host_objects() {
    [[ -f $host_state ]] || return 0
    local object
    for object in "${host_objects[@]}"; do
        grep -qxF "$object" "$host_state" && continue  # there before us: not ours
        host_object_exists "$object" && remove_host_object "$object"
    done
    return 0
}

# --- cleanup: what every runtime made, then the work directory -----------------------------------

podman_env() {
    export CONTAINERS_CONF=$work/podman/containers.conf CONTAINERS_STORAGE_CONF=$work/podman/storage.conf
}

docker_env() { export DOCKER_HOST=unix://$work/docker/docker.sock; }

# The dockerd this script started: its pid file, and only while its command line names our directory.
our_dockerd_pid() {
    local pid
    pid=$(cat "$work/docker/dockerd.pid" 2>/dev/null) || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--data-root $work/docker" && echo "$pid"
}

stop_dockerd() {
    local pid i
    pid=$(our_dockerd_pid) || return 0
    docker_env
    docker ps -aq | xargs -r docker rm -f >/dev/null
    kill -TERM "$pid"
    for ((i = 0; i < 300; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    wait "$pid" 2>/dev/null || true  # reaps it when it is our child
}

cleanup() {
    local -  # the set +e below ends with this function
    set +e
    [[ -d $work ]] || return 0
    log "cleaning up"
    if command -v minirun >/dev/null; then
        for root in "$state" "$tmpfs_state"; do
            [[ ! -d $root ]] || minirun --root "$root" system reset --force >/dev/null
        done
    fi
    # runc and crun remove a container when `run` returns; these catch a run that was killed.
    if [[ -d $work/runc ]]; then
        runc --root "$work/runc" list -q | xargs -r -n1 runc --root "$work/runc" delete -f
    fi
    if [[ -d $work/crun ]]; then
        # shellcheck disable=SC2016 # $1 is for the inner sh
        in_cgroup2_ns sh -c 'crun --root "$1" list -q | xargs -r -n1 crun --root "$1" --cgroup-manager=disabled delete -f' \
            sh "$work/crun"
    fi
    if [[ -f $work/podman/containers.conf ]] && command -v podman >/dev/null; then
        podman_env
        podman rm -af -t 0 >/dev/null
        podman system reset -f >/dev/null 2>&1
    fi
    stop_dockerd
    remove_host_objects
    # Anything still mounted below the work directory (a crashed container, overlay2, a netns).
    grep -o " $work/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l
    rm -rf "$work"
    [[ ! -e $work ]] || warn "could not remove $work"
}

# --- the image every runtime starts --------------------------------------------------------------

prepare_image() {
    log "preparing the busybox rootfs (one tarball for every runtime)"
    mkdir -p "$work"
    "$repo/rootfs-scripts/busybox.sh" "$tarball"
    minirun image import "$tarball" busybox >/dev/null
}

# An OCI bundle from `runc spec`, with the extracted tarball as rootfs; no terminal, /bin/true.
# runc's default spec already gives the container its own (empty) network namespace, as --net=none.
prepare_bundle() {
    mkdir -p "$bundle/rootfs"
    tar -xf "$tarball" -C "$bundle/rootfs"
    runc spec --bundle "$bundle"
    python3 - "$bundle/config.json" <<'EOF'
import json, sys
path = sys.argv[1]
with open(path) as f:
    config = json.load(f)
config["process"]["terminal"] = False
config["process"]["args"] = ["/bin/true"]
with open(path, "w") as f:
    json.dump(config, f, indent=2)
EOF
}

# --- measuring ----------------------------------------------------------------------------------

hyperfine_opts=(--style basic --time-unit millisecond)

# hf KEY HYPERFINE-ARGS...: hyperfine, its JSON kept as $out/hyperfine/KEY.json for report.py.
hf() {
    local key=$1
    shift
    hyperfine "${hyperfine_opts[@]}" --export-json "$out/hyperfine/$key.json" "$@"
}

# smoke COMMAND...: runs a command once before it is timed, so that a failure shows its own message
# rather than hyperfine's exit code; the message is kept for RESULTS.md.
smoke() {
    if ! "$@" >/dev/null 2>"$work/last-error"; then
        warn "failed: $*"
        cat "$work/last-error" >&2
        return 1
    fi
}

last_error() { grep -v '^\s*$' "$work/last-error" 2>/dev/null | tail -n 1 | cut -c1-200; }

# skip FIGURE... REASON: what RESULTS.md says instead of a number.
skip() {
    local reason=${*: -1} figure
    for figure in "${@:1:$#-1}"; do meta "skip.$figure" "$reason"; done
}

# The single-container figures (a) to (e): each runtime is set up and tried once, then all of them
# are timed in turns (time_singles).
single_keys=()
declare -A single_cmd=() single_setup=() single_cleanup=()
# add_single KEY COMMAND [SETUP CLEANUP]: SETUP runs before each round's runs of KEY, CLEANUP after.
add_single() {
    single_keys+=("$1")
    single_cmd[$1]=$2
    if (($# == 4)); then
        single_setup[$1]=$3
        single_cleanup[$1]=$4
    fi
}

prepare_minirun() {
    smoke minirun run --rm --net=none busybox true || die "minirun cannot run a container here"
    smoke minirun run --rm --net=bridge busybox true || die "minirun cannot run a bridged container here"
    add_single a "minirun run --rm --net=none busybox true"
    # crun runs here with its cgroups disabled (see prepare_crun); this is minirun doing the same work.
    add_single a_nocgroup "minirun run --rm --net=none --cgroups=disabled busybox true"
    # Not a target: minirun with crun's confinement here, no cgroup and no seccomp filter (`runc spec`
    # has none): what is left of (a)'s distance to crun is the two runtimes' own work.
    add_single a_bare "minirun run --rm --net=none --cgroups=disabled --security-opt seccomp=unconfined busybox true"
    # Not a target: (a) with the state root on a tmpfs tells how much of (a) writing the container's
    # state and writable layer to this machine's disk costs (crun runs its bundle read-only).
    mkdir -p "$tmpfs_state"
    mount -t tmpfs -o size=256m,mode=0700 minirun-bench "$tmpfs_state"
    minirun --root "$tmpfs_state" image import "$tarball" busybox >/dev/null
    add_single a_tmpfs "minirun --root $tmpfs_state run --rm --net=none busybox true"
    add_single b "minirun run --rm --net=bridge busybox true"
    # (b) starts the only container on the bridge; (b′) starts it while another one runs there (not a
    # target of the issue, but what most bridged starts meet).
    add_single b_shared "minirun run --rm --net=bridge busybox true" \
        "minirun run -d --name bench-resident --net=bridge busybox sleep 86400" "minirun rm -f bench-resident"
}

# `runc run` without --keep deletes the container when it exits, so one fixed ID serves every run;
# a run that left it behind makes the next one fail ("container with id exists"), which hyperfine
# reports, so a leftover cannot go unnoticed.
# The commands are strings because hyperfine takes them so; the paths in them hold no spaces.
# shellcheck disable=SC2086
prepare_runc() {
    local cmd="runc --root $work/runc run --bundle $bundle bench-runc"
    if smoke $cmd; then add_single runc "$cmd"; else skip runc "runc failed: $(last_error)"; fi
}

# in_cgroup2_ns COMMAND...: COMMAND in a private mount namespace whose /sys/fs/cgroup is a cgroup2
# mount. crun 1.8 refuses this host's hybrid layout ("cgroups in hybrid mode not supported"); there
# it runs, with its cgroup manager disabled (the cgroupfs manager would fail to raise
# RLIMIT_MEMLOCK for its device filter, as root here lacks CAP_SYS_RESOURCE).
in_cgroup2_ns() {
    unshare --mount --propagation private sh -c 'mount -t cgroup2 none /sys/fs/cgroup && exec "$@"' sh "$@"
}

# shellcheck disable=SC2086 # as for runc
prepare_crun() {
    local cmd="crun --root $work/crun --cgroup-manager=disabled run --bundle $bundle bench-crun"
    if smoke in_cgroup2_ns $cmd; then add_single crun "$cmd"; else skip crun "crun failed: $(last_error)"; fi
}

# Podman with its storage, run files and network configuration under the work directory. runc: crun
# cannot run here (above). cgroupfs and a file for events: there is no systemd or journald.
# default_ulimits = []: Debian's default raises RLIMIT_NOFILE, which root cannot do here.
setup_podman() {
    mkdir -p "$work/podman"
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
    cat >"$work/podman/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$work/podman/storage"
runroot = "$work/podman/run"
EOF
    podman_env
    smoke podman import -q "$tarball" busybox &&
        smoke podman run --rm --pull never --network none busybox true &&
        smoke podman run --rm --pull never --network bridge busybox true
}

prepare_podman() {
    if setup_podman; then
        add_single podman_none "podman run --rm --pull never --network none busybox true"
        add_single podman_bridge "podman run --rm --pull never --network bridge busybox true"
    else
        skip podman_none podman_bridge conmon "podman failed: $(last_error)"
    fi
}

# A dockerd of our own: its socket, data, exec root and configuration under the work directory; only
# its key.json goes to /etc/docker whatever it is told (cleanup removes it unless it was there before).
# --iptables=false keeps it from changing the host's firewall (Docker would set the FORWARD policy to
# DROP on a machine others use); each bridged container still gets its veth and address, so the
# bridge figure pays for what a bridge costs, only not for rules that no container here needs.
start_dockerd() {
    local dir=$work/docker i
    mkdir -p "$dir"
    echo '{}' >"$dir/daemon.json"
    if ip link show docker0 >/dev/null 2>&1; then
        echo "docker0 exists: another Docker daemon runs here" >"$work/last-error"
        return 1
    fi
    dockerd --config-file "$dir/daemon.json" --data-root "$dir/data" --exec-root "$dir/run" \
        --pidfile "$dir/dockerd.pid" -H "unix://$dir/docker.sock" \
        --iptables=false --ip-forward=false --ip-masq=false >"$dir/dockerd.log" 2>&1 &
    docker_env
    for ((i = 0; i < 300; i++)); do
        docker version >/dev/null 2>&1 && return 0
        kill -0 $! 2>/dev/null || break
        sleep 0.1
    done
    grep -i 'level=error\|level=fatal\|failed' "$dir/dockerd.log" | tail -n 1 >"$work/last-error"
    return 1
}

prepare_docker() {
    if start_dockerd &&
        smoke docker import "$tarball" busybox &&
        smoke docker run --rm --pull never --network none busybox true &&
        smoke docker run --rm --pull never --network bridge busybox true; then
        add_single docker_none "docker run --rm --pull never --network none busybox true"
        add_single docker_bridge "docker run --rm --pull never --network bridge busybox true"
    else
        skip docker_none docker_bridge containerd_shim "docker failed: $(last_error)"
    fi
}

# Times every single-container figure in $rounds rounds of $runs / $rounds runs each, one figure after
# the other within a round: when other work on the machine comes and goes, it then falls on every
# runtime alike instead of on whichever was being timed just then. report.py pools the rounds.
# crun's hyperfine runs inside its namespace, so unshare and mount are outside the timed command:
# they work around this host's layout and are no part of what crun costs on a cgroup v2 host.
time_singles() {
    local per_round=$(((runs + rounds - 1) / rounds)) round key
    for ((round = 1; round <= rounds; round++)); do
        log "(a)-(e) single containers, round $round of $rounds: ${single_keys[*]}"
        for key in "${single_keys[@]}"; do
            local args=(-N --warmup "$warmup" --runs "$per_round" --export-json "$out/hyperfine/$key.r$round.json")
            if [[ -v single_setup[$key] ]]; then
                args+=(--setup "${single_setup[$key]}" --cleanup "${single_cleanup[$key]}")
            fi
            if [[ $key == crun ]]; then
                in_cgroup2_ns hyperfine "${hyperfine_opts[@]}" "${args[@]}" "${single_cmd[$key]}"
            else
                hyperfine "${hyperfine_opts[@]}" "${args[@]}" "${single_cmd[$key]}"
            fi
        done
    done
}

# (f) Wall time of starting $fleet_size bridged containers at once, and of one `rm -f` of all of them.
# Each timed start begins with none (--prepare removes the last run's); each timed removal begins
# with a fresh fleet.
measure_fleet() {
    log "(f) $fleet_size bridged minirun containers: start in parallel, then rm -f all"
    local ids=$work/fleet.ids
    hf start50 --warmup 1 --runs "$fleet_runs" \
        --prepare "fleet.sh rm $ids" --cleanup "fleet.sh rm $ids" \
        "fleet.sh start $fleet_size $fleet_size $ids"
    hf rm50 --warmup 1 --runs "$fleet_runs" \
        --prepare "fleet.sh start $fleet_size $fleet_size $ids" \
        "fleet.sh rm $ids"
}

# rss_of NAME PID: one line of rss.tsv, the resident memory (VmRSS) of a container's monitor process,
# and the part of it that is the process's own (RssAnon) rather than mapped files such as libraries.
rss_of() {
    local name=$1 pid=$2
    printf '%s\t%s\t%s\n' "$name" \
        "$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")" "$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status")"
}

parent_of() { awk '/^PPid:/ {print $2}' "/proc/$1/status"; }

# expect_comm PID NAME: the process is who we think it is (comm is cut to 15 characters).
expect_comm() {
    local comm
    comm=$(cat "/proc/$1/comm")
    [[ $comm == "${2:0:15}" ]] || die "process $1 is $comm, not $2"
}

# (g) The per-container parent of detached containers: minirun-monitor, conmon, containerd-shim.
measure_rss() {
    log "(g) resident memory of per-container monitors ($rss_sample running containers each)"
    local ids=$work/rss.ids id pid i
    : >"$out/rss.tsv"
    fleet.sh start "$rss_sample" 4 "$ids"
    sleep 1  # let the monitors settle
    while read -r id; do
        pid=$(parent_of "$(minirun inspect -f '{{.State.Pid}}' "$id")")
        expect_comm "$pid" minirun-monitor
        rss_of minirun "$pid" >>"$out/rss.tsv"
    done <"$ids"
    fleet.sh rm "$ids"
    if [[ -v single_cmd[podman_none] ]]; then
        for ((i = 0; i < rss_sample; i++)); do podman run -d --pull never busybox sleep 86400; done >"$ids"
        sleep 1
        while read -r id; do
            pid=$(podman inspect -f '{{.State.ConmonPid}}' "$id")
            expect_comm "$pid" conmon
            rss_of conmon "$pid" >>"$out/rss.tsv"
        done <"$ids"
        xargs podman rm -f -t 0 <"$ids" >/dev/null
    fi
    if [[ -v single_cmd[docker_none] ]]; then
        for ((i = 0; i < rss_sample; i++)); do docker run -d --pull never busybox sleep 86400; done >"$ids"
        sleep 1
        while read -r id; do
            pid=$(parent_of "$(docker inspect -f '{{.State.Pid}}' "$id")")
            expect_comm "$pid" containerd-shim-runc-v2
            rss_of containerd_shim "$pid" >>"$out/rss.tsv"
        done <"$ids"
        xargs docker rm -f <"$ids" >/dev/null
    fi
}

# (h) ps and network inspect while $listed containers run on the default bridge.
measure_listing() {
    log "(h) minirun ps and network inspect bridge with $listed running containers"
    local ids=$work/listing.ids
    fleet.sh start "$listed" 8 "$ids"
    hf ps200 -N --warmup "$warmup" --runs "$runs" "minirun ps"
    hf inspect200 -N --warmup "$warmup" --runs "$runs" "minirun network inspect bridge"
    fleet.sh rm "$ids"
}

# --- what RESULTS.md says about the run ----------------------------------------------------------

first_line() { "$@" 2>/dev/null | head -n 1; }

record_machine() {
    meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
    meta machine.cpu "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
    meta machine.cores "$(nproc)"
    meta machine.memory "$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    meta machine.kernel "$(uname -r)"
    meta machine.debian "$(cat /etc/debian_version)"
    if [[ $(stat -f -c %T /sys/fs/cgroup) == cgroup2fs ]]; then
        meta machine.cgroups "v2 (unified)"
    elif [[ -d /sys/fs/cgroup/unified ]]; then
        meta machine.cgroups "hybrid: v1 controllers, v2 at /sys/fs/cgroup/unified"
    else
        meta machine.cgroups "v1"
    fi
    meta load.start "$(cut -d' ' -f1-3 /proc/loadavg)"
}

record_versions() {
    local commit dirty=""
    commit=$(git -C "$repo" rev-parse --short=12 HEAD)
    # RESULTS.md itself is rewritten by every run: a change there says nothing about what was measured.
    [[ -z $(git -C "$repo" status --porcelain -- . ':!bench/RESULTS.md') ]] || dirty=" with uncommitted changes"
    meta version.minirun "$commit$dirty (scripts/build-release: one static executable, static monitor)"
    meta version.swift "$(first_line swift --version | sed 's/ (.*//')"
    meta version.runc "$(first_line runc --version | awk '{print $3}')"
    meta version.crun "$(first_line crun --version | awk '{print $3}')"
    meta version.hyperfine "$(first_line hyperfine --version | awk '{print $2}')"
    if ((with_podman)); then
        meta version.podman "$(first_line podman --version | awk '{print $3}')"
        meta version.conmon "$(first_line conmon --version | awk '{print $3}')"
        meta version.netavark "$(first_line /usr/lib/podman/netavark --version | awk '{print $2}')"
    fi
    if ((with_docker)); then
        meta version.docker "$(first_line dockerd --version | sed 's/^Docker version //; s/,.*//')"
        meta version.containerd "$(first_line containerd --version | awk '{print $3}')"
    fi
}

# --- main ----------------------------------------------------------------------------------------

main() {
    parse_args "$@"
    [[ $(id -u) == 0 ]] || die "run as root: sudo $0 (containers, bridges and cgroups need it)"
    install_prerequisites
    build_minirun
    cleanup  # what a killed run left behind
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    mkdir -p "$work"
    record_host_state
    rm -rf "$out"
    mkdir -p "$out/hyperfine"
    export MINIRUN_ROOT=$state
    meta settings "(a)-(e) in $rounds rounds taking turns between the runtimes, each round --warmup $warmup --runs $(((runs + rounds - 1) / rounds)) -N (no shell); (f) --warmup 1 --runs $fleet_runs; (h) --warmup $warmup --runs $runs -N"
    meta with.podman "$with_podman"
    meta with.docker "$with_docker"
    record_machine
    record_versions

    prepare_image
    prepare_bundle
    log "(a)-(e) setting up and trying each runtime once"
    prepare_minirun
    prepare_runc
    prepare_crun
    if ((with_podman)); then prepare_podman; fi
    if ((with_docker)); then prepare_docker; fi
    time_singles
    measure_fleet
    measure_rss
    measure_listing
    meta load.end "$(cut -d' ' -f1-3 /proc/loadavg)"

    python3 "$repo/bench/report.py" "$out" "$repo/bench/RESULTS.md"
}

main "$@"
