import Glibc

/// `--tmpfs PATH:OPTIONS`, options as Docker takes them: mount flags by name, and the tmpfs options
/// size, nr_blocks, nr_inodes, mode, uid, gid and mpol. Each is checked when the option is given, so
/// that "size=abc" is refused before anything exists, not by mount(2) when the container starts.
enum TmpfsOptions {
    /// The mount flags Docker accepts for a tmpfs, each setting or clearing its flag. Its bind,
    /// remount and propagation flags are left out: they mean nothing for a fresh tmpfs here.
    static let flags: [(name: String, flag: Int, sets: Bool)] = [
        ("ro", MS_RDONLY, true), ("rw", MS_RDONLY, false),
        ("nosuid", MS_NOSUID, true), ("suid", MS_NOSUID, false),
        ("nodev", MS_NODEV, true), ("dev", MS_NODEV, false),
        ("noexec", MS_NOEXEC, true), ("exec", MS_NOEXEC, false),
        ("sync", MS_SYNCHRONOUS, true), ("async", MS_SYNCHRONOUS, false),
        ("dirsync", MS_DIRSYNC, true),
        ("mand", MS_MANDLOCK, true), ("nomand", MS_MANDLOCK, false),
        ("noatime", MS_NOATIME, true), ("atime", MS_NOATIME, false),
        ("nodiratime", MS_NODIRATIME, true), ("diratime", MS_NODIRATIME, false),
        ("relatime", MS_RELATIME, true), ("norelatime", MS_RELATIME, false),
        ("strictatime", MS_STRICTATIME, true), ("nostrictatime", MS_STRICTATIME, false),
    ]

    /// What each tmpfs option takes, as the kernel reads it (shmem_parse_one), and how to say so.
    static let values: [(key: String, isValid: @Sendable (Substring) -> Bool, expected: String)] = [
        ("size", { isSize($0, percentAllowed: true) }, "bytes with an optional k, m or g suffix, or a percentage of memory"),
        ("nr_blocks", { isSize($0, percentAllowed: false) }, "a number with an optional k, m or g suffix"),
        ("nr_inodes", { isSize($0, percentAllowed: false) }, "a number with an optional k, m or g suffix"),
        ("mode", { isOctalMode($0) }, "an octal mode such as 1777"),
        ("uid", { isID($0) }, "a numeric user ID"),
        ("gid", { isID($0) }, "a numeric group ID"),
        ("mpol", { isMemoryPolicy($0) }, "default, prefer[:NODE], bind:NODES, interleave[:NODES] or local"),
    ]

    /// Refuses an option Docker would not take, or a value the kernel would refuse.
    static func validate(_ text: String) throws {
        for option in text.split(separator: ",", omittingEmptySubsequences: false) where !option.isEmpty {
            if flags.contains(where: { $0.name == option }) { continue }
            let parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let value = values.first(where: { $0.key == parts[0] }) else {
                throw RuntimeError(.invalidArgument, "invalid tmpfs option \"\(Identifiers.printable(String(option)))\": not a mount flag "
                    + "(ro, noexec, nosuid, nodev, ...) or one of size, mode, uid, gid, nr_inodes, nr_blocks, mpol")
            }
            guard value.isValid(parts[1]) else {
                throw RuntimeError(.invalidArgument, "invalid tmpfs option \"\(Identifiers.printable(String(option)))\": \(value.key) is \(value.expected)")
            }
        }
    }

    /// The mount flags and the data for mount(2): noexec, nosuid and nodev unless exec, suid or dev
    /// say otherwise, as in Docker; what is not a flag goes to the filesystem.
    static func flagsAndData(_ text: String) -> (UInt, String) {
        var flags = UInt(MS_NOSUID | MS_NODEV | MS_NOEXEC)
        var data: [Substring] = []
        for option in text.split(separator: ",") {
            if let known = Self.flags.first(where: { $0.name == option }) {
                flags = known.sets ? flags | UInt(known.flag) : flags & ~UInt(known.flag)
            } else {
                data.append(option)
            }
        }
        return (flags, data.joined(separator: ","))
    }

    /// Decimal digits and, as memparse reads them, an optional k, m, g, t, p or e (any case); "%" for size.
    private static func isSize(_ text: Substring, percentAllowed: Bool) -> Bool {
        var digits = text
        if let last = text.last, "kmgtpeKMGTPE".contains(last) || (percentAllowed && last == "%") {
            digits = text.dropLast()
        }
        return !digits.isEmpty && digits.count <= 19 && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func isOctalMode(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.allSatisfy({ ("0"..."7").contains($0) }), let mode = UInt32(text, radix: 8) else { return false }
        return mode <= 0o7777
    }

    /// A user or group ID; 4294967295 is (uid_t)-1, which names no one.
    private static func isID(_ text: Substring) -> Bool {
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let id = UInt32(text) else { return false }
        return id != UInt32.max
    }

    /// MODE[=static|=relative][:NODES], NODES digits and ranges (commas would end the option).
    private static func isMemoryPolicy(_ text: Substring) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let modeParts = parts[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard ["default", "prefer", "bind", "interleave", "local"].contains(modeParts[0]),
              modeParts.count == 1 || ["static", "relative"].contains(modeParts[1])
        else { return false }
        guard parts.count == 2 else { return modeParts[0] != "bind" }
        if modeParts[0] == "default" || modeParts[0] == "local" { return false }
        return !parts[1].isEmpty && parts[1].allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "-" }
    }
}
