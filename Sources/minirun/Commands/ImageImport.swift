import ArgumentParser
import Glibc
import Runtime

struct ImageImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a rootfs tarball (plain, gzip, xz or zstd) as an image.")

    @Argument(help: "The tarball, or - for stdin.")
    var file: String

    @Argument(help: "NAME[:TAG]")
    var reference: String

    @Flag(name: .customLong("allow-devices"), help: "Accept device nodes in the tarball (refused by default: a container gets its own /dev).")
    var allowDevices = false

    func run() throws {
        let engine = makeEngine()
        let parsed = try ImageReference(parsing: reference)
        let fd = file == "-" ? dup(0) : open(file, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw RuntimeError.system("open \(file)") }
        defer { close(fd) }
        let image = try engine.images.importTarball(
            fd: fd, reference: parsed, allowDevices: allowDevices, inUse: Set(engine.imageUsers().keys))
        print("sha256:" + image.id)
    }
}
