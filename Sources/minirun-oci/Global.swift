import Glibc
import Runtime

/// runc's global flags, taken off the front of the arguments before the verb.
struct Global {
    var root = "/run/minirun-oci"
    var logPath: String?
    var logJSON = false
    /// Accepted as runc accepts it: cgroupsPath in systemd's "slice:prefix:name" form is then made
    /// as the cgroupfs directory systemd would make (/slice/prefix-name.scope); minirun-oci asks
    /// systemd for nothing, and takes that form with or without the flag.
    var systemdCgroup = false
    var debug = false

    nonisolated(unsafe) static var current = Global()

    static let valued: Set<String> = ["--root", "--log", "--log-format", "--criu", "--rootless"]
    static let switches: Set<String> = ["--systemd-cgroup", "--debug"]

    static func parse(_ arguments: inout [String]) throws -> Global {
        var global = Global()
        while let first = arguments.first, first.hasPrefix("-"), first != "--" {
            let dashed = first.hasPrefix("--") ? first : "-" + first  // Go's flags take -root as --root
            let (name, inline) = dashed.split(separator: "=", maxSplits: 1).map(String.init).splitFirst
            if switches.contains(name) {
                arguments.removeFirst()
                if name == "--debug" { global.debug = true } else { global.systemdCgroup = true }
                continue
            }
            guard valued.contains(name) else { break }  // --help, --version, or a verb's own flag
            arguments.removeFirst()
            guard let value = inline ?? (arguments.isEmpty ? nil : arguments.removeFirst()) else {
                throw RuntimeError(.invalidArgument, "flag needs an argument: \(name)")
            }
            switch name {
            case "--root": global.root = value
            case "--log": global.logPath = value
            case "--log-format":
                guard value == "text" || value == "json" else {
                    throw RuntimeError(.invalidArgument, "unknown log-format \(value)")
                }
                global.logJSON = value == "json"
            default: break  // --criu, --rootless: accepted, without effect here
            }
        }
        return global
    }

    var runtime: OCIRuntime {
        OCIRuntime(root: root, monitor: Executables.besideThisProgram().monitor)
    }
}

extension Array where Element == String {
    /// ["--root", "x"] -> ("--root", "x"); ["--debug"] -> ("--debug", nil)
    var splitFirst: (String, String?) { (self[0], count > 1 ? self[1] : nil) }
}
