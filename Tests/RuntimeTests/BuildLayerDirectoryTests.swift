import Foundation
@testable import Runtime
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A build step's packed tree moved into the store as its layer directory (BuiltLayer.pack): the
/// same tree extracting its tar gives, overlayfs's attributes but opacity gone; or left for the
/// tar's extraction when it has what the tar extracts differently.
@Suite("Build: packed trees as layer directories", .enabled(if: getuid() == 0, "whiteouts are device nodes and trusted xattrs: root only"))
struct BuildLayerDirectoryTests {
    func setAttribute(_ path: String, _ name: String, _ value: String) {
        let set = Command.run("/usr/bin/env", ["python3", "-c",
            "import os, sys; os.setxattr(sys.argv[1], sys.argv[2], sys.argv[3].encode(), follow_symlinks=False)", path, name, value])
        #expect(set.code == 0, "\(set.err)")
    }

    /// A tree as overlayfs leaves an upper directory: copied-up entries with their origin, an
    /// impure and an opaque directory, whiteouts that are links of one another, a root of its own.
    func upperShapedTree(_ sandbox: Sandbox) throws -> String {
        let tree = sandbox.root + "/tree"
        for directory in [tree, tree + "/opaque", tree + "/plain"] { try #require(mkdir(directory, 0o750) == 0) }
        try "data\n".write(toFile: tree + "/opaque/file", atomically: false, encoding: .utf8)
        try #require(link(tree + "/opaque/file", tree + "/plain/hard") == 0)
        try #require(symlink("../opaque/file", tree + "/plain/link") == 0)
        try #require(mknod(tree + "/gone", S_IFCHR, 0) == 0 && link(tree + "/gone", tree + "/plain/gone") == 0)
        try #require(chown(tree + "/opaque/file", 7, 8) == 0 && chown(tree, 1, 1) == 0)
        setAttribute(tree + "/opaque", "trusted.overlay.opaque", "y")
        setAttribute(tree + "/opaque", "trusted.overlay.impure", "y")
        setAttribute(tree + "/opaque/file", "trusted.overlay.origin", "handle")
        setAttribute(tree + "/opaque/file", "trusted.kept", "value")
        setAttribute(tree + "/plain", "trusted.overlay.opaque", "x")
        setAttribute(tree, "trusted.overlay.impure", "y")
        return tree
    }

    func pack(_ tree: String, _ sandbox: Sandbox) throws -> BuiltLayer {
        try BuiltLayer.pack(tree, into: sandbox.root + "/layer.tar", directory: sandbox.root + "/layer", unpacker: Executables.besideThisProgram().unpack)
    }

    @Test func aPackedTreeBecomesTheDirectoryItsTarExtractsTo() throws {
        let sandbox = try Sandbox()
        defer { try? FileManager.default.removeItem(atPath: sandbox.root) }
        let layer = try pack(try upperShapedTree(sandbox), sandbox)
        let directory = try #require(layer.directory)
        #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/tree"), "moved, not copied")

        let fd = open(layer.tar, O_RDONLY | O_CLOEXEC)
        defer { close(fd) }
        let extracted = try ImageArchive.extractLayer(from: fd, into: sandbox.dest)
        #expect(extracted.diffID == layer.diffID && extracted.unpackedBytes == layer.bytes)
        let description = TreeDescription.of(directory + "/diff")
        #expect(description == TreeDescription.of(sandbox.dest))
        #expect(description.contains("opaque 0o40750 0:0 trusted.overlay.opaque=b'y'"), "\(description)")
        #expect(description.contains("opaque/file 0o100644 7:8") && description.contains("trusted.kept=b'value'"), "\(description)")
        #expect(description.contains("gone 0o20000 0:0 device=0\n") && description.contains("plain/gone 0o20000 0:0 device=0\n"), "\(description)")
        #expect(!description.contains("trusted.overlay.origin") && !description.contains("trusted.overlay.impure")
            && !description.contains("b'x'"), "\(description)")
        var root = stat()
        #expect(lstat(directory + "/diff", &root) == 0 && root.st_mode == S_IFDIR | 0o755 && root.st_uid == 0 && root.st_gid == 0)
        #expect(TreeDescription.of(directory).split(separator: "\n").count == description.split(separator: "\n").count + 1, "only diff/ is in the layer directory")
    }

    /// A device node is refused in a layer, and a file named .wh.NAME is a whiteout in the tar:
    /// the tree stays where it is, and the store extracts the tar.
    @Test(arguments: ["device", "whiteout name"])
    func aTreeItsTarExtractsDifferentlyIsNotMoved(_ kind: String) throws {
        let sandbox = try Sandbox()
        defer { try? FileManager.default.removeItem(atPath: sandbox.root) }
        let tree = try upperShapedTree(sandbox)
        if kind == "device" {
            try #require(mknod(tree + "/plain/null", S_IFCHR | 0o666, 0x103) == 0)  // 1:3, /dev/null
        } else {
            try "".write(toFile: tree + "/plain/.wh.file", atomically: false, encoding: .utf8)
        }
        let layer = try pack(tree, sandbox)
        #expect(layer.directory == nil)
        #expect(FileManager.default.fileExists(atPath: tree) && !FileManager.default.fileExists(atPath: sandbox.root + "/layer"))
    }
}
