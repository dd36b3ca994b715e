import AsyncHTTPClient
import Glibc
import NIOCore
import Runtime

/// Pulls an image from a registry into an `IncomingImage`: the manifest (through an index for the
/// platform wanted), the config and the layers, each blob's size and digest checked as it streams
/// in, layers six at a time. Each layer is unpacked as it downloads (StreamedLayerExtraction),
/// into a staging directory of the image store's, so that the store only checks its diff_id and
/// moves it into place; a layer whose unpacking did not come through (a blob that was downloaded
/// already, or a layer minirun-unpack refused) is unpacked by the store from its blob, which says
/// why when it fails. `pull` hands the image to `store` while its blobs and unpacked layers are
/// held, then removes what it downloaded and what the store did not take; a failure leaves nothing
/// behind.
public struct Puller: Sendable {
    public let root: StateRoot
    public let insecure: InsecureRegistries
    public let platform: Platform
    public let observer: any PullObserver

    /// As containers/image (Podman, skopeo) does; Docker takes three. Each layer is unpacked as it
    /// downloads, so this is also how many unpack at once: with three, the last of seven equal layers
    /// unpacked alone on one of two cores (bench/pull.sh: 0.49 s; with six 0.44 s).
    static let parallelDownloads = 6
    static let manifestLimit = 4 << 20
    static let configLimit = 16 << 20

    public init(root: StateRoot, insecure: InsecureRegistries, platform: Platform = .current, observer: any PullObserver) {
        self.root = root
        self.insecure = insecure
        self.platform = platform
        self.observer = observer
    }

    public func pull<T>(_ reference: RemoteReference, store: (IncomingImage) throws -> T) async throws -> T {
        let credentials = try AuthFile(root: root).credentials(for: reference.registry)
        let session = try await RegistrySession.open(
            registry: reference.registry, repository: reference.repository, credentials: credentials, insecure: insecure)
        let area = DownloadArea(root: root)
        do {
            let (manifest, topDigest) = try await resolveManifest(reference, session)
            let configBytes = try await fetchConfig(manifest.config, session)
            try area.removeAbandonedStaging()
            var unique: [OCIDescriptor] = []
            for layer in manifest.layers where !unique.contains(where: { $0.digest == layer.digest }) { unique.append(layer) }
            let (staging, stagingLock) = try area.makeStaging(wanting: unique.map(\.digest))
            defer {
                try? FileSystem.removeTree(staging)
                stagingLock.unlock()
                area.release(unique.map(\.digest))
            }
            let imageStore = ImageStore(root: root)
            let unpacking = try imageStore.makeStaging()
            defer { unpacking.finish() }
            // As Docker: for an image the store has already (by its config) no layer is listed; each is only linked.
            let stored = (try? imageStore.content(of: Digest.hex(manifest.config.digest))) != nil
            observer.pulling(reference, layers: stored ? [] : unique.map(\.digest))
            var fetched = try await fetchLayers(unique, session, area, staging, unpacking)
            await session.close()
            var layers: [IncomingLayer] = []
            for layer in manifest.layers {
                // A layer listed twice is unpacked once more by the store: the directory goes to the first.
                let unpacked = fetched[layer.digest]!.unpacked
                fetched[layer.digest]!.unpacked = nil
                layers.append(IncomingLayer(path: fetched[layer.digest]!.path, digest: layer.digest, mediaType: layer.mediaType, unpacked: unpacked))
            }
            let image = IncomingImage(
                names: reference.localName.map { [$0] } ?? [], configBytes: configBytes, layers: layers, manifestDigest: topDigest,
                digestRepository: reference.localName == nil ? reference.familiarName : nil)
            return try store(image)
        } catch {
            await session.close()
            throw error
        }
    }

    /// Every tag of the reference's repository (`pull --all-tags`).
    public func tags(of reference: RemoteReference) async throws -> [String] {
        let credentials = try AuthFile(root: root).credentials(for: reference.registry)
        let session = try await RegistrySession.open(
            registry: reference.registry, repository: reference.repository, credentials: credentials, insecure: insecure)
        do {
            let tags = try await session.tags(of: reference)
            await session.close()
            return tags
        } catch {
            await session.close()
            throw error
        }
    }

    // MARK: manifests

    /// The image manifest for `platform`, and the digest the reference resolved to (the index's
    /// when there is one: the digest to pull the same image by again).
    func resolveManifest(_ reference: RemoteReference, _ session: RegistrySession) async throws -> (OCIManifest, String) {
        let top = try await fetchManifest(reference.manifestReference, session, for: reference)
        var document = top
        if MediaType.indexes.contains(top.mediaType) {
            let index = try top.decode(OCIIndex.self)
            let chosen = try platform.select(from: try index.manifests.map { try $0.validated(in: "the manifest list") }, in: reference)
            document = try await fetchManifest(chosen.digest, session, for: reference)
            guard !MediaType.indexes.contains(document.mediaType) else {
                throw RuntimeError(.invalidArgument, "\(reference): the manifest list for \(platform.description) names another manifest list")
            }
        }
        guard MediaType.manifests.contains(document.mediaType) else {
            throw RuntimeError(.invalidArgument, "\(reference): unsupported manifest media type \(Identifiers.printable(document.mediaType))")
        }
        var manifest = try document.decode(OCIManifest.self)
        manifest.config = try manifest.config.validated(in: "the manifest")
        manifest.layers = try manifest.layers.map { try $0.validated(in: "the manifest") }
        guard MediaType.configs.contains(manifest.config.mediaType) else {
            throw RuntimeError(.invalidArgument, "\(reference): unsupported config media type \(Identifiers.printable(manifest.config.mediaType))")
        }
        for layer in manifest.layers where !MediaType.layers.contains(layer.mediaType) {
            throw RuntimeError(.invalidArgument, "\(reference): unsupported layer media type \(Identifiers.printable(layer.mediaType))")
        }
        return (manifest, top.digest)
    }

    private func fetchManifest(_ name: String, _ session: RegistrySession, for reference: RemoteReference) async throws -> FetchedManifest {
        let response = try await session.get("manifests/" + name, accept: MediaType.acceptedManifests)
        let bytes = try await RegistrySession.collect(response, limit: Self.manifestLimit)
        guard response.status == .ok else {
            if response.status == .notFound {
                throw RuntimeError(.notFound, "manifest for \(reference) not found: manifest unknown")
            }
            if response.status == .unauthorized {
                throw RuntimeError(.invalidArgument,
                    "pull access denied for \(reference.familiarName): unauthorized (minirun login \(reference.registry))")
            }
            throw RegistrySession.statusError(response.status, body: bytes, doing: "manifest for \(reference)")
        }
        let digest = Digest.of(bytes)
        if Digest.isValid(name) && name != digest {
            throw RuntimeError(.damaged, "manifest digest mismatch for \(reference): asked for \(name), got \(digest)")
        }
        if let said = response.headers.first(name: "Docker-Content-Digest"), Digest.isValid(said), said != digest {
            throw RuntimeError(.damaged, "manifest digest mismatch for \(reference): the registry says \(said), the bytes are \(digest)")
        }
        return FetchedManifest(
            mediaType: FetchedManifest.mediaType(header: response.headers.first(name: "Content-Type"), bytes: bytes),
            bytes: bytes, digest: digest)
    }

    private func fetchConfig(_ descriptor: OCIDescriptor, _ session: RegistrySession) async throws -> [UInt8] {
        guard descriptor.size <= Self.configLimit else {
            throw RuntimeError(.invalidArgument, "the image config is \(descriptor.size) bytes, more than \(Self.configLimit)")
        }
        let response = try await session.get("blobs/" + descriptor.digest)
        let bytes = try await RegistrySession.collect(response, limit: Self.configLimit)
        guard response.status == .ok else {
            throw RegistrySession.statusError(response.status, body: bytes, doing: "config blob \(descriptor.digest)")
        }
        let digest = Digest.of(bytes)
        guard digest == descriptor.digest, bytes.count == descriptor.size else {
            throw RuntimeError(.damaged, "digest mismatch for the config blob: expected \(descriptor.digest) (\(descriptor.size) bytes), got \(digest) (\(bytes.count) bytes)")
        }
        return bytes
    }

    // MARK: layers

    /// A layer's blob, linked into the pull's staging directory, and its layer directory when it
    /// was unpacked as it downloaded.
    struct FetchedLayer: Sendable {
        var path: String
        var unpacked: UnpackedLayer?
    }

    /// Each layer by digest; at most `parallelDownloads` at a time.
    private func fetchLayers(
        _ layers: [OCIDescriptor], _ session: RegistrySession, _ area: DownloadArea, _ staging: String, _ unpacking: ImageStaging
    ) async throws -> [String: FetchedLayer] {
        try await withThrowingTaskGroup(of: (String, FetchedLayer).self) { group in
            var fetched: [String: FetchedLayer] = [:]
            var pending = layers[...]
            func startNext() {
                guard let layer = pending.popFirst() else { return }
                group.addTask { (layer.digest, try await fetchLayer(layer, session, area, staging, unpacking)) }
            }
            for _ in 0..<Self.parallelDownloads { startNext() }
            while let (digest, layer) = try await group.next() {
                fetched[digest] = layer
                startNext()
            }
            return fetched
        }
    }

    /// The layer linked into `staging`: the image store's own blob when it has the layer already
    /// (Docker's "Already exists"), else under the digest's lock the blob of the download area,
    /// downloaded (and unpacked into `unpacking` as it comes) unless a complete one is there.
    private func fetchLayer(
        _ layer: OCIDescriptor, _ session: RegistrySession, _ area: DownloadArea, _ staging: String, _ unpacking: ImageStaging
    ) async throws -> FetchedLayer {
        let linked = staging + "/sha256-" + Digest.hex(layer.digest)
        // A link, not the path: the blob stays for this pull even if an rmi removes it from the store meanwhile.
        if let stored = ImageStore(root: root).storedLayerBlob(layer.digest), link(stored, linked) == 0 {
            observer.layer(layer.digest, .alreadyExists)
            return FetchedLayer(path: linked)
        }
        let lock = try await area.lock(layer.digest) { observer.layer(layer.digest, .waiting) }
        defer { lock.unlock() }
        let complete = area.blobPath(layer.digest)
        var unpacked: UnpackedLayer?
        if FileSystem.exists(complete) {
            observer.layer(layer.digest, .alreadyDownloaded)
        } else {
            unpacked = try await download(layer, session, to: area.partialPath(layer.digest), unpacking: unpacking)
            try FileSystem.rename(area.partialPath(layer.digest), to: complete)
            observer.layer(layer.digest, .downloadComplete)
        }
        if link(complete, linked) != 0 { throw RuntimeError.system("link \(complete) to \(linked)") }
        return FetchedLayer(path: linked, unpacked: unpacked)
    }

    /// Downloads the blob into `path`, unpacking it into `unpacking` as it comes. A partial file an
    /// interrupted pull left there is continued where it stopped; when the whole then fails its
    /// digest, the part kept may be what is wrong, and the blob is downloaded once more from the start.
    private func download(_ layer: OCIDescriptor, _ session: RegistrySession, to path: String, unpacking: ImageStaging) async throws -> UnpackedLayer? {
        var st = stat()
        if lstat(path, &st) == 0, st.st_size > 0, Int64(st.st_size) <= layer.size {
            do {
                return try await transfer(layer, session, to: path, kept: Int64(st.st_size), unpacking: unpacking)
            } catch let error as RuntimeError where error.code == .damaged {
                // Once more, from the start.
            }
        }
        return try await transfer(layer, session, to: path, kept: 0, unpacking: unpacking)
    }

    /// Streams the blob into `path`, unpacked (and so hashed) as it is written - after the `kept`
    /// bytes already there, asked for with a Range request (a registry that answers 200 sends it
    /// whole, which replaces them). Refuses it (and removes the file) when its size or digest is not
    /// the manifest's. The layer unpacked, or nil when minirun-unpack failed (the store unpacks the
    /// blob again and says why).
    private func transfer(
        _ layer: OCIDescriptor, _ session: RegistrySession, to path: String, kept: Int64, unpacking: ImageStaging
    ) async throws -> UnpackedLayer? {
        let short = Digest.hex(layer.digest).prefix(12)
        // Appending: what comes goes after what was kept, or after nothing once request() emptied the file.
        let fd = kept > 0 ? open(path, O_WRONLY | O_APPEND | O_CLOEXEC) : open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o600)
        if fd < 0 { throw RuntimeError.system("open \(path)") }
        var closed = false
        defer { if !closed { close(fd) } }
        var extraction: StreamedLayerExtraction?
        do {
            var (body, kept): (HTTPClientResponse.Body?, Int64) = (nil, kept)
            if kept < layer.size { (body, kept) = try await request(layer, session, after: kept, in: fd, path: path) }
            // Started once the file holds only what stays: minirun-unpack reads it from its start.
            extraction = try? StreamedLayerExtraction(in: unpacking, following: path)
            var received = kept
            var lastReport: Int64 = -1
            observer.layer(layer.digest, .downloading(received: received, total: layer.size))
            for try await buffer in body ?? HTTPClientResponse.Body() {
                let failure: Int32 = buffer.withUnsafeReadableBytes { bytes in Self.writeAll(fd: fd, bytes) }
                if failure != 0 { throw RuntimeError.system("write \(path)", failure) }
                extraction?.wrote()
                received += Int64(buffer.readableBytes)
                if received > layer.size {
                    throw RuntimeError(.damaged, "layer \(short): the registry sent more than the \(layer.size) bytes the manifest says")
                }
                if received - lastReport >= 256 << 10 || received == layer.size {
                    observer.layer(layer.digest, .downloading(received: received, total: layer.size))
                    lastReport = received
                }
            }
            observer.layer(layer.digest, .verifying)
            guard received == layer.size else {
                throw RuntimeError(.damaged, "layer \(short): the registry sent \(received) of \(layer.size) bytes")
            }
            closed = true
            if close(fd) != 0 { throw RuntimeError.system("close \(path)") }
            let finishing = extraction
            extraction = nil
            // minirun-unpack hashed the blob as it read it, which spares a second pass over it here; only a
            // blob it did not read to the end is read again. A layer of the wrong blob stays in `unpacking`,
            // which goes at the end of the pull.
            let unpacked = try? await finishing?.finish()
            let got = try unpacked?.extracted.digest ?? Digest.ofFile(path)
            guard got == layer.digest else {
                throw RuntimeError(.damaged, "digest mismatch for layer \(short): expected \(layer.digest), got \(got)")
            }
            return unpacked
        } catch {
            await extraction?.abandon()
            unlink(path)
            if error is RuntimeError || error is CancellationError { throw error }
            throw RuntimeError(.system, "layer \(short): \(RegistrySession.describe(error))")
        }
    }

    /// The body of the blob after its first `kept` bytes (Range), and the bytes of the file kept: 0
    /// when the registry ignored the Range header and sends the whole blob, written over them.
    private func request(
        _ layer: OCIDescriptor, _ session: RegistrySession, after kept: Int64, in fd: Int32, path: String
    ) async throws -> (HTTPClientResponse.Body?, Int64) {
        let short = Digest.hex(layer.digest).prefix(12)
        let response = try await session.get("blobs/" + layer.digest, from: kept > 0 ? kept : nil)
        switch response.status {
        case .ok where kept > 0:
            if ftruncate(fd, 0) != 0 { throw RuntimeError.system("truncate \(path)") }
            return (response.body, 0)
        case .ok:
            return (response.body, 0)
        case .partialContent where Self.rangeStart(response.headers.first(name: "Content-Range")) == kept:
            return (response.body, kept)
        case .partialContent, .rangeNotSatisfiable:
            throw RuntimeError(.damaged, "layer \(short): the registry did not continue the download at byte \(kept)")
        default:
            let answer = try await RegistrySession.collect(response, limit: 64 << 10)
            throw RegistrySession.statusError(response.status, body: answer, doing: "layer \(short)")
        }
    }

    /// The first byte of a Content-Range header ("bytes 100-199/200" -> 100).
    static func rangeStart(_ header: String?) -> Int64? {
        guard let header, header.hasPrefix("bytes "), let dash = header.firstIndex(of: "-") else { return nil }
        return Int64(header[header.index(header.startIndex, offsetBy: 6)..<dash])
    }

    /// 0 once every byte is written, else the errno of the write that failed.
    static func writeAll(fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += n
        }
        return 0
    }
}
