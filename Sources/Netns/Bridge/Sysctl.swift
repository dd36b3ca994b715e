#if canImport(Glibc)
import Glibc
#endif

/// The kernel settings container networking needs, read and written as files under /proc/sys (no `sysctl`
/// processes). The values belong to the network namespace of the calling process.
public struct Sysctl: Sendable {
    /// Where the settings are; another directory lets tests use files of their own.
    public var root: String

    public init(root: String = "/proc/sys") {
        self.root = root
    }

    /// Turns on routing between interfaces (`net.ipv4.ip_forward=1`), without which no container traffic
    /// leaves its bridge. Writes only when it is off, so a host (or an outer container) that already forwards
    /// works even with a read-only /proc/sys; returns whether it changed, so the caller can say so.
    @discardableResult
    public func enableIPv4Forwarding() throws(SystemCallError) -> Bool {
        let path = root + "/net/ipv4/ip_forward"
        guard try read(path) == "0" else { return false }
        try write("1", to: path)
        return true
    }

    /// Lets 127.0.0.0/8 addresses be routed out of `interface` (`net.ipv4.conf.IF.route_localnet=1`):
    /// the host's connections to 127.0.0.1:PORT are DNATed to a container behind this bridge.
    public func enableRouteLocalnet(on interface: String) throws(SystemCallError) {
        let key = "net.ipv4.conf.\(interface).route_localnet"
        guard InterfaceName.isSafe(interface) else {
            throw SystemCallError(operation: "sysctl \(key)", errno: EINVAL)
        }
        try write("1", to: "\(root)/net/ipv4/conf/\(interface)/route_localnet")
    }

    /// A setting's current value by its name ("net.ipv4.ip_forward"); nil when it cannot be read.
    public func value(of name: String) -> String? {
        try? read(root + "/" + name.split(separator: ".").joined(separator: "/"))
    }

    /// The file's content without its trailing newline.
    private func read(_ path: String) throws(SystemCallError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError(operation: "open \(path)", errno: errno) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        var count: Int
        repeat {
            count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        } while count < 0 && errno == EINTR
        guard count >= 0 else { throw SystemCallError(operation: "read \(path)", errno: errno) }
        var text = String(decoding: buffer[0..<count], as: UTF8.self)
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }

    /// Writes the value in one write(2), as /proc/sys expects.
    private func write(_ value: String, to path: String) throws(SystemCallError) {
        let fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError(operation: "open \(path)", errno: errno) }
        defer { close(fd) }
        let bytes = Array((value + "\n").utf8)
        var written: Int
        repeat {
            written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        } while written < 0 && errno == EINTR
        guard written == bytes.count else {
            throw SystemCallError(operation: "write \(path)", errno: written < 0 ? errno : EIO)
        }
    }
}
