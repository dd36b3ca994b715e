/// `--link NAME[:ALIAS]`: the linked container's address under ALIAS and NAME in /etc/hosts.
public struct ContainerLink: Codable, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var alias: String

    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        name = parts[0]
        alias = parts.count > 1 ? parts[1] : parts[0]
        try Identifiers.validateName(name)
        try Identifiers.validateName(alias, kind: "link alias")
    }

    /// Docker's form in HostConfig.Links: "/web:/web1/webalias".
    public var description: String { name + ":" + alias }
}
