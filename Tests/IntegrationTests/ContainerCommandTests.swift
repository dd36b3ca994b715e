import Foundation
import Glibc
import TestSupport
import Testing

/// Docker's `container` management command: the container commands under it, `container prune`
/// (with its prompt, filters and reclaimed space), and `ps -n`/`-l`.
@Suite(.enabled(if: isRoot, "needs root"))
struct ContainerCommandTests {
    @Test func containerSubcommandsAndPrune() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // Created in this order: wrote (wrote 100000 bytes, exited), labelled (exited), up (running).
        #expect(box.run(["container", "run", "--name", "wrote", "--net=none", "busybox", "sh", "-c", "head -c 100000 /dev/zero > /data"]).code == 0)
        #expect(box.run(["container", "create", "--name", "labelled", "-l", "keep=yes", "busybox", "true"]).code == 0)
        #expect(box.run(["container", "run", "-d", "--name", "up", "--net=none", "busybox", "sleep", "300"]).code == 0)
        defer { _ = box.run(["rm", "-f", "up"]) }
        #expect(box.run(["container", "ls", "--format", "{{.Names}}"]).out == "up\n")
        #expect(box.run(["container", "ps", "-a", "-q"]).out.split(separator: "\n").count == 3)
        #expect(box.run(["ps", "-l", "--format", "{{.Names}}"]).out == "up\n")
        #expect(box.run(["ps", "-n", "2", "--format", "{{.Names}}"]).out == "up\nlabelled\n", "every state, newest first")
        #expect(box.run(["ps", "-n", "1", "--filter", "status=exited", "--format", "{{.Names}}"]).out == "wrote\n", "after the filters")
        #expect(box.run(["container", "inspect", "-f", "{{.Name}}", "wrote"]).out == "/wrote\n")
        let image = box.run(["container", "inspect", "busybox"])
        #expect(image.code == 1 && image.err == "minirun: No such container: busybox\n", "containers only: \(image)")

        let declined = box.run(["container", "prune"], stdin: "n\n")
        #expect(declined.code == 0 && declined.out.hasPrefix("WARNING! This will remove all stopped containers."))
        #expect(box.run(["ps", "-aq"]).out.split(separator: "\n").count == 3)
        let wroteID = box.run(["inspect", "-f", "{{.Id}}", "wrote"]).out
        let pruned = box.run(["container", "prune", "-f", "--filter", "label!=keep"])
        #expect(pruned.out == "Deleted Containers:\n\(wroteID)\nTotal reclaimed space: 100kB\n", "\(pruned)")
        #expect(box.run(["container", "prune", "-f", "--filter", "until=2000-01-01T00:00:00Z"]).out == "Total reclaimed space: 0B\n")
        #expect(box.run(["container", "prune"], stdin: "y\n").out.contains("Deleted Containers:\n"))
        #expect(box.run(["ps", "-a", "--format", "{{.Names}}"]).out == "up\n", "a running container stays")
    }

    /// `top`: the host's ps -ef (or the options given) cut to the container's processes.
    @Test func topListsTheContainersProcesses() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "busy", "--net=none", "busybox", "sh", "-c", "sleep 300 & sleep 301"]).code == 0)
        defer { _ = box.run(["rm", "-f", "busy"]) }
        var lines: [String] = []
        for _ in 0..<50 {  // until the shell has started its background sleep
            lines = box.run(["top", "busy"]).out.split(separator: "\n").map(String.init)
            if lines.count == 3 { break }
            usleep(20_000)
        }
        #expect(lines.first?.split(separator: " ") == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"])
        #expect(lines.first?.hasPrefix("UID                 PID") == true, "Docker's columns, 20 wide")
        #expect(lines.count == 3 && lines.contains { $0.hasSuffix("   sleep 300") } && lines.contains { $0.hasSuffix("   sleep 301") }, "\(lines)")
        let pid = box.run(["inspect", "-f", "{{.State.Pid}}", "busy"]).out.split(separator: "\n").first.map(String.init) ?? ""
        #expect(box.run(["container", "top", "busy", "-o", "pid,comm"]).out.split(separator: "\n").contains { $0.hasPrefix(pid + " ") && $0.hasSuffix("sleep") })
        #expect(box.run(["stop", "-t", "0", "busy"]).code == 0)
        let stopped = box.run(["top", "busy"])
        #expect(stopped.code == 1 && stopped.err.hasSuffix("is not running\n"), "\(stopped)")
    }

    /// `--cidfile` (written on create, refused when it exists, nothing left when it cannot be written)
    /// and `--label-file` (read first, `--label` over it).
    @Test func idFileAndLabelFile() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let idFile = box.root + "/cid", labelFile = box.root + "/labels"
        try "# team labels\ntier=web\n\n  owner=ops\nflag\n".write(toFile: labelFile, atomically: true, encoding: .utf8)
        #expect(box.run(["run", "--cidfile", idFile, "--label-file", labelFile, "-l", "tier=db", "--name", "one", "--net=none", "busybox", "true"]).code == 0)
        let id = box.run(["inspect", "-f", "{{.Id}}", "one"]).out
        #expect((try? String(contentsOfFile: idFile, encoding: .utf8)).map { $0 + "\n" } == id, "the ID, no newline")
        #expect(box.run(["inspect", "-f", "{{json .Config.Labels}}", "one"]).out == #"{"flag":"","owner":"ops","tier":"db"}"# + "\n")
        #expect(box.run(["inspect", "-f", "{{.HostConfig.ContainerIDFile}}", "one"]).out == idFile + "\n")
        let again = box.run(["create", "--cidfile", idFile, "busybox", "true"])
        #expect(again.code == 125 && again.err == "minirun: Container ID file found, make sure the other container isn't running or delete \(idFile)\n")
        let unwritable = box.run(["run", "-d", "--cidfile", box.root + "/no/such/dir/cid", "--net=none", "busybox", "sleep", "9"])
        #expect(unwritable.code == 125 && unwritable.err.hasPrefix("minirun: failed to create the container ID file: "))
        #expect(box.run(["ps", "-aq"]).out.split(separator: "\n").count == 1, "the container whose ID could not be written went")
        #expect(box.run(["run", "--label-file", box.root + "/nosuch", "busybox", "true"]).code == 125)
    }
}
