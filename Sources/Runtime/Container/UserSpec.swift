/// `-u USER[:GROUP]`: numbers, or names looked up in the container's /etc/passwd and /etc/group.
public struct UserSpec: Sendable, Equatable {
    public var uid: UInt32
    public var gid: UInt32
    public var groups: [UInt32]
    public var home: String

    /// `readFile` reads a file of the container's filesystem ("/etc/passwd"), nil when absent.
    public static func resolve(_ text: String, readFile: (String) -> String?) throws -> UserSpec {
        if text.isEmpty { return UserSpec(uid: 0, gid: 0, groups: [], home: "/root") }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let passwd = readFile("/etc/passwd").map(parse) ?? []
        let groupFile = readFile("/etc/group").map(parse) ?? []

        let userEntry: [String]?
        var uid: UInt32
        var gid: UInt32 = 0
        if let number = UInt32(parts[0]) {
            uid = number
            userEntry = passwd.first { $0.count > 3 && UInt32($0[2]) == number }
        } else {
            guard let entry = passwd.first(where: { $0.count > 3 && $0[0] == parts[0] }), let number = UInt32(entry[2]) else {
                throw RuntimeError(.invalidArgument, "unable to find user \(Identifiers.printable(parts[0])): no matching entries in passwd file")
            }
            uid = number
            userEntry = entry
        }
        if let entry = userEntry, let primary = UInt32(entry[3]) { gid = primary }

        if parts.count > 1 {
            if let number = UInt32(parts[1]) {
                gid = number
            } else if let entry = groupFile.first(where: { $0.count > 2 && $0[0] == parts[1] }), let number = UInt32(entry[2]) {
                gid = number
            } else {
                throw RuntimeError(.invalidArgument, "unable to find group \(Identifiers.printable(parts[1])): no matching entries in group file")
            }
        }
        var groups: [UInt32] = []
        if let name = userEntry?[0] {
            groups = groupFile.filter { $0.count > 3 && $0[3].split(separator: ",").contains(Substring(name)) }
                .compactMap { UInt32($0[2]) }
        }
        let home = userEntry.flatMap { $0.count > 5 ? $0[5] : nil } ?? (uid == 0 ? "/root" : "/")
        return UserSpec(uid: uid, gid: gid, groups: groups, home: home)
    }

    private static func parse(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
    }
}
