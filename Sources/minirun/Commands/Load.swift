import ArgumentParser
import Glibc
import Runtime

/// `load` and `image load`: images from a `docker save` tarball or an OCI image layout.
struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load images from a docker save tarball or an OCI image layout (a tarball or a directory).")

    @Option(name: [.customShort("i", allowingJoined: true), .customLong("input")], help: "Read from this file or directory instead of standard input.")
    var input: String?

    /// Docker's -q only silences the progress display, which minirun's load does not have: the
    /// "Loaded image" lines are printed with it too (scripts read them).
    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Suppress the load output (the \"Loaded image\" lines stay, as in Docker).")
    var quiet = false

    func run() throws {
        if input == nil || input == "-", isatty(STDIN_FILENO) != 0 {
            throw RuntimeError(.invalidArgument, "requested load from stdin, but stdin is empty")
        }
        let loaded = try makeEngine().loadImages(from: input)
        for image in loaded {
            if image.names.isEmpty {
                print("Loaded image ID: sha256:" + image.id)
            }
            for name in image.names {
                if let previous = image.replaced[name] {
                    print("The image \(name) already exists, renaming the old one with ID sha256:\(previous) to empty string")
                }
                print("Loaded image: \(name)")
            }
        }
    }
}

/// `image load`, the same as `load`.
struct ImageLoad: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "load", abstract: Load.configuration.abstract)
    @OptionGroup var load: Load
    func run() throws { try load.run() }
}
