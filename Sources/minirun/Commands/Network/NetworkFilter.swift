import Runtime

/// `network ls --filter`, with Docker's rules (moby's daemon/network/filter.go): every given key
/// must match, several values of one key any of them; name and id are regular expressions found in
/// the name or ID.
struct NetworkFilter {
    var names: [String] = []
    var ids: [String] = []
    var drivers: [String] = []
    var labels: [String] = []
    var scopes: [String] = []
    /// type=custom (made with `network create`) or builtin (bridge, host, none).
    var types: [String] = []
    /// dangling=true: only networks of one's own that no running container uses; false: the others.
    var dangling: Bool?

    init(_ filters: [String]) throws {
        var danglingValues: [String] = []
        for filter in filters {
            let (key, value) = try FilterArgument.split(filter)
            switch key {
            case "name": names.append(value)
            case "id": ids.append(value)
            case "driver": drivers.append(value)
            case "label": labels.append(value)
            case "scope": scopes.append(value)
            case "type":
                guard ["custom", "builtin"].contains(value) else { throw FilterArgument.refused("invalid filter: 'type'='\(value)'") }
                types.append(value)
            case "dangling": danglingValues.append(value)
            default: throw FilterArgument.refused("invalid filter '\(key)'")
            }
        }
        if danglingValues.count > 1 { throw FilterArgument.refused(#"got more than one value for filter key "dangling""#) }
        if let value = danglingValues.first {
            switch value {
            case "true", "1": dangling = true
            case "false", "0": dangling = false
            default: throw FilterArgument.refused(#"invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")"#)
            }
        }
    }

    func matches(_ network: ListedNetwork) -> Bool {
        (names.isEmpty || names.contains { FilterArgument.matches($0, network.name) })
            && (ids.isEmpty || ids.contains { FilterArgument.matches($0, network.id) })
            && (drivers.isEmpty || drivers.contains(network.driver))
            && labels.allSatisfy { FilterArgument.label($0, matches: network.labels) }
            && (scopes.isEmpty || scopes.contains("local"))
            && (types.isEmpty || types.contains(network.isBuiltIn ? "builtin" : "custom"))
            && dangling.map { $0 == (!network.isBuiltIn && !network.inUse) } ?? true
    }
}
