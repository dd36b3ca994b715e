import JSONCodec
import Runtime

extension MediaType {
    /// What the manifest endpoint is asked for, most wanted first; anything else that comes back
    /// (a schema 1 manifest, an artifact) is refused before a byte of a layer is fetched.
    static let acceptedManifests = [ociIndex, dockerManifestList, ociManifest, dockerManifest]
}

extension OCIDescriptor {
    /// The digest must be one this client can check; the size must be a size.
    func validated(in document: String) throws -> OCIDescriptor {
        guard Digest.isValid(digest) else {
            throw RuntimeError(.invalidArgument, "\(document) names an unsupported digest: \(Identifiers.printable(digest))")
        }
        guard size >= 0 else { throw RuntimeError(.invalidArgument, "\(document) gives a negative size for \(digest)") }
        return self
    }
}

/// The manifest document as it came, with its digest.
struct FetchedManifest {
    var mediaType: String
    var bytes: [UInt8]
    var digest: String

    /// The response's Content-Type, or the document's own `mediaType` when the header is vague.
    static func mediaType(header: String?, bytes: [UInt8]) -> String {
        let declared = header.map { String($0.split(separator: ";").first ?? "").trimmingSpaces() } ?? ""
        if MediaType.acceptedManifests.contains(declared) { return declared }
        struct Declared: Decodable { var mediaType: String?; var schemaVersion: Int? }
        if let document = try? JSONValue(parsing: bytes).decode(Declared.self) {
            if let type = document.mediaType { return type }
            if document.schemaVersion == 1 { return "application/vnd.docker.distribution.manifest.v1+json" }
        }
        return declared.isEmpty ? "(none)" : declared
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONValue(parsing: bytes).decode(type)
        } catch {
            throw RuntimeError(.invalidArgument, "manifest \(digest) does not parse", cause: error)
        }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
