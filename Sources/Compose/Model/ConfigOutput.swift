import Runtime
import Yams

extension ComposeProject {
    /// YAML with sorted keys, so that the same project always reads the same.
    static var encoder: YAMLEncoder {
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        return encoder
    }

    /// `compose config`: the project as loaded, in YAML, keys sorted.
    public func yaml() throws -> String {
        do {
            return try Self.encoder.encode(self)
        } catch {
            throw RuntimeError(.system, "write the project as YAML", cause: error)
        }
    }
}

extension ComposeService {
    /// The `com.docker.compose.config-hash` label: the SHA-256 of the service as loaded, with what
    /// does not change its containers (the number of them) left out. `up` recreates a container
    /// whose label differs.
    public func configHash() throws -> String {
        var hashed = self
        hashed.replicas = 1
        let text: String
        do { text = try ComposeProject.encoder.encode(hashed) } catch {
            throw RuntimeError(.system, "write service \(name) as YAML", cause: error)
        }
        return ContentHash.sha256(Array(text.utf8))
    }
}
