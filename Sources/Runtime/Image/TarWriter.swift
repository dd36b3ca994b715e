import Glibc

/// Writes a ustar archive of directories and regular files to a descriptor, for `save`: every
/// name it writes is shorter than ustar's 100 bytes (blobs/sha256/<64 hex> is 77), owned by root,
/// dated 1970 so that the same images make the same bytes.
struct TarWriter {
    let fd: Int32
    /// What the output is called in errors.
    let name: String

    func directory(_ path: String) throws {
        try write(header(path + "/", size: 0, mode: 0o755, type: UInt8(ascii: "5")))
    }

    func file(_ path: String, bytes: [UInt8]) throws {
        try write(header(path, size: bytes.count, mode: 0o644, type: UInt8(ascii: "0")))
        try write(bytes + padding(bytes.count))
    }

    /// A file whose content is copied from `source`, in 1 MiB pieces.
    func file(_ path: String, copying source: String) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        if input < 0 { throw RuntimeError.system("open \(source)") }
        defer { close(input) }
        var st = stat()
        fstat(input, &st)
        let size = Int(st.st_size)
        try write(header(path, size: size, mode: 0o644, type: UInt8(ascii: "0")))
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var left = size
        while left > 0 {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, min($0.count, left)) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw RuntimeError.system("read \(source)") }
            if n == 0 { throw RuntimeError(.system, "\(source) became shorter while it was written") }
            try write(Array(buffer[0..<n]))
            left -= n
        }
        try write(padding(size))
    }

    /// The two empty blocks that end an archive.
    func finish() throws {
        try write([UInt8](repeating: 0, count: 1024))
    }

    private func padding(_ size: Int) -> [UInt8] {
        [UInt8](repeating: 0, count: (512 - size % 512) % 512)
    }

    private func header(_ path: String, size: Int, mode: Int, type: UInt8) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) {
            for (i, byte) in text.utf8.enumerated() { block[offset + i] = byte }
        }
        func octal(_ value: Int, width: Int) -> String {
            let digits = String(value, radix: 8)
            return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
        }
        put(path, at: 0)
        put(octal(mode, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(0, width: 12), at: 136)
        put("        ", at: 148)
        block[156] = type
        put("ustar\u{0}00", at: 257)
        put("root", at: 265)
        put("root", at: 297)
        let checksum = block.reduce(0) { $0 + Int($1) }
        put(octal(checksum, width: 7) + "\u{0} ", at: 148)
        return block
    }

    private func write(_ bytes: [UInt8]) throws {
        try FileSystem.writeAll(fd: fd, bytes, path: name)
    }
}
