import Glibc

/// `--blkio-weight`, `--blkio-weight-device` and `--device-{read,write}-{bps,iops}`: a container's
/// share of block I/O and its ceilings per device, as Docker takes them. The devices are named by
/// path and recorded with their numbers, which the cgroup files take; the files are written as a
/// config.json's blockIO would be (OCIResources+Files: v1 blkio, v2 io.weight or io.bfq.weight
/// and io.max).
public struct BlockIOLimits: Codable, Sendable, Equatable {
    /// A device and a weight or a rate (bytes or operations per second).
    public struct DeviceValue: Codable, Sendable, Equatable {
        public var path: String
        public var major: UInt32
        public var minor: UInt32
        public var value: UInt64
    }

    /// 10...1000; nil for the kernel's default.
    public var weight: UInt16?
    public var weightDevices: [DeviceValue] = []
    public var readBps: [DeviceValue] = []
    public var writeBps: [DeviceValue] = []
    public var readIOps: [DeviceValue] = []
    public var writeIOps: [DeviceValue] = []

    public init() {}

    public var isEmpty: Bool { self == BlockIOLimits() }

    /// The flags' values, each checked as Docker's CLI checks it, the devices looked up on the host.
    public init(weight: String?, weightDevices: [String], readBps: [String], writeBps: [String],
                readIOps: [String], writeIOps: [String]) throws {
        self.weight = try weight.flatMap { text in
            guard let weight = UInt16(text) else {
                throw RuntimeError(.invalidArgument, "invalid argument \"\(Identifiers.printable(text))\" for \"--blkio-weight\" flag: strconv.ParseUint: parsing \"\(Identifiers.printable(text))\": invalid syntax")
            }
            guard weight == 0 || (10...1000).contains(weight) else {
                throw RuntimeError(.invalidArgument, "Range of blkio weight is from 10 to 1000")
            }
            return weight == 0 ? nil : weight
        }
        self.weightDevices = try weightDevices.map { text in
            try Self.device(text, flag: "--blkio-weight-device") { value in
                guard let weight = UInt16(value), weight == 0 || (10...1000).contains(weight) else {
                    throw RuntimeError(.invalidArgument, "invalid weight for device: \(Identifiers.printable(text))")
                }
                return UInt64(weight)
            }
        }
        let bps = { (flag: String) in { (text: String) in
            try Self.device(text, flag: flag) { value in
                guard let rate = try? ResourceLimits.parseBytes(value) else {
                    throw RuntimeError(.invalidArgument, "invalid rate for device: \(Identifiers.printable(text)). The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb")
                }
                return UInt64(rate)
            }
        } }
        let iops = { (flag: String) in { (text: String) in
            try Self.device(text, flag: flag) { value in
                guard let rate = UInt64(value) else {
                    throw RuntimeError(.invalidArgument, "invalid rate for device: \(Identifiers.printable(text)). The correct format is <device-path>:<number>. Number must be a positive integer")
                }
                return rate
            }
        } }
        self.readBps = try readBps.map(bps("--device-read-bps"))
        self.writeBps = try writeBps.map(bps("--device-write-bps"))
        self.readIOps = try readIOps.map(iops("--device-read-iops"))
        self.writeIOps = try writeIOps.map(iops("--device-write-iops"))
    }

    /// PATH:VALUE, PATH a block device under /dev.
    private static func device(_ text: String, flag: String, value: (String) throws -> UInt64) throws -> DeviceValue {
        guard let colon = text.lastIndex(of: ":") else {
            throw RuntimeError(.invalidArgument, "invalid argument \"\(Identifiers.printable(text))\" for \"\(flag)\" flag: bad format: \(Identifiers.printable(text))")
        }
        let path = String(text[..<colon])
        guard path.hasPrefix("/dev/") else {
            throw RuntimeError(.invalidArgument, "invalid argument \"\(Identifiers.printable(text))\" for \"\(flag)\" flag: bad format for device path: \(Identifiers.printable(text))")
        }
        let number = try value(String(text[text.index(after: colon)...]))
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw RuntimeError(.invalidArgument, "\(flag) \(Identifiers.printable(path)): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFBLK else {
            throw RuntimeError(.invalidArgument, "\(flag) \(Identifiers.printable(path)): not a block device")
        }
        let device = UInt64(status.st_rdev)
        return DeviceValue(path: path, major: DeviceNumber.major(device), minor: DeviceNumber.minor(device), value: number)
    }

    /// The controller the limits need on `layout`: blkio where a v1 hierarchy has it, else io.
    func controller(layout: CgroupLayout) -> String? {
        guard !isEmpty else { return nil }
        return layout.hierarchy(for: "blkio") != nil ? "blkio" : "io"
    }

    /// The files to write in one directory of the container's cgroup.
    func settings(in directory: CgroupDirectory) -> [CgroupSetting] {
        if directory.version == .v1 && directory.controllers.contains("blkio") { return oci.v1Settings(in: directory) }
        if directory.version == .v2 && directory.controllers.contains("io") { return oci.v2Settings(in: directory) }
        return []
    }

    /// The same limits as a config.json's linux.resources.blockIO.
    private var oci: OCIBlockIO {
        let throttles = { (devices: [DeviceValue]) in
            devices.map { OCIThrottleDevice(major: Int64($0.major), minor: Int64($0.minor), rate: $0.value) }
        }
        return OCIBlockIO(
            weight: weight, leafWeight: nil,
            weightDevice: weightDevices.map { OCIWeightDevice(major: Int64($0.major), minor: Int64($0.minor), weight: UInt16($0.value), leafWeight: nil) },
            throttleReadBpsDevice: throttles(readBps), throttleWriteBpsDevice: throttles(writeBps),
            throttleReadIOPSDevice: throttles(readIOps), throttleWriteIOPSDevice: throttles(writeIOps))
    }

    /// These limits without what the kernel has no file for where the container's cgroup goes,
    /// with Docker's warning for each kind discarded: a v1 blkio hierarchy without CFQ or BFQ
    /// takes no weight; without a blkio or io controller nothing is taken.
    func discardingUnsupported(layout: CgroupLayout) -> (limits: BlockIOLimits, warnings: [String]) {
        var limits = self
        var warnings: [String] = []
        let v1 = layout.hierarchy(for: "blkio").flatMap { $0.version == .v1 ? $0 : nil }
        let mounted = v1 != nil || layout.hierarchy(for: "io") != nil
        let weighs = mounted && v1.map { hierarchy in
            ["blkio.weight", "blkio.bfq.weight"].contains { FileSystem.exists(hierarchy.mountPoint + "/" + $0) }
        } ?? true
        if limits.weight != nil && !weighs {
            warnings.append("WARNING: Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.")
            limits.weight = nil
        }
        if !limits.weightDevices.isEmpty && !weighs {
            warnings.append("WARNING: Your kernel does not support Block I/O weight_device or the cgroup is not mounted. Weight-device discarded.")
            limits.weightDevices = []
        }
        if !mounted {
            let throttles: [(WritableKeyPath<BlockIOLimits, [DeviceValue]>, String, String)] = [
                (\.readBps, "BPS", "read"), (\.writeBps, "BPS", "write"), (\.readIOps, "IOPS", "read"), (\.writeIOps, "IOPS", "write"),
            ]
            for (devices, kind, direction) in throttles where !limits[keyPath: devices].isEmpty {
                warnings.append("WARNING: Your kernel does not support \(kind) Block I/O \(direction) limit or the cgroup is not mounted. Block I/O \(kind) \(direction) limit discarded.")
                limits[keyPath: devices] = []
            }
        }
        return (limits, warnings)
    }
}
