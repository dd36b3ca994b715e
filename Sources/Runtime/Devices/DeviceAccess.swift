/// What a device rule lets a process do with a device: read it, write it, make a node of it
/// (mknod). The raw values are the kernel's BPF_DEVCG_ACC_* bits, which a device program tests.
public struct DeviceAccess: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public static let mknod = DeviceAccess(rawValue: 1)
    public static let read = DeviceAccess(rawValue: 2)
    public static let write = DeviceAccess(rawValue: 4)
    public static let all: DeviceAccess = [.read, .write, .mknod]

    /// Letters of "rwm", each at most once and in any order; nil for anything else (Docker's
    /// validDeviceMode). `allowRepeats` takes "rrw" too, as --device-cgroup-rule's pattern does.
    public init?(letters: some StringProtocol, allowRepeats: Bool = false) {
        guard !letters.isEmpty else { return nil }
        var access = DeviceAccess()
        for letter in letters {
            let bit: DeviceAccess
            switch letter {
            case "r": bit = .read
            case "w": bit = .write
            case "m": bit = .mknod
            default: return nil
            }
            if access.contains(bit) && !allowRepeats { return nil }
            access.insert(bit)
        }
        self = access
    }

    /// "rwm", "r", "m": the letters in the order the kernel writes them in devices.list.
    public var description: String {
        (contains(.read) ? "r" : "") + (contains(.write) ? "w" : "") + (contains(.mknod) ? "m" : "")
    }
}
