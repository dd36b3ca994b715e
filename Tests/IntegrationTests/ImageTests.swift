import Foundation
import TestSupport
import Testing

/// `image import`, `images`, `rmi` through the CLI.
@Suite(.enabled(if: isRoot, "needs root"))
struct ImageTests {
    @Test(arguments: ["gzip", "xz", "zstd", "cat"])
    func importsCompressedTarballs(compressor: String) throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let packed = box.root + "/image.tar.\(compressor)"
        #expect(Command.shell("\(compressor) < \(try BusyboxImage.tarball()) > \(packed)").code == 0)
        let imported = box.run(["image", "import", packed, "bb:\(compressor)"])
        #expect(imported.code == 0, "\(imported.err)")
        // The ID is the digest of the config made for it, whose one layer is the uncompressed tarball.
        let id = String(imported.out.dropFirst("sha256:".count).prefix(64))
        let config = box.root + "/images/blobs/sha256/" + id
        #expect(Command.shell("sha256sum \(config)").out.prefix(64) == id)
        let diffID = "sha256:" + Command.shell("sha256sum \(try BusyboxImage.tarball())").out.prefix(64)
        #expect(try String(contentsOfFile: config, encoding: .utf8).contains(#""diff_ids":["\#(diffID)"]"#))
        #expect(box.run(["images", "-q"]).out == "\(id.prefix(12))\n")
        #expect(box.run(["run", "--rm", "bb:\(compressor)", "echo", "ok"]).out == "ok\n")
    }

    @Test func etcMountPointsAreMadeAtImportSoAContainersLayerHasNoEtc() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let layer = try #require(try FileManager.default.contentsOfDirectory(atPath: box.root + "/images/layers").first { $0.count == 64 })
        let etc = box.root + "/images/layers/" + layer + "/diff/etc/"
        for name in ["hostname", "hosts", "resolv.conf"] {
            #expect(FileManager.default.fileExists(atPath: etc + name), "\(etc + name)")
        }
        let container = box.run(["run", "-d", "--net=none", "busybox", "cat", "/etc/hostname"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(box.run(["wait", container]).out == "0\n")
        #expect(box.run(["logs", container]).out == String(container.prefix(12)) + "\n")
        #expect(!FileManager.default.fileExists(atPath: box.root + "/containers/\(container)/upper/etc"))
        #expect(box.run(["rm", container]).code == 0)
    }

    @Test func importsFromStdin() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let result = Command.shell("MINIRUN_ROOT=\(box.root) \(Binaries.minirun) image import - piped < \(try BusyboxImage.tarball())")
        #expect(result.code == 0)
        #expect(box.run(["images"]).out.contains("piped"))
    }

    @Test func listsImagesAsDockerDoes() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let table = box.run(["images"]).out.split(separator: "\n")
        #expect(table.first?.split(separator: " ", omittingEmptySubsequences: true) == ["REPOSITORY", "TAG", "IMAGE", "ID", "CREATED", "SIZE"])
        try #require(table.count == 2)
        let row = table[1].split(separator: " ", omittingEmptySubsequences: true)
        #expect(row.prefix(2) == ["busybox", "latest"] && row[2].count == 12 && row.last?.hasSuffix("MB") == true)
        let json = box.run(["images", "--format", "json"]).out
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["Repository"] as? String == "busybox")
        #expect(object?["Tag"] as? String == "latest")
        #expect((object?["ID"] as? String)?.count == 12, "the short ID, as docker's")
    }

    /// Docker's CLI prints -q's {{.ID}} for every row: an image with two tags is named twice.
    @Test func quietListsTheIDOncePerTag() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["tag", "busybox", "copy:1"]).code == 0)
        let id = box.run(["images", "--format", "{{.ID}}", "busybox"]).out
        #expect(id.count == 13)
        #expect(box.run(["images", "-q"]).out == id + id)
        #expect(box.run(["images", "-q", "copy"]).out == id)
    }

    @Test func rmiIsRefusedWhileAContainerUsesTheImage() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--name", "user", "busybox", "true"]).code == 0)
        let refused = box.run(["rmi", "busybox"])
        #expect(refused.code == 1 && refused.err.contains("is using its referenced image"), "\(refused.err)")
        #expect(box.run(["images", "-q"]).out.count == 13)
        #expect(box.run(["rm", "user"]).code == 0)
        #expect(box.run(["rmi", "busybox"]).code == 0)
        #expect(box.run(["images", "-q"]).out == "")
        #expect(box.imageStoreFiles.isEmpty, "\(box.imageStoreFiles)")
    }

    @Test func hostileOrBrokenTarballsChangeNothing() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let hostile = box.root + "/hostile.tar"
        // An entry that climbs out of the rootfs.
        let script = """
            import tarfile, io
            with tarfile.open('\(hostile)', 'w') as t:
                info = tarfile.TarInfo('../../escaped'); data = b'x'; info.size = 1
                t.addfile(info, io.BytesIO(data))
            """
        #expect(Command.run("/usr/bin/python3", ["-c", script]).code == 0)
        let notATar = box.root + "/not.tar"
        try "definitely not a tarball".write(toFile: notATar, atomically: true, encoding: .utf8)
        for file in [hostile, notATar, box.root + "/missing.tar"] {
            let result = box.run(["image", "import", file, "evil"])
            #expect(result.code != 0)
            #expect(result.err.hasPrefix("minirun: ") && result.err.split(separator: "\n").count == 1, "\(result.err)")
        }
        #expect(box.imageStoreFiles.isEmpty, "\(box.imageStoreFiles)")
        #expect(box.run(["images", "-q"]).out == "")
    }
}
