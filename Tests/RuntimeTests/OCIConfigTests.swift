import CRuntimeShims
import Glibc
import JSONCodec
@testable import Runtime
import Testing

/// How minirun-oci reads a bundle's config.json: mount options, cgroupsPath, resources and the
/// filesystem steps of its child.
struct OCIConfigTests {
    @Test func mountOptionsSplitIntoFlagsPropagationAndData() {
        let options = OCIMountOptions(["rbind", "ro", "nosuid", "rw", "nodev", "rslave", "mode=755", "size=1k"])
        #expect(options.bind && options.recursive)
        #expect(options.flags == UInt(MS_NOSUID | MS_NODEV))  // "rw" after "ro" clears it
        #expect(options.propagation == UInt(MS_SLAVE | MS_REC))
        #expect(options.dataString == "mode=755,size=1k")
    }

    @Test func cgroupsPathForms() {
        #expect(OCICgroup.path(nil, id: "c1") == "c1")
        #expect(OCICgroup.path("/default/c1", id: "c1") == "/default/c1")
        #expect(OCICgroup.path("machine.slice:libpod:abc", id: "abc") == "/machine.slice/libpod-abc.scope")
        #expect(OCICgroup.path(":minirun:x", id: "x") == "/system.slice/minirun-x.scope")
    }

    @Test func resourcesBecomeLimits() throws {
        let json = #"{"memory":{"limit":104857600,"swap":209715200},"cpu":{"quota":50000,"period":100000,"shares":512},"pids":{"limit":64}}"#
        let resources = try JSONValue(parsing: Array(json.utf8)).decode(OCIResources.self)
        let limits = ResourceLimits(oci: resources)
        #expect(limits.memory == 104_857_600)
        #expect(limits.memorySwap == 209_715_200)
        #expect(limits.cpuQuota == 50_000 && limits.cpuPeriod == 100_000 && limits.cpus == nil)
        #expect(limits.cpuShares == 512)
        #expect(limits.pidsLimit == 64)
    }

    @Test func deviceRulesAllowOnlyWhatTheyName() {
        let confined = DeviceAllowlist(oci: [OCIDeviceRule(allow: false, type: nil, major: nil, minor: nil, access: "rwm"),
                                             OCIDeviceRule(allow: true, type: "c", major: 10, minor: 229, access: "rw")], devices: [])
        #expect(confined?.allows(.char, major: 10, minor: 229, access: .read) == true)
        #expect(confined?.allows(.block, major: 8, minor: 0, access: .read) == false)
        #expect(DeviceAllowlist(oci: [OCIDeviceRule(allow: true, type: "a", major: nil, minor: nil, access: "rwm")], devices: []) == nil)
    }

    @Test func theDefaultSpecBecomesStepsThatPivotFirst() throws {
        var config = OCISpec.runcDefault
        config.root = OCIRoot(path: "/", readonly: true)
        config.process?.terminal = false
        config.linux?.sysctl = ["net.ipv4.ip_forward": "1"]
        let launch = try OCILaunch(config, bundle: "/", cgroupMounts: [], seccompCache: "/nonexistent")
        defer { launch.close() }
        let kinds = launch.spec.steps.map(\.kind)
        #expect(kinds.prefix(2) == [.mount, .pivot])
        #expect(launch.spec.steps.contains { $0.kind == .mount && $0.fstype == "proc" && $0.target == "/proc" })
        #expect(launch.spec.steps.contains { $0.kind == .write && $0.target == "/proc/sys/net/ipv4/ip_forward" && $0.data == "1" })
        #expect(launch.spec.steps.contains { $0.kind == .mask && $0.target == "/proc/kcore" })
        #expect(launch.spec.steps.last?.kind == .remount)  // root.readonly, after everything else
        #expect(launch.spec.cloneFlags & UInt64(CLONE_NEWNET) != 0)
        #expect(launch.spec.hostname == "runc")
        #expect(launch.spec.noNewPrivileges)
    }

    @Test func aUserNamespaceIsRefusedWithAReason() {
        var config = OCISpec.runcDefault
        config.root = OCIRoot(path: "/", readonly: false)
        config.linux?.namespaces?.append(OCINamespace(type: "user", path: nil))
        #expect(throws: RuntimeError.self) { try OCILaunch(config, bundle: "/", cgroupMounts: [], seccompCache: "/nonexistent") }
    }

    @Test func namespacesJoinedByPathAndTheRootsPropagationAfterPivot() throws {
        var config = OCISpec.runcDefault
        config.root = OCIRoot(path: "/", readonly: false)
        config.process?.terminal = false
        config.linux?.rootfsPropagation = "shared"
        config.linux?.namespaces = [
            OCINamespace(type: "pid", path: "/proc/self/ns/pid"), OCINamespace(type: "mount", path: "/proc/self/ns/mnt"),
            OCINamespace(type: "uts", path: "/proc/self/ns/uts"), OCINamespace(type: "cgroup", path: "/proc/self/ns/cgroup"),
        ]
        let launch = try OCILaunch(config, bundle: "/", cgroupMounts: [], seccompCache: "/nonexistent")
        defer { launch.close() }
        #expect(launch.spec.cloneFlags == 0)
        #expect(launch.spec.joinNamespaces[Int(MR_NS_PID.rawValue)] == "/proc/self/ns/pid")
        #expect(launch.spec.joinNamespaces[Int(MR_NS_MNT.rawValue)] == "/proc/self/ns/mnt")
        #expect(launch.spec.joinNamespaces[Int(MR_NS_CGROUP.rawValue)] == "/proc/self/ns/cgroup")
        #expect(!launch.spec.newCgroupNamespace)
        #expect(launch.spec.hostname == "runc")  // into the UTS namespace joined
        let pivot = try #require(launch.spec.steps.firstIndex { $0.kind == .pivot })
        #expect(launch.spec.steps[pivot + 1].kind == .mount && launch.spec.steps[pivot + 1].target == "/")
        #expect(launch.spec.steps[pivot + 1].flags == UInt(MS_SHARED))
    }

    @Test func onlyOCIVersionsOneXYAreRead() {
        for version in ["1.0.0", "1.0.2-dev", "1.1.0+build.5", "1.2.0-rc.1"] { #expect(OCIVersion.isSupported(version), "\(version)") }
        for version in ["invalid", "", "1.0", "2.0.0", "1.0.x", "v1.0.0", "1..0"] { #expect(!OCIVersion.isSupported(version), "\(version)") }
    }

    @Test func deviceRulesOfTheConfigComeFirstInTheirOrder() {
        let rules = [OCIDeviceRule(allow: false, type: nil, major: nil, minor: nil, access: "rwm"),
                     OCIDeviceRule(allow: true, type: "c", major: 10, minor: 229, access: "rwm"),
                     OCIDeviceRule(allow: true, type: "b", major: 8, minor: 20, access: "rw")]
        let lines = DeviceAllowlist(oci: rules, devices: [])?.devicesAllowLines ?? []
        #expect(Array(lines.prefix(2)) == ["c 10:229 rwm", "b 8:20 rw"])
        #expect(lines.contains("c 1:3 rwm"))  // Docker's defaults after them
    }

    @Test func cpusetLimitsWriteMemsBeforeCpus() throws {
        let json = #"{"cpu":{"cpus":"0-1","mems":"0"}}"#
        let limits = ResourceLimits(oci: try JSONValue(parsing: Array(json.utf8)).decode(OCIResources.self))
        #expect(limits.requiredControllers == ["cpuset"])
        let settings = CgroupSetting.settings(for: limits, version: .v1, controllers: ["cpuset"])
        #expect(settings.map(\.description) == ["cpuset.mems=0", "cpuset.cpus=0-1"])
        #expect(CgroupSetting.settings(for: limits, version: .v1, controllers: ["memory"]).isEmpty)
    }

    @Test func aFifoDeviceIsMadeWithoutADeviceNumber() throws {
        var config = OCISpec.runcDefault
        config.root = OCIRoot(path: "/", readonly: false)
        config.process?.terminal = false
        config.linux?.devices = [OCIDevice(type: "p", path: "/dev/fifo0", major: nil, minor: nil, fileMode: 0o640, uid: nil, gid: nil)]
        let launch = try OCILaunch(config, bundle: "/", cgroupMounts: [], seccompCache: "/nonexistent")
        defer { launch.close() }
        let step = try #require(launch.spec.steps.first { $0.target == "/dev/fifo0" })
        #expect(step.kind == .makeNode && step.mode == UInt32(S_IFIFO) | 0o640 && step.device == 0)
        #expect(launch.deviceNodes.isEmpty)
    }
}
