import ArgumentParser
import Registry
import Runtime

/// What `pull` and `login` share about reaching registries.
struct RegistryOptions: ParsableArguments {
    @Option(
        name: .customLong("insecure-registry"),
        help: "A registry (HOST[:PORT]) to reach over plain HTTP or unchecked HTTPS, besides localhost, 127.0.0.0/8 and registries.json's.")
    var insecureRegistries: [String] = []

    func insecure(root: StateRoot) throws -> InsecureRegistries {
        try InsecureRegistries(root: root, flags: insecureRegistries)
    }
}
