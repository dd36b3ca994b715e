import Foundation
import TestSupport
import Testing

/// Network views of a sandbox for the tests: addresses, leases, and the subnets a test may use.
extension Sandbox {
    struct NetworkView {
        var gateway: String?
        var subnet: String?
        var bridge: String
    }

    func inspectNetwork(_ name: String) throws -> NetworkView {
        let json = run(["network", "inspect", name]).out
        let object = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])?.first)
        let config = ((object["IPAM"] as? [String: Any])?["Config"] as? [[String: Any]])?.first
        let bridge = try #require((object["Options"] as? [String: String])?["com.docker.network.bridge.name"])
        return NetworkView(gateway: config?["Gateway"] as? String, subnet: config?["Subnet"] as? String, bridge: bridge)
    }

    /// The IPv4 address of a running container's eth0, "" when it has none.
    func address(of container: String) -> String {
        let out = run(["exec", container, "ip", "-o", "-4", "addr", "show", "eth0"]).out
        guard let inet = out.range(of: "inet ") else { return "" }
        return String(out[inet.upperBound...].prefix { $0 != "/" })
    }

    /// Every lease of every network of this root: "address owner".
    var leases: [String] {
        var found: [String] = []
        for network in (try? FileManager.default.contentsOfDirectory(atPath: root + "/networks")) ?? [] {
            guard let data = FileManager.default.contents(atPath: root + "/networks/\(network)/leases.json"),
                  let leases = try? JSONSerialization.jsonObject(with: data) as? [String: String] else { continue }
            found += leases.map { "\($0.key) \($0.value)" }
        }
        return found
    }

    /// Bridges of this root's networks, from their records.
    var bridges: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/networks")) ?? []).compactMap { network in
            guard let data = FileManager.default.contents(atPath: root + "/networks/\(network)/network.json"),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            return object["bridge"] as? String
        }
    }

    /// veth ports on this root's bridges.
    var hostVeths: [String] {
        bridges.flatMap { bridge in
            Command.run("/sbin/ip", ["-o", "link", "show", "master", bridge]).out.split(separator: "\n").map(String.init)
        }
    }

    /// A /24 no other sandbox of this test run uses: 10.<octet of this sandbox>.<n>.0/24.
    func subnet(_ n: Int) -> String {
        "10.\(subnetOctet).\(n).0/24"
    }

    func uniqueName(_ prefix: String) -> String {
        prefix + "-" + String(UInt32.random(in: 0..<UInt32.max), radix: 16)
    }
}

/// Hands every sandbox its own second octet for test subnets (10.160.x.x, 10.161.x.x, ...).
enum SubnetOctets {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var next = 0

    static func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        next += 1
        return 160 + next % 90  // 10.160-10.249: clear of 10.250+ and of anything else a test uses
    }
}
