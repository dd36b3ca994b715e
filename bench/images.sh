#!/usr/bin/env bash
# Benchmarks minirun's layered images (issue 14's Performance section) and writes the "Images" section
# of bench/RESULTS.md, leaving the other sections as they are. Run it as root on Debian 12:
#
#   sudo bench/images.sh [--minirun DIR] [--rounds N] [--runs N] [--load-runs N]
#
# Two comparisons, each measured side by side in one run, in rounds that take turns between the two
# commands (hyperfine times both in each round; the rounds are pooled), so that the load of other
# work on a shared machine falls on both alike:
#
#   (i1) `minirun run --rm --net=none IMAGE true` of a 20-layer image (Tests/IntegrationTests/Fixtures/
#        make-image.py: busybox, then 19 small layers) against the one-layer busybox image.
#        Target: at most 1.1 x.
#   (i2) `minirun load -i` of a docker-save tarball (Docker 25 layout) of a 10-layer, ~100 MiB image
#        (busybox, two small layers, seven of 14.7 MB of hex text, gzip) into an empty state root,
#        against Debian's `umoci unpack` of the same image as an OCI layout (that tarball extracted,
#        untimed) into an empty bundle. Target: minirun at least as fast.
#
# Everything it makes lives under /var/tmp/minirun-bench-images (state root, images, umoci bundle) and
# is removed at the end, or at the start of the next run if this one was killed. hyperfine and umoci
# are installed from Debian when missing. --minirun DIR measures the binaries in DIR instead of
# building this checkout's release binaries (scripts/build-release) as bench/run.sh does.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=/var/tmp/minirun-bench-images
state=$work/minirun
out=$repo/bench/out/images  # hyperfine's JSON (gitignored)
minirun_dir=""
rounds=15     # many short rounds: the two commands of a comparison take turns often
runs=4        # (i1) runs of each command per round
load_runs=1   # (i2) runs of each command per round

usage() {
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

while (($#)); do
    case $1 in
    --minirun) minirun_dir=${2:?}; shift ;;
    --rounds) rounds=${2:?}; shift ;;
    --runs) runs=${2:?}; shift ;;
    --load-runs) load_runs=${2:?}; shift ;;
    *) usage ;;
    esac
    shift
done
for n in "$rounds" "$runs" "$load_runs"; do [[ $n =~ ^[1-9][0-9]*$ ]] || usage; done
source "$repo/bench/common.sh"
require_root

cleanup() {
    if [[ -d $state ]] && command -v minirun >/dev/null; then MINIRUN_ROOT=$state minirun system reset -f >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}

install_missing hyperfine umoci python3
if [[ -z $minirun_dir ]]; then
    log "building minirun (release)"
    minirun_dir=$repo/.build/dist
    "$repo/scripts/build-release" "$minirun_dir" 2>&1 | tail -n 1
fi
export PATH=$minirun_dir:$PATH
[[ -x $minirun_dir/minirun ]] || { echo "bench: no minirun in $minirun_dir" >&2; exit 1; }

cleanup
trap cleanup EXIT
mkdir -p "$work" "$out"
export MINIRUN_ROOT=$state

log "making the images"
make_image=$repo/Tests/IntegrationTests/Fixtures/make-image.py
"$repo/rootfs-scripts/busybox.sh" "$work/busybox.tar" >/dev/null
python3 "$make_image" "$work/busybox.tar" "$work/layers20.tar" --format oci-tar --compression gzip --layers 20 --name layers20:latest
python3 "$make_image" "$work/busybox.tar" "$work/big.tar" --format docker25 --compression gzip --layers 10 \
    --filler-bytes 14700000 --name big:latest
mkdir -p "$work/layout"
tar -C "$work/layout" -xf "$work/big.tar"
minirun import "$work/busybox.tar" busybox >/dev/null
minirun load -i "$work/layers20.tar" >/dev/null

# round NAME ROUND HYPERFINE-ARGS...: one round of a comparison, its JSON in $out/NAME-ROUND.json.
round() {
    local name=$1 number=$2
    shift 2
    hyperfine --style basic --export-json "$out/$name-$number.json" "$@" >&2
}

log "(i1) run --rm --net=none: 20 layers vs busybox, $rounds rounds of $runs runs"
for ((r = 1; r <= rounds; r++)); do
    round run "$r" -N --warmup 3 --runs "$runs" \
        -n "20 layers" "minirun run --rm --net=none layers20 true" \
        -n "busybox" "minirun run --rm --net=none busybox true"
done

log "(i2) load of a 10-layer image vs umoci unpack, $rounds rounds of $load_runs runs"
load_state=$work/load-state
bundle=$work/bundle
for ((r = 1; r <= rounds; r++)); do
    round load "$r" --runs "$load_runs" \
        --prepare "rm -rf $load_state $bundle" \
        -n "minirun load" "MINIRUN_ROOT=$load_state minirun load -i $work/big.tar" \
        -n "umoci unpack" "umoci unpack --image $work/layout:latest $bundle"
done
rm -rf "$load_state" "$bundle"
unpacked=$(du -sb "$work/layout/blobs" | cut -f1)

log "writing bench/RESULTS.md's Images section"
report_python "$out" "$repo/bench/RESULTS.md" "$rounds" "$runs" "$load_runs" "$(stat -c %s "$work/big.tar")" "$unpacked" <<'EOF'
import glob, json, os, statistics, sys
from results_section import write_section

out, results, rounds, runs, load_runs, tar_size, blob_size = sys.argv[1:]
def pooled(name):
    times = {}
    per_round = {}
    for path in sorted(glob.glob(os.path.join(out, name + "-*.json")), key=lambda p: int(p.rsplit("-", 1)[1][:-5])):
        # In the order given to hyperfine: the measured command first, its peer second.
        for index, result in enumerate(json.load(open(path))["results"]):
            times.setdefault(index, []).extend(result["times"])
            per_round.setdefault(index, []).append(statistics.median(result["times"]))
    return times, per_round

def ms(seconds):
    return "%.1f ms" % (seconds * 1000) if seconds < 1 else "%.2f s" % seconds

def quartiles(values):
    q = statistics.quantiles(values, n=4)
    return q[0], q[2]

lines = ["## Images", "",
         "Written by `bench/images.sh` (issue 14's Performance section); each comparison measured side by side in one run, "
         "in %s rounds taking turns between its two commands, pooled. Load averages at the end (2 cores): %s." % (rounds, " ".join(open("/proc/loadavg").read().split()[:3])), "",
         "| Figure | Median | IQR (p25–p75) | Min–max | Runs |", "|---|---:|---:|---:|---:|"]
comparisons = [("run", "20 layers", "busybox", "(i1) `run --rm --net=none` of a 20-layer image", "(i1) the same of the one-layer busybox image", 1.1, "at most 1.1 ×"),
               ("load", "minirun load", "umoci unpack", "(i2) `minirun load -i` of a 10-layer docker-save tarball", "(i2) `umoci unpack` of the same image as an OCI layout", 1.0, "at most 1 × (at least as fast)")]
targets = []
rounds_table = []
for name, first, second, first_label, second_label, limit, wording in comparisons:
    times, per_round = pooled(name)
    for command, label in [(0, first_label), (1, second_label)]:
        t = times[command]
        p25, p75 = quartiles(t)
        lines.append("| %s | %s | %s–%s | %s–%s | %d |" % (label, ms(statistics.median(t)), ms(p25), ms(p75), ms(min(t)), ms(max(t)), len(t)))
        rounds_table.append("| %s | %s |" % (label, " | ".join(ms(m) for m in per_round[command])))
    ratio = statistics.median(times[0]) / statistics.median(times[1])
    targets.append("| %s ÷ %s: %s | %.2f | %s |" % (first, second, wording, ratio, "**met**" if ratio <= limit else "**not met**"))
lines += ["", "| Target | Ratio of medians | |", "|---|---:|---|"] + targets
lines += ["", "Medians of each round:", "", "| Figure | " + " | ".join("round %d" % (i + 1) for i in range(int(rounds))) + " |",
          "|---|" + "---:|" * int(rounds)] + rounds_table
lines += ["", "- The 20-layer image is `Tests/IntegrationTests/Fixtures/make-image.py --layers 20` (busybox at the bottom, then 19 "
          "small layers, gzip); its overlay names 20 lower directories by their short l/ links. Each run makes, starts and removes "
          "a container (`true`).",
          "- The load's tarball is %.1f MB (gzip layers; %.1f MB of blobs), about 100 MiB unpacked. minirun reads the tarball itself "
          "(extracting it to a staging directory, checking every digest and diff_id, unpacking each layer into its own directory); "
          "umoci reads the already extracted layout and unpacks every layer into one rootfs (plus its mtree manifest). Before each run "
          "the state root or bundle is removed (untimed)." % (int(tar_size) / 1e6, int(blob_size) / 1e6),
          "- With a load average above the machine's 2 cores, most of each (i1) figure is waiting for a CPU (the quiet machine's "
          "(a) above is about 6 ms): read the ratios, measured side by side, rather than the times."]
section = "\n".join(lines) + "\n"

write_section(results, section)
print(section)
EOF
