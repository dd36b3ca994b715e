import Glibc

extension ImageArchive {
    /// A directory tree written as a layer tar to `output` (a path that must not exist) by
    /// minirun-unpack --pack: overlayfs whiteouts and opaque directories become OCI whiteouts.
    public struct PackedLayer: Sendable, Equatable {
        /// "sha256:<hex>" of the tar: its diff_id and, uncompressed, its blob digest.
        public var diffID: String
        public var bytes: UInt64
    }

    /// The diff_id of a tar with no entry (its two zero blocks): a layer that changed nothing.
    static let emptyTarDiffID = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"

    public static func pack(
        _ directory: String, into output: String, unpacker: String = Executables.besideThisProgram().unpack
    ) throws -> PackedLayer {
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        if null < 0 { throw RuntimeError.system("open /dev/null") }
        defer { close(null) }
        let line: String
        do {
            line = try runUnpacker(unpacker, ["--pack", directory, output], input: null)
        } catch let error as Error {
            throw RuntimeError(.system, "packing the layer of \(directory): \(error.description)")
        }
        let fields = line.split(separator: " ")
        guard fields.count == 2, fields[0].utf8.count == 64, let bytes = UInt64(fields[1]) else {
            throw RuntimeError(.system, "\(unpacker) printed no digest: \(Identifiers.printable(line))")
        }
        return PackedLayer(diffID: "sha256:" + fields[0], bytes: bytes)
    }
}
