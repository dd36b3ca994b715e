import FoundationEssentials
import JSONCodec
import Runtime

/// A user name and password (or identity token) for one registry.
public struct Credentials: Sendable, Equatable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// "Basic base64(user:pass)".
    var basicAuthorization: String { "Basic " + Data((username + ":" + password).utf8).base64EncodedString() }
}

/// The credentials `login` stores: `auth.json` in the state root's data directory, mode 0600, in
/// Docker's config.json format (`{"auths":{"host:port":{"auth":"base64(user:pass)"}}}`, the same
/// file as podman's auth.json). It belongs to the state root, as everything minirun keeps does, so
/// `--root` gives tests and CI jobs their own; Docker's own ~/.docker/config.json is neither read nor
/// written (it may name credential helpers, which minirun does not run). Other keys in the file are kept.
public struct AuthFile: Sendable {
    public let path: String
    private let lockPath: String

    public init(root: StateRoot) {
        path = root.data + "/auth.json"
        lockPath = root.locks + "/auth"
    }

    /// Docker Hub's key, as `docker login` writes it.
    static let dockerHubKey = "https://index.docker.io/v1/"

    public func credentials(for registry: String) throws -> Credentials? {
        let auths = try read()["auths"].flatMap { if case .object(let o) = $0 { o } else { nil } } ?? JSONObject()
        for (key, value) in auths.pairs where Self.registry(ofKey: key) == registry {
            guard case .object(let entry) = value, case .string(let encoded)? = entry["auth"] else { continue }
            guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
                  let colon = text.firstIndex(of: ":")
            else {
                throw RuntimeError(.damaged, "\(path): the credentials for \(registry) do not decode")
            }
            return Credentials(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        }
        return nil
    }

    public func store(_ credentials: Credentials, for registry: String) throws {
        try update { auths in
            for key in auths.keys where Self.registry(ofKey: key) == registry { auths[key] = nil }
            let encoded = Data((credentials.username + ":" + credentials.password).utf8).base64EncodedString()
            auths[Self.key(for: registry)] = .object(JSONObject([("auth", .string(encoded))]))
        }
    }

    /// False when there was nothing to remove.
    public func remove(registry: String) throws -> Bool {
        var removed = false
        try update { auths in
            for key in auths.keys where Self.registry(ofKey: key) == registry {
                auths[key] = nil
                removed = true
            }
        }
        return removed
    }

    private func read() throws -> JSONObject {
        guard let bytes = try FileSystem.read(path) else { return JSONObject() }
        guard case .object(let document)? = try? JSONValue(parsing: bytes) else {
            throw RuntimeError(.damaged, "\(path) is not a JSON object")
        }
        return document
    }

    private func update(_ change: (inout JSONObject) -> Void) throws {
        try FileSystem.makeDirectories(String(path[..<path.lastIndex(of: "/")!]), mode: 0o700)
        try FileLock.with(lockPath) {
            var document = try read()
            var auths = document["auths"].flatMap { if case .object(let o) = $0 { o } else { nil } } ?? JSONObject()
            change(&auths)
            document["auths"] = .object(auths)
            try FileSystem.writeAtomically(path, try GoJSON.bytes(.object(document), indent: "\t") + [10], mode: 0o600)
        }
    }

    /// The key a registry is stored under.
    static func key(for registry: String) -> String {
        registry == RemoteReference.dockerHub ? dockerHubKey : registry
    }

    /// The registry a key names: keys may be URLs ("https://index.docker.io/v1/", "http://host:5000").
    static func registry(ofKey key: String) -> String {
        var host = Substring(key)
        for scheme in ["https://", "http://"] where host.hasPrefix(scheme) { host = host.dropFirst(scheme.count) }
        host = host.prefix { $0 != "/" }
        return ["index.docker.io", "registry-1.docker.io"].contains(host) ? RemoteReference.dockerHub : String(host)
    }
}
