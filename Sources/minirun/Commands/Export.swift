import ArgumentParser
import Runtime

/// `export` and `container export`: a container's filesystem as a tar archive.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a container's filesystem as a tar archive (standard output unless -o).")

    @Option(name: [.customShort("o", allowingJoined: true), .customLong("output")], help: "Write to this file instead of standard output.")
    var output: String?

    @Argument(help: "The container (name or ID).")
    var container: String

    func run() throws {
        let engine = makeEngine()
        try TarballOutput.write(to: output) { fd, _ in try engine.export(container, to: fd) }
    }
}
