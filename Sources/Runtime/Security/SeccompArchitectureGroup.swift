/// One entry of a profile's `archMap`: an architecture and the other ABIs its programs may use
/// (Docker's Architecture). A filter takes the entry of the machine it runs on.
public struct SeccompArchitectureGroup: Codable, Sendable, Hashable {
    public var architecture: SeccompArchitecture
    public var subArchitectures: [SeccompArchitecture]

    public init(_ architecture: SeccompArchitecture, _ subArchitectures: [SeccompArchitecture] = []) {
        self.architecture = architecture
        self.subArchitectures = subArchitectures
    }

    private enum CodingKeys: String, CodingKey {
        case architecture, subArchitectures
    }

    /// Docker writes `"subArchitectures": null` for none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        architecture = try container.decode(SeccompArchitecture.self, forKey: .architecture)
        subArchitectures = try container.decodeIfPresent([SeccompArchitecture].self, forKey: .subArchitectures) ?? []
    }
}
