import AsyncHTTPClient
import Glibc
import NIOCore
import NIOHTTP1
import Runtime

/// `push`: an image of the store uploaded as the distribution spec says - each blob the registry
/// lacks (HEAD, then POST and a monolithic PUT with its digest), the config, then the manifest under
/// the tag. The blobs are the store's own (ImageContent), so the registry gets the layers exactly as
/// they came in, or as `build` and `import` made them.
public struct Pusher: Sendable {
    let root: StateRoot
    let insecure: InsecureRegistries

    public init(root: StateRoot, insecure: InsecureRegistries) {
        self.root = root
        self.insecure = insecure
    }

    /// Uploads `layers` (each reported once done: whether the registry had it), `config` and
    /// `manifest` as `reference`'s tag. Returns the manifest's digest.
    public func push(
        _ reference: RemoteReference, layers: [ImageStore.StoredBlob], config: ImageStore.StoredBlob, manifest: [UInt8], mediaType: String,
        pushed: @Sendable (ImageStore.StoredBlob, _ existed: Bool) -> Void
    ) async throws -> String {
        let credentials = try AuthFile(root: root).credentials(for: reference.registry)
        let session = try await RegistrySession.open(
            registry: reference.registry, repository: reference.repository, credentials: credentials, insecure: insecure, push: true)
        do {
            for layer in layers {
                pushed(layer, try await upload(layer, session))
            }
            _ = try await upload(config, session)
            let digest = try await putManifest(manifest, mediaType: mediaType, tag: reference.manifestReference, session)
            await session.close()
            return digest
        } catch {
            await session.close()
            throw error
        }
    }

    /// Whether the registry had the blob already; otherwise it has it now.
    private func upload(_ blob: ImageStore.StoredBlob, _ session: RegistrySession) async throws -> Bool {
        let digest = blob.descriptor.digest
        let head = try await session.send(.HEAD, "blobs/" + digest)
        _ = try await RegistrySession.collect(head, limit: 64 << 10)
        if head.status == .ok { return true }
        let started = try await session.send(.POST, "blobs/uploads/", headers: [("Content-Length", "0")])
        let body = try await RegistrySession.collect(started, limit: 64 << 10)
        guard started.status == .accepted, let location = started.headers.first(name: "Location") else {
            throw RegistrySession.statusError(started.status, body: body, doing: "start the upload of \(digest)")
        }
        let fd = open(blob.path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw RuntimeError.system("open \(blob.path)") }
        let chunks = FileChunks(fd: fd)
        let separator = location.contains("?") ? "&" : "?"
        let finished = try await session.send(
            .PUT, location + separator + "digest=" + RegistrySession.percentEncode(digest),
            body: .stream(chunks, length: .known(blob.descriptor.size)),
            headers: [("Content-Type", "application/octet-stream")])
        let answer = try await RegistrySession.collect(finished, limit: 64 << 10)
        guard finished.status == .created else {
            throw RegistrySession.statusError(finished.status, body: answer, doing: "upload \(digest)")
        }
        return false
    }

    private func putManifest(_ bytes: [UInt8], mediaType: String, tag: String, _ session: RegistrySession) async throws -> String {
        let response = try await session.send(
            .PUT, "manifests/" + tag, body: .bytes(ByteBuffer(bytes: bytes)), headers: [("Content-Type", mediaType)])
        let body = try await RegistrySession.collect(response, limit: 64 << 10)
        guard response.status == .created else {
            throw RegistrySession.statusError(response.status, body: body, doing: "put the manifest of \(tag)")
        }
        return Digest.of(bytes)
    }
}

/// A file read in chunks as an upload's body; the file is closed when the sequence goes.
final class FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let fd: Int32

    init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let file: FileChunks

        mutating func next() async throws -> ByteBuffer? {
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 << 20)
            let count = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 1 << 20) { raw in
                var n: Int
                repeat { n = read(file.fd, raw.baseAddress, raw.count) } while n < 0 && errno == EINTR
                if n < 0 { throw RuntimeError.system("read a blob") }
                return n
            }
            return count == 0 ? nil : buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(file: self)
    }
}
