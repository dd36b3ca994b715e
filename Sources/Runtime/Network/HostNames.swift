/// Names this state root uses in the kernel, which all state roots on a machine share: the default
/// root gets the plain ones (minirun0, table minirun); any other root adds a tag of its path so that
/// two roots never touch each other's bridges or rules.
extension StateRoot {
    /// Eight hex digits of an FNV-1a hash of the data path; empty for the default root.
    var hostTag: String {
        if isDefault { return "" }
        var hash: UInt32 = 2_166_136_261
        for byte in data.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return Identifiers.hex(withUnsafeBytes(of: hash.bigEndian) { Array($0) })
    }

    /// The nftables table holding all of this root's rules.
    public var firewallTable: String { isDefault ? "minirun" : "minirun_" + hostTag }

    /// The default bridge's device: minirun0, or mr<tag> for another root.
    var defaultBridgeName: String { isDefault ? "minirun0" : "mr" + hostTag }

    /// A lock shared by every minirun on the machine, held while choosing subnets and bridge names.
    static let hostLock = "/run/minirun.lock"
}
