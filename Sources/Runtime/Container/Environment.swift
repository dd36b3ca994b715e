/// The environment of a container's process, built as Docker builds it.
public enum Environment {
    public static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// `-e K=V` sets, `-e K` copies K from the host's environment (`host` looks a name up) when it is
    /// set there; an env file gives the same forms one per line, with # comments and blank lines.
    public static func parse(options: [String], files: [String], host: (String) -> String?) throws -> [String] {
        var entries: [String] = []
        for text in files {
            for line in text.split(whereSeparator: \.isNewline) {
                let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                entries.append(String(trimmed))
            }
        }
        entries += options
        var result: [String] = []
        for entry in entries {
            if entry.utf8.contains(0) {
                throw RuntimeError(.invalidArgument, "invalid environment variable: contains a NUL byte")
            }
            let name = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            if name.isEmpty {
                throw RuntimeError(.invalidArgument, "invalid environment variable: \(Identifiers.printable(entry))")
            }
            if entry.contains("=") {
                result.append(entry)
            } else if let value = host(String(name)) {
                result.append(entry + "=" + value)
            }
        }
        return result
    }

    /// An image's ENV with `-e` and `--env-file` entries (`overrides`) on top, as Docker merges them:
    /// an override replaces the image's entry of the same name where it stands, a new name goes last.
    public static func merge(image: [String], overrides: [String]) -> [String] {
        var merged = image
        for entry in overrides {
            let name = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0] + "="
            if let index = merged.firstIndex(where: { $0.hasPrefix(name) }) {
                merged[index] = entry
            } else {
                merged.append(entry)
            }
        }
        return merged
    }

    /// The final environment: PATH, HOSTNAME, TERM (with a tty) and HOME unless the user set them;
    /// a later entry for the same name wins.
    public static func build(user: [String], hostname: String, tty: Bool, home: String) -> [String] {
        var defaults = ["PATH=" + defaultPath, "HOSTNAME=" + hostname]
        if tty { defaults.append("TERM=xterm") }
        defaults.append("HOME=" + home)
        var order: [String] = []
        var values: [String: String] = [:]
        for entry in defaults + user {
            let name = String(entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0])
            if values[name] == nil { order.append(name) }
            values[name] = entry
        }
        return order.map { values[$0]! }
    }

    /// The PATH an environment sets, for finding the command.
    public static func path(in environment: [String]) -> String {
        environment.last { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) } ?? defaultPath
    }
}
