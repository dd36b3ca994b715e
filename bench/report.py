#!/usr/bin/env python3
"""Turns bench/run.sh's raw measurements into bench/RESULTS.md and prints the results table.

usage: report.py OUT_DIR RESULTS.md

OUT_DIR holds what run.sh wrote:
  hyperfine/KEY.json  hyperfine --export-json of one figure; its results[0].times are the runs, in s;
                      KEY.r1.json, KEY.r2.json, ... when the figure was timed in rounds (pooled here)
  rss.tsv             per monitor process: runtime, VmRSS in kB, RssAnon in kB
  meta.tsv            KEY <tab> VALUE: machine, versions, settings, and skip.FIGURE = why not measured

Every figure is given as its median and spread: the interquartile range (25th-75th percentile) and
min-max. Ratios and targets compare medians.
"""
import json
import statistics
import sys
from pathlib import Path

MIB = 1024  # kB per MiB (VmRSS is in kB, that is KiB)

# key, label, peer that must be installed to measure it (None: always measured)
TIMINGS = [
    ("a", "(a) `minirun run --rm --net=none busybox true`", None),
    ("a_nocgroup", "(a″) the same with `--cgroups=disabled`, as crun runs here", None),
    ("a_bare", "(a⁗) the same with `--cgroups=disabled --security-opt seccomp=unconfined`: no cgroup and no "
     "seccomp filter, as crun runs here (not a target)", None),
    ("a_tmpfs", "(a‴) the same as (a) with minirun's state root on a tmpfs (not a target: what the disk costs)", None),
    ("b", "(b) `minirun run --rm --net=bridge busybox true`", None),
    ("b_shared", "(b′) the same while another container runs on the bridge", None),
    ("runc", "(c) `runc run` on the OCI bundle", None),
    ("crun", "(d) `crun run` on the OCI bundle", None),
    ("podman_none", "(e) `podman run --rm --network none busybox true`", "podman"),
    ("podman_bridge", "(e) `podman run --rm --network bridge busybox true`", "podman"),
    ("docker_none", "(e) `docker run --rm --network none busybox true`", "docker"),
    ("docker_bridge", "(e) `docker run --rm --network bridge busybox true`", "docker"),
    ("start50", "(f) start 50 bridged minirun containers in parallel (`run -d`)", None),
    ("rm50", "(f) remove those 50 (`rm -f` of all 50)", None),
    ("ps200", "(h) `minirun ps` with 200 running containers", None),
    ("inspect200", "(h) `minirun network inspect bridge` with 200 running containers", None),
]

# key in rss.tsv, label, peer
MEMORY = [
    ("minirun", "(g) minirun-monitor, resident (VmRSS)", None),
    ("conmon", "(g) conmon (podman), resident (VmRSS)", "podman"),
    ("containerd_shim", "(g) containerd-shim-runc-v2 (docker), resident (VmRSS)", "docker"),
]

SHORT_LABELS = {
    "a": "(a) minirun, no network", "a_nocgroup": "(a″) minirun, no cgroup", "a_bare": "(a⁗) minirun, no cgroup or seccomp", "a_tmpfs": "(a‴) minirun, state on tmpfs", "b": "(b) minirun, bridge", "b_shared": "(b′) minirun, bridge in use",
    "runc": "(c) runc", "crun": "(d) crun", "podman_none": "(e) podman, no network",
    "podman_bridge": "(e) podman, bridge", "docker_none": "(e) docker, no network", "docker_bridge": "(e) docker, bridge",
}

# The results table in the order of the letters: (g) after (f), before (h).
FIGURE_ORDER = [t for t in TIMINGS if not t[0].endswith("200")] + MEMORY + [t for t in TIMINGS if t[0].endswith("200")]

# minirun figure, peer figure, what is compared
RATIOS = [
    ("a", "crun", "(a) vs crun"),
    ("a_nocgroup", "crun", "(a″) vs crun, both without a cgroup"),
    ("a_bare", "crun", "(a⁗) vs crun, both without a cgroup or a seccomp filter"),
    ("a_tmpfs", "crun", "(a‴) vs crun: minirun with its state root on a tmpfs"),
    ("a", "runc", "(a) vs runc"),
    ("a", "podman_none", "(a) vs podman, no network"),
    ("a", "docker_none", "(a) vs docker, no network"),
    ("b", "podman_bridge", "(b) vs podman with a bridge"),
    ("b", "docker_bridge", "(b) vs docker with a bridge"),
    ("b", "a", "(b) vs (a): what the bridge adds"),
    ("b_shared", "a", "(b′) vs (a): what the bridge adds when another container is on it"),
    ("minirun", "conmon", "(g) monitor vs conmon"),
    ("minirun", "containerd_shim", "(g) monitor vs containerd-shim"),
]


def read_meta(out):
    meta = {}
    path = out / "meta.tsv"
    if path.exists():
        for line in path.read_text().splitlines():
            key, _, value = line.partition("\t")
            meta[key] = value
    return meta


def summary(values):
    """median, (q1, q3), (min, max), n of a list of numbers."""
    values = sorted(values)
    if len(values) >= 2:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    else:
        q1 = q3 = values[0]
    return {"median": statistics.median(values), "iqr": (q1, q3), "range": (values[0], values[-1]), "n": len(values)}


def read_figures(out):
    figures = {}
    for key, _, _ in TIMINGS:
        paths = sorted((out / "hyperfine").glob(f"{key}.r*.json")) + sorted((out / "hyperfine").glob(f"{key}.json"))
        times = [t for path in paths for t in json.loads(path.read_text())["results"][0]["times"]]
        if times:
            figures[key] = dict(summary(times), unit="s")
    path = out / "rss.tsv"
    samples = {}
    if path.exists():
        for line in path.read_text().splitlines():
            name, rss, anon = line.split("\t")
            samples.setdefault(name, []).append((int(rss), int(anon)))
    for name, pairs in samples.items():
        figures[name] = dict(summary([rss for rss, _ in pairs]), unit="kB",
                             anon=statistics.median(anon for _, anon in pairs))
    return figures


def read_rounds(out):
    """{key: [median of round 1, round 2, ...]} for the figures timed in rounds."""
    rounds = {}
    for key, _, _ in TIMINGS:
        paths = sorted((out / "hyperfine").glob(f"{key}.r*.json"), key=lambda p: int(p.stem.split(".r")[-1]))
        if paths:
            rounds[key] = [statistics.median(json.loads(p.read_text())["results"][0]["times"]) for p in paths]
    return rounds


def rounds_table(rounds):
    """Medians round by round: load that came and went shows as one round (or one runtime) apart."""
    count = max(len(medians) for medians in rounds.values())
    rows = ["| Figure | " + " | ".join(f"round {i + 1}" for i in range(count)) + " |",
            "|---|" + "---:|" * count]
    for key, medians in rounds.items():
        rows.append(f"| {SHORT_LABELS.get(key, key)} | " + " | ".join(fmt_time(m, "ms") for m in medians) + " |")
    return rows


def fmt_time(seconds, unit=None):
    """ms below a second, s above; `unit` ("ms" or "s") keeps the values of one row alike."""
    unit = unit or ("ms" if seconds < 1 else "s")
    return f"{seconds * 1000:.1f} ms" if unit == "ms" else f"{seconds:.2f} s"


def fmt_value(value, unit, time_unit=None):
    return fmt_time(value, time_unit) if unit == "s" else f"{value / MIB:.2f} MiB"


def fmt_pair(pair, unit, time_unit):
    low, high = pair
    if unit == "s":
        scale, digits = (1000, 1) if time_unit == "ms" else (1, 2)
        return f"{low * scale:.{digits}f}–{high * scale:.{digits}f} {time_unit}"
    return f"{low / MIB:.2f}–{high / MIB:.2f} MiB"


def why_missing(key, peer, meta):
    """What the tables say instead of a number."""
    if peer and meta.get(f"with.{peer}") != "1":
        return f"not run (pass --with-{peer})"
    return meta.get(f"skip.{key}", "not measured")


def results_table(figures, meta):
    rows = ["| Figure | Median | Spread: IQR (p25–p75) | Min–max | Runs |", "|---|---:|---:|---:|---:|"]
    for key, label, peer in FIGURE_ORDER:
        figure = figures.get(key)
        if figure is None:
            rows.append(f"| {label} | {why_missing(key, peer, meta)} | | | |")
            continue
        unit = figure["unit"]
        time_unit = "ms" if figure["median"] < 1 else "s"
        rows.append(f"| {label} | {fmt_value(figure['median'], unit, time_unit)} | "
                    f"{fmt_pair(figure['iqr'], unit, time_unit)} | {fmt_pair(figure['range'], unit, time_unit)} | "
                    f"{figure['n']} |")
    return rows


def peer_of(key):
    for k, _, peer in TIMINGS + MEMORY:
        if k == key:
            return peer
    return None


def ratio_table(figures, meta):
    rows = ["| Comparison | minirun | peer | minirun ÷ peer | |", "|---|---:|---:|---:|---|"]
    for mine, theirs, label in RATIOS:
        if mine not in figures:
            continue
        a = figures[mine]
        if theirs not in figures:
            rows.append(f"| {label} | {fmt_value(a['median'], a['unit'])} | "
                        f"{why_missing(theirs, peer_of(theirs), meta)} | | |")
            continue
        b = figures[theirs]
        ratio = a["median"] / b["median"]
        if theirs == "a":
            verdict = f"+{fmt_time(a['median'] - b['median'])}"
        elif ratio <= 1:
            verdict = f"minirun {1 / ratio:.1f}× {'smaller' if a['unit'] == 'kB' else 'faster'}"
        else:
            verdict = f"minirun {ratio:.1f}× {'larger' if a['unit'] == 'kB' else 'slower'}"
        rows.append(f"| {label} | {fmt_value(a['median'], a['unit'])} | {fmt_value(b['median'], b['unit'])} | "
                    f"{ratio:.2f} | {verdict} |")
    return rows


def target_rows(figures, meta):
    """(target, measured, verdict) for each of the issue's targets; medians throughout."""
    def med(key):
        return figures[key]["median"] if key in figures else None

    def missing(*keys):
        return "; ".join(f"{k}: {why_missing(k, peer_of(k), meta)}" for k in keys if k not in figures)

    def row(target, keys, measured, ok):
        if any(k not in figures for k in keys):
            return (target, "–", "not measured (" + missing(*keys) + ")")
        return (target, measured(), "**met**" if ok() else "**not met**")

    return [
        row("(a) at or below crun", ["a", "crun"],
            lambda: f"{fmt_time(med('a'))} vs {fmt_time(med('crun'))}", lambda: med("a") <= med("crun")),
        row("(a″) at or below crun, both without a cgroup", ["a_nocgroup", "crun"],
            lambda: f"{fmt_time(med('a_nocgroup'))} vs {fmt_time(med('crun'))}", lambda: med("a_nocgroup") <= med("crun")),
        row("(b) at most 1.3 × (a)", ["a", "b"],
            lambda: f"{fmt_time(med('b'))} = {med('b') / med('a'):.2f} × (a)", lambda: med("b") <= 1.3 * med("a")),
        row("(b) at least 20 × faster than podman with a bridge", ["b", "podman_bridge"],
            lambda: f"podman {fmt_time(med('podman_bridge'))} = {med('podman_bridge') / med('b'):.1f} × (b)",
            lambda: med("podman_bridge") >= 20 * med("b")),
        row("(f) start 50 in parallel under 2 s", ["start50"],
            lambda: fmt_time(med("start50")), lambda: med("start50") < 2),
        row("(f) remove 50 under 2 s", ["rm50"],
            lambda: fmt_time(med("rm50")), lambda: med("rm50") < 2),
        row("(g) monitor at most 2 MiB resident", ["minirun"],
            lambda: fmt_value(med("minirun"), "kB"), lambda: med("minirun") <= 2 * MIB),
        row("(h) `ps` with 200 containers under 50 ms", ["ps200"],
            lambda: fmt_time(med("ps200")), lambda: med("ps200") < 0.05),
        row("(h) `network inspect bridge` with 200 containers under 50 ms", ["inspect200"],
            lambda: fmt_time(med("inspect200")), lambda: med("inspect200") < 0.05),
    ]


def gap_lines(figures):
    """(a)'s distance to crun in this run, split by the figures that leave one cost out."""
    keys = ("a", "a_nocgroup", "a_bare", "a_tmpfs", "crun")
    if not all(k in figures for k in keys):
        return []
    med = {k: figures[k]["median"] for k in keys}
    return [
        f"- In this run (a) is {fmt_time(abs(med['a'] - med['crun']))} {'below' if med['a'] <= med['crun'] else 'above'} "
        f"crun. (a) − (a″) = "
        f"{fmt_time(med['a'] - med['a_nocgroup'])} is minirun's cgroup and (a″) − (a⁗) = "
        f"{fmt_time(med['a_nocgroup'] - med['a_bare'])} its seccomp filter, neither of which crun has here; "
        f"(a) − (a‴) = {fmt_time(med['a'] - med['a_tmpfs'])} is the disk. With crun's confinement, (a⁗) is "
        f"{fmt_time(abs(med['a_bare'] - med['crun']))} {'below' if med['a_bare'] <= med['crun'] else 'above'} crun.",
    ]


def render(figures, rounds, meta):
    m = meta.get
    lines = [
        "# Benchmark results",
        "",
        f"Written by `bench/run.sh` on {m('date', '?')}; run it again rather than editing this file "
        "(see README.md, \"Benchmark\").",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| CPU | {m('machine.cpu', '?')} |",
        f"| Cores | {m('machine.cores', '?')} |",
        f"| Memory | {m('machine.memory', '?')} |",
        f"| Kernel | {m('machine.kernel', '?')} |",
        f"| Debian | {m('machine.debian', '?')} |",
        f"| cgroups | {m('machine.cgroups', '?')} |",
        f"| Load average (1, 5, 15 min) | {m('load.start', '?')} at the start, {m('load.end', '?')} at the end |",
        "",
        "## Versions",
        "",
        "| | |",
        "|---|---|",
    ]
    for name in ["minirun", "swift", "runc", "crun", "hyperfine", "podman", "conmon", "netavark", "docker", "containerd"]:
        peer = {"conmon": "podman", "netavark": "podman", "containerd": "docker"}.get(name, name)
        value = m(f"version.{name}") or (f"not run (pass --with-{peer})" if peer in ("podman", "docker") else "?")
        lines.append(f"| {name} | {value} |")
    lines += [
        "",
        "## Results",
        "",
        f"Timings by hyperfine: {m('settings', '?')}. Memory: VmRSS from /proc/PID/status of the "
        "per-container parent of detached `sleep` containers.",
        "",
    ]
    lines += results_table(figures, meta)
    if "minirun" in figures:
        lines += ["", f"Of minirun-monitor's resident memory, {figures['minirun']['anon'] / MIB:.2f} MiB (median) "
                  "is its own (RssAnon); the rest is mapped files such as shared libraries."]
        for key, name in [("conmon", "conmon"), ("containerd_shim", "containerd-shim")]:
            if key in figures:
                lines[-1] += f" For {name}: {figures[key]['anon'] / MIB:.2f} MiB."
    if rounds:
        lines += ["", "Medians of each round of (a)-(e), in the order they ran; a round far from the others "
                  "means the machine's load changed while it ran:", ""]
        lines += rounds_table(rounds)
    lines += ["", "## minirun against its peers", "", "Ratios of medians; below 1, minirun is faster (or smaller).", ""]
    lines += ratio_table(figures, meta)
    lines += ["", "## Targets", "", "| Target | Measured (medians) | |", "|---|---|---|"]
    lines += [f"| {t} | {measured} | {verdict} |" for t, measured, verdict in target_rows(figures, meta)]
    lines += ["", "## Where (a)'s time goes", ""] + gap_lines(figures) + PROFILE
    lines += ["", "## How it was measured", ""] + NOTES
    skipped = sorted((k[5:], v) for k, v in meta.items() if k.startswith("skip."))
    if skipped:
        lines += ["", "## What did not run", ""] + [f"- {key}: {reason}" for key, reason in skipped]
    return "\n".join(lines) + "\n"


# Where (a) goes: clock_gettime marks in an instrumented build (medians of 80 runs in a row, from the
# start of main), `perf record -g` (cpu-clock: this machine has no hardware counters) over 200 runs,
# and `perf sched` for the threads.
PROFILE = [
    "- Before the clone, 1.65 ms from the start of main: `run`'s arguments without swift-argument-parser "
    "(0.17 ms), the cgroup layout (0.2 ms, /proc/self/mountinfo split as bytes), the image index (0.06 ms), "
    "the container's name, record and staging directory, taken over from a removed container (0.29 ms), "
    "the /etc files (0.13 ms) and the spec of its process with the seccomp filter from its cache (0.15 ms). "
    "A thread begun once the network mode is known makes the network namespace meanwhile; the kernel "
    "takes 0.4-1.7 ms for it (most of it registering the namespace's sysctls), and in back-to-back runs, "
    "where the last run's namespaces are still being torn down on the other core, the main thread "
    "still waits 0.44 ms (median) for it before the clone (0.19 ms).",
    "- From the clone to the exec, 1.77 ms in the child: it brings up its loopback, mounts the overlay "
    "(0.2 ms of kernel work: overlayfs checks its work directory by making and removing files), /proc, "
    "/sys, /dev and Docker's masked and read-only paths, pivots, joins its cgroup, drops capabilities, "
    "loads the seccomp filter (0.25 ms of kernel work to convert and JIT-compile Docker's profile, 1,240 "
    "instructions for x86_64, x86 and x32) and executes. Meanwhile the parent records it as running and "
    "makes its cgroup directories (0.47 ms).",
    "- `true` runs and its namespaces go: 0.67 ms. Then the container is removed in 0.41 ms: its cgroup "
    "(0.13 ms), its record (checked against the bytes this process wrote, not decoded again), its layer "
    "and name.",
    "- The disk: this machine's root filesystem is ext4 without a journal, mounted with `discard`, so each "
    "freed block is discarded before the call that frees it returns (0.05 ms each). A removed container's "
    "directory is kept for the next one, and what it freed would wait for the disk (`upper`, the "
    "directories overlayfs made in `work`, the record) is moved to its trash; the next container removes "
    "the trash on a thread while it runs. (a) − (a‴) is what the disk still costs.",
    "- Throughout: page faults (the static binary's code is mapped in 64 KiB pieces as it runs, and its "
    "data pages are copied as Swift's runtime fills its caches) and Swift's first use of each generic "
    "type. The build makes type metadata through accessor calls rather than mangled names, which spares "
    "searching the program's 4,200 protocol conformances (0.3 ms).",
    "- crun here has no cgroup, no seccomp filter (`runc spec` has none), no writable layer and no record "
    "that other commands read; (a) has all of them.",
]

NOTES = [
    "- One busybox tarball (`rootfs-scripts/busybox.sh`) for every runtime: minirun imports it, runc and crun "
    "run its extracted copy as the rootfs of an OCI bundle (`runc spec`, then terminal false and args "
    "`/bin/true`), podman and docker `import` it. Every single-container figure starts `/bin/true` and waits "
    "for it to exit.",
    "- minirun is this checkout, built by the script; it runs with a state root of its own. "
    "`--net=none` gives the container an empty network namespace, as runc's and crun's default spec does.",
    "- (b) starts the only container on the bridge; (b′) starts the same container while another one runs "
    "on it (hyperfine's `--setup` starts it before the runs, `--cleanup` removes it after). minirun's nftables "
    "table lives as long as the network, so neither runs `nft`.",
    "- (a) to (e) are timed in rounds: each round times every runtime in turn, and the rounds are pooled, so "
    "that the load of other work on the machine falls on all of them alike.",
    "- runc and crun get `run`, which creates, starts, waits for and deletes the container (no `--keep`), "
    "so one fixed container ID serves every run; a leftover would make the next run fail.",
    "- crun 1.8 refuses this host's hybrid cgroup layout, so hyperfine itself runs in a private mount "
    "namespace where /sys/fs/cgroup is a cgroup2 mount, and crun runs with `--cgroup-manager=disabled`. "
    "The unshare and mount are outside the timed command: they work around this host and are no part of "
    "what crun costs where cgroup v2 is the only layout.",
    "- Not equal work: runc and minirun make a cgroup (v1 here) for each container, crun makes none (disabled "
    "above); (a″) is minirun without one. Moving a whole process into a cgroup v1 hierarchy waits for an RCU "
    "grace period (10-20 ms on this kernel) unless another move happened just before; minirun's container "
    "process moves itself, a single thread, which needs no such wait. runc and crun run the rootfs read-only "
    "from the bundle; minirun mounts an overlayfs with a writable layer per container, loads Docker's seccomp "
    "profile and writes its state to disk.",
    "- podman (only with `--with-podman`) uses runc (crun cannot run here), cgroupfs, netavark and "
    "`default_ulimits = []` (root here lacks CAP_SYS_RESOURCE), with storage and network configuration of its "
    "own. Its bridge is the default `podman` network.",
    "- docker (only with `--with-docker`) is a dockerd started by the script with a socket, data and exec root of "
    "its own, and `--iptables=false`, so that it leaves the host's firewall alone; its bridge still gives "
    "each container a veth and an address. Both use `--pull never`: nothing is fetched.",
    "- (f) is the wall time of the whole shell command: `xargs -P 50` of 50 `minirun run -d --net=bridge "
    "busybox sleep`, and one `minirun rm -f` with all 50 IDs (`bench/fleet.sh`).",
    "- The machine may be shared: the load averages above tell how busy it was.",
]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: report.py OUT_DIR RESULTS.md")
    out, results = Path(sys.argv[1]), Path(sys.argv[2])
    meta = read_meta(out)
    figures = read_figures(out)
    # bench/images.sh writes its own section, "## Images", at the end: it stays as it was.
    previous = results.read_text() if results.exists() else ""
    kept = previous[previous.index("\n## Images\n"):] if "\n## Images\n" in previous else ""
    results.write_text(render(figures, read_rounds(out), meta).rstrip("\n") + "\n" + kept)
    print("\n".join(results_table(figures, meta)))
    print()
    print("\n".join(f"{t}: {measured} -> {verdict.strip('*')}" for t, measured, verdict in target_rows(figures, meta)))
    print(f"\nwritten: {results}")


if __name__ == "__main__":
    main()
