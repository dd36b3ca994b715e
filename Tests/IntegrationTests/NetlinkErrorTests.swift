import Foundation
import TestSupport
import Testing

/// Errors that are not the runtime's own (netlink's, the firewall's) are handled as its own are: a
/// command over several items reports them and goes on, and `run` leaves no failed container behind.
@Suite(.enabled(if: isRoot, "needs root"))
struct NetlinkErrorTests {
    /// `network rm a b` as docker's: a's error is printed, b is still removed, the exit status says one failed.
    @Test func networkRmGoesOnAfterANetlinkError() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let (broken, fine) = (box.uniqueName("broken"), box.uniqueName("fine"))
        #expect(box.run(["network", "create", "--subnet", box.subnet(1), broken]).code == 0)
        #expect(box.run(["network", "create", "--subnet", box.subnet(2), fine]).code == 0)
        // A bridge name netlink refuses before asking the kernel (a record written by hand, or by another version).
        let record = box.root + "/networks/\(broken)/network.json"
        let original = try String(contentsOfFile: record, encoding: .utf8)
        let bridge = try box.inspectNetwork(broken).bridge
        try original.replacingOccurrences(of: "\"\(bridge)\"", with: "\"a-bridge-name-too-long\"").write(toFile: record, atomically: true, encoding: .utf8)
        defer { try? original.write(toFile: record, atomically: true, encoding: .utf8) }

        let removed = box.run(["network", "rm", broken, fine])
        #expect(removed.code == 1, "\(removed.err)")
        #expect(removed.err.contains("invalid link name \"a-bridge-name-too-long\""), "\(removed.err)")
        // (Removing the second one then says that the firewall cannot be written with the first one's bridge.)
        #expect(!FileManager.default.fileExists(atPath: box.root + "/networks/\(fine)"), "the second network is removed")
        #expect(FileManager.default.fileExists(atPath: record), "the first one is kept")
    }

    /// A network whose bridge was replaced by a link that is no bridge: giving the container its
    /// veth fails in netlink (setting a master that is not one), and the container goes.
    @Test func runRemovesItsContainerWhenConnectingFailsWithANetlinkError() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let net = box.uniqueName("nobridge")
        #expect(box.run(["network", "create", "--subnet", box.subnet(3), net]).code == 0)
        let bridge = try box.inspectNetwork(net).bridge
        let peer = "mrt" + String(UInt32.random(in: 0..<UInt32.max), radix: 16)
        #expect(Command.run("/sbin/ip", ["link", "del", bridge]).code == 0)
        let madeVeth = Command.run("/sbin/ip", ["link", "add", bridge, "type", "veth", "peer", "name", peer])
        try #require(madeVeth.code == 0, "\(madeVeth.err)")
        defer { _ = Command.run("/sbin/ip", ["link", "del", bridge]) }

        let run = box.run(["run", "--net", net, "--name", "unlucky", "busybox", "true"])
        #expect(run.code == 125)
        #expect(run.err.contains("master \(bridge)"), "\(run.err)")
        #expect(box.run(["ps", "-a", "-q"]).out == "", "the failed container is removed")
        #expect(box.containerIDs.isEmpty && box.names.isEmpty)
        #expect(box.leases.isEmpty, "its address is given back")
    }
}
