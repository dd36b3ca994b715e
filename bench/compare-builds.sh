#!/usr/bin/env bash
# Figure (a) - `run --rm --net=none busybox true` - of two builds of minirun side by side, for a
# before/after check of a change on a machine that may be busy: the builds take turns, round after
# round, each with a state root of its own, so a change in the machine's load falls on both.
#
#   sudo bench/compare-builds.sh BEFORE_DIR AFTER_DIR [ROUNDS] [RUNS]
#
# Each DIR holds minirun, minirun-monitor and minirun-unpack (scripts/build-release DIR).
# Prints the median and minimum wall time of each build over all rounds, its CPU time, and the ratios.
# Everything it makes lives under /var/tmp/minirun-bench-compare and is removed at the end.
set -euo pipefail
[[ $# -ge 2 ]] || { sed -n 2,10p "$0" >&2; exit 2; }
before=$(cd "$1" && pwd)
after=$(cd "$2" && pwd)
rounds=${3:-5}
runs=${4:-20}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=/var/tmp/minirun-bench-compare

cleanup() {
  for build in before after; do
    [[ -d $work/$build ]] && MINIRUN_ROOT=$work/$build "${!build}/minirun" system reset --force >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
cleanup
mkdir -p "$work"
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
"$repo/rootfs-scripts/busybox.sh" "$work/busybox.tar" >/dev/null
for build in before after; do
  MINIRUN_ROOT=$work/$build "${!build}/minirun" image import "$work/busybox.tar" busybox >/dev/null
done

for round in $(seq "$rounds"); do
  for build in before after; do
    MINIRUN_ROOT=$work/$build hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/$build-$round.json" \
      "${!build}/minirun run --rm --net=none busybox true" >/dev/null
  done
done

python3 - "$work" "$rounds" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
# Wall time is what a user waits for, but on a busy machine it mostly measures the queue for a core.
# CPU time (user + system, the command's own and its waited-for children's, per run) is what the build
# itself spends: far less moved by other load, so it is printed beside wall time.
wall, cpu = {}, {}
for build in ("before", "after"):
    results = [json.load(open(f"{work}/{build}-{r}.json"))["results"][0] for r in range(1, rounds + 1)]
    wall[build] = [t for result in results for t in result["times"]]
    cpu[build] = [result["user"] + result["system"] for result in results]
for build in ("before", "after"):
    print(f"{build:6}  wall median {statistics.median(wall[build]) * 1000:6.2f} ms  min {min(wall[build]) * 1000:6.2f} ms"
          f"  cpu (median of round means) {statistics.median(cpu[build]) * 1000:6.2f} ms  runs {len(wall[build])}")
print(f"after / before: wall medians {statistics.median(wall['after']) / statistics.median(wall['before']):.2f}"
      f", cpu {statistics.median(cpu['after']) / statistics.median(cpu['before']):.2f}")
PY
