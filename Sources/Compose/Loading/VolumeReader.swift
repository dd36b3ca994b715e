/// A service's `volumes` entry, short ("SOURCE:TARGET[:ro]", "TARGET") or long (type, source, target,
/// read_only): a source starting with ".", "/" or "~" is a bind mount of a host path, another is a
/// named volume of the file's `volumes:`, none an anonymous volume.
struct VolumeReader {
    var directory: String

    func read(_ node: ComposeNode, path: String) throws -> VolumeSpec {
        if node.entries != nil {
            let typeText = try node["type"]?.string(path + ".type") ?? "volume"
            guard let type = VolumeSpec.Kind(rawValue: typeText) else {
                throw node.fail(path + ".type", "\"\(typeText)\" is none of bind, volume, tmpfs")
            }
            guard let target = try node["target"]?.string(path + ".target") else { throw node.fail(path, "a volume needs a target") }
            var source = try node["source"]?.string(path + ".source")
            if type == .bind { source = source.map { ProjectPaths.absolute($0, in: directory) } }
            if type == .bind && source == nil { throw node.fail(path, "a bind mount needs a source") }
            var volume = VolumeSpec(type: type, source: type == .tmpfs ? nil : source, target: target)
            volume.readOnly = try node["read_only"]?.bool(path + ".read_only") ?? false
            return volume
        }
        let text = try node.string(path)
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            throw node.fail(path, "invalid volume \"\(text)\": [SOURCE:]TARGET[:ro|rw] expected")
        }
        if parts.count == 1 { return VolumeSpec(type: .volume, source: nil, target: parts[0]) }
        let isPath = parts[0].hasPrefix(".") || parts[0].hasPrefix("/") || parts[0].hasPrefix("~")
        var volume = VolumeSpec(type: isPath ? .bind : .volume,
                                source: isPath ? ProjectPaths.absolute(parts[0], in: directory) : parts[0], target: parts[1])
        if parts.count == 3 {
            let modes = parts[2].split(separator: ",")
            guard modes.allSatisfy({ ["ro", "rw", "z", "Z"].contains($0) }) else {
                throw node.fail(path, "invalid volume mode \"\(parts[2])\": ro or rw expected")
            }
            volume.readOnly = modes.contains("ro")
        }
        return volume
    }
}
