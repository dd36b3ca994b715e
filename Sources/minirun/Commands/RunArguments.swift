import ArgumentParser
import CRuntimeShims
import Glibc
import Runtime

/// `run`'s options as plain values, each at the default Run declares: Run.parseQuickly fills them
/// without ArgumentParser, whose property wrappers alone cost 0.25 ms to make and fill.
struct RunArguments: Equatable {
    var name: String? = nil
    var autoRemove = false
    var detach = false
    var env: [String] = []
    var envFiles: [String] = []
    var workdir: String? = nil
    var user: String? = nil
    var hostname: String? = nil
    var interactive = false
    var tty = false
    var network = "bridge"
    var ip: String? = nil
    var links: [String] = []
    var publish: [String] = []
    var restart = "no"
    var memory: String? = nil
    var memorySwap: String? = nil
    var cpus: String? = nil
    var cpuShares: String? = nil
    var pidsLimit: String? = nil
    var cgroupParent: String? = nil
    var cgroups = "enabled"
    var capAdd: [String] = []
    var capDrop: [String] = []
    var privileged = false
    var securityOptions: [String] = []
    var volumes: [String] = []
    var tmpfs: [String] = []
    var readOnly = false
    var devices: [String] = []
    var deviceCgroupRules: [String] = []
    var explain = false
    var image = ""
    var command: [String] = []

    func run() throws {
        do {
            try runContainer()
        } catch let error as RuntimeError where error.exitCode != 126 && error.exitCode != 127 {
            throw RuntimeError(error.description, exitCode: 125)  // docker's code for its own failures
        }
    }

    private func runContainer() throws {
        mr_block_signals()
        let engine = makeEngine(explain: explain)
        var options = CreateOptions(image: image, command: command)
        options.network = try NetworkMode(parsing: network)
        // Made by a thread of its own while the container is created (see NetworkNamespaceMaker).
        let networkNamespace = options.network.hasOwnNamespace ? NetworkNamespaceMaker() : nil
        options.name = name
        options.env = try Environment.parse(
            options: env, files: try envFiles.map(readEnvFile), host: hostEnvironment)
        options.workingDir = workdir ?? ""
        options.user = user ?? ""
        options.hostname = hostname
        options.interactive = interactive
        options.tty = tty
        options.autoRemove = autoRemove
        options.links = try links.map(ContainerLink.init(parsing:))
        options.ports = try publish.map { text in
            do { return try PublishedPort(parsing: text) } catch { throw RuntimeError("\(error)") }
        }
        options.restartPolicy = try RestartPolicy(parsing: restart)
        options.resources = try ResourceLimits.parse(
            memory: memory, memorySwap: memorySwap, cpus: cpus, cpuShares: cpuShares, pidsLimit: pidsLimit)
        options.cgroupParent = cgroupParent
        guard cgroups == "enabled" || cgroups == "disabled" else {
            throw RuntimeError("invalid --cgroups \(cgroups): enabled or disabled")
        }
        options.cgroupsEnabled = cgroups == "enabled"
        options.security.capAdd = capAdd
        options.security.capDrop = capDrop
        options.security.privileged = privileged
        for option in securityOptions { try options.security.apply(securityOption: option) }
        options.volumes = try volumes.map(VolumeMount.init(parsing:))
        options.tmpfs = try tmpfs.map(TmpfsMount.init(parsing:))
        options.readOnlyRoot = readOnly
        options.devices = try devices.map(DeviceMapping.init(parsing:))
        options.deviceCgroupRules = try deviceCgroupRules.map(DeviceRule.init(parsing:))
        options.requestedAddress = try ip.map { text in
            do { return try IPv4Address(parsing: text) } catch { throw RuntimeError("invalid IPv4 address: \(text)") }
        }
        if tty && isatty(0) == 0 && interactive {
            throw RuntimeError("the input device is not a TTY", exitCode: 1)
        }

        let record = try engine.create(options)
        do {
            if detach {
                try engine.startDetached(record.id, networkNamespace: networkNamespace)
                print(record.id)
                return
            }
            let code = try engine.runAttached(record, networkNamespace: networkNamespace)
            if code != 0 { throw ExitCode(code) }
        } catch where !(error is ExitCode) {
            // A container that never got to run its command is not left behind, whatever failed.
            if (try? engine.inspect(record.id))?.state.status != .running {
                _ = try? engine.remove(record.id, force: true)
            }
            throw error
        }
    }

    private func readEnvFile(_ path: String) throws -> String {
        guard let text = try FileSystem.readString(path) else {
            throw RuntimeError("open \(path): no such file or directory", exitCode: 125)
        }
        return text
    }
}
