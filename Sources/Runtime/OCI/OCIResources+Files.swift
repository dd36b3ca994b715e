/// linux.resources' blockIO, hugepageLimits and network as cgroup files, written as runc writes them
/// on v1 and v2 (its fs and fs2 managers), with the choices it makes where the kernel differs:
/// - blockIO, v1: blkio.weight and blkio.weight_device where the kernel has them (CFQ, before 5.0),
///   else BFQ's blkio.bfq.weight and blkio.bfq.weight_device; leaf weights only to CFQ's
///   blkio.leaf_weight(_device), so a kernel without CFQ refuses them; throttles to blkio.throttle.*.
/// - blockIO, v2: the weight to io.bfq.weight as given where BFQ is there, else to io.weight
///   converted from 10...1000 to 1...10000; device weights only to io.bfq.weight where it takes them
///   (kernel 5.4 on) and otherwise left out, as runc leaves them; leaf weights ignored (v2 has none);
///   throttles to io.max as rbps=, wbps=, riops=, wiops=.
/// - hugepageLimits: hugetlb.<size>.limit_in_bytes (v1) or hugetlb.<size>.max (v2), and the same
///   limit on reservations (hugetlb.<size>.rsvd.*) where the kernel has them (5.7 on).
/// - network: net_cls.classid and net_prio.ifpriomap on v1. A layout with no v1 controller has no
///   such files, and runc's v2 manager ignores both; so does minirun-oci. On v1 and hybrid, as
///   with runc, a container that asks for them does not start where net_cls or net_prio is not mounted.
extension OCIResources {
    /// The controllers these three need on this layout, beyond what ResourceLimits needs.
    func fileControllers(layout: CgroupLayout) -> [String] {
        var names: [String] = []
        let usesV1 = layout.hierarchies.contains { hierarchy in
            hierarchy.version == .v1 && !hierarchy.controllers.allSatisfy { $0.hasPrefix("name=") }
        }
        if let blockIO, !blockIO.isEmpty {
            let onV2 = layout.hierarchy(for: "blkio") == nil && (layout.hierarchy(for: "io") != nil || !usesV1)
            names.append(onV2 ? "io" : "blkio")
        }
        if !(hugepageLimits ?? []).isEmpty { names.append("hugetlb") }
        if usesV1, let network {
            if (network.classID ?? 0) != 0 { names.append("net_cls") }
            if !(network.priorities ?? []).isEmpty { names.append("net_prio") }
        }
        return names
    }

    /// Refuses, before anything is made, what no kernel file can take: a hugepage size the kernel
    /// does not offer, an interface name that would split net_prio.ifpriomap's line.
    func checkFileResources(offeredHugepages: [HugepageSize] = HugepageSize.offered()) throws {
        for limit in hugepageLimits ?? [] {
            _ = try HugepageSize.kernelName(of: limit.pageSize, offered: offeredHugepages)
        }
        for priority in network?.priorities ?? [] {
            if priority.name.isEmpty || priority.name.unicodeScalars.contains(where: { $0.value <= 32 || $0.value == 127 }) {
                throw RuntimeError(.invalidArgument, "invalid interface name \(Identifiers.printable(priority.name)) in linux.resources.network.priorities")
            }
        }
    }

    /// The files to write in one directory of the container's cgroup, in order. It reads the
    /// directory to choose between the CFQ and BFQ files, so it comes after the mkdir.
    func fileSettings(in directory: CgroupDirectory) -> [CgroupSetting] {
        var settings: [CgroupSetting] = []
        if let blockIO {
            if directory.version == .v1 && directory.controllers.contains("blkio") {
                settings += blockIO.v1Settings(in: directory)
            } else if directory.version == .v2 && directory.controllers.contains("io") {
                settings += blockIO.v2Settings(in: directory)
            }
        }
        if directory.controllers.contains("hugetlb") {
            let (limitFile, reservationFile) = directory.version == .v1 ? ("limit_in_bytes", "rsvd.limit_in_bytes") : ("max", "rsvd.max")
            for limit in hugepageLimits ?? [] {
                // checkFileResources has refused a size without a kernel name.
                let size = HugepageSize(limit.pageSize)?.kernelName ?? limit.pageSize
                settings.append(CgroupSetting(file: "hugetlb.\(size).\(limitFile)", value: String(limit.limit)))
                settings.append(CgroupSetting(file: "hugetlb.\(size).\(reservationFile)", value: String(limit.limit), optional: true))
            }
        }
        if directory.version == .v1, let network {
            if directory.controllers.contains("net_cls"), let classID = network.classID, classID != 0 {
                settings.append(CgroupSetting(file: "net_cls.classid", value: String(classID)))
            }
            if directory.controllers.contains("net_prio") {
                for priority in network.priorities ?? [] {
                    settings.append(CgroupSetting(file: "net_prio.ifpriomap", value: "\(priority.name) \(priority.priority)"))
                }
            }
        }
        return settings
    }
}

extension OCIBlockIO {
    func v1Settings(in directory: CgroupDirectory) -> [CgroupSetting] {
        let cfq = FileSystem.exists(directory.file("blkio.weight"))
        let (weightFile, deviceFile) = cfq ? ("blkio.weight", "blkio.weight_device") : ("blkio.bfq.weight", "blkio.bfq.weight_device")
        var settings: [CgroupSetting] = []
        if let weight, weight != 0 { settings.append(CgroupSetting(file: weightFile, value: String(weight))) }
        if let leafWeight, leafWeight != 0 { settings.append(CgroupSetting(file: "blkio.leaf_weight", value: String(leafWeight))) }
        for device in weightDevice ?? [] {
            if let weight = device.weight, weight != 0 {
                settings.append(CgroupSetting(file: deviceFile, value: "\(device.major):\(device.minor) \(weight)"))
            }
            if let leafWeight = device.leafWeight, leafWeight != 0 {
                settings.append(CgroupSetting(file: "blkio.leaf_weight_device", value: "\(device.major):\(device.minor) \(leafWeight)"))
            }
        }
        for (file, devices) in throttles(v1: true) {
            for device in devices { settings.append(CgroupSetting(file: file, value: "\(device.major):\(device.minor) \(device.rate)")) }
        }
        return settings
    }

    func v2Settings(in directory: CgroupDirectory) -> [CgroupSetting] {
        var settings: [CgroupSetting] = []
        let bfqFile = directory.file("io.bfq.weight")
        let bfq = FileSystem.exists(bfqFile)
        if let weight, weight != 0 {
            settings.append(bfq ? CgroupSetting(file: "io.bfq.weight", value: String(weight))
                                : CgroupSetting(file: "io.weight", value: String(Self.ioWeight(weight))))
        }
        // An io.bfq.weight that takes device weights reads "default 100" and a line per device;
        // before 5.4 it holds the bare default, and runc writes no device weight at all.
        let bfqTakesDevices = bfq && Int((CgroupFile.read(bfqFile) ?? "").split(whereSeparator: \.isWhitespace).joined()) == nil
        if bfqTakesDevices {
            for device in weightDevice ?? [] {
                guard let weight = device.weight, weight != 0 else { continue }
                settings.append(CgroupSetting(file: "io.bfq.weight", value: "\(device.major):\(device.minor) \(weight)"))
            }
        }
        for (key, devices) in throttles(v1: false) {
            for device in devices { settings.append(CgroupSetting(file: "io.max", value: "\(device.major):\(device.minor) \(key)=\(device.rate)")) }
        }
        return settings
    }

    /// The four throttle lists with where each goes: its v1 file, or its key in v2's io.max.
    private func throttles(v1: Bool) -> [(String, [OCIThrottleDevice])] {
        [
            (v1 ? "blkio.throttle.read_bps_device" : "rbps", throttleReadBpsDevice ?? []),
            (v1 ? "blkio.throttle.write_bps_device" : "wbps", throttleWriteBpsDevice ?? []),
            (v1 ? "blkio.throttle.read_iops_device" : "riops", throttleReadIOPSDevice ?? []),
            (v1 ? "blkio.throttle.write_iops_device" : "wiops", throttleWriteIOPSDevice ?? []),
        ]
    }

    /// v1's blkio weight (10...1000) as v2's io.weight (1...10000), linearly, as runc and crun map it:
    /// 10 is 1, 500 is 4950, 1000 is 10000.
    static func ioWeight(_ weight: UInt16) -> Int {
        1 + (Int(weight) - 10) * 9999 / 990
    }
}
