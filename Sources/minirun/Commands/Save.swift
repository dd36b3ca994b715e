import ArgumentParser
import Glibc
import Runtime

/// `save` and `image save`: images as a tarball in Docker 25's layout.
struct Save: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save", abstract: "Save one or more images to a tarball (standard output unless -o).")

    @Option(name: [.customShort("o"), .customLong("output")], help: "Write to this file instead of standard output.")
    var output: String?

    @Argument(help: "Images (NAME[:TAG] or ID).")
    var images: [String]

    func validate() throws {
        if images.isEmpty { throw ValidationError("save requires at least 1 argument") }
    }

    func run() throws {
        let store = makeEngine().images
        guard let output else {
            if isatty(STDOUT_FILENO) != 0 {
                throw RuntimeError(.invalidArgument, "cowardly refusing to save to a terminal. Use the -o flag or redirect")
            }
            return try store.save(images, to: STDOUT_FILENO, name: "standard output")
        }
        // A temporary name beside the output, renamed once complete: no half-written tarball.
        let temporary = output + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw RuntimeError.system("open \(output)") }
        var closed = false
        do {
            try store.save(images, to: fd, name: output)
            if fsync(fd) != 0 { throw RuntimeError.system("write \(output)") }
            closed = true
            if close(fd) != 0 { throw RuntimeError.system("write \(output)") }
            if rename(temporary, output) != 0 { throw RuntimeError.system("rename \(temporary)") }
        } catch {
            if !closed { close(fd) }
            unlink(temporary)
            throw error
        }
    }
}

/// `image save`, the same as `save`.
struct ImageSave: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "save", abstract: Save.configuration.abstract)
    @OptionGroup var save: Save
    func run() throws { try save.run() }
}
