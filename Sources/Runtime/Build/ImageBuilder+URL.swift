import Glibc

/// ADD of an http(s) URL: the file is downloaded by minirun-pull (minirun links no HTTP client)
/// into the step's tree, checked against --checksum when given, and never unpacked, as in Docker.
/// Its content is in the step's key through the tree, so an unchanged download is a cached step.
extension ImageBuilder {
    func fetch(_ url: String, to target: String, checksum: String?) throws {
        if let checksum, !checksum.hasPrefix(Digest.prefix) || Digest.hex(checksum) == nil {
            throw RuntimeError(.invalidArgument, "invalid checksum digest format: \(Identifiers.printable(checksum)) (sha256:64 hex digits)")
        }
        let (status, error) = try runHelperProgram(engine.executables.pull, ["fetch", url, target], output: STDERR_FILENO)
        guard status == 0 else {
            throw RuntimeError(.notFound, error.isEmpty ? "\(engine.executables.pull) fetch failed with status \(status)" : error)
        }
        if let checksum {
            let got = try Digest.ofFile(target)
            guard got == checksum else {
                throw RuntimeError(.invalidArgument, "digest mismatch for \(Identifiers.printable(url)): expected \(checksum), got \(got)")
            }
        }
    }

    /// The name a URL's file gets in a directory: the last name of its path, without query or fragment.
    static func fileName(of url: String) -> String {
        let path = url.split(separator: "://", maxSplits: 1).last.map { $0.drop { $0 != "/" } } ?? ""
        let name = path.prefix { $0 != "?" && $0 != "#" }.split(separator: "/").last.map(String.init) ?? ""
        return name.isEmpty || name == "." || name == ".." ? "__unnamed__" : name
    }
}
