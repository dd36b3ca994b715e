/// A bundle's uidMappings or gidMappings as the text of /proc/PID/uid_map (gid_map), checked first so
/// that a bad map is refused with one line before anything is made, rather than by the kernel's EINVAL.
enum OCIIDMaps {
    /// The kernel's limit on lines of one map.
    static let maxLines = 340

    /// `mustMap`: ids the container needs (root, which sets it up, and the process's user and groups).
    static func text(_ mappings: [OCIIDMapping], field: String, mustMap: [UInt32]) throws -> String {
        guard !mappings.isEmpty else {
            throw RuntimeError(.invalidArgument, "user namespaces enabled, but \(field) is empty")
        }
        guard mappings.count <= maxLines else {
            throw RuntimeError(.invalidArgument, "\(field): \(mappings.count) mappings, the kernel takes at most \(maxLines)")
        }
        let limit = UInt64(UInt32.max)
        for (index, mapping) in mappings.enumerated() {
            guard mapping.size > 0,
                  UInt64(mapping.containerID) + UInt64(mapping.size) <= limit,
                  UInt64(mapping.hostID) + UInt64(mapping.size) <= limit
            else {
                throw RuntimeError(.invalidArgument, "\(field)[\(index)]: size \(mapping.size) from \(mapping.containerID) (host \(mapping.hostID)) is empty or out of range")
            }
            for other in mappings[..<index] {
                if overlap(mapping.containerID, other.containerID, mapping.size, other.size) ||
                    overlap(mapping.hostID, other.hostID, mapping.size, other.size) {
                    throw RuntimeError(.invalidArgument, "\(field)[\(index)] overlaps an earlier mapping")
                }
            }
        }
        for id in mustMap where !mappings.contains(where: { id >= $0.containerID && UInt64(id) < UInt64($0.containerID) + UInt64($0.size) }) {
            throw RuntimeError(.invalidArgument, "\(field) does not map \(id), which the container needs")
        }
        return mappings.map { "\($0.containerID) \($0.hostID) \($0.size)\n" }.joined()
    }

    private static func overlap(_ a: UInt32, _ b: UInt32, _ sizeA: UInt32, _ sizeB: UInt32) -> Bool {
        UInt64(a) < UInt64(b) + UInt64(sizeB) && UInt64(b) < UInt64(a) + UInt64(sizeA)
    }
}
