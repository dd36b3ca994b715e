import Glibc

/// A volume of the state root: volumes/NAME, its data in NAME/_data as in Docker, its labels (if
/// any) in NAME/labels.json and its local driver options (if any, see LocalVolumeOptions) in
/// NAME/options.json. Named volumes are made by `volume create` or by the first container
/// that mounts them; anonymous ones (an image's VOLUME, `-v /path`) carry Docker's label
/// com.docker.volume.anonymous.
public struct VolumeRecord: Sendable, Equatable {
    public var name: String
    public var mountpoint: String
    public var created: Timestamp
    public var labels: [String: String]
    public var options: [String: String]

    public static let anonymousLabel = "com.docker.volume.anonymous"

    public var isAnonymous: Bool { labels[Self.anonymousLabel] != nil }
}

extension Engine {
    /// Every volume, by name.
    public func listVolumes() -> [VolumeRecord] {
        FileSystem.list(volumesDirectory).sorted().compactMap { try? volume(named: $0) }
    }

    /// The volume of that name; Docker's "no such volume" when there is none.
    public func volume(named name: String) throws -> VolumeRecord {
        let directory = volumeDirectory(named: name)
        // Created when its directory last changed: at its making (only _data and labels.json go in
        // it), where _data's own times move with every file made at its top.
        var st = stat()
        guard Identifiers.isValidName(name), FileSystem.isDirectory(directory + "/_data"), stat(directory, &st) == 0 else {
            throw RuntimeError(.notFound, "No such volume: \(Identifiers.printable(name))")
        }
        return VolumeRecord(
            name: name, mountpoint: directory + "/_data",
            created: Timestamp(seconds: st.st_ctim.tv_sec, nanoseconds: st.st_ctim.tv_nsec),
            labels: try volumeFile(Self.labelsFile, of: name), options: try volumeFile(Self.optionsFile, of: name))
    }

    /// One of a volume's maps (labels.json, options.json); empty when it has none.
    private func volumeFile(_ file: String, of name: String) throws -> [String: String] {
        let path = volumeDirectory(named: name) + "/" + file
        guard let bytes = try FileSystem.read(path) else { return [:] }
        do {
            return try StateJSON.decode([String: String].self, from: bytes)
        } catch {
            throw RuntimeError(.damaged, "volume \(name): \(path) is damaged", cause: error)
        }
    }

    /// The local driver options of the named volume a container mounts; nil for none (or for a
    /// bind mount or an anonymous volume, which have none).
    func localOptions(of volume: VolumeMount) throws -> LocalVolumeOptions? {
        guard volume.isNamedVolume, !volume.anonymous else { return nil }
        return try LocalVolumeOptions(try volumeFile(Self.optionsFile, of: volume.source))
    }

    /// `volume create`: a named volume (a random 64-hex-digit name when none is given), with its
    /// labels and local driver options. A volume that exists already is left as it is, as Docker's
    /// local driver does.
    public func createVolume(named requested: String?, labels: [String: String], options: [String: String] = [:]) throws -> VolumeRecord {
        let name = requested ?? Identifiers.newID()
        guard Identifiers.isValidName(name) else {
            throw RuntimeError(.invalidArgument, "create \(Identifiers.printable(name)): \"\(Identifiers.printable(name))\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path")
        }
        _ = try LocalVolumeOptions(options)
        if let existing = try? volume(named: name) { return existing }
        try makeVolume(name, labels: labels, options: options)
        return try volume(named: name)
    }

    /// Makes volumes/NAME with its labels, then its _data last: a volume exists once _data does,
    /// so one whose making was killed midway is not listed (and is made again when asked for).
    func makeVolume(_ name: String, labels: [String: String], options: [String: String] = [:]) throws {
        let directory = volumeDirectory(named: name)
        try FileSystem.makeDirectories(directory, mode: 0o755)
        if !labels.isEmpty { try writeVolumeLabels(labels, of: name) }
        if !options.isEmpty { try FileSystem.writeAtomically(directory + "/" + Self.optionsFile, try StateJSON.encode(options)) }
        try FileSystem.makeDirectories(directory + "/_data", mode: 0o755)
    }

    /// The containers, running or not, that mount the volume.
    public func volumeUsers(_ name: String) -> [ContainerRecord] {
        containers.list().filter { Self.volumesMounted(by: [$0]).contains(name) }
    }

    /// The names of the volumes these containers mount (running or not): the volumes in use.
    public static func volumesMounted(by records: [ContainerRecord]) -> Set<String> {
        Set(records.flatMap { $0.config.volumes.filter(\.isNamedVolume).map(\.source) })
    }

    /// Removes a volume: `volume rm`, `compose down -v`. Refused, as Docker's, while a container
    /// (running or not) mounts it; false when there is none.
    public func removeNamedVolume(_ name: String) throws -> Bool {
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw RuntimeError(.invalidArgument, "invalid volume name \(Identifiers.printable(name))")
        }
        let users = volumeUsers(name)
        if !users.isEmpty {
            throw RuntimeError(.conflict, "remove \(name): volume is in use - [\(users.map(\.id).joined(separator: ", "))]")
        }
        let path = volumeDirectory(named: name)
        guard FileSystem.exists(path) else { return false }
        try FileSystem.removeTree(path)
        return true
    }

    /// Writes volumes/NAME/labels.json: `volume create --label`'s, or an anonymous volume's mark.
    func writeVolumeLabels(_ labels: [String: String], of name: String) throws {
        try FileSystem.writeAtomically(volumeDirectory(named: name) + "/" + Self.labelsFile, try StateJSON.encode(labels))
    }

    static let labelsFile = "labels.json"
    static let optionsFile = "options.json"
}
