import Foundation
import TestSupport
import Testing

/// A RUN step's layer directory is the container's upper directory moved into the store, not an
/// extraction of the layer's tar: it must be the same tree an extraction gives (`load` of the
/// image's own `save` output, in another store).
@Suite(.enabled(if: isRoot, "needs root"), .serialized)
struct BuildLayerTreeTests {
    @Test func aRunLayerIsTheTreeLoadingTheSavedImageGives() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // The second RUN creates, deletes and replaces files and directories of the first's layer:
        // whiteouts (shared by overlayfs), opaque directories, copied-up files, hard and symbolic
        // links, a set-uid file with another owner, a new directory in /etc.
        let context = try BuildTests.context(box, ["Dockerfile": """
            FROM busybox
            RUN mkdir -p /d/sub /gone/inner /replaced /emptied && echo a > /d/sub/f && echo x > /gone/inner/x && \
                echo y > /replaced/y && echo e > /emptied/e && echo old > /file-to-dir && ln -s sub/f /d/link
            RUN rm -rf /gone /file-to-dir /replaced /emptied/e /bin/vi && mkdir /replaced /file-to-dir && \
                echo z > /replaced/z && echo changed >> /d/sub/f && ln /d/sub/f /d/hard && chown 5:6 /d/sub/f && \
                chmod 4750 /d/sub/f && mkdir -p /etc/new && touch /etc/new/file && rm /d/link && ln -s elsewhere /d/link
            """])
        let built = box.run(["build", "--network", "none", "-t", "tree:1", context])
        try #require(built.code == 0, "\(built.err)")
        let layer = try Self.topLayer(box, "tree:1")
        let description = TreeDescription.of(layer)
        // What the comparison is about is there.
        for line in ["gone 0o20000 0:0 device=0", "bin/vi 0o20000 0:0 device=0", "emptied/e 0o20000 0:0 device=0",
                     "replaced 0o40755 0:0 trusted.overlay.opaque=b'y'", "file-to-dir 0o40755 0:0 trusted.overlay.opaque=b'y'",
                     "d/sub/f 0o104750 5:6", "d/link 0o120777 0:0 -> elsewhere", "etc/new/file 0o100644 0:0"] {
            #expect(description.contains(line), "\(line) in\n\(description)")
        }
        #expect(description.contains("links=d/hard,d/sub/f"), "\(description)")
        #expect(!description.contains("trusted.overlay.origin") && !description.contains("trusted.overlay.impure"), "\(description)")

        let saved = box.root + "/tree.tar"
        try #require(box.run(["save", "-o", saved, "tree:1"]).code == 0)
        let other = try Sandbox(importBusybox: false)
        defer { other.finish() }
        let loaded = other.run(["load", "-i", saved])
        try #require(loaded.code == 0, "\(loaded.err)")
        #expect(TreeDescription.of(try Self.topLayer(other, "tree:1")) == description)
    }

    /// The directory of the image's top layer in the sandbox's store.
    static func topLayer(_ box: Sandbox, _ reference: String) throws -> String {
        let id = BuildTests.imageID(box, reference)
        try #require(!id.isEmpty, "no image \(reference)")
        let content = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: box.root + "/images/content/\(id).json"))) as! [String: Any]
        let layers = try #require(content["layers"] as? [[String: Any]])
        let chainID = try #require(layers.last?["chainID"] as? String)
        return box.root + "/images/layers/" + chainID.dropFirst("sha256:".count) + "/diff"
    }
}
