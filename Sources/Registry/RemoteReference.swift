import Runtime

/// What `pull` names: NAME[:TAG|@DIGEST] with Docker's rules. The first component is a registry
/// when it has a "." or a ":" or is "localhost" (`127.0.0.1:5000/app`, `ghcr.io/org/app`);
/// otherwise the image is Docker Hub's (`busybox` is `docker.io/library/busybox:latest`).
public struct RemoteReference: Sendable, Equatable, CustomStringConvertible {
    /// "docker.io", "127.0.0.1:5000".
    public var registry: String
    /// The repository within the registry: "library/busybox".
    public var repository: String
    /// Nil only when a digest was given alone.
    public var tag: String?
    /// "sha256:<64 hex>"; a digest given with a tag wins over it, as in Docker.
    public var digest: String?

    public static let dockerHub = "docker.io"

    public init(registry: String, repository: String, tag: String?, digest: String?) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    public init(parsing text: String) throws {
        var rest = Substring(text)
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
            guard Digest.isValid(digest!) else { throw Self.invalid(text) }
        }
        let (name, tag) = Self.splitTag(rest)
        rest = name
        if let tag, !Self.isValidTag(tag) { throw Self.invalid(text) }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var registry = Self.dockerHub
        if components.count > 1, let first = components.first,
           first.contains(".") || first.contains(":") || first == "localhost" {
            guard Self.isValidRegistry(first) else { throw Self.invalid(text) }
            registry = first == "index.docker.io" ? Self.dockerHub : first
            components.removeFirst()
        }
        guard !components.isEmpty, components.allSatisfy(Self.isValidPathComponent) else { throw Self.invalid(text) }
        if registry == Self.dockerHub && components.count == 1 { components.insert("library", at: 0) }
        let repository = components.joined(separator: "/")
        guard (registry + "/" + repository).utf8.count <= 255 else { throw Self.invalid(text) }
        self.init(registry: registry, repository: repository, tag: digest == nil ? tag ?? "latest" : tag, digest: digest)
    }

    /// NAME[:TAG] split at the tag's colon: one after the last "/" ("127.0.0.1:5000/app" has none).
    private static func splitTag(_ text: Substring) -> (name: Substring, tag: String?) {
        guard let colon = text.lastIndex(of: ":"), !text[colon...].contains("/") else { return (text, nil) }
        return (text[..<colon], String(text[text.index(after: colon)...]))
    }

    /// Whether `text` names a repository alone, with neither a tag nor a digest: `pull` then takes
    /// "latest" and says so, and `pull --all-tags` takes nothing else.
    public static func isNameOnly(_ text: String) -> Bool {
        !text.contains("@") && splitTag(Substring(text)).tag == nil
    }

    /// The name as Docker shows it: "busybox", "someone/app", "127.0.0.1:5000/app".
    public var familiarName: String {
        guard registry == Self.dockerHub else { return registry + "/" + repository }
        return repository.hasPrefix("library/") && repository.split(separator: "/").count == 2
            ? String(repository.dropFirst(8)) : repository
    }

    /// The local name the pulled image gets: the familiar name and the tag. None for a pull by digest
    /// alone (Docker keeps such an image by its digest, untagged).
    public var localName: ImageReference? {
        guard digest == nil, let tag else { return nil }
        return ImageReference(repository: familiarName, tag: tag)
    }

    /// What the registry's manifest endpoint takes: the digest when there is one, else the tag.
    public var manifestReference: String { digest ?? tag ?? "latest" }

    /// The repository fully qualified, as `pull --all-tags` ends: "docker.io/library/busybox".
    public var canonicalName: String { registry + "/" + repository }

    /// "busybox:latest", "127.0.0.1:5000/app@sha256:...".
    public var description: String {
        familiarName + (digest.map { "@" + $0 } ?? ":" + (tag ?? "latest"))
    }

    /// The fully qualified form Docker prints last: "docker.io/library/busybox:latest".
    public var canonical: String {
        canonicalName + (digest.map { "@" + $0 } ?? ":" + (tag ?? "latest"))
    }

    private static func invalid(_ text: String) -> RuntimeError {
        ImageReference.invalid(text)
    }

    /// [a-z0-9]+ joined by ".", "_", "__" or runs of "-".
    static func isValidPathComponent(_ component: String) -> Bool {
        let u = Array(component.utf8)
        guard let first = u.first, let last = u.last, isLowerAlnum(first), isLowerAlnum(last) else { return false }
        var i = 0
        while i < u.count {
            if isLowerAlnum(u[i]) { i += 1; continue }
            var j = i
            while j < u.count && !isLowerAlnum(u[j]) { j += 1 }
            let separator = u[i..<j]
            let ok = separator.elementsEqual([46]) || separator.elementsEqual([95]) || separator.elementsEqual([95, 95])
                || separator.allSatisfy { $0 == 45 }
            if !ok { return false }
            i = j
        }
        return true
    }

    /// A host name (labels of letters, digits and "-") or an IPv4 address, with an optional port.
    static func isValidRegistry(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let host = parts.first, !host.isEmpty else { return false }
        if parts.count == 2 {
            guard let port = Int(parts[1]), (1...65535).contains(port), parts[1].allSatisfy(\.isASCII) else { return false }
        }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let u = Array(label.utf8)
            guard let first = u.first, let last = u.last, first != 45, last != 45 else { return false }
            return u.allSatisfy { isLowerAlnum($0) || ($0 >= 65 && $0 <= 90) || $0 == 45 }
        }
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
