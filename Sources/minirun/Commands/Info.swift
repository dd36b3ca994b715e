import ArgumentParser
import Glibc
import GoTemplate
import JSONCodec
import Runtime

/// `info` and `system info`: what `docker info` shows - the containers and images of the state
/// root and the machine they run on - under Docker's field names, read afresh as minirun has no
/// daemon to ask. Scripts that check `docker info` before they start work can check this.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Display system-wide information.")

    @Option(name: [.customShort("f", allowingJoined: true), .customLong("format")], help: "json, or a Go template over Docker's fields ({{.ContainersRunning}}, {{.DockerRootDir}}, ...).")
    var format: ListFormat?

    /// docker info's JSON fields that minirun has.
    struct Report: Encodable {
        var Containers, ContainersRunning, ContainersPaused, ContainersStopped, Images: Int
        var Driver, CgroupDriver, CgroupVersion, KernelVersion, OperatingSystem, OSType, Architecture: String
        var NCPU: Int
        var MemTotal: UInt64
        var Name, ServerVersion, DockerRootDir, DefaultRuntime: String
        var SecurityOptions: [String]
    }

    func run() throws {
        let report = try Self.report(makeEngine())
        switch format ?? .table {
        case .table: print(Self.text(report), terminator: "")
        case .json: print(try GoJSON.encode(JSONValue(encoding: report).sortingAllKeys))
        case .template(let text): print(try GoTemplate(text).render(JSONValue(encoding: report)))
        }
    }

    static func report(_ engine: Engine) throws -> Report {
        let records = engine.reconciledListing().records
        let running = records.filter { $0.state.status == .running }
        let machine = Uname.current
        let layout = try? CgroupLayout.discover()
        return Report(
            Containers: records.count, ContainersRunning: running.filter { !$0.state.paused }.count,
            ContainersPaused: running.filter(\.state.paused).count, ContainersStopped: records.count - running.count,
            Images: Set(try engine.images.list().map(\.id)).count,
            Driver: "overlay", CgroupDriver: "cgroupfs",
            // As Docker's: 2 only where the unified hierarchy is the only one.
            CgroupVersion: layout.map { $0.hierarchies.allSatisfy { $0.version == .v2 } ? "2" : "1" } ?? "",
            KernelVersion: machine.release, OperatingSystem: operatingSystem, OSType: "linux", Architecture: machine.machine,
            NCPU: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), MemTotal: memoryTotal, Name: machine.nodename,
            ServerVersion: BuildInfo.version, DockerRootDir: engine.root.data, DefaultRuntime: "minirun",
            SecurityOptions: ["name=seccomp,profile=builtin", "name=cgroupns"])
    }

    /// docker info's text, the lines minirun has.
    static func text(_ report: Report) -> String {
        """
        Client:
         Version:    \(BuildInfo.version)

        Server:
         Containers: \(report.Containers)
          Running: \(report.ContainersRunning)
          Paused: \(report.ContainersPaused)
          Stopped: \(report.ContainersStopped)
         Images: \(report.Images)
         Server Version: \(report.ServerVersion)
         Storage Driver: \(report.Driver)
         Cgroup Driver: \(report.CgroupDriver)
         Cgroup Version: \(report.CgroupVersion)
         Default Runtime: \(report.DefaultRuntime)
         Security Options:
        \(report.SecurityOptions.map(securityOptionLines).joined(separator: "\n"))
         Kernel Version: \(report.KernelVersion)
         Operating System: \(report.OperatingSystem)
         OSType: \(report.OSType)
         Architecture: \(report.Architecture)
         CPUs: \(report.NCPU)
         Total Memory: \(HumanFormat.binarySize(report.MemTotal))
         Name: \(report.Name)
         Root Dir: \(report.DockerRootDir)

        """
    }

    /// "name=seccomp,profile=builtin" as docker info writes it: "  seccomp" and "   Profile: builtin".
    static func securityOptionLines(_ option: String) -> String {
        option.split(separator: ",").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] != "name" else { return "  " + (parts.last ?? "") }
            return "   " + parts[0].prefix(1).uppercased() + parts[0].dropFirst() + ": " + parts[1]
        }.joined(separator: "\n")
    }

    /// /etc/os-release's PRETTY_NAME.
    static var operatingSystem: String {
        let text = (try? FileSystem.readString("/etc/os-release")) ?? nil
        let line = text?.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
        return line.map { String($0.dropFirst(12).filter { $0 != "\"" }) } ?? "Linux"
    }

    /// /proc/meminfo's MemTotal, in bytes.
    static var memoryTotal: UInt64 {
        let text = (try? FileSystem.readString("/proc/meminfo")) ?? nil
        let line = text?.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
        return (line?.split(separator: " ").dropFirst().first).flatMap { UInt64($0) }.map { $0 * 1024 } ?? 0
    }
}
