import Foundation
import TestSupport
import Testing

/// Bad input: one clear line on stderr, a non-zero exit, and nothing changed.
@Suite(.enabled(if: isRoot, "needs root"))
struct BadInputTests {
    func expectRefused(_ box: Sandbox, _ arguments: [String], code: Int32 = 125, mentioning text: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let containersBefore = box.containerIDs, namesBefore = box.names
        let result = box.run(arguments)
        #expect(result.code == code, "\(arguments): \(result)", sourceLocation: sourceLocation)
        #expect(result.err.hasPrefix("minirun: ") && result.err.split(separator: "\n").count == 1,
                "\(arguments): \(result.err)", sourceLocation: sourceLocation)
        #expect(result.err.contains(text), "\(arguments): \(result.err)", sourceLocation: sourceLocation)
        #expect(box.containerIDs == containersBefore && box.names == namesBefore, sourceLocation: sourceLocation)
        #expect(box.mounts.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func runRefusesBadInput() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // The default bridge may say once which subnet it took; have that said before counting lines.
        #expect(box.run(["network", "ls"]).code == 0)
        // --pull never: a missing image is otherwise pulled, and tests reach no registry but their own.
        expectRefused(box, ["run", "--rm", "--pull", "never", "nosuchimage", "true"], mentioning: "No such image: nosuchimage:latest")
        expectRefused(box, ["run", "--rm", "busybox"], mentioning: "no command")
        expectRefused(box, ["run", "--name", "bad name", "busybox", "true"], mentioning: "Invalid container name")
        expectRefused(box, ["run", "--name=-x", "busybox", "true"], mentioning: "Invalid container name")
        expectRefused(box, ["run", "--name", String(repeating: "a", count: 129), "busybox", "true"], mentioning: "Invalid container name")
        expectRefused(box, ["run", "--net", "bogus", "busybox", "true"], mentioning: "bogus")
        expectRefused(box, ["run", "-w", "relative", "busybox", "true"], mentioning: "absolute path")
        expectRefused(box, ["run", "-u", "nosuchuser", "busybox", "true"], mentioning: "unable to find user")
        expectRefused(box, ["run", "--env-file", "/nonexistent", "busybox", "true"], mentioning: "/nonexistent")
        expectRefused(box, ["run", "--bogus-flag", "busybox", "true"], mentioning: "bogus-flag")
        expectRefused(box, ["run", "--rm", "busybox", "nosuchcommand"], code: 127, mentioning: "executable file not found")
        expectRefused(box, ["run", "--rm", "busybox", "/etc/passwd"], code: 126, mentioning: "permission denied")
        expectRefused(box, ["run", "-d", "busybox", "nosuchcommand"], code: 127, mentioning: "executable file not found")
    }

    /// Negative numbers, publications and mounts, each refused with its reason before anything exists
    /// (they said "Missing value", "already in use" at start, or failed in mount(2), or were taken).
    @Test func runRefusesBadNumbersPortsAndMounts() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let port = 20008 + box.subnetOctet * 10
        expectRefused(box, ["run", "--rm", "-p", "-1:80", "busybox", "true"], mentioning: "invalid port -1: ports must be 1-65535")
        expectRefused(box, ["run", "--rm", "--memory", "-1", "busybox", "true"],
                      mentioning: "invalid argument \"-1\" for \"-m, --memory\" flag: a size cannot be negative")
        expectRefused(box, ["run", "-d", "-m", "-1", "busybox", "true"], mentioning: "a size cannot be negative")
        expectRefused(box, ["run", "--rm", "--cpus", "-1", "busybox", "true"], mentioning: "Range of CPUs is from 0.01")
        expectRefused(box, ["run", "--rm", "--cpu-shares", "-1", "busybox", "true"],
                      mentioning: "invalid CPU shares (-1): value must be a positive integer")
        expectRefused(box, ["run", "--rm", "-p", "\(port):80", "-p", "\(port):81", "busybox", "true"],
                      mentioning: "conflicting port publications -p \(port):80/tcp and -p \(port):81/tcp")
        expectRefused(box, ["run", "--rm", "--tmpfs", "/", "busybox", "true"], mentioning: "destination can't be '/'")
        expectRefused(box, ["run", "--rm", "--tmpfs", "//", "busybox", "true"], mentioning: "destination can't be '/'")
        expectRefused(box, ["run", "--rm", "-v", "/tmp:/", "busybox", "true"], mentioning: "destination can't be '/'")
        expectRefused(box, ["run", "--rm", "--tmpfs", "/x:size=abc", "busybox", "true"], mentioning: "invalid tmpfs option \"size=abc\"")
        expectRefused(box, ["run", "-d", "--tmpfs", "/x:mode=888", "busybox", "true"], mentioning: "invalid tmpfs option \"mode=888\"")
        expectRefused(box, ["run", "--rm", "--tmpfs", "/x:defaults", "busybox", "true"], mentioning: "invalid tmpfs option \"defaults\"")
        expectRefused(box, ["run", "--rm", "-v", "/tmp:/x", "--tmpfs", "/x", "busybox", "true"], mentioning: "Duplicate mount point: /x")
    }

    /// What Docker takes: the same publication twice, and -1 where it means "no limit".
    @Test func runTakesWhatDockerTakes() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let port = 20009 + box.subnetOctet * 10
        let twice = box.run(["run", "-d", "--name", "twice", "-p", "\(port):80", "-p", "\(port):80", "busybox", "sleep", "100"])
        #expect(twice.code == 0, "\(twice.err)")
        let ports = box.run(["inspect", "-f", "{{json .NetworkSettings.Ports}}", "twice"]).out
        #expect(ports.contains("\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"\(port)\"}]"), "published once: \(ports)")
        for limit in [["--pids-limit", "-1"], ["--memory-swap", "-1"]] {
            let result = box.run(["run", "--rm"] + limit + ["busybox", "true"])
            #expect(result.code == 0 && result.err.isEmpty, "\(limit): \(result)")
        }
        let tmpfs = box.run(["run", "--rm", "--tmpfs", "/x:size=1m,mode=700,noatime", "busybox", "grep", " /x ", "/proc/mounts"])
        #expect(tmpfs.out.contains("noatime") && tmpfs.out.contains("size=1024k,mode=700"), "\(tmpfs)")
    }

    /// `stop -t -1` waits as long as it takes and `logs --tail -1` shows everything, as in Docker.
    @Test func minusOneMeansNoLimit() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let script = "echo one; echo two; trap 'sleep 1; exit 3' TERM; while :; do sleep 0.1; done"
        #expect(box.run(["run", "-d", "--name", "patient", "busybox", "sh", "-c", script]).code == 0)
        #expect(eventually { box.run(["logs", "patient"]).out == "one\ntwo\n" })
        #expect(box.run(["logs", "--tail", "-1", "patient"]).out == "one\ntwo\n")
        let stop = box.run(["stop", "-t", "-1", "patient"])
        #expect(stop.code == 0 && stop.out == "patient\n", "\(stop)")
        #expect(box.run(["inspect", "-f", "{{.State.ExitCode}}", "patient"]).out == "3\n", "ended by its TERM trap, not killed")
    }

    /// Errors about a container name it as the user typed it (a name, an ID or a prefix of one), never
    /// by its full ID.
    @Test func errorsNameTheContainerAsTyped() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "up", "busybox", "sleep", "100"]).code == 0)
        #expect(box.run(["run", "--name", "down", "busybox", "true"]).code == 0)
        let net = box.uniqueName("other")
        #expect(box.run(["network", "create", "--subnet", box.subnet(1), net]).code == 0)
        let upPrefix = String(box.run(["inspect", "-f", "{{.Id}}", "up"]).out.prefix(7))
        let downID = box.run(["inspect", "-f", "{{.Id}}", "down"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let downPrefix = String(downID.prefix(5))
        for (arguments, message) in [
            (["exec", "down", "true"], "container down is not running"),
            (["exec", downPrefix, "true"], "container \(downPrefix) is not running"),
            (["kill", downPrefix], "container \(downPrefix) is not running"),
            (["kill", "-s", "-1", upPrefix], "invalid signal: -1"),
            (["start", upPrefix], "container \(upPrefix) is already running"),
            (["rm", upPrefix], "cannot remove container \"\(upPrefix)\": container is running"),
            (["network", "disconnect", net, upPrefix], "container \(upPrefix) is not connected to network \(net)"),
        ] {
            let result = box.run(arguments)
            #expect(result.code == 1, "\(arguments): \(result)")
            #expect(result.err.hasPrefix("minirun: \(message)") && result.err.split(separator: "\n").count == 1, "\(arguments): \(result.err)")
            #expect(!result.err.contains(downID), "\(arguments): \(result.err)")
        }
        // A container started again after the one whose network it shares stopped: named as created.
        #expect(box.run(["run", "--name", "guest", "--net", "container:up", "busybox", "true"]).code == 0)
        #expect(box.run(["stop", "-t", "0", "up"]).code == 0)
        let start = box.run(["start", "guest"])
        #expect(start.code == 1 && start.err == "minirun: cannot join network of a non running container: up\n", "\(start)")
        #expect(box.containerIDs.count == 3)
    }

    /// `-it` with a standard input that is no terminal (the sandbox's is /dev/null): docker's status 1,
    /// on `run` as on `exec`, not `run`'s 125 for its own failures.
    @Test func notATerminalIsStatusOne() throws {
        let box = try Sandbox()
        defer { box.finish() }
        expectRefused(box, ["run", "-it", "--rm", "busybox", "true"], code: 1, mentioning: "the input device is not a TTY")
        expectRefused(box, ["exec", "-it", "ghost", "true"], code: 1, mentioning: "the input device is not a TTY")
    }

    /// With -d nothing reads this stdin, so it need not be a terminal (CI jobs run `run -dit`): the
    /// container's process gets a pty of its own all the same.
    @Test func detachedInteractiveTerminalNeedsNoTerminalHere() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let started = box.run(["run", "-dit", "--name", "shell", "--net=none", "busybox", "sh"])
        #expect(started.code == 0, "\(started.err)")
        #expect(box.run(["exec", "shell", "readlink", "/proc/1/fd/0"]).out == "/dev/pts/0\n")
        #expect(box.run(["exec", "-dit", "shell", "sleep", "1"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{.State.Status}}", "shell"]).out == "running\n", "sh waits on its terminal")
        #expect(box.run(["rm", "-f", "shell"]).code == 0)
    }

    @Test func duplicateNameIsRefused() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "taken", "busybox", "sleep", "100"]).code == 0)
        expectRefused(box, ["run", "--name", "taken", "busybox", "true"], mentioning: "already in use")
    }

    @Test func unknownContainersAreReported() throws {
        let box = try Sandbox()
        defer { box.finish() }
        expectRefused(box, ["rm", "ghost"], code: 1, mentioning: "No such container: ghost")
    }
}
