/// `-u USER[:GROUP]`: numbers, or names looked up in the container's /etc/passwd and /etc/group.
public struct UserSpec: Sendable, Equatable {
    public var uid: UInt32
    public var gid: UInt32
    public var groups: [UInt32]
    public var home: String

    /// `readFile` reads a file of the container's filesystem ("/etc/passwd"), nil when absent. As in
    /// Docker (runc's user lookup under moby's getUser): no user is uid 0 looked up like any other,
    /// the supplementary groups are the primary group, then - unless a group was named - those whose
    /// member lists name the user, then `additionalGroups` (--group-add, names or numbers).
    public static func resolve(_ text: String, additionalGroups: [String] = [], readFile: (String) -> String?) throws -> UserSpec {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let passwd = readFile("/etc/passwd").map(parse) ?? []
        let groupFile = readFile("/etc/group").map(parse) ?? []

        let userEntry: [String]?
        var uid: UInt32
        var gid: UInt32 = 0
        if parts[0].isEmpty || UInt32(parts[0]) != nil {
            uid = UInt32(parts[0]) ?? 0
            userEntry = passwd.first { $0.count > 3 && UInt32($0[2]) == uid }
        } else {
            guard let entry = passwd.first(where: { $0.count > 3 && $0[0] == parts[0] }), let number = UInt32(entry[2]) else {
                throw RuntimeError(.invalidArgument, "unable to find user \(Identifiers.printable(parts[0])): no matching entries in passwd file")
            }
            uid = number
            userEntry = entry
        }
        if let entry = userEntry, let primary = UInt32(entry[3]) { gid = primary }

        let namesGroup = parts.count > 1 && !parts[1].isEmpty
        if namesGroup {
            if let number = UInt32(parts[1]) {
                gid = number
            } else if let entry = groupFile.first(where: { $0.count > 2 && $0[0] == parts[1] }), let number = UInt32(entry[2]) {
                gid = number
            } else {
                throw RuntimeError(.invalidArgument, "unable to find group \(Identifiers.printable(parts[1])): no matching entries in group file")
            }
        }
        var groups = [gid]
        if !namesGroup, let name = userEntry?[0] {
            groups += groupFile.filter { $0.count > 3 && $0[3].split(separator: ",").contains(Substring(name)) }
                .compactMap { UInt32($0[2]) }
        }
        groups += try additional(additionalGroups, groupFile: groupFile)
        let home = userEntry.flatMap { $0.count > 5 ? $0[5] : nil } ?? (uid == 0 ? "/root" : "/")
        return UserSpec(uid: uid, gid: gid, groups: groups, home: home)
    }

    /// --group-add's groups: each a name or a number of /etc/group, or a number it lacks; each once.
    private static func additional(_ names: [String], groupFile: [[String]]) throws -> [UInt32] {
        var gids: [UInt32] = []
        for name in names {
            let entry = groupFile.first { $0.count > 2 && ($0[0] == name || $0[2] == name) }
            guard let gid = entry.flatMap({ UInt32($0[2]) }) ?? UInt32(name) else {
                throw RuntimeError(.invalidArgument, "Unable to find group \(Identifiers.printable(name)): no matching entries in group file")
            }
            if !gids.contains(gid) { gids.append(gid) }
        }
        return gids
    }

    private static func parse(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
    }
}
