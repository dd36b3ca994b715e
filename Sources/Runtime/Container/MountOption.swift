/// `-v SOURCE:TARGET[:MODES]`: SOURCE is an absolute host path or the name of a volume kept under
/// the state root; `--tmpfs TARGET[:OPTIONS]` is a fresh tmpfs. TARGET is absolute and not "/" (as
/// in Docker), without ".." (minirun's own rule).
/// An image's VOLUME becomes an anonymous volume: a volume with a random 64-hex-digit name, as
/// Docker names them, that goes with its container on `rm -v` and `--rm`.
public struct VolumeMount: Codable, Sendable, Equatable {
    public var source: String
    public var target: String
    public var readOnly: Bool
    @EmptyIfMissing public var anonymous: Bool
    /// A bind whose missing source is made (a directory) when the container starts, as Docker's
    /// `-v` makes it; `--mount type=bind` refuses a missing source instead.
    @EmptyIfMissing public var createsSource: Bool
    /// `:nocopy`: a named volume that the image's files at TARGET do not fill (see `Engine.fillFromImage`).
    @EmptyIfMissing public var noCopy: Bool

    public var isNamedVolume: Bool { !source.hasPrefix("/") }

    /// A new anonymous volume at `target` (a path the image names).
    public init(anonymousAt target: String) {
        source = Identifiers.newID()
        self.target = MountTarget.clean(target)
        readOnly = false
        anonymous = true
        createsSource = false
        noCopy = false
    }

    /// SOURCE:TARGET[:MODES], or TARGET alone: a new anonymous volume there, as Docker's `-v /data`.
    /// MODES, separated by commas, as Docker's: ro or rw; z or Z (SELinux labels, which this host
    /// does not use); nocopy (volumes only); a propagation (binds only: their mounts are private
    /// whatever it says); consistent, cached or delegated (macOS's, nothing here). A bind's missing
    /// source is made at start unless `createsMissingSource` is false (`--mount`'s rule).
    public init(parsing text: String, createsMissingSource: Bool = true) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count) else {
            throw RuntimeError(.invalidArgument, "invalid volume specification: '\(Identifiers.printable(text))'")
        }
        source = parts.count == 1 ? Identifiers.newID() : parts[0]
        target = parts[parts.count == 1 ? 0 : 1]
        readOnly = false
        anonymous = parts.count == 1
        createsSource = false
        noCopy = false
        guard target.hasPrefix("/"), !target.split(separator: "/").contains("..") else {
            throw RuntimeError(.invalidArgument, "invalid volume specification: '\(Identifiers.printable(text))': the container path must be absolute, without '..'")
        }
        target = MountTarget.clean(target)
        guard target != "/" else {
            throw RuntimeError(.invalidArgument, "invalid volume specification: '\(Identifiers.printable(text))': destination can't be '/'")
        }
        if parts.count == 3 { try apply(modes: parts[2]) }
        if isNamedVolume {
            try Identifiers.validateName(source, kind: "volume")
        } else if createsMissingSource {
            createsSource = true
        } else if !FileSystem.exists(source) {
            throw RuntimeError(.invalidArgument, "invalid mount config for type \"bind\": bind source path does not exist: \(Identifiers.printable(source))")
        }
    }

    /// The propagation modes a bind takes, as Docker names them.
    public static let propagationModes: Set = ["shared", "rshared", "slave", "rslave", "private", "rprivate"]

    private static let modeKinds: [(modes: Set<String>, bindOnly: Bool, volumeOnly: Bool)] = [
        (["ro", "rw"], false, false), (["z", "Z"], false, false), (["nocopy"], false, true), (propagationModes, true, false),
        (["consistent", "cached", "delegated"], false, false),
    ]

    /// Reads MODES, refusing what Docker refuses: an unknown mode, two of one kind, nocopy on a bind,
    /// a propagation on a volume.
    private mutating func apply(modes text: String) throws {
        let modes = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for kind in Self.modeKinds {
            let given = modes.filter(kind.modes.contains)
            let misplaced = (kind.bindOnly && isNamedVolume) || (kind.volumeOnly && !isNamedVolume)
            guard given.count <= 1, given.isEmpty || !misplaced else { throw Self.invalidMode(text) }
        }
        guard modes.allSatisfy({ mode in Self.modeKinds.contains { $0.modes.contains(mode) } }) else { throw Self.invalidMode(text) }
        readOnly = modes.contains("ro")
        noCopy = modes.contains("nocopy")
    }

    private static func invalidMode(_ text: String) -> RuntimeError {
        RuntimeError(.invalidArgument, "invalid mode: \(Identifiers.printable(text))")
    }
}

public struct TmpfsMount: Codable, Sendable, Equatable {
    public var target: String
    /// mount(8) options, e.g. "size=64m,mode=1777".
    public var options: String

    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        target = parts.first ?? ""
        options = parts.count > 1 ? parts[1] : ""
        guard target.hasPrefix("/"), !target.split(separator: "/").contains("..") else {
            throw RuntimeError(.invalidArgument, "invalid tmpfs: '\(Identifiers.printable(text))': the path must be absolute, without '..'")
        }
        target = MountTarget.clean(target)
        guard target != "/" else {
            throw RuntimeError(.invalidArgument, "invalid tmpfs: '\(Identifiers.printable(text))': destination can't be '/'")
        }
        try TmpfsOptions.validate(options)
    }

    /// A tmpfs at `target` with mount(8) `options` ("" for none), checked as `--tmpfs TARGET:OPTIONS` is.
    public init(target: String, options: String) throws {
        try self.init(parsing: options.isEmpty ? target : target + ":" + options)
    }
}

/// A path inside the container as Docker compares them: "//x/./y/" is "/x/y", "/." is "/".
enum MountTarget {
    static func clean(_ path: String) -> String {
        "/" + path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    /// `-v` and `--tmpfs` together, as Docker takes them: two volumes on one path, or a volume and a
    /// tmpfs, are refused; a later `--tmpfs` on the path of an earlier one replaces it (Docker keeps
    /// them in a map). Returns the tmpfs mounts to make.
    static func distinct(volumes: [VolumeMount], tmpfs: [TmpfsMount]) throws -> [TmpfsMount] {
        var targets = Set<String>()
        for target in volumes.map(\.target) + tmpfs.map(\.target) where !targets.insert(target).inserted {
            if !volumes.contains(where: { $0.target == target }) { continue }
            throw RuntimeError(.invalidArgument, "Duplicate mount point: \(Identifiers.printable(target))")
        }
        return tmpfs.enumerated().filter { index, mount in
            !tmpfs[(index + 1)...].contains { $0.target == mount.target }
        }.map(\.element)
    }
}
