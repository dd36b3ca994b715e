/// Why a firewall ruleset cannot be built or applied.
public enum FirewallError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not an identifier nft reads unquoted: a letter, then letters, digits or '_', at most 64 in all.
    case invalidTableName(String)
    /// Not a Linux interface name that can be written inside nft's quotes.
    case invalidInterfaceName(String)
    /// The same bridge listed twice.
    case duplicateBridge(String)
    /// A port forward whose host port is still 0: reserve the port first to learn which one the kernel chose.
    case unresolvedHostPort(PublishedPort)
    /// A port forward to a container behind a bridge the ruleset does not list.
    case unknownBridge(String, port: PublishedPort)
    /// A port forward to a container behind an internal bridge, which nothing outside may reach.
    case internalBridge(String, port: PublishedPort)
    /// nft could not be started.
    case nftUnavailable(SystemCallError)
    /// nft refused the script or failed; `message` is its stderr on one line.
    case nftFailed(command: String, exitCode: Int32, message: String)

    public var description: String {
        switch self {
        case .invalidTableName(let name):
            return "invalid nftables table name \"\(name)\": use a letter, then letters, digits or _ (at most 64)"
        case .invalidInterfaceName(let name):
            return "invalid interface name \"\(name)\": use 1 to 15 letters, digits, '_', '-' or '.'"
        case .duplicateBridge(let name):
            return "bridge \(name) is listed twice"
        case .unresolvedHostPort(let port):
            return "cannot forward \(port): the host port must be reserved first"
        case .unknownBridge(let bridge, let port):
            return "cannot forward \(port): bridge \(bridge) is not one of the ruleset's networks"
        case .internalBridge(let bridge, let port):
            return "cannot forward \(port): bridge \(bridge) is internal"
        case .nftUnavailable(let error):
            return "cannot run nft (is the nftables package installed?): \(error)"
        case .nftFailed(let command, let exitCode, let message):
            let reason = message.isEmpty ? "exit status \(exitCode)" : message
            return "\(command) failed: \(reason)"
        }
    }
}
