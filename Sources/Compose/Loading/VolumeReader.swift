import Runtime

/// A service's `volumes` entry, short ("SOURCE:TARGET[:ro]", "TARGET") or long (type, source, target,
/// read_only, and bind's, volume's and tmpfs's options): a source starting with ".", "/" or "~" is a
/// bind mount of a host path (made when missing, with the short syntax), another is a named volume
/// of the file's `volumes:`, none an anonymous volume.
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
            try readOptions(node, path, into: &volume)
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
                                source: isPath ? ProjectPaths.absolute(parts[0], in: directory) : parts[0], target: parts[1],
                                createHostPath: isPath)
        if parts.count == 3 {
            for mode in parts[2].split(separator: ",").map(String.init) {
                switch mode {
                case "ro", "rw": volume.readOnly = mode == "ro"
                case "z", "Z": volume.selinux = mode
                case "nocopy" where volume.type == .volume: volume.noCopy = true
                case _ where VolumeMount.propagationModes.contains(mode) && volume.type == .bind: volume.propagation = mode
                default: throw node.fail(path, "invalid volume mode \"\(parts[2])\": ro or rw expected")
                }
            }
        }
        return volume
    }

    /// The long syntax's `bind`, `volume` and `tmpfs` settings, each only under its own type.
    private func readOptions(_ node: ComposeNode, _ path: String, into volume: inout VolumeSpec) throws {
        for (key, kind) in [("bind", VolumeSpec.Kind.bind), ("volume", .volume), ("tmpfs", .tmpfs)] where node[key] != nil && volume.type != kind {
            throw node.fail(path + "." + key, "\(key) options on a \(volume.type.rawValue) mount")
        }
        if let bind = node["bind"] {
            volume.createHostPath = try bind["create_host_path"]?.bool(path + ".bind.create_host_path") ?? false
            volume.propagation = try bind["propagation"]?.string(path + ".bind.propagation")
            volume.selinux = try bind["selinux"]?.string(path + ".bind.selinux")
        }
        if let options = node["volume"] {
            volume.noCopy = try options["nocopy"]?.bool(path + ".volume.nocopy") ?? false
            if options["subpath"] != nil { throw node.fail(path + ".volume.subpath", "minirun mounts a whole volume, not a subpath") }
        }
        if let tmpfs = node["tmpfs"] {
            volume.tmpfsSize = try tmpfs["size"]?.string(path + ".tmpfs.size")
            // Octal, as mode bits are written (1777), whether YAML read the digits as a number or not.
            volume.tmpfsMode = try tmpfs["mode"]?.string(path + ".tmpfs.mode")
        }
    }
}
