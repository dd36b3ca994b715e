import Glibc

extension FileSystem {
    /// Reads `fd` from where it stands to its end, handing `body` each piece read (at most
    /// `chunkSize` bytes, valid only during the call): the one read loop behind `readAll`, a file's
    /// digest and the bytes a pull kept from an interrupted download.
    public static func readChunks(
        fd: Int32, path: String, chunkSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        try buffer.withUnsafeMutableBytes { buffer in
            while true {
                let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw RuntimeError.system("read \(path)")
                }
                if n == 0 { return }
                try body(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            }
        }
    }
}
