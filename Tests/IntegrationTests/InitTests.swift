import Foundation
import Testing
import TestSupport

/// `run --init`, `create --init` and compose's `init: true`: a minimal init is the container's PID 1,
/// runs the command as its child, forwards signals to it, reaps orphans and exits with the
/// command's status (container_init.c).
@Suite(.enabled(if: isRoot, "needs root"))
struct InitTests {
    @Test func theCommandIsTheChildOfAnInitThatIsPidOne() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let withInit = box.run(["run", "--rm", "--init", "--network", "none", "busybox", "sh", "-c", "echo $$ $PPID"])
        #expect(withInit.code == 0, "\(withInit.err)")
        let words = withInit.out.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(words.count == 2 && words[0] != "1" && words[1] == "1", "pid and parent of the command: \(withInit.out)")
        #expect(box.run(["run", "--rm", "--network", "none", "busybox", "sh", "-c", "echo $$"]).out == "1\n", "without --init the command is PID 1")
    }

    @Test func underATerminalTheCommandIsTheForegroundProcessGroup() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // ps's TPGID of the command (the terminal's foreground group) is its own process group.
        let result = box.run(["run", "--rm", "--init", "-t", "--network", "none", "busybox", "sh", "-c",
                              "cut -d' ' -f5,8 /proc/$$/stat; echo $$"])
        #expect(result.code == 0, "\(result.err)")
        let lines = result.out.split(whereSeparator: \.isNewline).map(String.init)
        let pid = lines.last ?? ""
        #expect(lines.count == 2 && lines[0] == "\(pid) \(pid)", "process group and foreground group, then pid: \(result.out)")
    }

    @Test func orphansAreReaped() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // The background sleep's subshell ends at once: the sleep is reparented to PID 1, which must
        // reap it when it ends; /proc/PID stays while it is a zombie.
        let script = """
            (sleep 0.1 & echo $! > /tmp/orphan); orphan=$(cat /tmp/orphan); i=0
            while [ -e /proc/$orphan ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
            if [ -e /proc/$orphan ]; then grep State /proc/$orphan/status; else echo reaped; fi
            """
        let result = box.run(["run", "--rm", "--init", "--network", "none", "busybox", "sh", "-c", script])
        #expect(result.out == "reaped\n", "\(result.err)")
    }

    @Test func stopsThroughTheForwardedSignalAndPassesTheStatusOn() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--rm", "--init", "--network", "none", "busybox", "sh", "-c", "exit 3"]).code == 3)
        // sh kills itself: a PID 1 could not (the kernel drops what it does not handle); 128 + SIGTERM.
        #expect(box.run(["run", "--rm", "--init", "--network", "none", "busybox", "sh", "-c", "kill -TERM $$"]).code == 143)
        // sleep as PID 1 would ignore SIGTERM and be killed when the 20 s are up (137); under the
        // init it gets the SIGTERM and dies of it, and the init passes that on as tini does.
        #expect(box.run(["run", "-d", "--init", "--name", "sleeper", "--network", "none", "busybox", "sleep", "1000"]).code == 0)
        #expect(box.run(["stop", "-t", "20", "sleeper"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{.State.ExitCode}}", "sleeper"]).out == "143\n")
    }

    @Test func createdWithInitItStartsWithItAndInspectSaysSo() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["create", "--init", "--name", "with", "--network", "none", "busybox", "sh", "-c", "echo $$"]).code == 0)
        #expect(box.run(["create", "--name", "without", "--network", "none", "busybox", "true"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{.HostConfig.Init}}", "with"]).out == "true\n")
        #expect(!box.run(["inspect", "without"]).out.contains("\"Init\""), "left out as Docker leaves out an unset Init")
        let started = box.run(["start", "-a", "with"])
        #expect(started.code == 0 && !started.out.isEmpty && started.out != "1\n", "\(started.out) \(started.err)")
    }

    @Test func composeInitGivesAContainerWithInitAndNoWarning() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let directory = try Sandbox.makeTemporaryDirectory(prefix: "compose-init")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try """
            services:
              svc:
                image: busybox
                command: sleep 1000
                network_mode: none
                init: true
            """.write(toFile: directory + "/compose.yaml", atomically: true, encoding: .utf8)
        let compose = ["compose", "--project-directory", directory, "-p", "pidone"]
        let up = box.run(compose + ["up", "-d"])
        #expect(up.code == 0, "\(up.err)")
        #expect(!up.err.contains("warning"), "no warning about init: \(up.err)")
        #expect(box.run(["inspect", "-f", "{{.HostConfig.Init}}", "pidone-svc-1"]).out == "true\n")
        #expect(box.run(["exec", "pidone-svc-1", "sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '"]).out != "sleep 1000 ", "PID 1 is the init")
        #expect(box.run(compose + ["down"]).code == 0)
    }
}
