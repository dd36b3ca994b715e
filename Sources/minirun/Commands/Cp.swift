import ArgumentParser
import Runtime

/// `cp CONTAINER:SRC_PATH DEST_PATH|-` and `cp SRC_PATH|- CONTAINER:DEST_PATH`, as Docker's: a
/// running or stopped container, paths relative to its root, a tar stream for "-".
struct Cp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cp", abstract: "Copy files between a container and the host (or a tar stream: -).")

    @Flag(name: [.customShort("a"), .customLong("archive")], help: "Keep the owners (uid:gid) of what is copied.")
    var archive = false

    @Flag(name: [.customShort("L"), .customLong("follow-link")], help: "Always follow symlinks in SRC_PATH.")
    var followLink = false

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Suppress progress output (minirun prints none).")
    var quiet = false

    @Argument(help: "CONTAINER:SRC_PATH, or SRC_PATH|- on the host.")
    var source: String

    @Argument(help: "DEST_PATH|- on the host, or CONTAINER:DEST_PATH.")
    var destination: String

    func run() throws {
        guard !source.isEmpty else { throw RuntimeError(.invalidArgument, "source can not be empty") }
        guard !destination.isEmpty else { throw RuntimeError(.invalidArgument, "destination can not be empty") }
        try makeEngine().copy(from: Self.end(source), to: Self.end(destination), options: CopyOptions(followLink: followLink, keepOwners: archive))
    }

    /// As Docker's CLI splits it: "-" is a stream; an absolute path, a text without ":" or one that
    /// begins with "." (./file:name) the host's; else CONTAINER:PATH.
    static func end(_ text: String) -> CopyEnd {
        if text == "-" { return .stream }
        guard !text.hasPrefix("/"), let colon = text.firstIndex(of: ":"), !text.hasPrefix(".") else { return .host(text) }
        return .container(String(text[..<colon]), path: String(text[text.index(after: colon)...]))
    }
}
