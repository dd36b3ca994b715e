/// `-v SOURCE:TARGET[:ro|rw]`: SOURCE is a host path (absolute, must exist) or the name of a volume
/// kept under the state root; `--tmpfs TARGET[:OPTIONS]` is a fresh tmpfs.
public struct VolumeMount: Codable, Sendable, Equatable {
    public var source: String
    public var target: String
    public var readOnly: Bool

    public var isNamedVolume: Bool { !source.hasPrefix("/") }

    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3 else {
            throw RuntimeError("invalid volume specification: '\(Identifiers.printable(text))'", exitCode: 125)
        }
        source = parts[0]
        target = parts[1]
        readOnly = false
        if parts.count == 3 {
            guard parts[2] == "ro" || parts[2] == "rw" else {
                throw RuntimeError("invalid mode: \(Identifiers.printable(parts[2])) (use ro or rw)", exitCode: 125)
            }
            readOnly = parts[2] == "ro"
        }
        guard target.hasPrefix("/"), !target.split(separator: "/").contains("..") else {
            throw RuntimeError("invalid volume specification: '\(Identifiers.printable(text))': the container path must be absolute, without '..'", exitCode: 125)
        }
        if isNamedVolume {
            try Identifiers.validateName(source, kind: "volume")
        } else if !FileSystem.exists(source) {
            throw RuntimeError("invalid mount config: bind source path does not exist: \(Identifiers.printable(source))", exitCode: 125)
        }
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
            throw RuntimeError("invalid tmpfs: '\(Identifiers.printable(text))': the path must be absolute, without '..'", exitCode: 125)
        }
        guard !options.contains(where: { $0 == " " || $0 == "\n" }) else {
            throw RuntimeError("invalid tmpfs options: '\(Identifiers.printable(options))'", exitCode: 125)
        }
    }
}
