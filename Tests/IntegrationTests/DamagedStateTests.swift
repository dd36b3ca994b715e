import Foundation
import Testing
import TestSupport

/// Records, leases and network files that do not read back as written: what can still be found is
/// shown, removed or rebuilt, never silently trusted or hidden.
@Suite(.enabled(if: isRoot, "needs root"))
struct DamagedStateTests {
    func id(of box: Sandbox, _ name: String) -> String {
        box.run(["inspect", "-f", "{{.Id}}", name]).out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func damage(_ box: Sandbox, _ id: String) throws {
        try "garbage\n".write(toFile: box.root + "/containers/\(id)/container.json", atomically: false, encoding: .utf8)
    }

    /// The container's cgroup directories, wherever they are.
    func cgroups(of id: String) -> [String] {
        MachineCgroups.directories(named: "minirun-\(id.prefix(12))")
    }

    /// Processes of the container: those in its cgroup, and its monitor (named by its directory).
    func processes(of box: Sandbox, _ id: String) -> [String] {
        box.processes.filter { $0.contains(id) }
            + cgroups(of: id).flatMap { directory in
                ((try? String(contentsOfFile: directory + "/cgroup.procs", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            }
    }

    @Test func aDamagedRecordIsListedKeepsItsAddressAndRmRemovesWhatIsLeft() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let port = 20007 + box.subnetOctet * 10
        let started = box.run(["run", "-d", "--name", "c1", "-p", "\(port):80", "busybox", "sleep", "300"])
        try #require(started.code == 0, "\(started.err)")
        let c1 = id(of: box, "c1")
        let address = box.address(of: "c1")
        let table = "minirun_" + (try box.inspectNetwork("bridge").bridge.dropFirst(2))
        #expect(Command.run("/usr/sbin/nft", ["list", "table", "ip", table]).out.contains("dport \(port)"))
        try damage(box, c1)

        let listed = box.run(["ps", "-a"])
        #expect(listed.code == 0)
        let row = listed.out.split(separator: "\n").first { $0.hasPrefix(c1.prefix(12)) }
        #expect(row?.contains("Dead") == true && row?.hasSuffix("c1") == true, "\(listed.out)")
        #expect(listed.err.contains(String(c1.prefix(12))) && listed.err.contains("damaged"), "\(listed.err)")
        #expect(box.run(["ps", "-a", "-q"]).out.contains(c1.prefix(12)))

        #expect(box.run(["run", "-d", "--name", "c2", "busybox", "sleep", "300"]).code == 0)
        #expect(box.address(of: "c2") != address, "the damaged container's address is still in use")
        #expect(box.leases.contains("\(address) \(c1)"))

        let removed = box.run(["rm", "-f", "c1"])
        #expect(removed.code == 0, "\(removed.err)")
        #expect(!box.names.contains("c1"))
        #expect(!box.containerIDs.contains(c1))
        #expect(!box.leases.contains { $0.hasSuffix(c1) })
        #expect(eventually { self.processes(of: box, c1).isEmpty }, "\(processes(of: box, c1))")
        #expect(eventually { self.cgroups(of: c1).isEmpty }, "\(cgroups(of: c1))")
        #expect(!Command.run("/usr/sbin/nft", ["list", "table", "ip", table]).out.contains("dport \(port)"))
        #expect(box.run(["run", "-d", "--name", "c1", "busybox", "true"]).code == 0, "the name is free again")
    }

    @Test func systemResetRemovesADamagedRunningContainer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "d1", "busybox", "sleep", "300"]).code == 0)
        let d1 = id(of: box, "d1")
        try damage(box, d1)
        let reset = box.run(["system", "reset", "--force"])
        let left = processes(of: box, d1) + cgroups(of: d1) + box.containerIDs + box.names
        #expect(reset.code == 0 ? left.isEmpty : reset.err.contains("d1") || reset.err.contains(d1.prefix(12)), "\(reset.err) \(left)")
        #expect(left.isEmpty, "\(left)")
    }

    @Test func leasesThatDoNotMatchTheRecordsAreRebuilt() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "l1", "busybox", "sleep", "300"]).code == 0)
        let l1 = id(of: box, "l1")
        let address = box.address(of: "l1")
        // Parses, but names an address outside the subnet and a container that does not exist.
        let leases = "{\"1.2.3.4\":\"\(l1)\",\"\(address)\":\"\(String(repeating: "e", count: 64))\"}"
        try leases.write(toFile: box.root + "/networks/bridge/leases.json", atomically: false, encoding: .utf8)
        #expect(box.run(["run", "-d", "--name", "l2", "busybox", "sleep", "300"]).code == 0)
        #expect(box.address(of: "l2") != address)
        #expect(!box.leases.contains { $0.hasPrefix("1.2.3.4 ") })
    }

    @Test func aDamagedNetworkFileIsNamedAndLeavesNoContainer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let path = box.root + "/networks/bridge/network.json"
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        try "{\"name\": 3}".write(toFile: path, atomically: false, encoding: .utf8)
        let failed = box.run(["run", "--rm", "busybox", "true"])
        #expect(failed.code == 125 && failed.err.contains(path), "\(failed.err)")
        #expect(box.run(["ps", "-a", "-q"]).out == "", "no Created container is left")
        #expect(box.containerIDs.isEmpty)
        try saved.write(toFile: path, atomically: false, encoding: .utf8)
    }
}
