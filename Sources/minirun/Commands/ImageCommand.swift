import ArgumentParser
import Glibc
import Runtime

struct ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image", abstract: "Manage images.",
        subcommands: [ImageImport.self, ImageList.self, ImageRemove.self])
}

/// `image ls`, the same as `images`.
struct ImageList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List images.")
    @OptionGroup var images: Images
    func run() throws { try images.run() }
}

/// `image rm`, the same as `rmi`.
struct ImageRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove one or more images.")
    @OptionGroup var rmi: Rmi
    func run() throws { try rmi.run() }
}

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

struct Rmi: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rmi", abstract: "Remove one or more images.")

    @Argument(help: "Images (NAME[:TAG] or ID).")
    var images: [String]

    func validate() throws {
        if images.isEmpty { throw ValidationError("rmi requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        try forEachReporting(images) { reference in
            let image = try engine.images.remove(reference, users: engine.imageUsers())
            print("Untagged: \(image.reference)")
        }
    }
}
