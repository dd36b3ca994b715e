import Glibc

/// Layers: each unpacked once into layers/<chain ID>/diff (in the add's staging directory until
/// complete, then renamed into place), with a short name l/<link> for overlay's lowerdir (Docker's overlay2 does the same): a mount
/// names its lower directories relative to images/, where the container's child changes directory
/// first, so that 128 layers take about 2 KiB of the page overlay's options are limited to. The
/// links cost a symlink lookup per layer at mount time; the kernel's `lowerdir+` (fsconfig, Linux
/// 6.8) would not need them but older kernels would still.
extension ImageStore {
    /// The overlay lower directories of an image, top layer first, relative to `root.images`.
    public func lowerDirectories(of id: String) throws -> [String] {
        if let content = try content(of: id) {
            return content.layers.reversed().map { "l/" + $0.link }
        }
        if let legacy = legacyRootfs(id) { return [legacy] }
        throw RuntimeError(.notFound, "image \(Identifiers.short(id)) is gone")
    }

    /// The layer directories of an image, top layer first, as absolute paths.
    func layerDirectories(of id: String) -> [String] {
        guard let content = try? content(of: id) else {
            return legacyRootfs(id).map { [root.images + "/" + $0] } ?? []
        }
        return content.layers.reversed().compactMap { Digest.hex($0.chainID).map { layers + "/" + $0 + "/diff" } }
    }

    /// A file of the image as its containers see it (the top layer that has it wins; a whiteout
    /// hides it): /etc/passwd and /etc/group, to resolve user names.
    public func readFile(_ path: String, of id: String) -> String? {
        for directory in layerDirectories(of: id) {
            var st = stat()
            guard lstat(directory + path, &st) == 0 else { continue }
            if st.st_mode & S_IFMT == S_IFCHR && st.st_rdev == 0 { return nil }
            return try? FileSystem.readString(directory + path)
        }
        return nil
    }

    /// Where a layer's blob is found, how its content is stored: one layer of an IncomingImage, or
    /// a tarball read from a descriptor by `image import`.
    enum LayerSource {
        case blob(IncomingLayer)
        case imported(fd: Int32, allowDevices: Bool)
    }

    /// Stores one layer: unpacks its blob unless both the blob and the layer are here already
    /// (a blob is unpacked again when the layer is here from another blob: only unpacking checks
    /// that a blob is what its diff_id says), checks the blob's digest and its diff_id, keeps the
    /// blob and the unpacked directory. A pull's layer comes unpacked already (`unpacked`, done as
    /// it downloaded), and is checked the same way. The unpacking happens in the add's staging directory,
    /// outside the store's lock, under a lock of the layer's own (two adds of one layer unpack it
    /// once); what the add uses is recorded in its staging before it is looked for, so that a
    /// removal meanwhile keeps it.
    func storeLayer(_ source: LayerSource, diffID: String?, below: String?, staging: ImageStaging) throws -> ImageContent.Layer {
        guard case .blob(var layer) = source, let diffID else {
            return try unpackAndCommit(source, diffID: diffID, below: below, staging: staging)
        }
        let chainID = Self.chainID(diffID, below: below)
        try staging.record(chainID: chainID, blob: layer.digest)
        // Two images of one tarball share a layer's file (Docker 24's save links it, Docker 25's
        // names one blob): the first one's add moved it into blobs/, where it is read from then.
        if !FileSystem.exists(layer.path), let kept = storedLayerBlob(layer.digest) {
            layer.path = kept
        }
        var st = stat()
        guard stat(layer.path, &st) == 0 else { throw RuntimeError(.invalidArgument, "layer \(layer.digest) is missing") }
        let blob = layer.descriptor(size: Int64(st.st_size))
        if let stored = try FileLock.with(lockPath, { try storedLayer(chainID: chainID, blob: blob, diffID: diffID) }) {
            return stored
        }
        return try FileLock.with(root.locks + "/layer-" + Digest.hex(chainID)!.prefix(2)) {
            if let stored = try FileLock.with(lockPath, { try storedLayer(chainID: chainID, blob: blob, diffID: diffID) }) {
                return stored
            }
            return try unpackAndCommit(.blob(layer), diffID: diffID, below: below, staging: staging)
        }
    }

    private func unpackAndCommit(_ source: LayerSource, diffID: String?, below: String?, staging: ImageStaging) throws -> ImageContent.Layer {
        let (directory, extracted, blob, blobFile) = try unpack(source, staging: staging)
        if let diffID, extracted.diffID != diffID {
            throw RuntimeError(.invalidArgument, "layer \(blob.digest): its content has the diff_id \(extracted.diffID), but the image's config says \(diffID)")
        }
        EtcMountPoints.add(to: directory + "/diff")
        let chainID = Self.chainID(extracted.diffID, below: below)
        try staging.record(chainID: chainID, blob: blob.digest)
        return try FileLock.with(lockPath) {
            try keepBlob(blobFile, digest: blob.digest, diffID: extracted.diffID)
            if let stored = try storedLayer(chainID: chainID, blob: blob, diffID: extracted.diffID) {
                return stored
            }
            let link = try commitLayer(directory, chainID: chainID, size: extracted.unpackedBytes)
            return ImageContent.Layer(blob: blob, diffID: extracted.diffID, chainID: chainID, link: link, size: extracted.unpackedBytes)
        }
    }

    static func chainID(_ diffID: String, below: String?) -> String {
        Digest.chainIDs(below.map { [$0, diffID] } ?? [diffID]).last!
    }

    /// A complete layer of that chain ID whose blob is stored too, described with `blob`; nil when
    /// either is missing. A stored blob known to have another diff_id is an error. With the
    /// store's lock held.
    private func storedLayer(chainID: String, blob: OCIDescriptor, diffID: String) throws -> ImageContent.Layer? {
        guard let blobHex = Digest.hex(blob.digest), let known = try FileSystem.readString(diffIDs + "/" + blobHex),
              FileSystem.exists(blobs + "/" + blobHex) else { return nil }
        guard known == diffID else {
            throw RuntimeError(.invalidArgument, "layer \(blob.digest) has the diff_id \(known), but the image's config says \(diffID)")
        }
        guard let hex = Digest.hex(chainID), let link = try FileSystem.readString(layers + "/" + hex + "/link"),
              let size = try FileSystem.readString(layers + "/" + hex + "/size").flatMap({ UInt64($0) }) else { return nil }
        return ImageContent.Layer(blob: blob, diffID: diffID, chainID: chainID, link: link, size: size)
    }

    /// The stored blob of a layer a pull wants, when the store has it and knows its diff_id: the
    /// pull links it instead of downloading it ("Already exists"). Its digest was checked when it
    /// was stored.
    public func storedLayerBlob(_ digest: String) -> String? {
        guard let hex = Digest.hex(digest), FileSystem.exists(diffIDs + "/" + hex), FileSystem.exists(blobs + "/" + hex) else { return nil }
        return blobs + "/" + hex
    }

    /// Unpacks a layer into a layer directory of `staging` (or takes the one it was unpacked into as
    /// it downloaded): that directory, what minirun-unpack found, the blob's descriptor and the file
    /// holding the blob (an imported tarball's uncompressed copy).
    private func unpack(_ source: LayerSource, staging: ImageStaging) throws -> (String, ImageArchive.ExtractedLayer, OCIDescriptor, String) {
        if case .blob(let layer) = source, let unpacked = layer.unpacked {
            // Renamed into layers/ at the commit: only a directory of the store's own staging.
            guard unpacked.directory.hasPrefix(root.images + "/" + ImageStaging.prefix), !unpacked.directory.contains("/../") else {
                throw RuntimeError(.invalidArgument, "layer \(layer.digest) was unpacked outside the image store: \(unpacked.directory)")
            }
            return (unpacked.directory, try Self.checked(unpacked.extracted, layer), layer.descriptor(size: try Self.size(of: layer.path)), layer.path)
        }
        let directory = staging.path + "/layer-" + Identifiers.newID().prefix(16)
        try FileSystem.makeDirectories(directory + "/diff", mode: 0o755)
        do {
            switch source {
            case .blob(let layer):
                let fd = open(layer.path, O_RDONLY | O_CLOEXEC)
                if fd < 0 { throw RuntimeError.system("open \(layer.path)") }
                defer { close(fd) }
                let extracted = try Self.checked(ImageArchive.extractLayer(from: fd, into: directory + "/diff"), layer)
                return (directory, extracted, layer.descriptor(size: try Self.size(of: layer.path)), layer.path)
            case .imported(let fd, let allowDevices):
                let copy = staging.path + "/blob-" + Identifiers.newID().prefix(16)
                let extracted = try ImageArchive.extractLayer(from: fd, into: directory + "/diff", tarCopy: copy, allowDevices: allowDevices)
                return (directory, extracted, OCIDescriptor(mediaType: MediaType.ociLayer, digest: extracted.diffID, size: try Self.size(of: copy)), copy)
            }
        } catch let error as ImageArchive.Error {
            switch error {
            case .refused, .invalidArchive: throw RuntimeError(.invalidArgument, error.description)
            case .failed: throw RuntimeError(.system, error.description)
            }
        }
    }

    /// `extracted` when the blob minirun-unpack read was the layer's.
    private static func checked(_ extracted: ImageArchive.ExtractedLayer, _ layer: IncomingLayer) throws -> ImageArchive.ExtractedLayer {
        guard extracted.digest == layer.digest else {
            throw RuntimeError(.invalidArgument, "digest mismatch for layer \(layer.digest): its content has the digest \(extracted.digest)")
        }
        return extracted
    }

    private static func size(of path: String) throws -> Int64 {
        var st = stat()
        guard stat(path, &st) == 0 else { throw RuntimeError.system("stat \(path)") }
        return Int64(st.st_size)
    }

    /// Keeps a verified layer blob in blobs/ and records its diff_id; a blob already there stays as
    /// it is. A file in the store's own directory (a load's staging) or a pull's download area
    /// (whose complete blobs are never written again) is moved there, any other (a user's OCI
    /// layout directory) copied.
    private func keepBlob(_ path: String, digest: String, diffID: String) throws {
        guard let hex = Digest.hex(digest) else { return }
        let destination = blobs + "/" + hex
        let ours = path.hasPrefix(root.images + "/") || path.hasPrefix(DownloadArea(root: root).directory + "/")
        if FileSystem.exists(destination) {
            // The copy stays where it is, and goes with its staging directory.
        } else if !ours || Glibc.rename(path, destination) != 0 {
            guard !ours || errno == EXDEV else { throw RuntimeError.system("rename \(path)") }
            try copyFile(path, to: destination)
        }
        try FileSystem.writeAtomically(diffIDs + "/" + hex, diffID)
    }

    private func copyFile(_ path: String, to destination: String) throws {
        let temporary = blobs + "/.tmp-" + Identifiers.newID().prefix(16)
        let input = open(path, O_RDONLY | O_CLOEXEC)
        if input < 0 { throw RuntimeError.system("open \(path)") }
        defer { close(input) }
        let output = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if output < 0 { throw RuntimeError.system("open \(temporary)") }
        let failure = FileSystem.copyContents(from: input, to: output)
        close(output)
        if failure != 0 {
            unlink(temporary)
            throw RuntimeError.system("copy \(path)", failure)
        }
        try FileSystem.rename(temporary, to: destination)
    }

    /// Gives an unpacked layer its short link and renames it into place: from then on it is
    /// complete. The link points at the layer's final place, so it dangles until the rename (a
    /// link no image names is removed as unused). With the store's lock held.
    private func commitLayer(_ staging: String, chainID: String, size: UInt64) throws -> String {
        guard let hex = Digest.hex(chainID) else { throw RuntimeError(.invalidArgument, "invalid chain ID \(chainID)") }
        try FileSystem.makeDirectories(links, mode: 0o700)
        var link = ""
        while true {
            link = String(Identifiers.newID().prefix(12))
            if symlink("../layers/" + hex + "/diff", links + "/" + link) == 0 { break }
            if errno != EEXIST { throw RuntimeError.system("symlink \(links)/\(link)") }
        }
        try FileSystem.writeAtomically(staging + "/link", link)
        try FileSystem.writeAtomically(staging + "/size", String(size))
        try FileSystem.rename(staging, to: layers + "/" + hex)
        return link
    }

    /// Writes a blob (a config) under its digest unless it is there.
    func storeBlob(_ bytes: [UInt8]) throws -> String {
        let digest = Digest.of(bytes)
        let path = blobs + "/" + Digest.hex(digest)!
        if !FileSystem.exists(path) { try FileSystem.writeAtomically(path, bytes) }
        return digest
    }
}

extension IncomingLayer {
    func descriptor(size: Int64) -> OCIDescriptor {
        OCIDescriptor(mediaType: mediaType, digest: digest, size: size)
    }
}
