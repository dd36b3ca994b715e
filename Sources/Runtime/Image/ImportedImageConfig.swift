/// The config of an image `import` makes from a rootfs tarball, as Docker's: this machine's platform,
/// the `--change` instructions applied to an empty config, one history entry whose comment is the
/// `--message` (or "Imported from SOURCE").
public struct ImportedImageConfig: Sendable {
    /// `--change` lines, in order: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR.
    public var changes: [ImageInstruction] = []
    public var message: String?
    /// The file imported, "-" for standard input.
    public var source = "-"

    public init(changes: [ImageInstruction] = [], message: String? = nil, source: String = "-") {
        self.changes = changes
        self.message = message
        self.source = source
    }

    /// Parses `--change` lines; an instruction other than Docker's config-only ones is refused.
    public static func changes(parsing lines: [String]) throws -> [ImageInstruction] {
        try lines.map { line in
            guard let instruction = try ImageInstruction.parse(line) else {
                let keyword = line.split(separator: " ").first.map { String($0).lowercased() } ?? ""
                throw RuntimeError(.invalidArgument, "\(Identifiers.printable(keyword)) is not a valid change command")
            }
            return instruction
        }
    }

    /// The config, with `diffIDs` ("sha256:<hex>" of the uncompressed layer tars) when they are known.
    public func make(diffIDs: [String], created: Timestamp = .now()) throws -> OCIImageConfig {
        var editor = ImageConfigEditor()
        for change in changes { try editor.apply(change) }
        let platform = OCIDescriptor.Platform.current
        return OCIImageConfig(
            created: created.description, architecture: platform.architecture, os: platform.os, variant: platform.variant,
            config: editor.config, rootfs: .init(diffIDs: diffIDs),
            history: [.init(created: created.description, createdBy: "minirun image import", comment: message ?? "Imported from \(source)")])
    }
}
