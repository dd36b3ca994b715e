import Foundation
import Testing
import TestSupport

/// A minirun killed with -9 leaves a container it was in charge of: the next command that comes
/// across it records its end and gives back what it held (or removes it, with --rm).
@Suite(.enabled(if: isRoot, "needs root"))
struct KilledRunTests {
    @Test(arguments: [["ps"], ["network", "inspect", "bridge"], ["rm", "-f", "other"], ["run", "--rm", "busybox", "true"]])
    func aKilledRunRmContainerIsRemovedByTheNextCommand(_ command: [String]) throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "other", "--net=none", "busybox", "sleep", "300"]).code == 0)
        let process = try box.start(["run", "--rm", "--name", "gone", "busybox", "sleep", "300"])
        #expect(eventually { box.run(["inspect", "-f", "{{.State.Status}}", "gone"]).out == "running\n" })
        kill(process.processIdentifier, SIGKILL)  // its container follows (pdeathsig)
        process.waitUntilExit()
        #expect(eventually { box.run(["inspect", "-f", "{{.State.Status}}", "gone"]).out == "exited\n" })
        #expect(box.names.contains("gone"), "nothing has removed it yet")
        let result = box.run(command)
        #expect(result.code == 0, "\(result.err)")
        #expect(!box.names.contains("gone") && box.containerIDs.count == (command[0] == "rm" ? 0 : 1), "\(box.containerIDs) \(box.names)")
        #expect(box.leases.isEmpty, "\(box.leases)")
    }

    /// A detached container whose monitor and process were killed, with a published port.
    func killedPublisher(_ box: Sandbox, name: String, port: Int) throws -> String {
        #expect(box.run(["run", "-d", "--name", name, "-p", "\(port):80", "busybox", "sleep", "300"]).code == 0)
        let id = box.run(["inspect", "-f", "{{.Id}}", name]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let record = try String(contentsOfFile: box.root + "/containers/\(id)/container.json", encoding: .utf8)
        let pids = record.split(separator: "\"pid\":").dropFirst().compactMap { Int32($0.prefix { $0.isNumber }) }
        for pid in pids.reversed() { kill(pid, SIGKILL) }  // the monitor first: it would clean up after its container
        #expect(eventually { pids.allSatisfy { kill($0, 0) != 0 } })
        return id
    }

    @Test(arguments: [["ps", "-a"], ["network", "inspect", "bridge"], ["rm", "-f", "other"]])
    func psNetworkInspectAndRmGiveBackWhatAKilledContainerHeld(_ command: [String]) throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "other", "--net=none", "busybox", "sleep", "300"]).code == 0)
        let port = 20008 + box.subnetOctet * 10 + command.count
        let table = "minirun_" + (try box.inspectNetwork("bridge").bridge.dropFirst(2))  // (network inspect reconciles)
        let id = try killedPublisher(box, name: "victim", port: port)
        #expect(Command.run("/usr/sbin/nft", ["list", "table", "ip", table]).out.contains("dport \(port)"))
        #expect(box.run(command).code == 0)
        #expect(!Command.run("/usr/sbin/nft", ["list", "table", "ip", table]).out.contains("dport \(port)"))
        #expect(!box.leases.contains { $0.hasSuffix(id) }, "\(box.leases)")
        let cgroups = MachineCgroups.directories(named: "minirun-\(id.prefix(12))")
        #expect(cgroups.isEmpty, "\(cgroups)")
        #expect(box.run(["inspect", "-f", "{{.State.Status}}", "victim"]).out == "exited\n")
    }
}
