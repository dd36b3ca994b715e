import Foundation
import TestSupport
import Testing

/// A bridge of the test's own for a caller's containers (dockerd's `--bridge=NAME`): a name and a
/// /24 nobody else uses, the host's address .1 on it; removed with whatever is still attached.
final class CallerBridge {
    let name = "mrcb" + String(UInt32.random(in: 0..<UInt32.max), radix: 16)
    let subnet: String

    init() throws {
        // 10.<octet>.252.0/24: clear of the sandboxes' 10.<octet>.<n> and PublishTests' .250; an
        // octet whose /24 is routed already (another test process's) is passed over.
        let octet = (0..<90).map { _ in SubnetOctets.take() }.first { octet in
            Command.run("/sbin/ip", ["-4", "route", "show", "10.\(octet).252.0/24"]).out.isEmpty
        }
        subnet = "10.\(try #require(octet, "no free /24 for a bridge")).252"
        let made = Command.shell("""
            ip link add \(name) type bridge && ip addr add \(subnet).1/24 dev \(name) && ip link set \(name) up
            """)
        if made.code != 0 {
            remove()
            throw CallerError(message: "bridge \(name): \(made.err)")
        }
    }

    /// The links attached to it (a container's veth while it runs).
    var ports: [String] {
        Command.run("/sbin/ip", ["-o", "link", "show", "master", name]).out.split(separator: "\n").map(String.init)
    }

    func remove() {
        for port in ports {
            let link = port.split(separator: ":").dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            _ = Command.run("/sbin/ip", ["link", "del", String(link.prefix { $0 != "@" })])
        }
        _ = Command.run("/sbin/ip", ["link", "del", name])
        #expect(!Command.run("/sbin/ip", ["-o", "link"]).out.contains(" \(name):"), "bridge \(name) left")
    }
}
