import Foundation
import TestSupport
import Testing

/// `update` as Docker's: a running container's cgroup takes new limits at once - in a directory
/// made for it when the container had none for that controller - a stopped one at its next start,
/// and the restart policy changes what happens at its next exit. With it, the limits `run` takes
/// that only `update` tests: --cpuset-cpus and --memory-reservation.
@Suite(.enabled(if: isRoot, "needs root"))
struct UpdateTests {
    /// The first line of `file` in the container's cgroup directories, wherever the machine mounts them.
    func setting(_ file: String, of container: String, in box: Sandbox) -> String? {
        let id = box.run(["inspect", "-f", "{{.Id}}", container]).out.prefix(12)
        return MachineCgroups.directories(named: "minirun-\(id)").lazy
            .compactMap { try? String(contentsOfFile: $0 + "/" + file, encoding: .utf8) }
            .first.map { String($0.split(separator: "\n").first ?? "") }
    }

    /// The container's process is in the cgroup directory that has `file`.
    func holdsProcess(_ file: String, of container: String, in box: Sandbox) -> Bool {
        let id = box.run(["inspect", "-f", "{{.Id}}", container]).out.prefix(12)
        let pid = box.run(["inspect", "-f", "{{.State.Pid}}", container]).out.trimmingCharacters(in: .newlines)
        return MachineCgroups.directories(named: "minirun-\(id)").contains { directory in
            FileManager.default.fileExists(atPath: directory + "/" + file)
                && ((try? String(contentsOfFile: directory + "/cgroup.procs", encoding: .utf8)) ?? "").split(separator: "\n").contains(Substring(pid))
        }
    }

    @Test(.needsLimits(by: "cpu")) func aRunningContainerGetsACPULimitItHadNoCgroupFor() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "busy", "--net=none", "busybox", "sleep", "300"]).code == 0)
        let updated = box.run(["update", "--cpus", "0.5", "busy"])
        #expect(updated.code == 0 && updated.out == "busy\n", "\(updated.err)")
        let quota = setting("cpu.cfs_quota_us", of: "busy", in: box) ?? setting("cpu.max", of: "busy", in: box)
        #expect(quota == "50000" || quota == "50000 100000", "\(quota ?? "no cpu file")")
        #expect(holdsProcess("cpu.cfs_quota_us", of: "busy", in: box) || holdsProcess("cpu.max", of: "busy", in: box))
        #expect(box.run(["inspect", "-f", "{{.HostConfig.NanoCpus}}", "busy"]).out == "500000000\n")
    }

    /// --cpu-period and --cpu-quota at the start and by `update`, as Docker writes them: the period
    /// and quota as given, -1 for none; not with --cpus.
    @Test(.needsLimits(by: "cpu")) func aCFSPeriodAndQuotaAtStartAndByUpdate() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let started = box.run(["run", "-d", "--name", "cfs", "--net=none", "--cpu-period", "50000", "--cpu-quota", "25000", "busybox", "sleep", "300"])
        #expect(started.code == 0, "\(started.err)")
        let cpuMax = { setting("cpu.max", of: "cfs", in: box) }
        let v1 = { [setting("cpu.cfs_period_us", of: "cfs", in: box), setting("cpu.cfs_quota_us", of: "cfs", in: box)] }
        #expect(v1() == ["50000", "25000"] || cpuMax() == "25000 50000", "\(v1()) \(cpuMax() ?? "no cpu.max")")
        #expect(box.run(["inspect", "-f", "{{.HostConfig.CpuPeriod}} {{.HostConfig.CpuQuota}} {{.HostConfig.NanoCpus}}", "cfs"]).out == "50000 25000 0\n")
        #expect(box.run(["update", "--cpu-quota", "-1", "cfs"]).code == 0)
        #expect(v1() == ["50000", "-1"] || cpuMax() == "max 50000", "\(v1()) \(cpuMax() ?? "no cpu.max")")
        let both = box.run(["update", "--cpus", "1", "cfs"])
        #expect(both.code == 1 && both.err == "minirun: Conflicting options: Nano CPUs and CPU Period cannot both be set\n")
        let short = box.run(["run", "--rm", "--net=none", "--cpu-period", "999", "busybox", "true"])
        #expect(short.code == 125 && short.err.contains("CPU cfs period can not be less than 1ms"), "\(short.err)")
    }

    @Test(.needsLimits(by: "memory", "pids")) func memoryAndPidsLimitsChangeWhileItRuns() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "app", "--net=none", "-m", "64m", "busybox", "sleep", "300"]).code == 0)
        let memory = { setting("memory.limit_in_bytes", of: "app", in: box) ?? setting("memory.max", of: "app", in: box) }
        #expect(memory() == "67108864")
        // Above the memory+swap limit of 128m that -m 64m gave: on v1 that one must be raised first.
        #expect(box.run(["update", "-m", "256m", "app"]).code == 0)
        #expect(memory() == "268435456")
        #expect(box.run(["update", "--pids-limit", "20", "app"]).code == 0)
        #expect(setting("pids.max", of: "app", in: box) == "20")
        #expect(box.run(["update", "--pids-limit", "-1", "app"]).code == 0)
        #expect(setting("pids.max", of: "app", in: box) == "max", "-1 takes the limit away")
        #expect(box.run(["inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}}", "app"]).out == "268435456 -1\n")

        let tooLow = box.run(["update", "--memory-swap", "100m", "app"])
        #expect(tooLow.code == 1 && tooLow.err == "minirun: Minimum memoryswap limit should be larger than memory limit, see usage\n")
        #expect(memory() == "268435456", "a refused update changes nothing")
    }

    @Test(.needsLimits(by: "memory")) func aStoppedContainerTakesItsNewLimitsAtItsNextStart() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["create", "--name", "later", "--net=none", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["update", "-m", "48m", "later"]).out == "later\n")
        #expect(box.run(["start", "later"]).code == 0)
        #expect((setting("memory.limit_in_bytes", of: "later", in: box) ?? setting("memory.max", of: "later", in: box)) == "50331648")
    }

    /// --cpuset-cpus pins the container, at its start and by `update`; --memory-reservation is the
    /// soft limit.
    @Test(.needsLimits(by: "cpuset", "memory")) func cpusetAndReservationAtStartAndByUpdate() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let online = try String(contentsOfFile: "/sys/devices/system/cpu/online", encoding: .utf8).split(whereSeparator: { $0 == "," || $0 == "-" || $0 == "\n" })
        let (first, last) = (String(online.first ?? "0"), String(online.last ?? "0"))
        let pinned = box.run(["run", "--rm", "--net=none", "--cpuset-cpus", last, "busybox", "grep", "Cpus_allowed_list", "/proc/self/status"])
        #expect(pinned.out == "Cpus_allowed_list:\t\(last)\n", "\(pinned.err)")
        #expect(box.run(["run", "-d", "--name", "moved", "--net=none", "--memory-reservation", "32m", "busybox", "sleep", "300"]).code == 0)
        #expect((setting("memory.soft_limit_in_bytes", of: "moved", in: box) ?? setting("memory.low", of: "moved", in: box)) == "33554432")
        #expect(box.run(["update", "--cpuset-cpus", first, "moved"]).code == 0)
        #expect(box.run(["exec", "moved", "grep", "Cpus_allowed_list", "/proc/1/status"]).out == "Cpus_allowed_list:\t\(first)\n")
        #expect(box.run(["inspect", "-f", "{{.HostConfig.CpusetCpus}} {{.HostConfig.MemoryReservation}}", "moved"]).out == "\(first) 33554432\n")

        let unknown = box.run(["run", "--rm", "--cpuset-cpus", "4096", "busybox", "true"])
        #expect(unknown.code == 125 && unknown.err.hasPrefix("minirun: Requested CPUs are not available - requested 4096, available: "))
        let backwards = box.run(["update", "--cpuset-cpus", "1-0", "moved"])
        #expect(backwards.code == 1 && backwards.err == "minirun: Invalid value 1-0 for cpuset cpus\n")
        let above = box.run(["run", "--rm", "-m", "16m", "--memory-reservation", "32m", "busybox", "true"])
        #expect(above.code == 125 && above.err == "minirun: Minimum memory limit can not be less than memory reservation limit, see usage\n")
    }

    @Test func theRestartPolicyDecidesTheNextExit() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--name", "failing", "--net=none", "busybox", "sh", "-c", "exit 3"]).code == 3)
        #expect(box.run(["update", "--restart", "on-failure:2", "failing"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}", "failing"]).out == "on-failure:2\n")
        #expect(box.run(["start", "failing"]).code == 0)
        #expect(eventually(10) { box.run(["inspect", "-f", "{{.RestartCount}} {{.State.Status}}", "failing"]).out == "2 exited\n"})
    }

    @Test func refusesWhatDockerRefuses() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--rm", "--name", "gone-later", "--net=none", "busybox", "sleep", "300"]).code == 0)
        for (arguments, message) in [
            (["gone-later"], "You must provide one or more flags when using this command."),
            (["--restart", "always", "gone-later"], "Restart policy cannot be updated because AutoRemove is enabled for the container"),
            (["--restart", "sometimes", "gone-later"], "invalid restart policy sometimes: use no, on-failure[:N], always or unless-stopped"),
            (["-m", "1k", "gone-later"], "Minimum memory limit allowed is 6MB"),
            (["-m", "32m", "ghost"], "No such container: ghost"),
        ] {
            let result = box.run(["update"] + arguments)
            #expect(result.code == 1 && result.err == "minirun: \(message)\n", "\(arguments): \(result.err)")
        }
        #expect(box.run(["inspect", "-f", "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.Memory}}", "gone-later"]).out == "no 0\n")
    }
}
