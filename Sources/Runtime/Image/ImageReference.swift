/// "busybox", "busybox:1.36" or "library/busybox:latest": a repository and a tag (default "latest").
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    public var repository: String
    public var tag: String

    public init(repository: String, tag: String) {
        self.repository = repository
        self.tag = tag
    }

    /// Docker's rules: a lowercase repository of [a-z0-9._/-] components, a tag of [A-Za-z0-9_.-].
    public init(parsing text: String) throws {
        var repository = text
        var tag = "latest"
        if let colon = text.lastIndex(of: ":"), !text[colon...].contains("/") {
            repository = String(text[..<colon])
            tag = String(text[text.index(after: colon)...])
        }
        guard Self.isValidRepository(repository), Self.isValidTag(tag) else { throw Self.invalid(text) }
        self.init(repository: repository, tag: tag)
    }

    /// Docker's message for a name it cannot parse; a repository with capitals is told so, named as
    /// the registry would know it: "repository name (library/UPPER) must be lowercase".
    public static func invalid(_ text: String) -> RuntimeError {
        let remote = remoteName(text)
        guard remote.lowercased() == remote else {
            return RuntimeError(.invalidArgument, "invalid reference format: repository name (\(Identifiers.printable(remote))) must be lowercase")
        }
        return RuntimeError(.invalidArgument, "invalid reference format: \(Identifiers.printable(text))")
    }

    /// The repository as Docker's reference parser splits it off before it checks the name: after
    /// a first component that is a host name (with ".", ":" or capitals, or "localhost"), else
    /// Docker Hub's, where a single name is under library/; before the tag or digest.
    private static func remoteName(_ text: String) -> String {
        var path = Substring(text)
        var hub = true
        if let slash = text.firstIndex(of: "/") {
            let first = text[..<slash]
            if first.contains(where: ".:".contains) || first == "localhost" || first.lowercased() != first {
                path = text[text.index(after: slash)...]
                hub = false
            }
        }
        path = path.prefix { $0 != ":" && $0 != "@" }
        return hub && !path.contains("/") ? "library/" + path : String(path)
    }

    public var description: String { repository + ":" + tag }

    /// The first of several components may be the registry a pulled image came from
    /// ("127.0.0.1:5000/app", "ghcr.io/org/app"): a host name with an optional port.
    static func isValidRepository(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255 else { return false }
        var parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count > 1, isRegistryHost(parts[0]) { parts.removeFirst() }
        return parts.allSatisfy { part in
            let u = Array(part.utf8)
            guard let first = u.first, let last = u.last, isLowerAlnum(first), isLowerAlnum(last) else { return false }
            return u.allSatisfy { isLowerAlnum($0) || $0 == 46 || $0 == 95 || $0 == 45 }
        }
    }

    private static func isRegistryHost(_ part: Substring) -> Bool {
        let hostAndPort = part.split(separator: ":", omittingEmptySubsequences: false)
        guard hostAndPort.count <= 2, let host = hostAndPort.first, !host.isEmpty,
              hostAndPort.count == 1 || UInt16(hostAndPort[1]) != nil
        else { return false }
        guard part.contains(".") || part.contains(":") || part == "localhost" else { return false }
        return host.utf8.allSatisfy { isLowerAlnum($0) || ($0 >= 65 && $0 <= 90) || $0 == 46 || $0 == 45 }
    }

    static func isValidTag(_ tag: String) -> Bool {
        let u = Array(tag.utf8)
        guard let first = u.first, u.count <= 128, first != 46, first != 45 else { return false }
        return u.allSatisfy { isLowerAlnum($0) || ($0 >= 65 && $0 <= 90) || $0 == 46 || $0 == 95 || $0 == 45 }
    }

    private static func isLowerAlnum(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 97 && c <= 122)
    }
}
