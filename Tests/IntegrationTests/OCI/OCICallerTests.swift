import Foundation
import TestSupport
import Testing

/// Real callers of an OCI runtime, each started by the test with roots and sockets of its own, so
/// that it touches nothing else; every case also runs with runc, so that a difference is minirun's.
@Suite(.enabled(if: isRoot, "needs root"), .serialized)
struct OCICallerTests {
    /// containerd's `ctr run --runc-binary PATH` (through containerd-shim-runc-v2), with a containerd
    /// of its own and the busybox rootfs as the container's root (--rootfs, no image store needed).
    @Test(arguments: OCIRuntimeUnderTest.all()) func containerdRunsThroughTheRuntime(_ path: String) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/containerd"),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/ctr")
        else {
            print("skipped: containerd and ctr are not installed (scripts/deps installs them)")
            return
        }
        let containerd = try OwnContainerd()
        defer { containerd.stop() }
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["true"])
        defer { bundle.remove() }
        let runtimeFlags = ["--runc-binary", path, "--runc-root", runtime.root, "--rootfs", bundle.directory + "/rootfs"]

        let once = containerd.ctr(["run", "--rm"] + runtimeFlags + ["ctr1", "/bin/echo", "hi"])
        #expect(once.code == 0, "\(once.err)")
        #expect(once.out == "hi\n")

        try #require(containerd.ctr(["run", "-d"] + runtimeFlags + ["ctr2", "/bin/sleep", "100"]).code == 0)
        let exec = containerd.ctr(["task", "exec", "--exec-id", "e1", "ctr2", "/bin/sh", "-c", "echo exec-ok"])
        #expect(exec.code == 0, "\(exec.err)")
        #expect(exec.out == "exec-ok\n")
        #expect(containerd.ctr(["task", "ls"]).out.contains("RUNNING"))
        #expect(containerd.ctr(["task", "pause", "ctr2"]).code == 0)
        #expect(containerd.ctr(["task", "ls"]).out.contains("PAUSED"))
        #expect(containerd.ctr(["task", "resume", "ctr2"]).code == 0)
        #expect(containerd.ctr(["task", "kill", "-s", "SIGKILL", "ctr2"]).code == 0)
        #expect(eventually(10) { containerd.ctr(["task", "ls"]).out.contains("STOPPED") })
        #expect(containerd.ctr(["task", "rm", "ctr2"]).code == 0)
        #expect(containerd.ctr(["container", "rm", "ctr2"]).code == 0)
        // The shim keeps its containers under --runc-root/NAMESPACE.
        #expect(Command.run(path, ["--root", runtime.root + "/default", "list", "-q"]).out == "")
    }
}

/// A containerd of the test's own: root, state and sockets in a temporary directory, CRI off.
final class OwnContainerd {
    let directory: String
    let process: Process
    var socket: String { directory + "/containerd.sock" }

    init() throws {
        directory = try Sandbox.makeTemporaryDirectory(prefix: "minirun-containerd")
        let config = """
            version = 2
            root = "\(directory)/root"
            state = "\(directory)/state"
            disabled_plugins = ["io.containerd.grpc.v1.cri"]
            [grpc]
              address = "\(directory)/containerd.sock"
            [ttrpc]
              address = "\(directory)/containerd-ttrpc.sock"
            """
        try config.write(toFile: directory + "/config.toml", atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/containerd")
        process.arguments = ["--config", directory + "/config.toml"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let socket = socket
        guard eventually(20, { Command.run("/usr/bin/ctr", ["-a", socket, "version"]).code == 0 }) else {
            stop()
            throw CallerError(message: "containerd did not start")
        }
    }

    func ctr(_ arguments: [String]) -> CommandResult {
        Command.run("/usr/bin/ctr", ["-a", socket] + arguments)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

struct CallerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// dockerd with `--add-runtime`-style "runtimes" (its daemon.json) naming the runtime under test, with
/// its own data root, exec root, pidfile, socket, containerd namespace and bridge, and no firewall
/// rules of its own (docker-proxy serves published ports); busybox comes in through `docker import`
/// of the rootfs tarball, never a pull.
@Suite(.enabled(if: isRoot, "needs root"), .serialized)
struct OCIDockerTests {
    static let run = ["run", "--pull", "never", "--runtime", "undertest"]

    @Test(arguments: OCIRuntimeUnderTest.all()) func dockerRunsThroughTheRuntime(_ path: String) throws {
        guard let docker = try OwnDockerd.ifInstalled(runtime: path) else { return }
        defer { docker.stop() }
        let once = docker.docker(Self.run + ["--rm", "busybox", "echo", "hi"])
        #expect(once.code == 0, "\(once.err)")
        #expect(once.out == "hi\n")
        #expect(docker.docker(Self.run + ["--rm", "busybox", "sh", "-c", "exit 7"]).code == 7)
        try #require(docker.docker(Self.run + ["-d", "--name", "web", "busybox", "sleep", "100"]).code == 0)
        let exec = docker.docker(["exec", "web", "sh", "-c", "echo exec-ok"])
        #expect(exec.code == 0, "\(exec.err)")
        #expect(exec.out == "exec-ok\n")
        #expect(docker.docker(["stop", "-t", "1", "web"]).code == 0)
        #expect(docker.docker(["rm", "web"]).code == 0)
        #expect(docker.docker(["ps", "-aq"]).out == "")
    }

    /// `-p 127.0.0.1::80`: the container on the test's bridge, its httpd reached from the host through
    /// the port docker-proxy listens on.
    @Test(arguments: OCIRuntimeUnderTest.all()) func dockerPublishesAPort(_ path: String) throws {
        guard let docker = try OwnDockerd.ifInstalled(runtime: path) else { return }
        defer { docker.stop() }
        let page = "served-through-" + (path as NSString).lastPathComponent
        let serve = "mkdir /www && echo \(page) > /www/index.html && exec httpd -f -p 80 -h /www"
        let started = docker.docker(Self.run + ["-d", "--name", "web", "-p", "127.0.0.1::80", "busybox", "sh", "-c", serve])
        try #require(started.code == 0, "\(started.err)")
        #expect(docker.bridge.ports.count == 1, "the container's veth is on the test's bridge")
        let address = docker.docker(["inspect", "-f", "{{.NetworkSettings.IPAddress}}", "web"]).out
        #expect(address.hasPrefix(docker.bridge.subnet + "."))
        // "127.0.0.1:PORT", the host port docker-proxy took.
        let hostPort = docker.docker(["port", "web", "80/tcp"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(hostPort.hasPrefix("127.0.0.1:"), "docker port: \(hostPort)")
        #expect(eventually(20) {
            Command.shell("timeout 5 busybox wget -q -O- http://\(hostPort)/").out == page + "\n"
        })
        #expect(docker.docker(["rm", "-f", "web"]).code == 0)
        #expect(docker.bridge.ports.isEmpty, "the container's veth went with it")
    }

    /// `run -it` and `exec -it` at a real terminal: the runtime hands the pty's master to the shim
    /// through --console-socket; what is typed reaches the shell, its output and the terminal's size
    /// (the client's, set through the shim) come back, and `exit N` is the client's status.
    @Test(arguments: OCIRuntimeUnderTest.all()) func dockerGivesATerminal(_ path: String) throws {
        guard let docker = try OwnDockerd.ifInstalled(runtime: path) else { return }
        defer { docker.stop() }
        let client = ["/usr/bin/docker", "-H", docker.socket]
        // The shell computes 42: an echo of what was typed would show the $((...)) unexpanded.
        func session(exitCode: Int) -> [TerminalSession.Step] {
            [.init(expect: "# ", type: "echo typed-$((40+2))"),
             .init(expect: "typed-42", type: "tty; stty size; exit \(exitCode)")]
        }
        let run = TerminalSession.run(client + Self.run + ["--rm", "-it", "busybox", "sh"], steps: session(exitCode: 3))
        #expect(run.code == 3, "\(run.out)\(run.err)")
        #expect(run.out.contains("/dev/pts/0\r\n33 101\r\n"), "\(run.out)")

        try #require(docker.docker(Self.run + ["-d", "--name", "held", "busybox", "sleep", "100"]).code == 0)
        let exec = TerminalSession.run(client + ["exec", "-it", "held", "sh"], steps: session(exitCode: 4))
        #expect(exec.code == 4, "\(exec.out)\(exec.err)")
        #expect(exec.out.contains("/dev/pts/0\r\n33 101\r\n"), "\(exec.out)")
        #expect(docker.docker(["rm", "-f", "held"]).code == 0)
        #expect(docker.docker(["ps", "-aq"]).out == "")
    }
}

final class OwnDockerd {
    let directory: String
    let process: Process
    let bridge: CallerBridge
    let cgroups = ForeignCgroups(tool: "dockerd")
    var socket: String { "unix://" + directory + "/docker.sock" }

    /// A dockerd for `runtime`, or nil (with the reason printed) when Docker is not installed.
    static func ifInstalled(runtime: String) throws -> OwnDockerd? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/dockerd"),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/docker")
        else {
            print("skipped: dockerd is not installed (scripts/deps installs docker.io)")
            return nil
        }
        return try OwnDockerd(runtime: runtime)
    }

    init(runtime: String) throws {
        directory = try Sandbox.makeTemporaryDirectory(prefix: "minirun-dockerd")
        do {
            try "{\"runtimes\": {\"undertest\": {\"path\": \"\(runtime)\"}}}".write(
                toFile: directory + "/daemon.json", atomically: true, encoding: .utf8)
            bridge = try CallerBridge()
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        let namespace = "minirun-test-\(getpid())"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/dockerd")
        process.arguments = [
            "--config-file", directory + "/daemon.json", "--data-root", directory + "/data", "--exec-root", directory + "/exec",
            "--pidfile", directory + "/docker.pid", "-H", "unix://" + directory + "/docker.sock", "--bridge", bridge.name,
            "--iptables=false", "--ip-masq=false", "--ip-forward=false", "--containerd-namespace", namespace,
            "--containerd-plugins-namespace", namespace + "-plugins", "--cgroup-parent", cgroups.parent,
        ]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        guard eventually(30, { self.docker(["version"]).code == 0 }) else {
            stop()
            throw CallerError(message: "dockerd did not start")
        }
        let imported = docker(["import", try BusyboxImage.tarball(), "busybox:latest"])
        guard imported.code == 0 else {
            stop()
            throw CallerError(message: "docker import: \(imported.err)")
        }
    }

    func docker(_ arguments: [String]) -> CommandResult {
        Command.run("/usr/bin/docker", ["-H", socket] + arguments)
    }

    func stop() {
        for id in docker(["ps", "-aq"]).out.split(separator: "\n") { _ = docker(["rm", "-f", String(id)]) }
        process.terminate()
        process.waitUntilExit()
        cgroups.remove()
        bridge.remove()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Podman with `--runtime PATH`, its own --root, --runroot and --tmpdir, vfs storage, a containers.conf
/// of its own (cgroupfs; no default ulimits, as root here lacks CAP_SYS_RESOURCE) and no network
/// (netavark would touch the host's); busybox comes in through `podman import`.
@Suite(.enabled(if: isRoot, "needs root"), .serialized)
struct OCIPodmanTests {
    @Test(arguments: OCIRuntimeUnderTest.all()) func podmanRunsThroughTheRuntime(_ path: String) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/podman") else {
            print("skipped: podman is not installed (scripts/deps installs it)")
            return
        }
        let directory = try Sandbox.makeTemporaryDirectory(prefix: "minirun-podman")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Its containers' cgroups (and conmon's) beneath a parent of the test's own, not libpod_parent.
        let cgroups = ForeignCgroups(tool: "podman")
        defer { cgroups.remove() }
        try "[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = \"cgroupfs\"\nevents_logger = \"file\"\n".write(
            toFile: directory + "/containers.conf", atomically: true, encoding: .utf8)
        func podman(_ arguments: [String]) -> CommandResult {
            OutlivedCommand.run("/usr/bin/podman", [
                "--root", directory + "/root", "--runroot", directory + "/runroot", "--tmpdir", directory + "/tmp",
                "--storage-driver", "vfs", "--runtime", path,
            ] + arguments, environment: ["CONTAINERS_CONF": directory + "/containers.conf"])
        }
        defer { podman(["rm", "-af"]) }
        try #require(podman(["import", try BusyboxImage.tarball(), "busybox"]).code == 0)
        let once = podman(["run", "--rm", "--cgroup-parent", cgroups.parent, "--network", "none", "busybox", "echo", "hi"])
        #expect(once.code == 0, "\(once.err)")
        #expect(once.out == "hi\n")
        try #require(podman(["run", "-d", "--name", "p1", "--cgroup-parent", cgroups.parent, "--network", "none", "busybox", "sleep", "100"]).code == 0)
        let exec = podman(["exec", "p1", "sh", "-c", "echo exec-ok"])
        #expect(exec.code == 0, "\(exec.err)")
        #expect(exec.out == "exec-ok\n")
        #expect(podman(["rm", "-f", "p1"]).code == 0)
        #expect(podman(["ps", "-aq"]).out == "")
    }
}
