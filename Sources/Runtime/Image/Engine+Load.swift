import Glibc

/// An image `load` added: the names it was given (none for an untagged one) and its ID, and the ID
/// each name moved off (the image it named before, left untagged if that was its last name).
public struct LoadedImage: Sendable, Equatable {
    public var names: [ImageReference]
    public var id: String
    public var replaced: [ImageReference: String] = [:]
}

extension Engine {
    /// `load`: the images of a `docker save` tarball or an OCI image layout (a tarball, plain or
    /// compressed, or a directory) at `path`, or on standard input when it is nil or "-". A tarball
    /// is unpacked into a staging directory of the store first (with every refusal of `image
    /// import`), removed at the end whatever happens; a killed load leaves it to the next command.
    public func loadImages(from path: String?) throws -> [LoadedImage] {
        if let path, path != "-", FileSystem.isDirectory(path) {
            return try addImages(ImageLayoutReader(directory: path).images())
        }
        let fd = path == nil || path == "-" ? dup(STDIN_FILENO) : open(path!, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw RuntimeError.system("open \(path ?? "standard input")") }
        defer { close(fd) }
        let staging = try images.makeStaging()
        defer { staging.finish() }
        let files = staging.path + "/files"
        do {
            try FileSystem.makeDirectories(files, mode: 0o700)
            _ = try ImageArchive.extract(from: fd, into: files, allowDevices: false)
        } catch let error as ImageArchive.Error {
            if case .failed = error { throw RuntimeError(.system, error.description) }
            throw RuntimeError(.invalidArgument, error.description)
        }
        return try addImages(ImageLayoutReader(directory: files).images())
    }

    private func addImages(_ incoming: [IncomingImage]) throws -> [LoadedImage] {
        try incoming.map { image in
            let added = try addImage(image)
            return LoadedImage(names: image.names, id: added.record.id, replaced: added.replaced)
        }
    }
}
