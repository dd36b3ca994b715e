/// What a compiled filter depends on besides its profile: the rules of a Docker profile apply or not
/// depending on the container's capabilities, the machine's architecture and the kernel's version.
struct SeccompTarget: Sendable, Hashable {
    /// The container's capabilities, bit N = capability N.
    var capabilities: UInt64
    var architecture: SeccompArchitecture
    var kernel: KernelVersion

    /// A container with these capabilities on this machine.
    static func native(capabilities: UInt64) -> SeccompTarget {
        SeccompTarget(capabilities: capabilities, architecture: .native, kernel: .running)
    }

    /// Whether the container has the capability named like "CAP_SYS_ADMIN" (a name minirun does not
    /// know is a capability it cannot have).
    func has(_ capability: String) -> Bool {
        guard let number = Capabilities.number(capability) else { return false }
        return capabilities & (1 << UInt64(number)) != 0
    }
}
