import Foundation
import TestSupport
import Testing

/// `create` makes a container as `run` does, with the same options, without starting it; `start`
/// then runs it, as in docker.
@Suite(.enabled(if: isRoot, "needs root"))
struct CreateTests {
    @Test func createMakesAContainerThatStartRuns() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let created = box.run(["create", "--name", "later", "-e", "GREETING=hello", "busybox", "sh", "-c", "echo $GREETING; exit 3"])
        #expect(created.code == 0, "\(created.err)")
        let id = created.out.trimmingCharacters(in: .newlines)
        #expect(id.count == 64 && id.allSatisfy(\.isHexDigit), "the full ID: \(created.out)")
        #expect(created.err == "")
        let row = try #require(box.run(["ps", "-a"]).out.split(separator: "\n").first { $0.hasSuffix("later") })
        #expect(row.contains(" Created "), "\(row)")
        #expect(row.hasPrefix(String(id.prefix(12))))
        #expect(box.run(["ps", "-q"]).out == "", "nothing runs yet")
        #expect(box.run(["inspect", "-f", "{{.State.Status}}", "later"]).out == "created\n")

        let attached = box.run(["start", "-a", "later"])
        #expect(attached.out == "hello\n")
        #expect(attached.code == 3)
        #expect(box.run(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", id]).out == "exited 3\n")
        #expect(box.run(["start", "later"]).out == "later\n")
        #expect(box.run(["wait", "later"]).out == "3\n")
        #expect(box.run(["logs", "later"]).out == "hello\nhello\n", "the attached start's output, then the detached one's")
    }

    /// inspect's HostConfig says what the security, filesystem and name options asked, in Docker's
    /// fields, and their defaults without them - so that `-f '{{.HostConfig.Privileged}}'` answers.
    @Test func inspectShowsTheSecurityAndFilesystemOptions() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["create", "--name", "asked", "--privileged", "--read-only", "--cap-add", "NET_ADMIN", "--cap-drop", "CHOWN",
                         "--dns", "192.0.2.53", "--dns-search", "example.org", "--add-host", "db:192.0.2.7",
                         "--security-opt", "no-new-privileges", "--tmpfs", "/run:size=1m", "busybox", "true"]).code == 0)
        let fields = "{{.HostConfig.Privileged}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapAdd}} {{.HostConfig.CapDrop}} "
            + "{{.HostConfig.Dns}} {{.HostConfig.DnsSearch}} {{.HostConfig.ExtraHosts}} {{.HostConfig.SecurityOpt}} {{.HostConfig.Tmpfs}}"
        #expect(box.run(["inspect", "-f", fields, "asked"]).out
            == "true true [NET_ADMIN] [CHOWN] [192.0.2.53] [example.org] [db:192.0.2.7] [no-new-privileges] map[/run:size=1m]\n")
        #expect(box.run(["create", "--name", "plain", "busybox", "true"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{.HostConfig.Privileged}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.Dns}} [{{.HostConfig.CgroupParent}}] {{.Platform}}", "plain"]).out
            == "false false [] [] linux\n")
    }

    @Test func aCreatedContainerGetsItsNetworkWhenStarted() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["create", "--name", "server", "busybox", "sleep", "300"]).code == 0)
        #expect(box.leases.isEmpty, "no address before it starts")
        #expect(box.run(["start", "server"]).code == 0)
        #expect(box.address(of: "server") != "")
        #expect(box.leases.count == 1)
        #expect(box.run(["rm", "-f", "server"]).code == 0)
    }

    /// --rm is taken, as docker's create takes it: the container goes once it has run.
    @Test func createWithRmRemovesTheContainerAfterItsRun() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["create", "--rm", "--name", "once", "busybox", "true"]).code == 0)
        #expect(box.run(["ps", "-a", "-q"]).out.split(separator: "\n").count == 1)
        #expect(box.run(["start", "once"]).code == 0)
        #expect(eventually { box.run(["ps", "-a", "-q"]).out == "" })
    }

    @Test func badCreateInputChangesNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        for (arguments, message) in [
            (["create", "-d", "busybox", "true"], "Unknown option '-d'"),
            (["create", "busybox"], "no command specified"),
            (["create", "--name", "bad/name", "busybox", "true"], "Invalid container name"),
            (["create", "--memory", "lots", "busybox", "true"], "invalid size"),
            (["create", "--net", "nosuchnet", "busybox", "true"], "network nosuchnet not found"),
            // --pull never: a missing image is otherwise pulled, and tests reach no registry but their own.
            (["create", "--pull", "never", "nosuchimage", "true"], "No such image: nosuchimage:latest"),
        ] {
            let result = box.run(arguments)
            #expect(result.code == 125, "\(arguments): \(result.err)")
            #expect(result.out == "", "\(arguments)")
            #expect(result.err.split(separator: "\n").count == 1 && result.err.contains(message), "\(arguments): \(result.err)")
        }
        #expect(box.containerIDs.isEmpty)
        #expect(box.names.isEmpty)
    }
}
