/// The devices a container's processes may use: every device is denied but those its rules allow.
/// Without it CAP_MKNOD, which Docker's default set keeps, would let a container make a node of the
/// host's disk and open it. Enforced by the container's cgroup: devices.deny and devices.allow on
/// cgroup v1, a device program (DeviceProgram) on cgroup v2.
public struct DeviceAllowlist: Codable, Sendable, Equatable {
    public var rules: [DeviceRule]

    public init(rules: [DeviceRule]) {
        self.rules = rules
    }

    /// Docker's default rules (runc's default allowlist): any node may be made, but only these
    /// devices opened: null, zero, full, random, urandom, tty, console, ptmx, the container's own
    /// ptys and /dev/net/tun.
    public static let dockerDefaults: [DeviceRule] = [
        DeviceRule(.char, nil, nil, .mknod),
        DeviceRule(.block, nil, nil, .mknod),
        DeviceRule(.char, 1, 3, .all),  // null
        DeviceRule(.char, 1, 5, .all),  // zero
        DeviceRule(.char, 1, 7, .all),  // full
        DeviceRule(.char, 1, 8, .all),  // random
        DeviceRule(.char, 1, 9, .all),  // urandom
        DeviceRule(.char, 5, 0, .all),  // tty
        DeviceRule(.char, 5, 1, .all),  // console
        DeviceRule(.char, 5, 2, .all),  // ptmx
        DeviceRule(.char, 136, nil, .all),  // pts/*
        DeviceRule(.char, 10, 200, .all),  // net/tun
    ]

    /// A container's allowlist: Docker's defaults, then its --device nodes with their permissions,
    /// then its --device-cgroup-rule rules; nil with --privileged, which allows every device.
    public static func forContainer(privileged: Bool, devices: [DeviceNode], extraRules: [DeviceRule]) -> DeviceAllowlist? {
        privileged ? nil : DeviceAllowlist(rules: dockerDefaults + devices.map(\.rule) + extraRules)
    }

    /// Whether a process of the container may have `access` to the device.
    public func allows(_ kind: DeviceRule.Kind, major: UInt32, minor: UInt32, access: DeviceAccess) -> Bool {
        rules.contains { $0.allows(kind, major: major, minor: minor, access: access) }
    }

    /// What devices.allow is given, a line per write, after "a" went to devices.deny.
    public var devicesAllowLines: [String] {
        rules.flatMap(\.devicesAllowLines)
    }
}
