import Foundation
import TestSupport
import Testing

/// Test images made by Fixtures/make-image.py from the busybox rootfs: busybox as the bottom layer,
/// a layer of files (setuid, owned by 1234:5678, an xattr, a hard link, a symlink), a layer that
/// deletes one (.wh.) and replaces a directory (opaque whiteout), then filler layers.
enum LayeredImage {
    static let script = BusyboxImage.packageRoot + "/Tests/IntegrationTests/Fixtures/make-image.py"

    static func make(
        in box: Sandbox, format: String, compression: String = "gzip", layers: Int = 3, name: String = "layered:latest",
        fault: String? = nil, also: String? = nil
    ) throws -> String {
        let directory = box.root + "/fixtures"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let out = directory + "/\(format)-\(compression)-\(layers)-\(fault ?? "good")" + (format == "oci-dir" ? "" : ".tar")
        var arguments = [script, try BusyboxImage.tarball(), out, "--format", format, "--compression", compression,
                         "--layers", String(layers), "--name", name]
        if let fault { arguments += ["--fault", fault] }
        if let also { arguments += ["--also", also] }
        let made = Command.run("/usr/bin/python3", arguments)
        try #require(made.code == 0, "make-image.py: \(made.err)")
        return out
    }

    /// What a container of the image shows of its files, and what it must show.
    static let probe = "cat /data/keep/new; ls /data/keep; ls /data; stat -c '%a %u %g %h' /data/suid /data/hard; readlink /data/soft"
    static let expected = "new\nnew\nhard\nkeep\nsoft\nsuid\n4755 1234 5678 2\n4755 1234 5678 2\nsuid\n"

    /// The unpacked layers and their l/ links in the store.
    static func layerDirectories(_ box: Sandbox) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: box.root + "/images/layers")) ?? []).filter { !$0.hasPrefix(".") }
    }

    static func links(_ box: Sandbox) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: box.root + "/images/l")) ?? []
    }
}

@Suite(.enabled(if: isRoot, "needs root"))
struct LayeredImageTests {
    @Test(arguments: zip(
        ["docker24", "docker24", "docker25", "docker25", "oci-tar", "oci-tar", "oci-dir"],
        ["none", "gzip", "gzip", "zstd", "zstd", "none", "gzip"]))
    func loadsEveryFormatWithWhiteoutsOwnersAndLinks(format: String, compression: String) throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let image = try LayeredImage.make(in: box, format: format, compression: compression)
        let loaded = box.run(["load", "-i", image])
        #expect(loaded.code == 0 && loaded.err.isEmpty, "\(loaded.err)")
        #expect(loaded.out == "Loaded image: layered:latest\n")
        let run = box.run(["run", "--rm", "--net=none", "layered", "sh", "-c", LayeredImage.probe])
        #expect(run.out == LayeredImage.expected, "\(run.err)")
        // The xattr, read where the layer is unpacked (busybox has no getfattr).
        let suid = try #require(LayeredImage.layerDirectories(box).map { box.root + "/images/layers/\($0)/diff/data/suid" }
            .first { FileManager.default.fileExists(atPath: $0) })
        let xattr = Command.run("/usr/bin/python3", ["-c", "import os, sys; print(os.getxattr(sys.argv[1], 'user.minirun').decode())", suid])
        #expect(xattr.out == "test\n", "\(xattr.err)")
        #expect(LayeredImage.layerDirectories(box).count == 3 && LayeredImage.links(box).count == 3)
    }

    @Test func imageLoadIsLoadAndStandardInputWorks() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let image = try LayeredImage.make(in: box, format: "docker25")
        let loaded = Command.shell("MINIRUN_ROOT=\(box.root) \(Binaries.minirun) image load < \(image)")
        #expect(loaded.code == 0 && loaded.out == "Loaded image: layered:latest\n", "\(loaded.err)")
    }

    /// As `docker load -q`: quiet silences progress only; the line scripts read is still printed.
    @Test func quietLoadStillSaysWhatItLoaded() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let image = try LayeredImage.make(in: box, format: "docker25")
        let loaded = box.run(["load", "-q", "-i", image])
        #expect(loaded.code == 0 && loaded.out == "Loaded image: layered:latest\n", "\(loaded.err)")
    }

    /// 128 layers' short names fit in overlay's one page of options; the bottom layer is shared with
    /// the busybox image the sandbox imported (the same tarball, so the same diff_id).
    @Test(arguments: [1, 20, 128])
    func imagesWithManyLayersRun(layers: Int) throws {
        let box = try Sandbox()
        defer { box.finish() }
        let image = try LayeredImage.make(in: box, format: "oci-tar", layers: layers, name: "many:\(layers)")
        let loaded = box.run(["load", "-i", image])
        #expect(loaded.code == 0, "\(loaded.err)")
        let run = box.run(["run", "--rm", "--net=none", "many:\(layers)", "sh", "-c", "ls /layers 2>/dev/null | wc -l; ls /data 2>/dev/null | wc -l"])
        #expect(run.out == "\(max(0, layers - 3))\n\(layers >= 3 ? 4 : 0)\n", "\(run.err)")
        #expect(LayeredImage.layerDirectories(box).count == layers)
    }

    /// GraphDriver names the layer directories top first (UpperDir, then LowerDir joined by ":"),
    /// so that `UpperDir:LowerDir` is what a by-hand overlay of the image takes as its lowerdir.
    @Test func imageInspectNamesTheLayerDirectoriesTopFirst() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let image = try LayeredImage.make(in: box, format: "oci-tar", layers: 5, name: "five:1")
        #expect(box.run(["load", "-i", image]).code == 0)
        let upper = box.run(["image", "inspect", "-f", "{{.GraphDriver.Data.UpperDir}}", "five:1"]).out.trimmingCharacters(in: .newlines)
        let lower = box.run(["image", "inspect", "-f", "{{.GraphDriver.Data.LowerDir}}", "five:1"]).out.trimmingCharacters(in: .newlines)
        let directories = [upper] + lower.split(separator: ":").map(String.init)
        let chainIDs = directories.map { URL(fileURLWithPath: $0).deletingLastPathComponent().lastPathComponent }
        #expect(Set(chainIDs).isSubset(of: LayeredImage.layerDirectories(box)) && Set(chainIDs).count == 5, "\(directories)")
        #expect(box.run(["image", "inspect", "-f", "{{.GraphDriver.Name}}", "five:1"]).out == "overlay2\n")
        // Mounted as an overlay in that order, the top layer's files win, as in a container.
        let mountPoint = box.root + "/by-hand"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted = mount("overlay", mountPoint, "overlay", 0, "lowerdir=" + directories.joined(separator: ":"))
        try #require(mounted == 0, "mount: \(String(cString: strerror(errno)))")
        defer { umount2(mountPoint, Int32(MNT_DETACH)) }
        let inContainer = box.run(["run", "--rm", "--net=none", "five:1", "sh", "-c", "ls /layers | tr '\\n' ' '"]).out
        let byHand = (try FileManager.default.contentsOfDirectory(atPath: mountPoint + "/layers")).sorted().map { $0 + " " }.joined()
        #expect(byHand == inContainer && !byHand.isEmpty, "\(byHand) vs \(inContainer)")
        let single = box.run(["image", "inspect", "-f", "{{.GraphDriver.Data}}", "busybox"]).out
        #expect(single.hasPrefix("map[UpperDir:") && !single.contains("LowerDir"), "\(single)")
        let unset = box.run(["image", "inspect", "-f", "{{.Config.Entrypoint}} {{.Config.Volumes}} {{len .Config.Env}} {{json .Config.Cmd}}", "busybox"])
        #expect(unset.out == "[] map[] 0 null\n", "an imported image's unset fields print as Docker's typed nils")
    }

    @Test(arguments: [
        ("digest", "docker25", "digest mismatch"), ("truncate", "oci-tar", "invalid archive"),
        ("hostile", "docker24", "refusing \"../evil\""), ("media-type", "oci-dir", "unsupported layer media type"),
        ("platform", "oci-tar", "it has linux/riscv64, linux/s390x"),
        ("link-out", "docker24", "a symlink leads outside the image"),
    ])
    func badImagesAreRefusedAndLeaveNothing(fault: String, format: String, message: String) throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let image = try LayeredImage.make(in: box, format: format, fault: fault)
        let loaded = box.run(["load", "-i", image])
        #expect(loaded.code == 125, "\(loaded.err)")
        #expect(loaded.err.hasPrefix("minirun: ") && loaded.err.split(separator: "\n").count == 1, "\(loaded.err)")
        #expect(loaded.err.contains(message), "\(loaded.err)")
        #expect(box.imageStoreFiles.isEmpty, "\(box.imageStoreFiles)")
        #expect(box.run(["images", "-q"]).out == "")
    }

    /// Docker 24 saves a layer two images share once: the second image's <id>/layer.tar is a
    /// symlink to the first's.
    @Test func dockerSaveOfImagesSharingLayersLoadsBoth() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let image = try LayeredImage.make(in: box, format: "docker24", also: "also:1")
        let loaded = box.run(["load", "-i", image])
        #expect(loaded.code == 0 && loaded.out == "Loaded image: layered:latest\nLoaded image: also:1\n", "\(loaded.err)")
        #expect(box.run(["run", "--rm", "--net=none", "also:1"]).out == "also\n")
        let run = box.run(["run", "--rm", "--net=none", "layered", "sh", "-c", LayeredImage.probe])
        #expect(run.out == LayeredImage.expected, "\(run.err)")
        #expect(LayeredImage.layerDirectories(box).count == 3)
    }

    @Test func tarballsOfNeitherFormatAreRefused() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let neither = box.root + "/neither.tar"
        #expect(Command.shell("tar -C \(box.root) -cf \(neither) --exclude=neither.tar .").code == 0)
        let notATar = box.root + "/not.tar"
        try "not a tarball".write(toFile: notATar, atomically: true, encoding: .utf8)
        for (file, message) in [(neither, "neither manifest.json nor index.json"), (notATar, "invalid archive")] {
            let loaded = box.run(["load", "-i", file])
            #expect(loaded.code == 125 && loaded.err.contains(message) && loaded.err.split(separator: "\n").count == 1, "\(loaded.err)")
        }
        #expect(box.imageStoreFiles.isEmpty, "\(box.imageStoreFiles)")
    }

    @Test func savedImagesLoadIntoAnEmptyRootAndRunTheSame() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["load", "-i", try LayeredImage.make(in: box, format: "docker25")]).code == 0)
        let saved = box.root + "/saved.tar"
        let save = box.run(["save", "-o", saved, "layered", "busybox"])
        #expect(save.code == 0 && save.out.isEmpty, "\(save.err)")
        let ids = box.run(["images", "-q"]).out

        let empty = try Sandbox(importBusybox: false)
        defer { empty.finish() }
        let loaded = empty.run(["load", "-i", saved])
        #expect(loaded.out == "Loaded image: layered:latest\nLoaded image: busybox:latest\n", "\(loaded.err)")
        #expect(Set(empty.run(["images", "-q"]).out.split(separator: "\n")) == Set(ids.split(separator: "\n")), "the IDs survive")
        #expect(empty.run(["run", "--rm", "--net=none", "layered", "sh", "-c", LayeredImage.probe]).out == LayeredImage.expected)

        // To standard output when it is not a terminal, as docker does; `image save` is `save`.
        let piped = box.root + "/piped.tar"
        #expect(Command.shell("MINIRUN_ROOT=\(box.root) \(Binaries.minirun) image save layered > \(piped)").code == 0)
        #expect(empty.run(["load", "-i", piped]).out == "Loaded image: layered:latest\n")

        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/skopeo") else {
            print("skipping the skopeo checks of save's output: skopeo is not installed (scripts/deps installs it)")
            return
        }
        let single = box.root + "/single.tar"
        #expect(box.run(["save", "-o", single, "layered"]).code == 0)
        let inspect = Command.run("/usr/bin/skopeo", ["inspect", "docker-archive:" + single])
        #expect(inspect.code == 0 && inspect.out.contains("\"Layers\""), "\(inspect.err)")
        let copied = Command.run("/usr/bin/skopeo", ["copy", "docker-archive:" + single, "oci:\(box.root)/skopeo-oci:layered:latest"])
        #expect(copied.code == 0, "\(copied.err)")
    }

    @Test func savingAMissingImageWritesNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let output = box.root + "/none.tar"
        let save = box.run(["save", "-o", output, "busybox", "missing"])
        #expect(save.code != 0 && save.err.contains("missing"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// A load killed with SIGKILL while it adds layers leaves no image; the next load cleans up what
    /// it left and finishes the job.
    @Test func aKilledLoadIsCleanedUpByTheNext() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let image = try LayeredImage.make(in: box, format: "oci-dir", layers: 128)
        let load = try box.start(["load", "-i", image])
        #expect(eventually(30) { LayeredImage.layerDirectories(box).count >= 5 })
        let killedMidway = load.isRunning
        kill(load.processIdentifier, SIGKILL)
        load.waitUntilExit()
        #expect(killedMidway, "the load finished before it could be killed")
        #expect(box.run(["images", "-q"]).out == "")

        let again = box.run(["load", "-i", image])
        #expect(again.code == 0, "\(again.err)")
        #expect(LayeredImage.layerDirectories(box).count == 128 && LayeredImage.links(box).count == 128)
        let staging = (try FileManager.default.contentsOfDirectory(atPath: box.root + "/images")).filter { $0.hasPrefix(".") }
        #expect(staging.isEmpty, "\(staging)")
        #expect(box.run(["run", "--rm", "--net=none", "layered", "cat", "/layers/127"]).out == "127\n")
    }

    @Test func concurrentLoadsStoreSharedLayersOnce() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let first = try LayeredImage.make(in: box, format: "docker25", name: "first:latest")
        let second = try LayeredImage.make(in: box, format: "oci-dir", name: "second:latest")
        let loads = [try box.start(["load", "-i", first]), try box.start(["load", "-i", second])]
        for load in loads { load.waitUntilExit() }
        #expect(loads.allSatisfy { $0.terminationStatus == 0 })
        #expect(box.run(["images", "--format", "{{.Repository}}"]).out.split(separator: "\n").sorted() == ["first", "second"])
        #expect(LayeredImage.layerDirectories(box).count == 3 && LayeredImage.links(box).count == 3)
    }

    /// A layer stays while an image uses it; the store is empty once the last image goes.
    @Test func rmiKeepsLayersOtherImagesShare() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["load", "-i", try LayeredImage.make(in: box, format: "docker25")]).code == 0)
        #expect(LayeredImage.layerDirectories(box).count == 3, "the bottom layer is busybox's")
        #expect(box.run(["rmi", "layered"]).code == 0)
        #expect(LayeredImage.layerDirectories(box).count == 1)
        #expect(box.run(["run", "--rm", "--net=none", "busybox", "echo", "ok"]).out == "ok\n")
        #expect(box.run(["rmi", "busybox"]).code == 0)
        #expect(box.imageStoreFiles.isEmpty, "\(box.imageStoreFiles)")
    }

    /// A state root from before layered images (images/<tarball sha256>/rootfs, named in index.json)
    /// keeps working: its images run, containers made from them stay, and they can be removed.
    @Test func imagesFromBeforeLayersKeepWorking() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let tarball = try BusyboxImage.tarball()
        let id = String(Command.shell("sha256sum \(tarball)").out.prefix(64))
        let rootfs = box.root + "/images/\(id)/rootfs"
        try FileManager.default.createDirectory(atPath: rootfs, withIntermediateDirectories: true)
        #expect(Command.shell("tar -C \(rootfs) -xpf \(tarball)").code == 0)
        let index = #"[{"repository":"old","tag":"latest","id":"\#(id)","created":"2025-01-01T00:00:00Z","size":1982473}]"#
        try index.write(toFile: box.root + "/images/index.json", atomically: true, encoding: .utf8)

        #expect(box.run(["images", "-q"]).out == String(id.prefix(12)) + "\n")
        #expect(box.run(["run", "--rm", "--net=none", "old", "echo", "ok"]).out == "ok\n")
        #expect(box.run(["create", "--name", "user", "--net=none", "old", "true"]).code == 0)
        #expect(box.run(["start", "-a", "user"]).code == 0)
        let save = box.run(["save", "-o", box.root + "/old.tar", "old"])
        #expect(save.code == 125 && save.err.contains("import it again"), "\(save.err)")
        #expect(box.run(["rmi", "old"]).err.contains("is using its referenced image"))
        #expect(box.run(["rm", "user"]).code == 0)
        #expect(box.run(["rmi", "old"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: box.root + "/images/\(id)"))
    }
}
