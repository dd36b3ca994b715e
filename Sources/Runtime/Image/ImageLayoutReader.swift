import Glibc

/// Reads the images of a `docker save` tarball or an OCI image layout once its files are in a
/// directory: Docker 24 and older (manifest.json, <id>.json configs, <id>/layer.tar), Docker 25 and
/// newer (manifest.json over an OCI layout's blobs/sha256), and OCI layouts (oci-layout, index.json,
/// nested indexes: the manifest of this machine's platform, or linux/amd64). Every manifest and config
/// is checked against its digest here; layer blobs are checked by ImageStore.add, which reads them
/// anyway to unpack them. No path of the input leads outside the directory: `..`, absolute paths and
/// symlinks that lead out are refused.
public struct ImageLayoutReader {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func images() throws -> [IncomingImage] {
        if FileSystem.exists(directory + "/manifest.json") {
            return try dockerArchiveImages()
        }
        if FileSystem.exists(directory + "/index.json") {
            return try layoutImages()
        }
        throw RuntimeError(.invalidArgument, "not a docker save tarball nor an OCI image layout: it has neither manifest.json nor index.json")
    }

    private func dockerArchiveImages() throws -> [IncomingImage] {
        let entries: [DockerManifestEntry] = try decode(try read("manifest.json"), "manifest.json")
        return try entries.map { entry in
            let configBytes = try read(entry.Config)
            // Docker 25 names blobs/sha256/<hex>, Docker 24 <hex>.json: either way the config's digest.
            let named = entry.Config.hasPrefix("blobs/sha256/") ? String(entry.Config.dropFirst(13))
                : entry.Config.hasSuffix(".json") ? String(entry.Config.dropLast(5)) : nil
            if let named, Digest.hex(Digest.prefix + named) != nil, Digest.of(configBytes) != Digest.prefix + named {
                throw RuntimeError(.invalidArgument, "digest mismatch for the config \(entry.Config): its content has the digest \(Digest.of(configBytes))")
            }
            let config: OCIImageConfig = try decode(configBytes, entry.Config)
            guard config.rootfs.diffIDs.count == entry.Layers.count else {
                throw RuntimeError(.invalidArgument, "the config \(entry.Config) lists \(config.rootfs.diffIDs.count) layers, manifest.json \(entry.Layers.count)")
            }
            let layers = try zip(entry.Layers, config.rootfs.diffIDs).map { path, diffID in
                let file = try checkedPath(path)
                let mediaType = MediaType.layer(sniffing: try firstBytes(file))
                let named = path.hasPrefix("blobs/sha256/") ? Digest.prefix + String(path.dropFirst(13)) : nil
                // Docker 24 names no layer digest: an uncompressed layer's is its diff_id, checked
                // when it is unpacked; a compressed one is hashed here.
                let digest = try named ?? (mediaType == MediaType.ociLayer ? diffID : Digest.ofFile(file))
                return IncomingLayer(path: file, digest: digest, mediaType: mediaType)
            }
            return IncomingImage(names: try (entry.RepoTags ?? []).map(Self.reference), configBytes: configBytes, layers: layers)
        }
    }

    private func layoutImages() throws -> [IncomingImage] {
        let index: OCIIndex = try decode(try read("index.json"), "index.json")
        var images: [IncomingImage] = []
        for descriptor in index.manifests {
            let manifestDescriptor = try platformManifest(descriptor)
            let manifest: OCIManifest = try decode(try blob(manifestDescriptor), manifestDescriptor.digest)
            guard MediaType.configs.contains(manifest.config.mediaType) else {
                throw RuntimeError(.invalidArgument, "unsupported config media type \(Identifiers.printable(manifest.config.mediaType))")
            }
            let layers = try manifest.layers.map { layer in
                guard MediaType.layers.contains(layer.mediaType) else {
                    throw RuntimeError(.invalidArgument, "unsupported layer media type \(Identifiers.printable(layer.mediaType))")
                }
                let path = try blobPath(layer.digest)
                var st = stat()
                guard stat(path, &st) == 0, Int64(st.st_size) == layer.size else {
                    throw RuntimeError(.invalidArgument, "layer \(layer.digest): the blob is missing or not \(layer.size) bytes long")
                }
                return IncomingLayer(path: path, digest: layer.digest, mediaType: layer.mediaType)
            }
            let names = try Self.names(descriptor.annotations ?? [:])
            images.append(IncomingImage(names: names, configBytes: try blob(manifest.config), layers: layers, manifestDigest: manifestDescriptor.digest))
        }
        return images
    }

    /// The image manifest a descriptor stands for: itself, or from an index (nested ones too) the
    /// manifest for this machine's platform, else for linux/amd64.
    private func platformManifest(_ descriptor: OCIDescriptor, depth: Int = 0) throws -> OCIDescriptor {
        if MediaType.manifests.contains(descriptor.mediaType) { return descriptor }
        guard MediaType.indexes.contains(descriptor.mediaType), depth < 8 else {
            throw RuntimeError(.invalidArgument, "unsupported media type \(Identifiers.printable(descriptor.mediaType))")
        }
        let index: OCIIndex = try decode(try blob(descriptor), descriptor.digest)
        let platforms = index.manifests.compactMap(\.platform)
        let wanted = [OCIDescriptor.Platform.current, OCIDescriptor.Platform(architecture: "amd64", os: "linux")]
        for platform in wanted {
            if let match = index.manifests.first(where: { $0.platform.map(platform.matches) ?? false }) {
                return try platformManifest(match, depth: depth + 1)
            }
        }
        // An index without platforms (a layout's nested index of one image, say) names one manifest.
        if platforms.isEmpty, index.manifests.count == 1 {
            return try platformManifest(index.manifests[0], depth: depth + 1)
        }
        let known = platforms.map(\.description).filter { $0 != "unknown/unknown" }
        throw RuntimeError(.invalidArgument, "no image for \(OCIDescriptor.Platform.current.description) or linux/amd64 in the index; it has "
            + (known.isEmpty ? "none" : known.joined(separator: ", ")))
    }

    /// The names an OCI layout gives an image: containerd's full name, or a ref name that is a
    /// full reference (a bare tag such as "latest" names no repository).
    static func names(_ annotations: [String: String]) throws -> [ImageReference] {
        if let name = annotations["io.containerd.image.name"] { return [try reference(name)] }
        if let name = annotations["org.opencontainers.image.ref.name"], name.contains(":") || name.contains("/") {
            return [try reference(name)]
        }
        return []
    }

    /// A reference as Docker shows it: docker.io/library/busybox:latest is busybox:latest.
    static func reference(_ name: String) throws -> ImageReference {
        try ImageReference(parsing: ImageNames.shortName(name))
    }

    /// A blob's bytes, checked against its descriptor's digest and size.
    private func blob(_ descriptor: OCIDescriptor) throws -> [UInt8] {
        let bytes = try read(try blobPath(descriptor.digest), absolute: true)
        guard Digest.of(bytes) == descriptor.digest else {
            throw RuntimeError(.invalidArgument, "digest mismatch for \(descriptor.digest): its content has the digest \(Digest.of(bytes))")
        }
        guard Int64(bytes.count) == descriptor.size else {
            throw RuntimeError(.invalidArgument, "size mismatch for \(descriptor.digest): \(bytes.count) bytes, \(descriptor.size) expected")
        }
        return bytes
    }

    private func blobPath(_ digest: String) throws -> String {
        guard let hex = Digest.hex(digest) else {
            throw RuntimeError(.invalidArgument, "unsupported digest \(Identifiers.printable(digest)) (only sha256 is)")
        }
        return try checkedPath("blobs/sha256/" + hex)
    }

    private func read(_ path: String, absolute: Bool = false) throws -> [UInt8] {
        let file = absolute ? path : try checkedPath(path)
        guard let bytes = try FileSystem.read(file) else {
            throw RuntimeError(.invalidArgument, "\(Identifiers.printable(path)) is missing")
        }
        return bytes
    }

    private func decode<T: Decodable>(_ bytes: [UInt8], _ what: String) throws -> T {
        do {
            return try StateJSON.decode(T.self, from: bytes)
        } catch {
            throw RuntimeError(.invalidArgument, "invalid \(Identifiers.printable(what))", cause: error)
        }
    }

    /// `relative` under the directory, refused when it would lead elsewhere: absolute or with `..`.
    /// The input's symlinks are followed while they stay inside the directory (Docker 24's save
    /// links a layer two images share: <id>/layer.tar -> ../<other id>/layer.tar); one that leads
    /// out of it, or absolute, is refused: it could point anywhere on this machine.
    private func checkedPath(_ relative: String) throws -> String {
        let parts = relative.split(separator: "/").filter { $0 != "." }
        guard !relative.hasPrefix("/"), !parts.isEmpty, !parts.contains("..") else {
            throw RuntimeError(.invalidArgument, "refusing the path \(Identifiers.printable(relative)) in the image's manifest")
        }
        let outside = RuntimeError(.invalidArgument, "refusing the path \(Identifiers.printable(relative)): a symlink leads outside the image")
        var resolved: [Substring] = []
        var pending = Array(parts.reversed())
        var hops = 0
        while let part = pending.popLast() {
            if part == "." || part.isEmpty { continue }
            if part == ".." {
                guard resolved.popLast() != nil else { throw outside }
                continue
            }
            resolved.append(part)
            let path = directory + "/" + resolved.joined(separator: "/")
            var st = stat()
            guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { continue }
            hops += 1
            let target = try FileSystem.readLink(path)
            guard hops <= 40, !target.hasPrefix("/") else { throw outside }
            resolved.removeLast()
            pending.append(contentsOf: target.split(separator: "/").reversed())
        }
        guard !resolved.isEmpty else { throw outside }
        return directory + "/" + resolved.joined(separator: "/")
    }

    private func firstBytes(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw RuntimeError(.invalidArgument, "\(Identifiers.printable(path)): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var magic = [UInt8](repeating: 0, count: 4)
        let n = magic.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 4) }
        return Array(magic.prefix(max(n, 0)))
    }
}
