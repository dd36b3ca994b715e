import Foundation
import Runtime
import Testing
import TestSupport

/// Device confinement: a container keeps CAP_MKNOD (as in Docker), so only its cgroup's device
/// allowlist stands between it and the host's disks. Each test attaches a loop device of its own.
@Suite(.enabled(if: isRoot, "needs root"))
struct DeviceTests {
    static let denied = "Operation not permitted"

    @Test func aDefaultContainerCannotOpenADiskItMakesANodeOfButHasItsOwnDevices() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let loop = try LoopDevice()
        defer { loop.detach() }
        let script = """
            mknod /tmp/disk b \(loop.major) \(loop.minor) && echo mknod=ok
            head -c 32 /tmp/disk
            printf X | dd of=/tmp/disk conv=notrunc
            for device in null zero full random urandom; do head -c 1 /dev/$device > /dev/null && echo $device=ok; done
            echo x > /dev/null && echo null-write=ok
            """
        let result = box.run(["run", "--rm", "--net=none", "busybox", "sh", "-c", script])
        #expect(result.out.contains("mknod=ok"), "CAP_MKNOD stays, as in Docker: \(result.err)")
        #expect(!result.out.contains(LoopDevice.marker), "read the host's disk: \(result.out)")
        #expect(result.err.components(separatedBy: Self.denied).count == 3, "open for reading and writing: \(result.err)")
        for device in ["null", "zero", "full", "random", "urandom", "null-write"] {
            #expect(result.out.contains("\(device)=ok"), "\(device): \(result.out) \(result.err)")
        }
        #expect(loop.head == LoopDevice.marker, "the host's disk was written")
    }

    @Test func anExecdProcessIsConfinedToo() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let loop = try LoopDevice()
        defer { loop.detach() }
        #expect(box.run(["run", "-d", "--name", "target", "--net=none", "busybox", "sleep", "300"]).code == 0)
        let result = box.run(["exec", "target", "sh", "-c", "mknod /tmp/disk b \(loop.major) \(loop.minor) && head -c 32 /tmp/disk"])
        #expect(result.code != 0 && result.err.contains(Self.denied), "\(result.out) \(result.err)")
        #expect(box.run(["rm", "-f", "target"]).code == 0)
    }

    @Test func deviceMakesTheNodeAndAllowsItWithItsPermissions() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let loop = try LoopDevice()
        defer { loop.detach() }
        let whole = box.run(["run", "--rm", "--net=none", "--device", loop.path, "busybox", "sh", "-c", "ls -l \(loop.path); head -c 32 \(loop.path)"])
        #expect(whole.code == 0, "\(whole.err)")
        #expect(whole.out.hasPrefix("b") && whole.out.contains("\(loop.major),") && whole.out.contains(LoopDevice.marker), "\(whole.out)")

        let readOnly = box.run(["run", "--rm", "--net=none", "--device", "\(loop.path):/dev/sub/disk:r", "busybox", "sh", "-c",
                                "head -c 32 /dev/sub/disk; echo; printf X | dd of=/dev/sub/disk conv=notrunc"])
        #expect(readOnly.out.contains(LoopDevice.marker), "\(readOnly.out) \(readOnly.err)")
        #expect(readOnly.code != 0 && readOnly.err.contains(Self.denied), "r alone does not let it write: \(readOnly.err)")
        #expect(loop.head == LoopDevice.marker)
    }

    @Test func deviceCgroupRuleAllowsANodeTheContainerMakes() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let loop = try LoopDevice()
        defer { loop.detach() }
        let result = box.run(["run", "--rm", "--net=none", "--device-cgroup-rule", "b \(loop.major):\(loop.minor) rw", "busybox", "sh", "-c",
                              "mknod /tmp/disk b \(loop.major) \(loop.minor) && head -c 32 /tmp/disk"])
        #expect(result.code == 0 && result.out.contains(LoopDevice.marker), "\(result.out) \(result.err)")
        let created = box.run(["run", "--name", "ruled", "--net=none", "--device-cgroup-rule", "c 42:* rw", "--device", "\(loop.path):/dev/disk:r",
                            "busybox", "true"])
        #expect(created.code == 0, "\(created.err)")
        let hostConfig = box.run(["inspect", "-f", "{{json .HostConfig}}", "ruled"]).out
        let object = try #require(try JSONSerialization.jsonObject(with: Data(hostConfig.utf8)) as? [String: Any])
        #expect(object["DeviceCgroupRules"] as? [String] == ["c 42:* rw"], "\(hostConfig)")
        let devices = object["Devices"] as? [[String: String]]
        #expect(devices == [["PathOnHost": loop.path, "PathInContainer": "/dev/disk", "CgroupPermissions": "r"]], "\(hostConfig)")
        #expect(box.run(["rm", "ruled"]).code == 0)
    }

    @Test func privilegedMayOpenEveryDevice() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let loop = try LoopDevice()
        defer { loop.detach() }
        let result = box.run(["run", "--rm", "--net=none", "--privileged", "busybox", "sh", "-c",
                              "head -c 32 \(loop.path); mknod /tmp/disk b \(loop.major) \(loop.minor) && head -c 32 /tmp/disk"])
        #expect(result.code == 0 && result.out.components(separatedBy: LoopDevice.marker).count == 3, "\(result.out) \(result.err)")
    }

    @Test func badDeviceOptionsAreRefusedAndNothingIsCreated() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let loop = try LoopDevice()
        defer { loop.detach() }
        for options in [
            ["--device-cgroup-rule", "x 7:0 rw"], ["--device-cgroup-rule", "b 7:0"], ["--device-cgroup-rule", "b 7:0 rwx"],
            ["--device-cgroup-rule", "b -1:0 r"], ["--device-cgroup-rule", "b 7:0  r"], ["--device-cgroup-rule", "c 99999999999:1 r"],
            ["--device", "/dev/minirun-no-such-device"], ["--device", "/etc/hostname"], ["--device", "/dev"],
            ["--device", "dev/null"], ["--device", "\(loop.path):/dev/disk:rwx"], ["--device", "\(loop.path):relative"],
            ["--device", "\(loop.path):/a:/b:r"], ["--privileged", "--device", "\(loop.path):/dev/elsewhere"],
            ["--cgroups=disabled", "--device-cgroup-rule", "b 7:0 r"],
        ] {
            let result = box.run(["run", "--rm", "--net=none"] + options + ["busybox", "true"])
            #expect(result.code == 125, "\(options): \(result.err)")
            #expect(result.err.split(separator: "\n").count == 1, "\(options): \(result.err)")
        }
        #expect(box.run(["ps", "-a", "-q"]).out.isEmpty)
    }

    /// A container whose allowlist the kernel refuses does not start, rather than start unconfined:
    /// beneath a devices cgroup of the test's own that denies /dev/net/tun, the container's cannot allow it.
    /// (On cgroup v2 nothing refuses: the parent's device program and the container's both apply.)
    @Test(.enabled(if: MachineCgroups.layout?.hierarchy(for: "devices")?.version == .v1,
                   "needs a cgroup v1 devices hierarchy, whose parent cgroup can refuse a container's rules"))
    func aContainerWhoseDeviceRulesCannotBeAppliedDoesNotStart() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let parent = try TestCgroupParent()
        defer { parent.remove() }
        let devices = try #require(parent.v1Directory(for: "devices"))
        try "a".write(toFile: devices + "/devices.deny", atomically: false, encoding: .utf8)
        for rule in ["c *:* m", "b *:* m", "c 1:3 rwm", "c 1:5 rwm"] {
            try rule.write(toFile: devices + "/devices.allow", atomically: false, encoding: .utf8)
        }

        let result = box.run(["run", "--rm", "--net=none", "--cgroup-parent", parent.name, "busybox", "echo", "started"])
        #expect(result.code == 125 && !result.out.contains("started"), "\(result.out) \(result.err)")
        #expect(result.err.contains("cannot confine the container's devices") && result.err.contains("devices.allow"), "\(result.err)")
        #expect(parent.containerCgroups.isEmpty, "\(parent.containerCgroups)")
    }

    @Test func aNonRootUserCanWriteDevNull() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let result = box.run(["run", "--rm", "--net=none", "-u", "1000", "busybox", "sh", "-c", "echo x > /dev/null && ls -l /dev/null /dev/zero"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.split(separator: "\n").allSatisfy { $0.hasPrefix("crw-rw-rw-") }, "\(result.out)")
    }

    @Test func explainShowsTheAllowlistAndWhatDisablingCgroupsDrops() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let explained = box.run(["run", "--rm", "--net=none", "--explain", "busybox", "true"]).err
        let layout = try CgroupLayout.discover()
        if layout.hierarchy(for: "devices")?.version == .v1 {
            #expect(explained.contains("echo a > /sys/fs/cgroup/devices/") && explained.contains("/devices.deny\n"), "\(explained)")
            #expect(explained.contains("echo 'c 1:3 rwm' > /sys/fs/cgroup/devices/"), "\(explained)")
        } else {
            #expect(explained.contains("BPF_PROG_TYPE_CGROUP_DEVICE program"), "\(explained)")
        }
        let disabled = box.run(["run", "--rm", "--net=none", "--explain", "--cgroups=disabled", "busybox", "true"]).err
        #expect(disabled.contains("no device allowlist"), "\(disabled)")
        let help = box.run(["run", "--help"]).out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("--device-cgroup-rule") && help.contains("no device allowlist"), "\(help)")
    }

    /// cgroup v2 has no devices controller: a device program, attached to a v2 cgroup this test
    /// makes beneath its own, must deny and allow as the allowlist says for a process placed there.
    /// On a hybrid machine the v2 hierarchy holds no controller, but device programs work on it all the same.
    @Test(.enabled(if: MachineCgroups.layout?.unified != nil, "no cgroup v2 hierarchy is mounted"))
    func aDeviceProgramConfinesAProcessInAV2Cgroup() throws {
        let unified = try #require(try CgroupLayout.discover().unified)
        let loop = try LoopDevice()
        defer { loop.detach() }
        let scratch = try Sandbox.makeTemporaryDirectory(prefix: "minirun-devices")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let onlyV2 = CgroupLayout(hierarchies: [unified])
        let readRule = DeviceRule(.block, UInt32(loop.major), UInt32(loop.minor), .read)

        func confined(_ extraRules: [DeviceRule], _ script: String) throws -> Sandbox.Result {
            let devices = DeviceAllowlist.forContainer(privileged: false, devices: [], extraRules: extraRules)
            let cgroup = try ContainerCgroup.plan(containerID: Identifiers.newID(), limits: ResourceLimits(), devices: devices, layout: onlyV2)
            #expect(cgroup.directories.map(\.version) == [.v2])
            do {
                try cgroup.create(limits: ResourceLimits())
            } catch where "\(error)".contains("BPF_PROG_") {
                try Test.cancel("the kernel refuses a device program here: \(error)")
            }
            defer {
                #expect((try? cgroup.remove()) != nil)
                #expect(!FileManager.default.fileExists(atPath: cgroup.directories[0].path))
            }
            return Command.shell("echo $$ > \(cgroup.directories[0].path + "/cgroup.procs") || exit 99\n" + script)
        }

        let disk = scratch + "/disk"
        let denied = try confined([], """
            for device in null zero urandom; do head -c 1 /dev/$device > /dev/null && echo $device=ok; done
            mknod \(disk) b \(loop.major) \(loop.minor) && echo mknod=ok
            head -c 32 \(disk)
            head -c 32 \(loop.path)
            """)
        #expect(denied.out == "null=ok\nzero=ok\nurandom=ok\nmknod=ok\n", "\(denied.out) \(denied.err)")
        #expect(denied.err.components(separatedBy: Self.denied).count == 3, "\(denied.err)")

        let allowed = try confined([readRule], """
            head -c 32 \(loop.path); echo
            printf X | dd of=\(loop.path) conv=notrunc
            """)
        #expect(allowed.out.hasPrefix(LoopDevice.marker), "\(allowed.out) \(allowed.err)")
        #expect(allowed.err.contains(Self.denied), "read alone does not let it write: \(allowed.err)")
        #expect(loop.head == LoopDevice.marker)
    }
}
