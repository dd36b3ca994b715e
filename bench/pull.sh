#!/usr/bin/env bash
# Benchmarks `minirun pull` (issue 14's Performance section) and writes the "Pull" section of
# bench/RESULTS.md, leaving the other sections as they are. Run it as root on Debian 12:
#
#   sudo bench/pull.sh [--minirun DIR] [--rounds N]
#
# (p1) `minirun pull` of a 10-layer, ~100 MiB image (bench/images.sh's (i2) image: busybox, two small
#      layers, seven of 14.7 MB of hex text, gzip) from Debian's docker-registry on 127.0.0.1 (plain
#      HTTP, storage in a directory of its own, seeded with skopeo) into an empty state root, against
#      `skopeo copy docker://... oci:DIR` of the same image into an empty directory. Target: minirun at
#      least as fast. Measured side by side in rounds that take turns between the two commands
#      (hyperfine times both in each round; the rounds are pooled), so that the load of other work on
#      a shared machine falls on both alike. minirun's figure includes unpacking every layer and
#      checking its diff_id (its image is ready to run); skopeo's only writes the blobs. Both write to
#      a new ext4 filesystem (mkfs.ext4's defaults, with a journal) on a loop device: on an ext4
#      without a journal - this project's CI machines' root - each new inode skips, one by one, the
#      inodes deleted in the last five minutes, so removing the last run's ~340 files before each
#      run made minirun's pull about twice as slow within a few runs (0.8 s against 0.37 s on a new
#      filesystem) while skopeo's 11 files hardly noticed.
# (p2) The floor under (p1) on this machine: the CPU time of the work no pull that leaves a verified,
#      runnable image can skip, each part done once by a fast tool from Debian - receiving the blobs
#      (curl), inflating the layers (ISA-L's igzip, the library minirun-unpack uses), SHA-256 of the
#      blobs and of the uncompressed tars (OpenSSL, with the CPU's SHA instructions), making the
#      layers' files once (GNU tar), and the registry's own CPU for serving the blobs - divided by
#      the cores. A pull cannot finish sooner than that, however perfectly it spread its work; next
#      to skopeo's median it says whether (p1)'s target can be met on this machine at all. It leaves
#      out the registry protocol (manifest, config, tokens) and the whiteouts, and counts each tool's
#      start (a few ms): a real pull's floor is higher still.
#
# Everything it makes lives under /var/tmp/minirun-bench-pull and is removed at the end (the registry
# is stopped), or at the start of the next run if this one was killed. hyperfine, skopeo, igzip and
# docker-registry are installed from Debian when missing. --minirun DIR measures the binaries in DIR
# (minirun and minirun-pull) instead of building this checkout's release binaries.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=/var/tmp/minirun-bench-pull
out=$repo/bench/out/pull  # hyperfine's JSON (gitignored)
minirun_dir=""
rounds=10

usage() {
    sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

while (($#)); do
    case $1 in
    --minirun) minirun_dir=${2:?}; shift ;;
    --rounds) rounds=${2:?}; shift ;;
    *) usage ;;
    esac
    shift
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || usage
source "$repo/bench/common.sh"
require_root

cleanup() {
    if [[ -f $work/registry.pid ]]; then kill -KILL "$(cat "$work/registry.pid")" 2>/dev/null || true; fi
    if mountpoint -q "$work/fs"; then umount "$work/fs"; fi
    rm -rf "$work"
}

install_missing hyperfine skopeo docker-registry python3 curl isal openssl
if [[ -z $minirun_dir ]]; then
    log "building minirun (release)"
    minirun_dir=$repo/.build/dist
    "$repo/scripts/build-release" "$minirun_dir" 2>&1 | tail -n 1
fi
[[ -x $minirun_dir/minirun && -x $minirun_dir/minirun-pull ]] || { echo "bench: no minirun and minirun-pull in $minirun_dir" >&2; exit 1; }
export PATH=$minirun_dir:$PATH

cleanup
trap cleanup EXIT
mkdir -p "$work" "$out"
rm -f "$out"/pull-*.json "$out/floor.json"

log "starting docker-registry on loopback"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/registry.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/storage
http:
  addr: 127.0.0.1:$port
  secret: minirun-bench
EOF
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
disown  # cleanup kills it: no "Killed" line from bash then
echo $! >"$work/registry.pid"
for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break
    sleep 0.1
done

log "making the image and pushing it"
"$repo/rootfs-scripts/busybox.sh" "$work/busybox.tar" >/dev/null
python3 "$repo/Tests/IntegrationTests/Fixtures/make-image.py" "$work/busybox.tar" "$work/big.tar" --format docker25 \
    --compression gzip --layers 10 --filler-bytes 14700000 --name big:latest
mkdir -p "$work/layout"
tar -C "$work/layout" -xf "$work/big.tar"
skopeo copy --quiet --dest-tls-verify=false "oci:$work/layout:latest" "docker://127.0.0.1:$port/big:latest"
image=127.0.0.1:$port/big:latest

log "(p1) minirun pull vs skopeo copy, $rounds rounds"
truncate -s 4G "$work/fs.img"
mkfs.ext4 -q -F "$work/fs.img"
mkdir "$work/fs"
mount -o loop "$work/fs.img" "$work/fs"
state=$work/fs/state
copy=$work/fs/copy
for ((r = 1; r <= rounds; r++)); do
    hyperfine --style basic --export-json "$out/pull-$r.json" --runs 1 \
        --prepare "rm -rf $state $copy" \
        -n "minirun pull" "MINIRUN_ROOT=$state minirun pull -q $image" \
        -n "skopeo copy" "skopeo copy --quiet --src-tls-verify=false docker://$image oci:$copy:latest" >&2
done
rm -rf "$state" "$copy"

log "(p2) the floor: the work a verified, unpacked pull cannot skip, $rounds rounds"
python3 - "$work" "$copy" "$image" "$(cat "$work/registry.pid")" "$rounds" >"$out/floor.json" <<'EOF'
import json, os, resource, statistics, subprocess, sys

work, copy, image, registry_pid, rounds = sys.argv[1:]
layout = os.path.join(work, "layout")
def blob(digest):
    return os.path.join(layout, "blobs", *digest.split(":"))
manifest = json.load(open(blob(json.load(open(os.path.join(layout, "index.json")))["manifests"][0]["digest"])))
blobs = [blob(layer["digest"]) for layer in manifest["layers"]]
tars = os.path.join(work, "fs", "tars")
with open(tars, "wb") as out:
    subprocess.run(["igzip", "-dc", *blobs], stdout=out, check=True)

def cpu(command, stdout=subprocess.DEVNULL):
    """Seconds of CPU (user + system) that command takes."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=stdout, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

def registry_cpu():
    """Seconds of CPU the registry spends on one skopeo copy of the image."""
    def ticks():
        fields = open("/proc/%s/stat" % registry_pid).read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    subprocess.run(["rm", "-rf", copy], check=True)
    before = ticks()
    subprocess.run(["skopeo", "copy", "--quiet", "--src-tls-verify=false", "docker://" + image, "oci:%s:latest" % copy], check=True)
    return (ticks() - before) / os.sysconf("SC_CLK_TCK")

def extract_once():
    """The layers' files made once: GNU tar reading the concatenated tars in 1 MiB records (-b 2048)."""
    files = os.path.join(work, "fs", "files")
    os.mkdir(files)
    seconds = cpu(["tar", "-x", "-i", "-b", "2048", "-f", tars, "-C", files])
    subprocess.run(["rm", "-rf", files], check=True)
    return seconds

registry, repository = image.split("/", 1)
urls = ["http://%s/v2/%s/blobs/%s" % (registry, repository.rsplit(":", 1)[0], layer["digest"]) for layer in manifest["layers"]]
parts = {"receive": lambda: cpu(["curl", "-fsS", *[argument for url in urls for argument in ("-o", "/dev/null", url)]]),
         "inflate": lambda: cpu(["igzip", "-dc", *blobs]),
         "sha256": lambda: cpu(["openssl", "dgst", "-sha256", *blobs, tars]),
         "extract": extract_once,
         "registry": registry_cpu}
samples = {name: [] for name in parts}
for _ in range(int(rounds)):
    for name, measure in parts.items():
        samples[name].append(measure())
os.unlink(tars)
subprocess.run(["rm", "-rf", copy], check=True)
json.dump({"cores": os.cpu_count(), "blob_bytes": sum(map(os.path.getsize, blobs)),
           "parts": {name: statistics.median(values) for name, values in samples.items()}}, sys.stdout)
EOF

log "writing bench/RESULTS.md's Pull section"
report_python "$out" "$repo/bench/RESULTS.md" "$rounds" "$(du -sb "$work/layout/blobs" | cut -f1)" <<'EOF'
import glob, json, os, statistics, sys
from results_section import write_section

out, results, rounds, blob_size = sys.argv[1:]
times, per_round = {}, {}
floor = json.load(open(os.path.join(out, "floor.json")))
for path in sorted(glob.glob(os.path.join(out, "pull-*.json")), key=lambda p: int(p.rsplit("-", 1)[1][:-5])):
    for index, result in enumerate(json.load(open(path))["results"]):
        times.setdefault(index, []).extend(result["times"])
        per_round.setdefault(index, []).append(statistics.median(result["times"]))

def s(seconds):
    return "%.2f s" % seconds

labels = ["(p1) `minirun pull` of a 10-layer image from a loopback registry", "(p1) `skopeo copy docker://... oci:DIR` of the same image"]
lines = ["## Pull", "",
         "Written by `bench/pull.sh` (issue 14's Performance section); measured side by side in one run, in %s rounds taking "
         "turns between the two commands, pooled. Load averages at the end (2 cores): %s." % (rounds, " ".join(open("/proc/loadavg").read().split()[:3])), "",
         "| Figure | Median | IQR (p25–p75) | Min–max | Runs |", "|---|---:|---:|---:|---:|"]
for index, label in enumerate(labels):
    t = times[index]
    q = statistics.quantiles(t, n=4) if len(t) > 1 else [t[0], t[0], t[0]]
    lines.append("| %s | %s | %s–%s | %s–%s | %d |" % (label, s(statistics.median(t)), s(q[0]), s(q[2]), s(min(t)), s(max(t)), len(t)))
ratio = statistics.median(times[0]) / statistics.median(times[1])
lines += ["", "| Target | Ratio of medians | |", "|---|---:|---|",
          "| minirun pull ÷ skopeo copy: at most 1 × (at least as fast) | %.2f | %s |" % (ratio, "**met**" if ratio <= 1 else "**not met**")]
parts = floor["parts"]
floor_seconds = sum(parts.values()) / floor["cores"]
def ms(seconds):
    return "%.0f ms" % (seconds * 1000)
lines += ["", "(p2) The floor: CPU time of the work a pull that leaves a verified, runnable image cannot skip, each part "
          "done once by a fast tool from Debian (medians of %s rounds):" % rounds, "",
          "| Work | CPU |", "|---|---:|",
          "| receiving the blobs over HTTP (`curl` to /dev/null) | %s |" % ms(parts["receive"]),
          "| inflating the layers (`igzip -dc`, ISA-L as in minirun-unpack) | %s |" % ms(parts["inflate"]),
          "| SHA-256 of the blobs and of the uncompressed tars (`openssl dgst`, SHA instructions) | %s |" % ms(parts["sha256"]),
          "| making the layers' files once (`tar -x -i -b 2048`, the same filesystem) | %s |" % ms(parts["extract"]),
          "| the registry serving the blobs (its CPU during a `skopeo copy`) | %s |" % ms(parts["registry"]),
          "| all of it, spread perfectly over the %d cores: the fastest such pull | **%s** |" % (floor["cores"], s(floor_seconds)), "",
          "| Floor | Ratio to skopeo copy's median |", "|---|---:|",
          "| the fastest verified, unpacked pull ÷ skopeo copy (1 or more: (p1)'s target is out of reach here) | %.2f |"
          % (floor_seconds / statistics.median(times[1]))]
lines += ["", "Medians of each round:", "", "| Figure | " + " | ".join("round %d" % (i + 1) for i in range(int(rounds))) + " |",
          "|---|" + "---:|" * int(rounds)]
lines += ["| %s | %s |" % (label, " | ".join(s(m) for m in per_round[index])) for index, label in enumerate(labels)]
lines += ["", "- The image is bench/images.sh's (i2) image (%.1f MB of gzip blobs, about 100 MiB unpacked), pushed with skopeo to "
          "Debian's docker-registry on 127.0.0.1 (plain HTTP). Both write to a new ext4 filesystem with a journal on a loop device "
          "(see the script for why); before each run the state root and skopeo's directory are removed (untimed). minirun's pull "
          "downloads six layers at a time and unpacks each layer while it downloads, checking the blob's digest and the "
          "layer's diff_id at its end: the image is ready to run. skopeo writes the blobs of an OCI layout and unpacks nothing."
          % (int(blob_size) / 1e6)]
section = "\n".join(lines) + "\n"

write_section(results, section)
print(section)
EOF
