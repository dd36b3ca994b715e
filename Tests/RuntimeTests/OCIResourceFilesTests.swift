import Foundation
import JSONCodec
@testable import Runtime
import Testing

/// linux.resources' blockIO, hugepageLimits and network as the cgroup files minirun-oci writes, on
/// v1, hybrid and v2-only layouts, with directories of plain files standing in for cgroups.
struct OCIResourceFilesTests {
    static let hybrid = CgroupLayout(hierarchies: [
        CgroupHierarchy(version: .v1, controllers: ["blkio"], mountPoint: "/sys/fs/cgroup/blkio", current: "/"),
        CgroupHierarchy(version: .v1, controllers: ["memory"], mountPoint: "/sys/fs/cgroup/memory", current: "/"),
        CgroupHierarchy(version: .v2, controllers: ["hugetlb"], mountPoint: "/sys/fs/cgroup/unified", current: "/"),
    ])
    static let v2Only = CgroupLayout(hierarchies: [
        CgroupHierarchy(version: .v2, controllers: ["cpu", "io", "memory", "pids", "hugetlb"], mountPoint: "/sys/fs/cgroup", current: "/"),
    ])

    static func resources(_ json: String) throws -> OCIResources {
        try JSONValue(parsing: Array(json.utf8)).decode(OCIResources.self)
    }

    static let everything = """
        {"blockIO": {"weight": 500, "leafWeight": 300,
                     "weightDevice": [{"major": 8, "minor": 0, "weight": 200, "leafWeight": 100}],
                     "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 1048576}],
                     "throttleWriteBpsDevice": [{"major": 8, "minor": 0, "rate": 2097152}],
                     "throttleReadIOPSDevice": [{"major": 8, "minor": 16, "rate": 100}],
                     "throttleWriteIOPSDevice": [{"major": 8, "minor": 16, "rate": 200}]},
         "hugepageLimits": [{"pageSize": "2MB", "limit": 1073741824}, {"pageSize": "1048576KB", "limit": 2147483648}],
         "network": {"classID": 1048577, "priorities": [{"name": "lo", "priority": 10}, {"name": "eth0", "priority": 30}]}}
        """

    /// A directory standing in for a cgroup, holding empty files of these names.
    static func cgroupDirectory(_ version: CgroupHierarchy.Version, _ controllers: [String], files: [String: String]) throws -> CgroupDirectory {
        let path = NSTemporaryDirectory() + "minirun-resource-files-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, content) in files { try content.write(toFile: path + "/" + name, atomically: false, encoding: .utf8) }
        return CgroupDirectory(path: path, version: version, controllers: controllers)
    }

    @Test func hugepageSizesTakeTheKernelsNames() throws {
        #expect(HugepageSize("2MB")?.kernelName == "2MB")
        #expect(HugepageSize("2048KB")?.kernelName == "2MB")
        #expect(HugepageSize("1GB")?.kernelName == "1GB")
        #expect(HugepageSize("1024MB")?.kernelName == "1GB")
        #expect(HugepageSize("64KB")?.kernelName == "64KB")
        #expect(HugepageSize("16G")?.kernelName == "16GB")
        for bad in ["", "MB", "3XB", "-2MB", "2 MB", "0MB"] { #expect(HugepageSize(bad) == nil, "\(bad)") }
        let offered = [HugepageSize(bytes: 2 << 20), HugepageSize(bytes: 1 << 30)]
        #expect(try HugepageSize.kernelName(of: "2048KB", offered: offered) == "2MB")
        #expect(throws: RuntimeError.self) { try HugepageSize.kernelName(of: "3MB", offered: offered) }
        do {
            _ = try HugepageSize.kernelName(of: "3MB", offered: offered)
        } catch let error as RuntimeError {
            #expect(error.message == "invalid hugepage size 3MB: this kernel offers 2MB, 1GB")
        }
    }

    @Test func offeredHugepageSizesAreTheKernelsDirectories() throws {
        let directory = try Self.cgroupDirectory(.v1, [], files: [:]).path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in ["hugepages-1048576kB", "hugepages-2048kB", "other"] {
            try FileManager.default.createDirectory(atPath: directory + "/" + name, withIntermediateDirectories: false)
        }
        #expect(HugepageSize.offered(in: directory).map(\.kernelName) == ["2MB", "1GB"])
        #expect(HugepageSize.offered(in: directory + "/missing").isEmpty)
    }

    @Test func controllersFollowTheLayout() throws {
        let resources = try Self.resources(Self.everything)
        #expect(resources.fileControllers(layout: Self.hybrid) == ["blkio", "hugetlb", "net_cls", "net_prio"])
        // v2 has no net_cls or net_prio: runc's v2 manager ignores the network resources, as minirun-oci does.
        #expect(resources.fileControllers(layout: Self.v2Only) == ["io", "hugetlb"])
        #expect(try Self.resources(#"{"blockIO": {}}"#).fileControllers(layout: Self.hybrid).isEmpty)
    }

    @Test func hybridPlacesHugetlbOnTheUnifiedHierarchyAndRefusesAnUnmountedNetCls() throws {
        let hugepages = try Self.resources(#"{"hugepageLimits": [{"pageSize": "2MB", "limit": 1073741824}]}"#)
        let cgroup = try OCICgroup.plan(cgroupsPath: "/t1", id: "t1", limits: ResourceLimits(), resources: hugepages,
                                        devices: nil, layout: Self.hybrid)
        #expect(cgroup.cgroup.directories.map(\.path) == ["/sys/fs/cgroup/blkio/t1", "/sys/fs/cgroup/memory/t1", "/sys/fs/cgroup/unified/t1"])
        #expect(cgroup.cgroup.directories.last?.controllers == ["hugetlb"])
        let network = try Self.resources(#"{"network": {"classID": 1}}"#)
        #expect(throws: RuntimeError.self) {
            try OCICgroup.plan(cgroupsPath: "/t1", id: "t1", limits: ResourceLimits(), resources: network, devices: nil, layout: Self.hybrid)
        }
        let v2 = try OCICgroup.plan(cgroupsPath: "/t1", id: "t1", limits: ResourceLimits(), resources: network, devices: nil, layout: Self.v2Only)
        #expect(v2.cgroup.directories.map(\.controllers) == [["memory", "cpu", "pids", "io"]])
    }

    @Test func v1WithCFQ() throws {
        let directory = try Self.cgroupDirectory(.v1, ["blkio"], files: ["blkio.weight": "500"])
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let settings = try Self.resources(Self.everything).fileSettings(in: directory).map(\.description)
        #expect(settings == [
            "blkio.weight=500", "blkio.leaf_weight=300", "blkio.weight_device=8:0 200", "blkio.leaf_weight_device=8:0 100",
            "blkio.throttle.read_bps_device=8:0 1048576", "blkio.throttle.write_bps_device=8:0 2097152",
            "blkio.throttle.read_iops_device=8:16 100", "blkio.throttle.write_iops_device=8:16 200",
        ])
    }

    @Test func v1WithBFQAndTheOtherControllers() throws {
        let directory = try Self.cgroupDirectory(.v1, ["blkio", "hugetlb", "net_cls", "net_prio"], files: ["blkio.bfq.weight": "100"])
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let settings = try Self.resources(Self.everything).fileSettings(in: directory)
        #expect(settings.prefix(3).map(\.description) == ["blkio.bfq.weight=500", "blkio.leaf_weight=300", "blkio.bfq.weight_device=8:0 200"])
        #expect(settings.suffix(7).map(\.description) == [
            "hugetlb.2MB.limit_in_bytes=1073741824", "hugetlb.2MB.rsvd.limit_in_bytes=1073741824",
            "hugetlb.1GB.limit_in_bytes=2147483648", "hugetlb.1GB.rsvd.limit_in_bytes=2147483648",
            "net_cls.classid=1048577", "net_prio.ifpriomap=lo 10", "net_prio.ifpriomap=eth0 30",
        ])
        // Reservation limits are skipped where the kernel lacks them (before 5.7), as runc skips them.
        #expect(settings.filter(\.optional).map(\.file) == ["hugetlb.2MB.rsvd.limit_in_bytes", "hugetlb.1GB.rsvd.limit_in_bytes"])
    }

    @Test func v2WithoutBFQConvertsTheWeightAndLeavesDeviceWeightsOut() throws {
        let directory = try Self.cgroupDirectory(.v2, ["io", "hugetlb"], files: [:])
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let settings = try Self.resources(Self.everything).fileSettings(in: directory).map(\.description)
        #expect(settings == [
            "io.weight=4950", "io.max=8:0 rbps=1048576", "io.max=8:0 wbps=2097152", "io.max=8:16 riops=100", "io.max=8:16 wiops=200",
            "hugetlb.2MB.max=1073741824", "hugetlb.2MB.rsvd.max=1073741824", "hugetlb.1GB.max=2147483648", "hugetlb.1GB.rsvd.max=2147483648",
        ])
        #expect(OCIBlockIO.ioWeight(10) == 1)
        #expect(OCIBlockIO.ioWeight(1000) == 10000)
    }

    @Test func v2WithBFQTakesTheWeightAsGivenAndDeviceWeightsWhereItCan() throws {
        let perDevice = try Self.cgroupDirectory(.v2, ["io"], files: ["io.bfq.weight": "default 100\n"])
        let bareDefault = try Self.cgroupDirectory(.v2, ["io"], files: ["io.bfq.weight": "100\n"])
        defer { for directory in [perDevice, bareDefault] { try? FileManager.default.removeItem(atPath: directory.path) } }
        let resources = try Self.resources(#"{"blockIO": {"weight": 500, "weightDevice": [{"major": 8, "minor": 0, "weight": 200}]}}"#)
        #expect(resources.fileSettings(in: perDevice).map(\.description) == ["io.bfq.weight=500", "io.bfq.weight=8:0 200"])
        #expect(resources.fileSettings(in: bareDefault).map(\.description) == ["io.bfq.weight=500"])
    }

    @Test func badInputIsRefusedBeforeAnythingIsMade() throws {
        let offered = [HugepageSize(bytes: 2 << 20)]
        #expect(throws: RuntimeError.self) {
            try Self.resources(#"{"hugepageLimits": [{"pageSize": "3MB", "limit": 1}]}"#).checkFileResources(offeredHugepages: offered)
        }
        #expect(throws: RuntimeError.self) {
            try Self.resources(#"{"network": {"priorities": [{"name": "lo 5\neth0", "priority": 1}]}}"#).checkFileResources(offeredHugepages: offered)
        }
        try Self.resources(Self.everything).checkFileResources(offeredHugepages: offered + [HugepageSize(bytes: 1 << 30)])
    }
}
