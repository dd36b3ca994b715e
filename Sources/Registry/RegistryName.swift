import Runtime

/// A registry as `login` and `logout` take it: "HOST[:PORT]", also written as a URL
/// ("https://index.docker.io/v1/"); Docker Hub's names all become "docker.io".
public enum RegistryName {
    public static func parse(_ text: String) throws -> String {
        let name = AuthFile.registry(ofKey: text)
        guard name == RemoteReference.dockerHub || RemoteReference.isValidRegistry(name) else {
            throw RuntimeError(.invalidArgument, "invalid registry: \(Identifiers.printable(text))")
        }
        return name
    }
}
