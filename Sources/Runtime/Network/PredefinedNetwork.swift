/// Docker's predefined host and none networks, which need no record: a container of `--network
/// host` or `--network none` is their endpoint, without an address. Their IDs are fixed
/// (00000000000N followed by zeros), as `network ls` lists them.
public struct PredefinedNetwork: Sendable, Equatable {
    public let name: String
    public let driver: String
    public let id: String

    init(name: String, driver: String, number: Int) {
        self.name = name
        self.driver = driver
        id = String(repeating: "0", count: 11) + String(number) + String(repeating: "0", count: 52)
    }

    public static let all = [PredefinedNetwork(name: "host", driver: "host", number: 1), PredefinedNetwork(name: "none", driver: "null", number: 2)]

    /// The one named by `reference`: its name, or its ID or an unambiguous start of it.
    public static func find(_ reference: String) -> PredefinedNetwork? {
        if let named = all.first(where: { $0.name == reference }) { return named }
        let matches = all.filter { !reference.isEmpty && $0.id.hasPrefix(reference) }
        return matches.count == 1 ? matches[0] : nil
    }

    /// The one a container of `mode` is on.
    public static func of(_ mode: NetworkMode) -> PredefinedNetwork? {
        switch mode {
        case .host: all[0]
        case .none: all[1]
        case .network, .container: nil
        }
    }
}
