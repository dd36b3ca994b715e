import Foundation
import Runtime
import TestSupport
import Testing

/// `--device-read-bps`, `--device-write-iops` and `--blkio-weight`: written to the container's
/// blkio (v1) or io (v2) cgroup by the device's numbers, or discarded with Docker's warnings where
/// the kernel has no file for them; inspect shows them under Docker's names.
@Suite(.enabled(if: isRoot, "needs root"))
struct BlockIOTests {
    /// A block device of this machine (a disk before a loop device) and its numbers.
    static var blockDevice: (path: String, numbers: String)? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/block")) ?? []).sorted { ($0.hasPrefix("loop") ? 1 : 0, $0) < ($1.hasPrefix("loop") ? 1 : 0, $1) }
        for name in names where FileManager.default.fileExists(atPath: "/dev/" + name) {
            guard let numbers = try? String(contentsOfFile: "/sys/block/\(name)/dev", encoding: .utf8) else { continue }
            return ("/dev/" + name, numbers.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return nil
    }

    @Test func throttlesReachTheCgroupByTheDevicesNumbers() throws {
        guard let device = Self.blockDevice else {
            print("BlockIOTests: skipped: this machine shows no block device in /sys/block")
            return
        }
        let box = try Sandbox()
        defer { box.finish() }
        let made = box.run(["run", "-d", "--name", "slow", "--device-read-bps", device.path + ":1mb",
                            "--device-write-iops", device.path + ":100", "--blkio-weight", "300", "busybox", "sleep", "300"])
        #expect(made.code == 0, "\(made.err)")
        let id = box.run(["inspect", "-f", "{{.Id}}", "slow"]).out.prefix(12)
        let directories = MachineCgroups.directories(named: "minirun-\(id)")
        let layout = MachineCgroups.layout
        let fields = box.run(["inspect", "-f", "{{json .HostConfig.BlkioDeviceReadBps}} {{json .HostConfig.BlkioDeviceWriteIOps}}", "slow"]).out
        if let v1 = layout?.hierarchy(for: "blkio"), v1.version == .v1 {
            let directory = try #require(directories.first { $0.hasPrefix(v1.mountPoint + "/") }, "the container's blkio cgroup")
            #expect(try String(contentsOfFile: directory + "/blkio.throttle.read_bps_device", encoding: .utf8) == "\(device.numbers) 1048576\n")
            #expect(try String(contentsOfFile: directory + "/blkio.throttle.write_iops_device", encoding: .utf8) == "\(device.numbers) 100\n")
            #expect(fields == "[{\"Path\":\"\(device.path)\",\"Rate\":1048576}] [{\"Path\":\"\(device.path)\",\"Rate\":100}]\n", "\(fields)")
            let weighs = ["blkio.weight", "blkio.bfq.weight"].contains { FileManager.default.fileExists(atPath: v1.mountPoint + "/" + $0) }
            #expect(made.err.contains("Block I/O weight") != weighs, "a weight is discarded, with a warning, only without CFQ or BFQ: \(made.err)")
        } else if layout?.hierarchy(for: "io") != nil {
            let directory = try #require(directories.first { FileManager.default.fileExists(atPath: $0 + "/io.max") }, "the container's io cgroup")
            let max = try String(contentsOfFile: directory + "/io.max", encoding: .utf8)
            #expect(max.contains("\(device.numbers) rbps=1048576") && max.contains("wiops=100"), "\(max)")
        } else {
            print("BlockIOTests: neither a blkio nor an io controller here: the limits are discarded")
            #expect(made.err.contains("Block I/O BPS read limit discarded.") && made.err.contains("Block I/O IOPS write limit discarded."), "\(made.err)")
            #expect(fields == "[] []\n", "\(fields)")
        }
        #expect(box.run(["rm", "-f", "slow"]).code == 0)
        #expect(MachineCgroups.directories(named: "minirun-\(id)").isEmpty, "its cgroups go with it")
    }

    @Test func badDevicesAndValuesAreRefusedBeforeAnythingIsMade() throws {
        let box = try Sandbox()
        defer { box.finish() }
        for (flags, message) in [(["--device-read-bps", "/dev/null:1mb"], "--device-read-bps /dev/null: not a block device"),
                                 (["--device-write-bps", "sda:1mb"], "bad format for device path: sda:1mb"),
                                 (["--device-read-iops", "/dev/nosuchdisk:5"], "--device-read-iops /dev/nosuchdisk: No such file or directory"),
                                 (["--device-write-iops", "/dev/null:fast"], "invalid rate for device: /dev/null:fast"),
                                 (["--blkio-weight", "5"], "Range of blkio weight is from 10 to 1000"),
                                 (["--blkio-weight-device", "/dev/null:2000"], "invalid weight for device: /dev/null:2000")] {
            let refused = box.run(["run", "--rm"] + flags + ["busybox", "true"])
            #expect(refused.code == 125 && refused.err.contains(message), "\(flags): \(refused.err)")
        }
        #expect(box.run(["ps", "-a", "-q"]).out.isEmpty && box.containerIDs.isEmpty)
    }
}
