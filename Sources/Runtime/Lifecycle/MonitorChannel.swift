import CRuntimeShims
import Glibc

/// minirun's end of the control socket of a minirun-monitor (see Sources/minirun-monitor/main.c):
/// the spec goes out, the container's pid comes back, "go" goes out, the start result comes back.
struct MonitorChannel {
    let fd: Int32

    struct Report {
        var value: Int32
        var error: mr_child_error
    }

    func send(spec blob: [UInt8]) throws {
        var length = UInt64(blob.count)
        let header = withUnsafeBytes(of: &length) { Array($0) }
        try FileSystem.writeAll(fd: fd, header + blob, path: "monitor control socket")
    }

    func go(_ proceed: Bool) throws {
        try FileSystem.writeAll(fd: fd, [proceed ? 1 : 0], path: "monitor control socket")
    }

    /// nil when the monitor closed the socket (it died).
    func receive() -> Report? {
        var report = (Int32(0), mr_child_error())
        let size = MemoryLayout<Int32>.size + MemoryLayout<mr_child_error>.size
        var buffer = [UInt8](repeating: 0, count: size)
        var got = 0
        while got < size {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, size - got) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            got += n
        }
        buffer.withUnsafeBytes { raw in
            report.0 = raw.load(as: Int32.self)
            report.1 = raw.loadUnaligned(fromByteOffset: 4, as: mr_child_error.self)
        }
        return Report(value: report.0, error: report.1)
    }
}
