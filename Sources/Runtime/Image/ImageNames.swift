/// Names as Docker writes them in an OCI layout (docker.io/library/busybox:latest) and shows
/// them (busybox:latest).
enum ImageNames {
    /// busybox:latest -> docker.io/library/busybox:latest; a name with a registry stays as it is.
    static func fullName(_ reference: ImageReference) -> String {
        let first = reference.repository.split(separator: "/").first ?? ""
        if reference.repository.contains("/") && (first.contains(".") || first.contains(":") || first == "localhost") {
            return reference.description
        }
        return "docker.io/" + (reference.repository.contains("/") ? "" : "library/") + reference.description
    }

    /// docker.io/library/busybox:latest -> busybox:latest.
    static func shortName(_ name: String) -> String {
        for prefix in ["docker.io/library/", "docker.io/"] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }
}
