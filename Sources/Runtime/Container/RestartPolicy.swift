/// `--restart no|on-failure[:N]|always|unless-stopped`, kept by the monitor: when the container's
/// command exits, `container-exited` starts it again if the policy says so.
public struct RestartPolicy: Codable, Sendable, Equatable, CustomStringConvertible {
    public enum Name: String, Codable, Sendable {
        case no, onFailure = "on-failure", always, unlessStopped = "unless-stopped"
    }

    public var name: Name
    /// on-failure only: at most this many restarts; 0 = no limit.
    public var maximumRetryCount: Int

    public static let no = RestartPolicy(name: .no, maximumRetryCount: 0)

    public init(name: Name, maximumRetryCount: Int) {
        self.name = name
        self.maximumRetryCount = maximumRetryCount
    }

    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let name = Name(rawValue: String(parts[0])) else {
            throw RuntimeError(.invalidArgument, "invalid restart policy \(Identifiers.printable(text)): use no, on-failure[:N], always or unless-stopped")
        }
        var count = 0
        if parts.count == 2 {
            guard name == .onFailure, let n = Int(parts[1]), n >= 0 else {
                throw RuntimeError(.invalidArgument, "invalid restart policy \(Identifiers.printable(text)): only on-failure takes a count (a number >= 0)")
            }
            count = n
        }
        self.init(name: name, maximumRetryCount: count)
    }

    public var description: String {
        name == .onFailure && maximumRetryCount > 0 ? "on-failure:\(maximumRetryCount)" : name.rawValue
    }

    /// Whether a container that exited with `exitCode` after `restarts` restarts goes again.
    /// `stoppedByUser`: `stop`/`kill`/`rm` ended it, which no policy overrides.
    public func restarts(exitCode: Int32, restarts: Int, stoppedByUser: Bool) -> Bool {
        if stoppedByUser { return false }
        switch name {
        case .no: return false
        case .always, .unlessStopped: return true
        case .onFailure: return exitCode != 0 && (maximumRetryCount == 0 || restarts < maximumRetryCount)
        }
    }
}
