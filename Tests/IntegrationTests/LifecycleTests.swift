import Foundation
import Testing
import TestSupport

/// Detached containers and what docker users drive them with: logs, ps, stop, start, restart, kill,
/// rm, wait, exec and inspect.
@Suite(.enabled(if: isRoot, "needs root"))
struct LifecycleTests {
    @Test func logsShowFollowTailAndTimestamps() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "talker", "busybox", "sh", "-c", "for i in 1 2 3; do echo line$i; done; echo oops >&2; sleep 1; echo last"]).code == 0)
        // -f returns by itself once the container stops, with everything it wrote.
        let followed = box.run(["logs", "-f", "talker"])
        #expect(followed.code == 0)
        #expect(followed.out == "line1\nline2\nline3\nlast\n")
        #expect(followed.err == "oops\n")
        #expect(box.run(["logs", "--tail", "2", "talker"]).out == "last\n", "the last 2 lines are oops (stderr) and last")
        #expect(box.run(["logs", "--tail", "two", "talker"]).out == "line1\nline2\nline3\nlast\n", "not a number: all, as Docker")
        let stamped = box.run(["logs", "-t", "talker"]).out.split(separator: "\n")
        #expect(stamped.count == 4 && stamped.allSatisfy { $0.count > 31 && $0.dropFirst(30).first == " " && $0.contains("Z line") || $0.contains("Z last") })
        #expect(box.run(["logs", "--since", "1h", "talker"]).out.contains("line1"))
        #expect(box.run(["logs", "--since", "2099-01-01T00:00:00Z", "talker"]).out == "")
    }

    @Test func psShowsDockersColumnsFormatsAndFilters() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "up1", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "--name", "done1", "busybox", "sh", "-c", "exit 3"]).code == 3)
        let table = box.run(["ps", "-a"]).out.split(separator: "\n")
        #expect(table.first == "CONTAINER ID   IMAGE     COMMAND         CREATED                  STATUS                              PORTS     NAMES"
            || table.first?.split(separator: " ", omittingEmptySubsequences: true) == ["CONTAINER", "ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"])
        let up = try #require(table.first { $0.hasSuffix("up1") })
        #expect(up.contains("\"sleep 300\"") && up.contains("Up "))
        let exited = try #require(table.first { $0.hasSuffix("done1") })
        #expect(exited.contains("Exited (3) ") && exited.contains(" ago"))
        #expect(box.run(["ps"]).out.split(separator: "\n").count == 2, "without -a only running ones")
        #expect(box.run(["ps", "-q"]).out.split(separator: "\n").map(\.count) == [12])
        #expect(box.run(["ps", "-a", "--filter", "status=exited", "--format", "json"]).out.contains("\"Names\":\"done1\""))
        #expect(box.run(["ps", "--filter", "status=exited", "-q"]).out.split(separator: "\n").count == 1)
        #expect(box.run(["ps", "-a", "--filter", "name=up", "-q"]).out.split(separator: "\n").count == 1)
        #expect(box.run(["ps", "-a", "--filter", "network=bridge", "-q"]).out.split(separator: "\n").count == 2)
        #expect(box.run(["ps", "-a", "--filter", "network=none", "-q"]).out == "")
        #expect(box.run(["ps", "--filter", "bogus=1"]).code == 1, "the daemon refuses it in Docker")
    }

    @Test func stopEscalatesToSigkillAndStartRunsItAgain() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "stubborn", "busybox", "sh", "-c", "trap '' TERM; echo started; while :; do sleep 1; done"]).code == 0)
        let firstAddress = box.address(of: "stubborn")
        let started = Date()
        #expect(box.run(["stop", "-t", "1", "stubborn"]).code == 0)
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(box.run(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "stubborn"]).out == "exited 137\n")
        // start: same configuration, writable layer and name; network re-attached.
        #expect(box.run(["exec", "stubborn", "true"]).code != 0, "exec into a stopped container")
        #expect(box.run(["start", "stubborn"]).code == 0)
        #expect(box.run(["start", "stubborn"]).code != 0, "start of a running container")
        #expect(box.address(of: "stubborn") == firstAddress)
        #expect(eventually { box.run(["logs", "stubborn"]).out == "started\nstarted\n" })
        #expect(box.run(["restart", "-t", "1", "stubborn"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{.State.Running}}", "stubborn"]).out == "true\n")
    }

    @Test func killWaitAndSignals() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "k", "busybox", "sh", "-c", "trap 'exit 42' USR1; while :; do sleep 0.1; done"]).code == 0)
        usleep(300_000)
        #expect(box.run(["kill", "-s", "USR1", "k"]).code == 0)
        #expect(box.run(["wait", "k"]).out == "42\n")
        #expect(box.run(["run", "-d", "--name", "k2", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["kill", "k2"]).code == 0)
        #expect(box.run(["wait", "k2"]).out == "137\n")
        #expect(box.run(["kill", "k2"]).code != 0, "kill of a stopped container")
        #expect(box.run(["kill", "-s", "NOPE", "k2"]).code != 0)
    }

    @Test func restartPolicyOnFailureRestartsTwice() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "echo run; exit 3"]).code == 0)
        #expect(eventually(15) {
            box.run(["inspect", "-f", "{{.RestartCount}} {{.State.Status}}", "flaky"]).out == "2 exited\n" && !box.processes.contains { $0.contains("container-exited") }
        })
        #expect(box.run(["logs", "flaky"]).out == "run\nrun\nrun\n")
        #expect(box.run(["inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}", "flaky"]).out == "on-failure:2\n")
        #expect(box.run(["run", "-d", "--name", "fine", "--restart", "on-failure", "busybox", "true"]).code == 0)
        #expect(eventually { box.run(["inspect", "-f", "{{.State.Status}}", "fine"]).out == "exited\n" })
        usleep(300_000)
        #expect(box.run(["inspect", "-f", "{{.RestartCount}}", "fine"]).out == "0\n", "a clean exit is not a failure")
        #expect(box.run(["run", "-d", "--name", "forever", "--restart", "always", "busybox", "sleep", "0.1"]).code == 0)
        #expect(eventually(10) { box.run(["inspect", "-f", "{{.RestartCount}}", "forever"]).out != "0\n" })
        #expect(box.run(["stop", "-t", "1", "forever"]).code == 0)
        let count = box.run(["inspect", "-f", "{{.RestartCount}}", "forever"]).out
        usleep(800_000)
        #expect(box.run(["inspect", "-f", "{{.State.Status}} {{.RestartCount}}", "forever"]).out == "exited \(count)", "stop ends the policy")
    }

    @Test func execJoinsTheContainerWithItsEnvironment() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "target", "-e", "FROM_RUN=1", "-w", "/srv", "--net=none", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["exec", "target", "sh", "-c", "echo $FROM_RUN $FROM_EXEC; pwd; hostname"], environment: [:]).out.hasPrefix("1\n/srv\n"))
        #expect(box.run(["exec", "-e", "FROM_EXEC=2", "-w", "/tmp", "-u", "65534", "target", "sh", "-c", "echo $FROM_RUN $FROM_EXEC; pwd; id -u"]).out == "1 2\n/tmp\n65534\n")
        #expect(box.run(["exec", "target", "sh", "-c", "exit 5"]).code == 5)
        #expect(box.run(["exec", "target", "nosuchcommand"]).code == 127)
        #expect(box.run(["exec", "-i", "target", "cat"], stdin: "through\n").out == "through\n")
        // The exec'd process is in the container's pid namespace and cgroup.
        let pids = box.run(["exec", "target", "sh", "-c", "cat /proc/1/cmdline; echo; cat /proc/self/cgroup"]).out
        #expect(pids.hasPrefix("sleep\u{0}300\u{0}"))
        // Its cgroup is the container's, the root of the container's cgroup namespace ("/", not "/.."):
        // in the memory hierarchy on v1, in the unified one on v2.
        let onV1 = MachineCgroups.layout?.hierarchy(for: "memory")?.version == .v1
        let line = pids.split(separator: "\n").first { onV1 ? $0.contains(":memory:") : $0.hasPrefix("0::") }
        #expect(line?.hasSuffix(":/") == true, "\(pids)")
        for mode in ["host", "container:target", "bridge"] {
            let name = "m-\(mode.replacingOccurrences(of: ":", with: "-"))"
            #expect(box.run(["run", "-d", "--name", name, "--net=\(mode)", "busybox", "sleep", "300"]).code == 0)
            #expect(box.run(["exec", name, "echo", "ok"]).out == "ok\n", "exec with --net=\(mode)")
        }
    }

    /// `exec -d` returns at once, prints nothing, and its command runs on after minirun has exited;
    /// `--env-file` adds variables as run's does.
    @Test func execDetachedRunsOnAndEnvFilesAddVariables() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "target", "--net=none", "busybox", "sleep", "300"]).code == 0)
        let detached = box.run(["exec", "-d", "target", "sh", "-c", "sleep 0.3; echo ran > /tmp/flag"])
        #expect(detached.code == 0 && detached.out == "" && detached.err == "")
        #expect(box.run(["exec", "target", "cat", "/tmp/flag"]).code != 0, "still sleeping: exec -d did not wait")
        var flag = ""
        for _ in 0..<100 where flag.isEmpty {
            usleep(20_000)
            flag = box.run(["exec", "target", "cat", "/tmp/flag"]).out
        }
        #expect(flag == "ran\n", "it ran on after minirun exec -d exited")
        let file = box.root + "/exec.env"
        try "FROM_FILE=1\nOTHER=two words\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(box.run(["exec", "--env-file", file, "-e", "OTHER=flag", "target", "sh", "-c", "echo $FROM_FILE $OTHER"]).out == "1 flag\n")
        #expect(box.run(["exec", "--env-file", box.root + "/nosuch", "target", "true"]).code != 0)
    }

    /// `--stop-timeout`: how long `stop` (and `restart`) wait when given no -t. The command takes 3 s
    /// to exit after SIGTERM: with --stop-timeout 1 it is killed (137), with -t 20 it exits by itself (0).
    @Test func stopTimeoutIsTheContainersOwnWait() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let slow = "trap 'sleep 3; exit 0' TERM; while true; do sleep 0.1; done"
        #expect(box.run(["run", "-d", "--name", "quick", "--stop-timeout", "1", "--net=none", "busybox", "sh", "-c", slow]).code == 0)
        #expect(box.run(["inspect", "-f", "{{.Config.StopTimeout}}", "quick"]).out == "1\n")
        #expect(box.run(["stop", "quick"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{.State.ExitCode}}", "quick"]).out == "137\n", "killed after its own 1 s")
        #expect(box.run(["start", "quick"]).code == 0)
        #expect(box.run(["stop", "-t", "20", "quick"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{.State.ExitCode}}", "quick"]).out == "0\n", "-t wins over --stop-timeout")
        #expect(box.run(["create", "--name", "plain", "busybox", "true"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{json .Config}}", "plain"]).out.contains("StopTimeout") == false, "left out when not given")
        #expect(box.run(["run", "--stop-timeout", "soon", "busybox", "true"]).code == 125)
    }

    /// `stop -s` (and `restart -s`) send that signal instead of the container's stop signal;
    /// `--timeout` is -t's long name, as in Docker 23 and later.
    @Test func stopTakesASignalAndATimeout() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let script = "trap 'echo got-int; exit 3' INT; trap 'exit 0' TERM; echo ready; while true; do sleep 0.1; done"
        let logs = { box.run(["logs", "polite"]).out }
        #expect(box.run(["run", "-d", "--name", "polite", "--net=none", "busybox", "sh", "-c", script]).code == 0)
        #expect(eventually { logs() == "ready\n" }, "its traps are set")
        let stopped = box.run(["stop", "-s", "SIGINT", "--timeout", "20", "polite"])
        #expect(stopped.code == 0 && stopped.out == "polite\n", "\(stopped.err)")
        #expect(box.run(["inspect", "-f", "{{.State.ExitCode}}", "polite"]).out == "3\n", "INT, not TERM, ended it")
        #expect(logs() == "ready\ngot-int\n")
        #expect(box.run(["start", "polite"]).code == 0)
        #expect(eventually { logs() == "ready\ngot-int\nready\n" })
        #expect(box.run(["restart", "--signal", "2", "polite"]).code == 0)
        #expect(logs().hasPrefix("ready\ngot-int\nready\ngot-int\n"), "restart -s stopped it with INT too: \(logs())")
        #expect(eventually { logs() == "ready\ngot-int\nready\ngot-int\nready\n" })
        let bad = box.run(["stop", "-s", "NOSUCH", "polite"])
        #expect(bad.code == 1 && bad.err == "minirun: invalid signal: NOSUCH\n", "\(bad.err)")
        #expect(box.run(["inspect", "-f", "{{.State.Running}}", "polite"]).out == "true\n", "a bad signal stops nothing")
        #expect(box.run(["stop", "polite"]).code == 0)
    }

    @Test func execItGivesAUsableShellThroughAPty() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "shell", "busybox", "sleep", "300"]).code == 0)
        // script(1) plays the user's terminal: type into the shell, ctrl-C a sleep, then leave.
        let line = "MINIRUN_ROOT=\(box.root) \(Binaries.minirun) exec -it shell sh"
        let typed = "(sleep 0.5; echo 'tty; echo $((6*7))'; sleep 0.3; echo 'sleep 30'; sleep 0.5; printf '\\003'; sleep 0.3; echo 'exit 4') | script -qec \"\(line)\" /dev/null"
        let result = Command.shell(typed)
        #expect(result.code == 4, "\(result.out)")
        #expect(result.out.contains("/dev/pts/"))
        #expect(result.out.contains("42"))
        #expect(result.out.contains("^C"), "ctrl-C reached the container's foreground process")
    }

    @Test func inspectSpeaksDockersFieldsAndTemplates() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let net = box.uniqueName("my-bridge")
        #expect(box.run(["network", "create", "--subnet", box.subnet(7), net]).code == 0)
        #expect(box.run(["run", "-d", "--name", "inspected", "--network", net, "-e", "K=V", "busybox", "sleep", "300"]).code == 0)
        let json = box.run(["inspect", "inspected"]).out
        #expect(json.hasPrefix("[\n    {\n        \"Id\": \""), "indented as docker does")
        let object = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])?.first)
        #expect((object["Id"] as? String)?.count == 64)
        #expect(object["Name"] as? String == "/inspected")
        #expect(object["Path"] as? String == "sleep" && (object["Args"] as? [String]) == ["300"])
        let state = try #require(object["State"] as? [String: Any])
        #expect(state["Status"] as? String == "running" && state["Running"] as? Bool == true && (state["Pid"] as? Int ?? 0) > 0)
        #expect(state["OOMKilled"] as? Bool == false && state["ExitCode"] as? Int == 0)
        let config = try #require(object["Config"] as? [String: Any])
        // Docker's Config.Env: the image's ENV (busybox's import has none) and -e; not what the start adds.
        #expect(config["Env"] as? [String] == ["K=V"] && config["Image"] as? String == "busybox")
        #expect(box.run(["exec", "inspected", "sh", "-c", "echo $HOSTNAME $HOME $K"]).out.hasSuffix(" /root V\n"))
        #expect((object["HostConfig"] as? [String: Any])?["NetworkMode"] as? String == net)
        let address = box.run(["inspect", "-f", "{{.NetworkSettings.IPAddress}}", "inspected"]).out
        #expect(address.hasPrefix(box.subnet(7).replacingOccurrences(of: ".0/24", with: ".")))
        #expect(box.run(["inspect", "-f", "{{(index .NetworkSettings.Networks \"\(net)\").IPAddress}}", "inspected"]).out == address)
        #expect(box.run(["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "inspected"]).out == address)
        let stateJSON = box.run(["inspect", "-f", "{{json .State}}", "inspected"]).out
        #expect(stateJSON.hasPrefix("{\"Status\":\"running\",\"Running\":true,"))
        #expect(box.run(["inspect", "-f", "{{.Nope", "inspected"]).code != 0)
    }

    @Test func badReferencesAreClearErrors() throws {
        let box = try Sandbox()
        defer { box.finish() }
        for command in [["stop", "ghost"], ["start", "ghost"], ["logs", "ghost"], ["inspect", "--type", "container", "ghost"], ["exec", "ghost", "true"],
                        ["kill", "ghost"], ["wait", "ghost"]] {
            let result = box.run(command)
            #expect(result.code != 0 && result.err.contains("No such container: ghost") && result.err.split(separator: "\n").count == 1, "\(command): \(result.err)")
        }
        // inspect looks for an image too, as docker's does.
        #expect(box.run(["inspect", "ghost"]).err == "minirun: No such object: ghost\n")
        // Two containers whose IDs share a prefix: the prefix alone is ambiguous.
        var ids: [String] = []
        while true {
            let result = box.run(["run", "--net=none", "busybox", "true"])
            #expect(result.code == 0)
            ids = box.run(["ps", "-a", "-q", "--no-trunc"]).out.split(separator: "\n").map(String.init)
            let firsts = ids.map { $0.prefix(1) }
            if Set(firsts).count < firsts.count { break }
        }
        let shared = ids.map { String($0.prefix(1)) }.first { prefix in ids.filter { $0.hasPrefix(prefix) }.count > 1 }!
        let ambiguous = box.run(["inspect", shared])
        #expect(ambiguous.code != 0 && ambiguous.err.contains("multiple IDs found"))
    }

    @Test func concurrentCommandsOnOneContainerKeepItsStateWhole() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "busy", "busybox", "sleep", "300"]).code == 0)
        let group = DispatchGroup()
        for i in 0..<8 {
            group.enter()
            DispatchQueue.global().async {
                _ = box.run([i % 2 == 0 ? "restart" : "stop", "-t", "0", "busy"])
                group.leave()
            }
        }
        group.wait()
        let inspected = box.run(["inspect", "-f", "{{.State.Status}}", "busy"])
        #expect(inspected.code == 0 && ["running\n", "exited\n"].contains(inspected.out), "\(inspected)")
        #expect(box.run(["rm", "-f", "busy"]).code == 0)
    }

    @Test func aContainerWhoseMonitorDiedShowsAsExited() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let id = String(box.run(["run", "-d", "--name", "orphan", "busybox", "sleep", "300"]).out.prefix(64))
        let record = try String(contentsOfFile: box.root + "/containers/\(id)/container.json", encoding: .utf8)
        let pids = record.split(separator: "\"pid\":").dropFirst().compactMap { Int32($0.prefix { $0.isNumber }) }
        for pid in pids { kill(pid, SIGKILL) }  // the monitor and the container, as a reboot would
        #expect(eventually { box.run(["ps", "-a"]).out.contains("Exited") })
        #expect(box.run(["ps", "-q"]).out == "")
        #expect(box.run(["start", "orphan"]).code == 0)
        #expect(box.run(["ps", "-q"]).out.count == 13)
    }
}
