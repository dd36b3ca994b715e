import JSONCodec
import Runtime

/// Which registries may be reached over plain HTTP (and over HTTPS without checking the
/// certificate): localhost, 127.0.0.0/8 and those listed as insecure, by `--insecure-registry
/// HOST[:PORT]` or in `registries.json` in the state root's data directory
/// (`{"insecure-registries": ["HOST[:PORT]", ...]}`, the key of Docker's daemon.json). A listed host
/// without a port stands for all of its ports. Every other registry is HTTPS with a checked certificate.
public struct InsecureRegistries: Sendable {
    public private(set) var entries: [String]

    public init(_ entries: [String]) {
        self.entries = entries
    }

    /// The flags' entries and the file's.
    public init(root: StateRoot, flags: [String]) throws {
        let path = root.data + "/registries.json"
        var entries = flags
        if let bytes = try FileSystem.read(path) {
            struct File: Decodable {
                var insecureRegistries: [String]?
                enum CodingKeys: String, CodingKey { case insecureRegistries = "insecure-registries" }
            }
            do {
                entries += try JSONValue(parsing: bytes).decode(File.self).insecureRegistries ?? []
            } catch {
                throw RuntimeError(.invalidArgument, "\(path): \(error)")
            }
        }
        self.init(entries)
    }

    public func allowsPlainHTTP(_ registry: String) -> Bool {
        let host = Self.host(of: registry)
        if host == "localhost" || Self.isLoopbackIPv4(host) { return true }
        return entries.contains { $0 == registry || $0 == host }
    }

    static func host(of registry: String) -> String {
        String(registry.prefix { $0 != ":" })
    }

    private static func isLoopbackIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
