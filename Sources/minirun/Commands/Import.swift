import ArgumentParser
import Glibc
import Runtime

/// `import`, docker's: a rootfs tarball becomes a one-layer image, its config given by `--change`.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a rootfs tarball (plain, gzip, xz or zstd) as an image.")

    @Option(name: [.customShort("c", allowingJoined: true), .customLong("change")],
            help: "Apply a Dockerfile instruction to the image's config: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME or WORKDIR.")
    var changes: [String] = []

    @Option(name: [.customShort("m", allowingJoined: true), .customLong("message")], help: "The comment of the image's history entry.")
    var message: String?

    @Flag(name: .customLong("allow-devices"), help: "Accept device nodes in the tarball (refused by default: a container gets its own /dev).")
    var allowDevices = false

    @Argument(help: "The tarball, or - for stdin.")
    var file: String

    @Argument(help: "NAME[:TAG]")
    var reference: String

    func run() throws {
        let engine = makeEngine()
        let parsed = try ImageReference(parsing: reference)
        // Made before the tarball is read: a bad change is refused with nothing changed, as a bad flag value (125).
        let settings: ImportedImageConfig
        do {
            settings = ImportedImageConfig(changes: try ImportedImageConfig.changes(parsing: changes), message: message, source: file)
            _ = try settings.make(diffIDs: [])
        } catch let error as RuntimeError where error.code == .invalidArgument {
            throw UsageError(error.description)
        }
        let fd = file == "-" ? dup(0) : open(file, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw RuntimeError.system("open \(file)") }
        defer { close(fd) }
        let image = try engine.images.importTarball(
            fd: fd, reference: parsed, allowDevices: allowDevices, inUse: Set(engine.imageUsers().keys), settings: settings)
        print("sha256:" + image.id)
    }
}
