import Foundation
import Runtime
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// minirun-unpack's layer mode: OCI whiteouts become overlayfs's own (a 0/0 character device, the
/// opaque attribute), whatever their order in the tar; the digest of the blob and of the
/// uncompressed tar (the diff_id) are computed while unpacking.
@Suite("ImageArchive: layers", .enabled(if: getuid() == 0, "whiteouts are device nodes and trusted xattrs: root only"))
struct LayerArchiveTests {
    func extractLayer(_ bytes: [UInt8], in sandbox: Sandbox, compressor: String? = nil) throws -> ImageArchive.ExtractedLayer {
        let path = sandbox.root + "/input/layer.tar"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var input = path
        if let compressor {
            #expect(system("\(compressor) -q -k -f \(path)") == 0)
            input = path + (compressor == "gzip" ? ".gz" : ".zst")
        }
        let fd = open(input, O_RDONLY | O_CLOEXEC)
        defer { close(fd) }
        return try ImageArchive.extractLayer(from: fd, into: sandbox.dest)
    }

    /// Whether the directory has trusted.overlay.opaque=y (Glibc's module has no getxattr; python has).
    func opaque(_ path: String) -> Bool {
        output("python3 -c \"import os, sys; print(os.getxattr(sys.argv[1], 'trusted.overlay.opaque', follow_symlinks=False).decode())\" \(path)") == "y\n"
    }

    func isWhiteout(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFCHR && st.st_rdev == 0
    }

    @Test(arguments: [nil, "gzip", "zstd"])
    func whiteoutsBecomeOverlayWhiteoutsAndDigestsAreComputed(compressor: String?) throws {
        let sandbox = try Sandbox()
        let tar = TarWriter.archive([
            .file("a/.wh..wh..opq", ""),  // before its directory and the directory's own entries
            .directory("a"), .file("a/kept", "kept\n"),
            .file("b/.wh.gone", ""),
            .directory("c"), .file("c/.wh.replaced", ""), .directory("c/replaced"), .file("c/replaced/new", "x"),
            .file(".wh..wh.plnk", ""),
        ])
        let layer = try extractLayer(tar, in: sandbox, compressor: compressor)
        let input = sandbox.root + "/input/layer.tar" + (compressor == "gzip" ? ".gz" : compressor == "zstd" ? ".zst" : "")
        #expect(layer.digest == "sha256:" + sha256(file: input))
        #expect(layer.diffID == "sha256:" + sha256(file: sandbox.root + "/input/layer.tar"))
        #expect(opaque(sandbox.dest + "/a"))
        #expect(FileManager.default.fileExists(atPath: sandbox.dest + "/a/kept"))
        #expect(isWhiteout(sandbox.dest + "/b/gone"))
        #expect(opaque(sandbox.dest + "/c/replaced"), "a directory over its own whiteout hides the lower one's content")
        let names = try FileManager.default.subpathsOfDirectory(atPath: sandbox.dest)
        #expect(!names.contains { $0.contains(".wh.") }, "\(names)")
    }

    @Test func anEmptyLayerIsALayer() throws {
        let sandbox = try Sandbox()
        let layer = try extractLayer([UInt8](repeating: 0, count: 1024), in: sandbox)
        #expect(layer.unpackedBytes == 0)
    }

    @Test func overlayAttributesInEntriesAreRefused() throws {
        let sandbox = try Sandbox()
        #expect(throws: ImageArchive.Error.refused(#"refusing "d": it carries the overlayfs attribute trusted.overlay.redirect"#)) {
            _ = try extractLayer(TarWriter.archive([.directory("d", pax: [("SCHILY.xattr.trusted.overlay.redirect", "/etc")])]), in: sandbox)
        }
    }

    @Test func aWhiteoutOfNothingIsRefused() throws {
        let sandbox = try Sandbox()
        #expect(throws: ImageArchive.Error.refused(#"refusing "d/.wh..": a whiteout of no file"#)) {
            _ = try extractLayer(TarWriter.archive([.file("d/.wh..", "")]), in: sandbox)
        }
    }

    func sha256(file: String) -> String {
        String(output("sha256sum \(file)").prefix(64))
    }

    /// What a shell command prints on its standard output.
    func output(_ command: String) -> String {
        guard let pipe = popen(command + " 2>/dev/null", "r") else { return "" }
        defer { pclose(pipe) }
        var result = ""
        var line = [CChar](repeating: 0, count: 512)
        while fgets(&line, Int32(line.count), pipe) != nil {
            result += String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return result
    }
}
