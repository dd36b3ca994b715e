/// A `WWW-Authenticate` challenge: `Bearer realm="https://auth.example/token",service="registry"`
/// or `Basic realm="Registry"`.
struct Challenge: Equatable {
    enum Scheme: Equatable { case basic, bearer }

    var scheme: Scheme
    var parameters: [String: String]

    init(scheme: Scheme, parameters: [String: String]) {
        self.scheme = scheme
        self.parameters = parameters
    }

    /// Nil for a scheme other than Basic and Bearer, or a Bearer challenge without a realm.
    init?(header: String) {
        var rest = Substring(header).drop { $0 == " " }
        let name = rest.prefix { $0 != " " }
        rest = rest.dropFirst(name.count)
        switch name.lowercased() {
        case "basic": scheme = .basic
        case "bearer": scheme = .bearer
        default: return nil
        }
        parameters = Self.parameters(rest)
        if scheme == .bearer && parameters["realm"] == nil { return nil }
    }

    /// key=value or key="quoted \" value", separated by commas.
    private static func parameters(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var rest = text
        while true {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { return result }
            let key = rest[..<equals].trimmingSpaces().lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let c = rest.first {
                    rest = rest.dropFirst()
                    if escaped { value.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { break } else { value.append(c) }
                }
            } else {
                let raw = rest.prefix { $0 != "," }
                value = String(raw).trimmingSpaces()
                rest = rest.dropFirst(raw.count)
            }
            result[key] = value
        }
    }
}
