import CRuntimeShims

/// `attach --detach-keys`: Docker's notation, keys separated by commas, each one character or
/// `ctrl-` and one of @, a to z, [, \, ], ^, _ (ASCII 0 to 31).
public enum DetachKeys {
    public static let dockerDefault = "ctrl-p,ctrl-q"

    /// The keys as bytes; at most MR_ATTACH_MAX_KEYS of them (the relay holds back a sequence
    /// partly typed).
    public static func bytes(_ text: String) throws -> [UInt8] {
        let invalid = RuntimeError(.invalidArgument, "Invalid detach keys (\(Identifiers.printable(text))) provided")
        let controls = "@abcdefghijklmnopqrstuvwxyz[\\]^_"
        var bytes: [UInt8] = []
        for key in text.split(separator: ",", omittingEmptySubsequences: false) {
            if key.utf8.count == 1 {
                bytes.append(key.utf8.first!)
            } else if key.lowercased().hasPrefix("ctrl-"), key.count == 6, let last = key.lowercased().last,
                      let index = controls.firstIndex(of: last) {
                bytes.append(UInt8(controls.distance(from: controls.startIndex, to: index)))
            } else {
                throw invalid
            }
        }
        guard bytes.count <= MR_ATTACH_MAX_KEYS else { throw invalid }
        return bytes
    }
}
