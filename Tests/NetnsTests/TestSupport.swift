import Netns

#if canImport(Glibc)
import Glibc
#endif
#if canImport(Foundation)
import Foundation
#endif

/// Integration tests need root (CAP_NET_ADMIN and setns); without it they are skipped.
let isRoot = getuid() == 0

/// Runs a command (test setup only: the library itself never spawns processes) and returns its exit
/// status and combined output.
@discardableResult
func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = Array(arguments.dropFirst())
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A named network namespace made with `ip netns add` for one test, and an open fd to it.
final class TestNetworkNamespace {
    let name: String
    let path: String
    private(set) var fd: Int32 = -1

    init(name: String) throws {
        self.name = name
        path = "/run/netns/\(name)"
        let result = try run(["/usr/sbin/ip", "netns", "add", name])
        guard result.status == 0 else { throw SetupError("ip netns add \(name): \(result.output)") }
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SetupError("open \(path): errno \(errno)") }
    }

    /// Closes our fd and deletes the namespace; safe to call twice.
    func remove() throws {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if access(path, F_OK) == 0 {
            try run(["/usr/sbin/ip", "netns", "del", name])
        }
    }

    var exists: Bool { access(path, F_OK) == 0 }

    deinit {
        try? remove()
    }
}

struct SetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The identity of the calling thread's network namespace ("net:[4026531840]").
func currentThreadNetworkNamespace() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    let count = readlink("/proc/thread-self/ns/net", &buffer, buffer.count - 1)
    return count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
}

/// A short suffix unique to this test process, to keep link names apart from parallel runs.
let testSuffix = String(getpid() % 100_000)

/// The first /24 of 10.213.0.0/16 that nothing on this host routes yet.
func freeTestSubnet(_ session: NetlinkSession) throws -> IPv4Network {
    var candidate = try IPv4Network(parsing: "10.213.0.0/24")
    while try !session.routes(overlapping: candidate).isEmpty {
        guard let next = candidate.next, next.networkAddress.networkBytes[1] == 213 else {
            throw SetupError("no free /24 left in 10.213.0.0/16")
        }
        candidate = next
    }
    return candidate
}

/// Waits (bounded) until a condition holds: for the kernel's asynchronous link-state propagation, not a timing check.
func waitUntil(attempts: Int = 100, _ condition: () throws -> Bool) rethrows -> Bool {
    for _ in 0..<attempts {
        if try condition() { return true }
        usleep(50_000)
    }
    return false
}
