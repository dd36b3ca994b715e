import Glibc

/// `--explain`: every step minirun performs, printed in order as the command (iproute2, nft, mount,
/// ...) that would do the same by hand, with a comment saying why. Silent unless enabled.
/// The steps are grouped under a heading per phase, so that a learner can tell the networking lines
/// from the mount and cgroup ones.
public final class Explainer: @unchecked Sendable {
    /// What a group of steps sets up; its heading is printed when the phase changes.
    public enum Phase: String, Sendable {
        case filesystem = "filesystem: the container's files, on the host"
        case cgroups = "cgroups: the container's limits and device allowlist"
        case network = "network: bridges, veth pairs, addresses and firewall rules"
        case process = "process: new namespaces, the root filesystem, then the command"
        case cleanup = "cleanup: after the container's exit"
    }

    public let isEnabled: Bool
    private let write: (String) -> Void
    private var currentPhase: Phase?

    public init(enabled: Bool, write: @escaping (String) -> Void = { text in
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + done, $0.count - done) }
            if n <= 0 { break }
            done += n
        }
    }) {
        self.isEnabled = enabled
        self.write = write
    }

    public static let silent = Explainer(enabled: false)

    /// The heading of the steps that follow ("# === network: ... ==="), when they start a new phase.
    public func phase(_ phase: Phase) {
        guard isEnabled, phase != currentPhase else { return }
        write((currentPhase == nil ? "" : "\n") + "# === \(phase.rawValue) ===\n")
        currentPhase = phase
    }

    /// A comment line: "# create the bridge".
    public func note(_ text: @autoclosure () -> String) {
        if isEnabled { write("# " + text() + "\n") }
    }

    /// A command line as a learner would type it.
    public func command(_ text: @autoclosure () -> String) {
        guard isEnabled else { return }
        let line = text()
        write(line.hasSuffix("\n") ? line : line + "\n")
    }
}
