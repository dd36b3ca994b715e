import Runtime

/// `--mount type=bind|volume|tmpfs,source=...,target=...[,readonly][,tmpfs-size=...][,tmpfs-mode=...]`,
/// Docker's long form of `-v` and `--tmpfs`, read into the short form those take: a bind or volume
/// mount becomes `SOURCE:TARGET[:MODES]` (a volume without a source is an anonymous one, `TARGET`),
/// a tmpfs `TARGET[:size=...,mode=...]`. Unlike `-v`, a bind's source must exist.
enum MountArgument {
    enum Short: Equatable {
        case volume(String, createsMissingSource: Bool)
        case tmpfs(String)
    }

    static func shortForm(_ text: String) throws -> Short {
        var type = "volume", source: String?, target: String?, readOnly = false
        var tmpfsOptions: [String] = [], modes: [String] = []
        for field in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let key = parts[0].lowercased(), value = parts.count == 2 ? parts[1] : nil
            switch key {
            case "type": type = value ?? ""
            case "source", "src": source = value
            case "target", "destination", "dst": target = value
            case "readonly", "ro":
                switch value?.lowercased() {
                case nil, "1", "true": readOnly = true
                case "0", "false": readOnly = false
                default: throw invalid(text, "invalid value for \(key): \(value ?? "")")
                }
            case "tmpfs-size": tmpfsOptions.append("size=" + (value ?? ""))
            case "tmpfs-mode": tmpfsOptions.append("mode=" + (value ?? ""))
            case "volume-nocopy":
                switch value?.lowercased() {
                case nil, "1", "true": modes.append("nocopy")
                case "0", "false": break
                default: throw invalid(text, "invalid value for \(key): \(value ?? "")")
                }
            case "bind-propagation": modes.append(value ?? "")
            // Accepted as Docker accepts them; nothing here depends on them.
            case "consistency", "bind-nonrecursive": break
            default: throw invalid(text, "unexpected key '\(key)' in '\(field)'")
            }
        }
        guard let target, !target.isEmpty else { throw invalid(text, "field Target must not be empty") }
        if readOnly { modes.insert("ro", at: 0) }
        let suffix = modes.isEmpty ? "" : ":" + modes.joined(separator: ",")
        switch type {
        case "bind":
            guard let source, !source.isEmpty else { throw invalid(text, "field Source must not be empty") }
            return .volume(source + ":" + target + suffix, createsMissingSource: false)
        case "volume":
            guard let source, !source.isEmpty else { return .volume(target, createsMissingSource: true) }
            return .volume(source + ":" + target + suffix, createsMissingSource: true)
        case "tmpfs":
            guard source == nil else { throw invalid(text, "field Source must not be specified for type tmpfs") }
            return .tmpfs(target + (tmpfsOptions.isEmpty ? "" : ":" + tmpfsOptions.joined(separator: ",")))
        default:
            throw invalid(text, "mount type '\(type)' is not supported: bind, volume or tmpfs")
        }
    }

    private static func invalid(_ text: String, _ why: String) -> RuntimeError {
        RuntimeError(.invalidArgument, "invalid argument \"\(Identifiers.printable(text))\" for \"--mount\" flag: \(Identifiers.printable(why))")
    }
}
