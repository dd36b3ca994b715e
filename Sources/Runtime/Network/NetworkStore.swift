import Glibc
import JSONCodec
import Netns

/// Networks on disk: networks/<name>/network.json and networks/<name>/leases.json (address ->
/// container ID). Every change to networks or leases of a state root happens under one lock.
public struct NetworkStore: Sendable {
    public let root: StateRoot

    public init(root: StateRoot) {
        self.root = root
    }

    /// Held while networks or leases change (allocation for 50 parallel starts serialises here).
    public func lock() throws -> FileLock {
        try FileLock(root.locks + "/networks")
    }

    func directory(_ name: String) -> String { root.networks + "/" + name }

    public func list() -> [NetworkRecord] {
        FileSystem.list(root.networks).compactMap { try? load($0) }.sorted { ($0.isDefault ? 0 : 1, $0.created) < ($1.isDefault ? 0 : 1, $1.created) }
    }

    public func exists(_ name: String) -> Bool {
        Identifiers.isValidName(name) && FileSystem.exists(directory(name) + "/network.json")
    }

    public func load(_ name: String) throws -> NetworkRecord? {
        let path = directory(name) + "/network.json"
        guard Identifiers.isValidName(name), let bytes = try FileSystem.read(path) else { return nil }
        do {
            return try StateJSON.decode(NetworkRecord.self, from: bytes)
        } catch {
            throw RuntimeError(.damaged, "network \(name) has a damaged record \(path)", cause: error)
        }
    }

    /// A name, or a unique prefix of an ID.
    public func resolve(_ reference: String) throws -> NetworkRecord {
        if let record = try load(reference) { return record }
        let matches = reference.isEmpty ? [] : list().filter { $0.id.hasPrefix(reference) }
        if matches.count > 1 { throw RuntimeError(.invalidArgument, "network \(Identifiers.printable(reference)) is ambiguous (\(matches.count) matches found based on ID prefix)") }
        guard let match = matches.first else { throw RuntimeError(.notFound, "network \(Identifiers.printable(reference)) not found") }
        return match
    }

    public func save(_ record: NetworkRecord) throws {
        try FileSystem.makeDirectories(directory(record.name), mode: 0o700)
        try FileSystem.writeAtomically(directory(record.name) + "/network.json", try StateJSON.encode(record, indented: true))
    }

    public func remove(_ name: String) throws {
        try FileSystem.removeTree(directory(name))
    }

    /// Address -> ID of the container holding it; nil when the file does not read back whole (see
    /// `saveLeases`), and the caller rebuilds the leases from the containers' records. A flat map of
    /// strings, read and written as a JSONValue: through Codable, a bridged run spent 0.1 ms on the
    /// first use of a dictionary's coding in the process.
    public func leases(_ name: String) -> [IPv4Address: String]? {
        let path = directory(name) + "/leases.json"
        guard let bytes = try? FileSystem.read(path) else { return FileSystem.exists(path) ? nil : [:] }
        guard case .object(let object)? = try? JSONValue(parsing: bytes) else { return nil }
        var leases: [IPv4Address: String] = [:]
        for (address, owner) in object.pairs {
            guard case .string(let id) = owner else { return nil }
            if let parsed = try? IPv4Address(parsing: address) { leases[parsed] = id }
        }
        return leases
    }

    /// Written over in place, not through a new file and rename like every other file here: it
    /// changes at every bridged start and stop, and on this kind of disk a new inode is what a write
    /// costs most. A file a killed minirun left torn does not decode; the running containers' records
    /// name the same addresses, and the leases are rebuilt from them (Engine.leases(on:)).
    public func saveLeases(_ name: String, _ leases: [IPv4Address: String]) throws {
        let object = JSONObject(leases.map { ($0.key.description, JSONValue.string($0.value)) })
        try FileSystem.overwrite(directory(name) + "/leases.json", try GoJSON.bytes(.object(object.sorted)))
    }
}
