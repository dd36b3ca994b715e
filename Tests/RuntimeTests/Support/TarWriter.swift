/// Writes tar archives byte by byte (ustar headers, pax extended headers where needed), so that tests
/// can make exactly the entries a hostile archive would carry: `..` paths, absolute paths, hard links
/// to outside files, hard links with data, device nodes.
struct TarEntry {
    enum Kind {
        case file([UInt8])
        case directory
        case symlink(String)
        /// A hard link; with data it is written the pax way (a body after the header).
        case hardlink(String, data: [UInt8] = [])
        case characterDevice(major: UInt32, minor: UInt32)
        case blockDevice(major: UInt32, minor: UInt32)
        case fifo
    }

    var path: String
    var kind: Kind
    var mode: UInt32
    var uid: UInt32 = 0
    var gid: UInt32 = 0
    var mtime: Int = 1_000_000_000
    /// Extra pax records, e.g. ("SCHILY.xattr.user.comment", "hello").
    var pax: [(String, String)] = []

    static func file(_ path: String, _ content: String, mode: UInt32 = 0o644, uid: UInt32 = 0, gid: UInt32 = 0,
                     mtime: Int = 1_000_000_000, pax: [(String, String)] = []) -> TarEntry {
        TarEntry(path: path, kind: .file(Array(content.utf8)), mode: mode, uid: uid, gid: gid, mtime: mtime, pax: pax)
    }

    static func directory(_ path: String, mode: UInt32 = 0o755, uid: UInt32 = 0, gid: UInt32 = 0,
                          mtime: Int = 1_000_000_000, pax: [(String, String)] = []) -> TarEntry {
        TarEntry(path: path, kind: .directory, mode: mode, uid: uid, gid: gid, mtime: mtime, pax: pax)
    }

    static func symlink(_ path: String, to target: String, uid: UInt32 = 0, gid: UInt32 = 0) -> TarEntry {
        TarEntry(path: path, kind: .symlink(target), mode: 0o777, uid: uid, gid: gid)
    }

    static func hardlink(_ path: String, to target: String, data: String = "") -> TarEntry {
        TarEntry(path: path, kind: .hardlink(target, data: Array(data.utf8)), mode: 0o644)
    }
}

enum TarWriter {
    static func archive(_ entries: [TarEntry]) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            append(entry, to: &out)
        }
        out += [UInt8](repeating: 0, count: 1024)  // end of archive: two zero blocks
        return out
    }

    private static func append(_ entry: TarEntry, to out: inout [UInt8]) {
        var typeflag: UInt8
        var link = ""
        var data: [UInt8] = []
        var device: (UInt32, UInt32) = (0, 0)
        var pax = entry.pax
        switch entry.kind {
        case .file(let bytes):
            typeflag = UInt8(ascii: "0")
            data = bytes
        case .directory:
            typeflag = UInt8(ascii: "5")
        case .symlink(let target):
            typeflag = UInt8(ascii: "2")
            link = target
        case .hardlink(let target, let bytes):
            typeflag = UInt8(ascii: "1")
            link = target
            data = bytes
            // A hard link's body only counts in pax interchange format, which a pax header marks.
            if !bytes.isEmpty && pax.isEmpty {
                pax.append(("comment", "hard link with data"))
            }
        case .characterDevice(let major, let minor):
            typeflag = UInt8(ascii: "3")
            device = (major, minor)
        case .blockDevice(let major, let minor):
            typeflag = UInt8(ascii: "4")
            device = (major, minor)
        case .fifo:
            typeflag = UInt8(ascii: "6")
        }

        var name = Array(entry.path.utf8)
        var linkName = Array(link.utf8)
        if name.count > 100 {
            pax.append(("path", entry.path))
            name = Array(name.prefix(100))
        }
        if linkName.count > 100 {
            pax.append(("linkpath", link))
            linkName = Array(linkName.prefix(100))
        }
        if !pax.isEmpty {
            var body: [UInt8] = []
            for (key, value) in pax {
                body += paxRecord(key, value)
            }
            out += header(name: Array("PaxHeaders/\(entry.path)".utf8.prefix(100)), mode: 0o644, uid: 0, gid: 0,
                          size: body.count, mtime: entry.mtime, typeflag: UInt8(ascii: "x"), link: [], device: (0, 0))
            out += padded(body)
        }
        out += header(name: name, mode: entry.mode, uid: entry.uid, gid: entry.gid, size: data.count,
                      mtime: entry.mtime, typeflag: typeflag, link: linkName, device: device)
        out += padded(data)
    }

    /// "LEN key=value\n", where LEN counts the whole record including its own digits.
    private static func paxRecord(_ key: String, _ value: String) -> [UInt8] {
        let rest = " \(key)=\(value)\n".utf8.count
        var length = rest + 1
        while String(length).count + rest != length {
            length = String(length).count + rest
        }
        return Array("\(length) \(key)=\(value)\n".utf8)
    }

    private static func padded(_ bytes: [UInt8]) -> [UInt8] {
        let remainder = bytes.count % 512
        return remainder == 0 ? bytes : bytes + [UInt8](repeating: 0, count: 512 - remainder)
    }

    private static func header(name: [UInt8], mode: UInt32, uid: UInt32, gid: UInt32, size: Int, mtime: Int,
                               typeflag: UInt8, link: [UInt8], device: (UInt32, UInt32)) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int) {
            for (i, byte) in bytes.enumerated() { block[offset + i] = byte }
        }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(name, at: 0)
        put(octal(Int(mode), width: 8), at: 100)
        put(octal(Int(uid), width: 8), at: 108)
        put(octal(Int(gid), width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(mtime, width: 12), at: 136)
        put([UInt8](repeating: UInt8(ascii: " "), count: 8), at: 148)
        block[156] = typeflag
        put(link, at: 157)
        put(Array("ustar\u{0}00".utf8), at: 257)
        put(octal(Int(device.0), width: 8), at: 329)
        put(octal(Int(device.1), width: 8), at: 337)
        let sum = block.reduce(0) { $0 + Int($1) }
        put(Array((String(repeating: "0", count: 6 - String(sum, radix: 8).count) + String(sum, radix: 8)).utf8)
            + [0, UInt8(ascii: " ")], at: 148)
        return block
    }
}
