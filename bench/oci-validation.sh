#!/usr/bin/env bash
# Runs the opencontainers/runtime-tools validation suite (its 58 validation/* programs, TAP output)
# against minirun-oci, runc and crun, and counts for each runtime the programs that pass entirely
# (exit status 0 and no "not ok" line). Usage, as root:
#
#   bench/oci-validation.sh [minirun-oci|runc|crun ...]      # all three by default
#
# runtime-tools is built outside the repository, in $RUNTIME_TOOLS (default /var/tmp/runtime-tools),
# from revision 6c9570a - the one that builds with Debian's Go 1.19 from its vendored modules. If that
# directory is missing it is cloned from $RUNTIME_TOOLS_REPO (a git URL or a local clone). Each runtime
# runs through a wrapper that gives it a state root of its own, which is emptied afterwards. crun 1.8
# refuses the hybrid cgroup layout, so it runs in a mount namespace without the cgroup2 mount at
# /sys/fs/cgroup/unified (what it then sees is cgroup v1 alone). Per-program TAP output goes to
# bench/out/oci-validation/RUNTIME/; the summary (counts, then each failing program with its first
# failing assertion) to stdout.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
tools=${RUNTIME_TOOLS:-/var/tmp/runtime-tools}
revision=6c9570a
out=$repo/bench/out/oci-validation
minirun_oci=${MINIRUN_OCI:-$repo/.build/debug/minirun-oci}
per_program_timeout=${PER_PROGRAM_TIMEOUT:-120}
runtimes=("$@")
((${#runtimes[@]})) || runtimes=(minirun-oci runc crun)

[[ $(id -u) == 0 ]] || { echo "oci-validation: needs root" >&2; exit 1; }

build_runtime_tools() {
  if [[ ! -d $tools/.git ]]; then
    git clone -q "${RUNTIME_TOOLS_REPO:-https://github.com/opencontainers/runtime-tools}" "$tools"
  fi
  git -C "$tools" checkout -q "$revision"
  [[ -x $tools/runtimetest && -x $tools/validation/default/default.t ]] && return
  command -v go >/dev/null || [[ -x /usr/lib/go-1.19/bin/go ]] || apt-get install -y -qq golang-go >/dev/null
  echo "oci-validation: building runtime-tools $revision in $tools" >&2
  (cd "$tools" && PATH=/usr/lib/go-1.19/bin:$PATH GOFLAGS=-mod=vendor GOPROXY=off \
     GOCACHE=$tools/.gocache GOPATH=$tools/.gopath make runtimetest validation-executables >/dev/null)
}

runtime_path() {
  case $1 in
    minirun-oci) echo "$minirun_oci" ;;
    *) command -v "$1" ;;
  esac
}

# A wrapper that runs the runtime with a state root of its own, so that the run touches no container
# another program made; crun's also hides the cgroup2 mount from it (see above).
write_wrapper() { # name path state-root wrapper
  local name=$1 path=$2 root=$3 wrapper=$4
  if [[ $name == crun ]]; then
    printf '#!/bin/sh\nexec unshare --mount --propagation private sh -c %s sh "$@"\n' \
      "'umount -l /sys/fs/cgroup/unified 2>/dev/null; exec $path --root $root \"\$@\"'" >"$wrapper"
  else
    printf '#!/bin/sh\nexec %s --root %s "$@"\n' "$path" "$root" >"$wrapper"
  fi
  chmod +x "$wrapper"
}

# Deletes what a failed program left in the runtime's root, then the cgroups the suite names
# (/cgrouptest and testdir/cgrouptest/container, relative to the runtime's cgroup), children first;
# rmdir removes only a cgroup without processes or children.
clean_up() { # wrapper root
  local id
  for id in $(ls "$2" 2>/dev/null); do "$1" delete --force "$id" >/dev/null 2>&1 || true; done
  rm -rf "$2"
  find /sys/fs/cgroup -depth -type d \( -name cgrouptest -o -path '*/testdir/cgrouptest/container' \
    -o -path '*/testdir/cgrouptest' -o -name testdir \) -exec rmdir {} \; 2>/dev/null || true
}

build_runtime_tools
programs=()
for file in "$tools"/validation/*/*.t; do programs+=("$(basename "$file" .t)"); done

summary=()
for name in "${runtimes[@]}"; do
  path=$(runtime_path "$name") || { echo "oci-validation: $name is not installed" >&2; continue; }
  dir=$out/$name
  rm -rf "$dir"; mkdir -p "$dir"
  root=$(mktemp -d /run/oci-validation-XXXXXX)
  wrapper=$dir/runtime
  write_wrapper "$name" "$path" "$root" "$wrapper"
  passed=0 failures=()
  for program in "${programs[@]}"; do
    tap=$dir/$program.tap
    status=0
    (cd "$tools" && RUNTIME=$wrapper timeout -k 5 "$per_program_timeout" \
       "validation/$program/$program.t") >"$tap" 2>&1 || status=$?
    if [[ $status == 0 ]] && ! grep -q '^not ok' "$tap"; then
      passed=$((passed + 1))
    else
      reason=$(grep -m1 '^not ok' "$tap" || true)
      [[ -n $reason ]] || reason="exit $status: $(grep -v '^\s*$' "$tap" | tail -n1 | cut -c1-160)"
      failures+=("$program: $reason")
    fi
    clean_up "$wrapper" "$root"; mkdir -p "$root"
  done
  clean_up "$wrapper" "$root"
  summary+=("$name $("$path" --version 2>/dev/null | head -n1 | tr -s ' ' || true): $passed of ${#programs[@]} pass")
  {
    echo "## $name: $passed of ${#programs[@]} programs pass"
    for failure in "${failures[@]}"; do echo "- $failure"; done
    echo
  } | tee "$dir/summary.md"
done
printf '%s\n' "${summary[@]}"
