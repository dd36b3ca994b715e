import Foundation
import Runtime
import TestSupport
import Testing

/// linux.resources' blockIO, hugepageLimits and network: the cgroup files hold what the config asked
/// for while the container exists, on whatever layout this machine has, and its cgroups go with
/// `delete`. Each container gets an absolute cgroupsPath of its own (as runtime-tools' programs use),
/// so that on cgroup v2 its parent is the root, which may hand any controller down.
@Suite(.enabled(if: isRoot, "needs root"), .serialized)
struct OCICgroupResourceTests {
    static let minirunOCI = Binaries.directory + "/minirun-oci"

    /// A bundle of `sleep` with these resources beside the default device rules, under /NAME.
    static func bundle(_ runtime: OCIRuntimeUnderTest, name: String, resources: [String: Any]) throws -> OCITestBundle {
        let bundle = try OCITestBundle(runtime: runtime, args: ["sleep", "100"])
        var linux = bundle.linux
        var merged = linux["resources"] as? [String: Any] ?? [:]
        merged.merge(resources) { $1 }
        linux["resources"] = merged
        linux["cgroupsPath"] = "/" + name
        bundle.linux = linux
        try bundle.write()
        return bundle
    }

    static func newName() -> String { "minirun-ocitest-" + String(UInt32.random(in: 0...UInt32.max), radix: 16) }

    static func read(_ path: String) -> String {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The first block device of this machine as MAJOR:MINOR (a throttle names a whole disk).
    static func blockDevice() -> String? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/block")) ?? []).sorted()
        return names.lazy.map { read("/sys/block/\($0)/dev") }.first { !$0.isEmpty }
    }

    /// Creates the container and returns the output of `create` when it failed.
    static func create(_ runtime: OCIRuntimeUnderTest, _ bundle: OCITestBundle, _ id: String) -> (ok: Bool, output: String) {
        let output = bundle.directory + "/output"
        let result = runtime.runToFile(["create", "--bundle", bundle.directory, id], output: output)
        return (result.code == 0, read(output))
    }

    /// The throttles as blockIO takes them and the lines the v1 files or v2's io.max then hold.
    static func throttles(_ device: String) -> [String: Any] {
        let parts = device.split(separator: ":").compactMap { Int($0) }
        func entry(_ rate: Int) -> [[String: Any]] { [["major": parts[0], "minor": parts[1], "rate": rate]] }
        return ["throttleReadBpsDevice": entry(1_048_576), "throttleWriteBpsDevice": entry(2_097_152),
                "throttleReadIOPSDevice": entry(100), "throttleWriteIOPSDevice": entry(200)]
    }

    /// Checks the weight (unless nil) and the throttles in the container's blkio (v1) or io (v2) directory.
    static func expectBlockIO(in directory: String, version: CgroupHierarchy.Version, device: String,
                              weight: Int?, ioWeight: Int) {
        switch version {
        case .v1:
            if let weight {
                let weightFile = FileManager.default.fileExists(atPath: directory + "/blkio.weight") ? "blkio.weight" : "blkio.bfq.weight"
                #expect(read(directory + "/" + weightFile) == String(weight))
            }
            for (file, rate) in [("read_bps", 1_048_576), ("write_bps", 2_097_152), ("read_iops", 100), ("write_iops", 200)] {
                #expect(read(directory + "/blkio.throttle.\(file)_device") == "\(device) \(rate)", "\(file)")
            }
        case .v2:
            if let weight {
                let bfq = FileManager.default.fileExists(atPath: directory + "/io.bfq.weight")
                #expect(read(directory + (bfq ? "/io.bfq.weight" : "/io.weight")).hasPrefix("default \(bfq ? weight : ioWeight)"))
            }
            #expect(read(directory + "/io.max") == "\(device) rbps=1048576 wbps=2097152 riops=100 wiops=200")
        }
    }

    /// Whether a weight can be set here: v1 offers blkio.weight only with CFQ and blkio.bfq.weight
    /// only with BFQ loaded (runc fails a weight without either, as minirun-oci does); v2's
    /// io.weight comes with the iocost controller (whose io.cost.qos is in the root) and
    /// io.bfq.weight with BFQ. Without them only the throttles are checked.
    static func takesWeight(_ hierarchy: CgroupHierarchy) -> Bool {
        let root = hierarchy.mountPoint
        switch hierarchy.version {
        case .v1:
            return ["blkio.weight", "blkio.bfq.weight"].contains { FileManager.default.fileExists(atPath: root + "/" + $0) }
        case .v2:
            let schedulers = ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/block")) ?? []).map { read("/sys/block/\($0)/queue/scheduler") }
            return FileManager.default.fileExists(atPath: root + "/io.cost.qos")
                || schedulers.contains { $0.split(separator: " ").contains { $0.trimmingCharacters(in: ["[", "]"]) == "bfq" } }
        }
    }

    /// The weight to ask for, or nil (said once) when this machine cannot take one.
    static func weight(_ value: Int, in hierarchy: CgroupHierarchy, test: String) -> Int? {
        if takesWeight(hierarchy) { return value }
        print("OCICgroupResourceTests: \(test): weight skipped: no CFQ, BFQ or iocost weight file on this kernel; throttles only")
        return nil
    }

    /// The blkio hierarchy, or v2's when io is there (a v2-only machine), or why neither can be tested.
    static func blockIOHierarchy() -> (CgroupHierarchy?, String?) {
        guard let layout = MachineCgroups.layout else { return (nil, "the cgroup layout cannot be read") }
        guard let hierarchy = layout.hierarchy(for: "blkio") ?? layout.hierarchy(for: "io") else {
            return (nil, "no blkio (v1) or io (v2) controller is mounted")
        }
        guard blockDevice() != nil else { return (nil, "this machine has no block device to throttle") }
        return (hierarchy, nil)
    }

    /// Both runtimes: minirun-oci writes what runc writes (the BFQ weight file on a kernel without CFQ).
    @Test(arguments: OCIRuntimeUnderTest.all()) func blockIOFilesHoldTheConfigsValues(_ path: String) throws {
        let (found, reason) = Self.blockIOHierarchy()
        guard let hierarchy = found, let device = Self.blockDevice() else {
            print("OCICgroupResourceTests: blockIO skipped: \(reason ?? "")")
            return
        }
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let name = Self.newName()
        var blockIO = Self.throttles(device)
        let weight = Self.weight(500, in: hierarchy, test: "blockIO")
        blockIO["weight"] = weight
        let bundle = try Self.bundle(runtime, name: name, resources: ["blockIO": blockIO])
        defer { bundle.remove() }
        let created = Self.create(runtime, bundle, "b1")
        try #require(created.ok, "create: \(created.output)")
        let directory = try #require(hierarchy.directory(of: "/" + name))
        // runc's conversion for v2: 1 + (500 - 10) * 9999 / 990.
        Self.expectBlockIO(in: directory, version: hierarchy.version, device: device, weight: weight, ioWeight: 4950)
        #expect(runtime.run(["delete", "--force", "b1"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test func updateSetsBlockIO() throws {
        let (found, reason) = Self.blockIOHierarchy()
        guard let hierarchy = found, let device = Self.blockDevice() else {
            print("OCICgroupResourceTests: update of blockIO skipped: \(reason ?? "")")
            return
        }
        let runtime = try OCIRuntimeUnderTest(Self.minirunOCI)
        defer { runtime.finish() }
        let name = Self.newName()
        let bundle = try Self.bundle(runtime, name: name, resources: [:])
        defer { bundle.remove() }
        let created = Self.create(runtime, bundle, "u1")
        try #require(created.ok, "create: \(created.output)")
        var blockIO = Self.throttles(device)
        let weight = Self.weight(300, in: hierarchy, test: "update of blockIO")
        blockIO["weight"] = weight
        let file = bundle.directory + "/resources.json"
        try JSONSerialization.data(withJSONObject: ["blockIO": blockIO]).write(to: URL(fileURLWithPath: file))
        let updated = runtime.run(["update", "--resources", file, "u1"])
        #expect(updated.code == 0, "\(updated.err)")
        let directory = try #require(hierarchy.directory(of: "/" + name))
        Self.expectBlockIO(in: directory, version: hierarchy.version, device: device, weight: weight, ioWeight: 2930)
        #expect(runtime.run(["delete", "--force", "u1"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    /// On the hybrid layout hugetlb sits on the v2 hierarchy: the container gets a cgroup of its own
    /// there too, holding the limit, and it goes with `delete`.
    @Test func hugepageLimitsHoldInTheHugetlbCgroup() throws {
        let sizes = ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/kernel/mm/hugepages")) ?? []).compactMap { entry -> String? in
            guard let kB = Int(entry.dropFirst("hugepages-".count).dropLast(2)) else { return nil }
            return kB >= 1 << 20 ? "\(kB >> 20)GB" : kB >= 1 << 10 ? "\(kB >> 10)MB" : "\(kB)KB"
        }.sorted()
        guard let layout = MachineCgroups.layout, let hierarchy = layout.hierarchy(for: "hugetlb"), !sizes.isEmpty else {
            print("OCICgroupResourceTests: hugepage limits skipped: "
                + (sizes.isEmpty ? "this kernel offers no hugepage sizes" : "no hugetlb controller is mounted"))
            return
        }
        let runtime = try OCIRuntimeUnderTest(Self.minirunOCI)
        defer { runtime.finish() }
        let name = Self.newName()
        // Whole gigabytes: the kernel rounds a limit down to a multiple of the page size.
        let limits = sizes.enumerated().map { ["pageSize": $1, "limit": ($0 + 1) << 30] as [String: Any] }
        let bundle = try Self.bundle(runtime, name: name, resources: ["hugepageLimits": limits])
        defer { bundle.remove() }
        let created = Self.create(runtime, bundle, "h1")
        try #require(created.ok, "create: \(created.output)")
        let directory = try #require(hierarchy.directory(of: "/" + name))
        for (index, size) in sizes.enumerated() {
            let file = "hugetlb.\(size)." + (hierarchy.version == .v1 ? "limit_in_bytes" : "max")
            #expect(Self.read(directory + "/" + file) == String((index + 1) << 30), "\(file)")
        }
        let pid = try #require(runtime.state("h1")?["pid"] as? Int)
        #expect(Self.read(directory + "/cgroup.procs").split(separator: "\n").contains(Substring(String(pid))))
        #expect(runtime.run(["delete", "--force", "h1"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: directory))

        // A size the kernel does not have is refused, and nothing is left of the container.
        let wrong = try Self.bundle(runtime, name: name, resources: ["hugepageLimits": [["pageSize": "3MB", "limit": 3 << 20]]])
        defer { wrong.remove() }
        let refused = Self.create(runtime, wrong, "h2")
        #expect(!refused.ok)
        #expect(refused.output.contains("invalid hugepage size 3MB"), "\(refused.output)")
        #expect(runtime.state("h2") == nil)
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    /// net_cls and net_prio exist on cgroup v1 alone. Where they are mounted the files hold the
    /// config's class and priorities; on v1 or hybrid without them the container is refused, as runc
    /// refuses it ("cannot set net_cls limit"); on v2 alone both are ignored, as runc's v2 manager does.
    @Test func networkClassAndPriorities() throws {
        guard let layout = MachineCgroups.layout else { Issue.record("the cgroup layout cannot be read"); return }
        let runtime = try OCIRuntimeUnderTest(Self.minirunOCI)
        defer { runtime.finish() }
        let name = Self.newName()
        let network: [String: Any] = ["classID": 1_048_577, "priorities": [["name": "lo", "priority": 10]]]
        let bundle = try Self.bundle(runtime, name: name, resources: ["network": network])
        defer { bundle.remove() }
        let created = Self.create(runtime, bundle, "n1")
        let netCls = layout.hierarchy(for: "net_cls").flatMap { $0.version == .v1 ? $0 : nil }
        let netPrio = layout.hierarchy(for: "net_prio").flatMap { $0.version == .v1 ? $0 : nil }
        let usesV1 = layout.hierarchies.contains { $0.version == .v1 && !$0.controllers.allSatisfy { $0.hasPrefix("name=") } }
        if let netCls, let netPrio {
            try #require(created.ok, "create: \(created.output)")
            let classDirectory = try #require(netCls.directory(of: "/" + name))
            let prioDirectory = try #require(netPrio.directory(of: "/" + name))
            #expect(Self.read(classDirectory + "/net_cls.classid") == "1048577")
            #expect(Self.read(prioDirectory + "/net_prio.ifpriomap").split(separator: "\n").contains("lo 10"))
            #expect(runtime.run(["delete", "--force", "n1"]).code == 0)
            #expect(!FileManager.default.fileExists(atPath: classDirectory))
        } else if usesV1 {
            print("OCICgroupResourceTests: net_cls/net_prio values not checked: this machine mounts no net_cls or net_prio "
                + "hierarchy; checked instead: create refuses the container, as runc does")
            #expect(!created.ok)
            #expect(created.output.contains("no net_cls controller is mounted"), "\(created.output)")
            #expect(runtime.state("n1") == nil)
        } else {
            print("OCICgroupResourceTests: cgroup v2 alone: network resources ignored, as runc ignores them")
            try #require(created.ok, "create: \(created.output)")
            #expect(runtime.run(["delete", "--force", "n1"]).code == 0)
        }
        #expect(MachineCgroups.directories(named: name).isEmpty)
    }
}
