import Foundation
import TestSupport
import Testing

/// `rmi` (by tag, ID, ID prefix and digest), its refusals, `image prune [-a]` and `images`' columns,
/// flags and JSON fields, as Docker has them.
@Suite(.enabled(if: isRoot, "needs root"))
struct ImageRemovalTests {
    /// The image ID (64 hex digits) a name resolves to.
    func id(_ box: Sandbox, _ name: String) -> String {
        String(box.run(["image", "inspect", "-f", "{{.Id}}", name]).out.dropFirst("sha256:".count).prefix(64))
    }

    /// The digest of the image manifest of an OCI layout tarball with one image (through the
    /// nested index make-image.py writes, whose manifests are that one).
    func manifestDigest(_ tarball: String) -> String {
        let script = """
            import json, sys, tarfile
            t = tarfile.open(sys.argv[1]); d = json.load(t.extractfile('index.json'))['manifests'][0]
            if d['mediaType'].endswith('index.v1+json'): d = json.load(t.extractfile('blobs/sha256/' + d['digest'][7:]))['manifests'][0]
            print(d['digest'])
            """
        return Command.run("/usr/bin/python3", ["-c", script, tarball]).out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The lines of an output ending in a line break, blank ones included.
    func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }

    @Test func rmiByTagByIDByPrefixAndByDigest() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let image = try LayeredImage.make(in: box, format: "oci-tar")
        #expect(box.run(["load", "-i", image]).code == 0)
        let digest = manifestDigest(image)
        #expect(digest.hasPrefix("sha256:"))
        let layered = id(box, "layered")
        #expect(box.run(["tag", "layered", "other:1"]).code == 0)

        let byID = box.run(["rmi", layered])
        #expect(byID.code == 1)
        #expect(byID.err == "minirun: conflict: unable to delete \(layered.prefix(12)) (must be forced) - image is referenced in multiple repositories\n")

        // A digest reference goes alone while a tag is left; so does a tag.
        let byDigest = box.run(["rmi", "layered@" + digest])
        #expect(byDigest.code == 0 && byDigest.out == "Untagged: layered@\(digest)\n", "\(byDigest.err)")
        #expect(box.run(["images", "--digests", "--format", "{{.Repository}}:{{.Tag}} {{.Digest}}", "--filter", "reference=layered"]).out == "layered:latest <none>\n")
        #expect(box.run(["rmi", "other:1"]).out == "Untagged: other:1\n")
        #expect(id(box, "layered") == layered)

        // By full ID with "sha256:": every reference, the image, then the layers no image shares
        // (busybox's is the bottom one), top first.
        #expect(box.run(["load", "-i", image]).code == 0, "the digest reference is back")
        let removed = box.run(["rmi", "sha256:" + layered])
        let out = lines(removed.out)
        #expect(removed.code == 0, "\(removed.err)")
        #expect(out.prefix(3) == ["Untagged: layered:latest", "Untagged: layered@\(digest)", "Deleted: sha256:\(layered)"], "\(out)")
        #expect(out.count == 5 && out.dropFirst(3).allSatisfy { $0.hasPrefix("Deleted: sha256:") })
        #expect(LayeredImage.layerDirectories(box).count == 1)

        // By ID prefix: the one tag, the image, its layer.
        let busybox = id(box, "busybox")
        let byPrefix = box.run(["rmi", String(busybox.prefix(6))])
        #expect(lines(byPrefix.out).prefix(2) == ["Untagged: busybox:latest", "Deleted: sha256:\(busybox)"] && lines(byPrefix.out).count == 3, "\(byPrefix)")
        #expect(box.imageStoreFiles.isEmpty, "\(box.imageStoreFiles)")

        let missing = box.run(["image", "rm", "nothing", "busybox"])
        #expect(missing.code == 1 && missing.err == "minirun: No such image: nothing:latest\nminirun: No such image: busybox:latest\n", "\(missing)")
        #expect(box.run(["image", "remove", "nothing"]).err == "minirun: No such image: nothing:latest\n")
        // As Docker's daemon says it for tag, history and save too; inspect names it as given.
        for command in [["tag", "nothing", "other"], ["history", "nothing"], ["save", "-o", box.root + "/x.tar", "nothing"]] {
            #expect(box.run(command).err == "minirun: No such image: nothing:latest\n", "\(command)")
        }
        #expect(box.run(["image", "inspect", "nothing"]).err.hasSuffix("No such image: nothing\n"))
    }

    @Test func rmiIsRefusedWhileContainersUseTheImageUnlessForced() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let image = id(box, "busybox")
        #expect(box.run(["create", "--name", "stopped", "--net=none", "busybox", "true"]).code == 0)
        let stopped = box.run(["inspect", "-f", "{{.Id}}", "stopped"]).out.prefix(12)

        let byTag = box.run(["rmi", "busybox"])
        #expect(byTag.code == 1)
        #expect(byTag.err == "minirun: conflict: unable to remove repository reference \"busybox\" (must force) - container \(stopped) is using its referenced image \(image.prefix(12))\n")
        let byID = box.run(["rmi", image])
        #expect(byID.err == "minirun: conflict: unable to delete \(image.prefix(12)) (must be forced) - image is being used by stopped container \(stopped)\n")

        let running = box.run(["run", "-d", "--net=none", "busybox", "sleep", "100"]).out.prefix(12)
        for arguments in [["rmi", image], ["rmi", "-f", image]] {
            let refused = box.run(arguments)
            #expect(refused.code == 1)
            #expect(refused.err == "minirun: conflict: unable to delete \(image.prefix(12)) (cannot be forced) - image is being used by running container \(running)\n")
        }
        #expect(box.run(["images", "-q"]).out == image.prefix(12) + "\n")

        // Forced by tag: untagged; the image stays, listed as <none>, while containers use it.
        let forced = box.run(["rmi", "-f", "busybox"])
        #expect(forced.code == 0 && forced.out == "Untagged: busybox:latest\n", "\(forced.err)")
        #expect(box.run(["images", "--format", "{{.Repository}} {{.Tag}} {{.ID}}"]).out == "<none> <none> \(image.prefix(12))\n")
        #expect(box.run(["start", "-a", "stopped"]).code == 0)
        #expect(box.run(["image", "prune", "-f"]).out == "Total reclaimed space: 0B\n", "a used image is not pruned")

        #expect(box.run(["rm", "-f", "stopped", String(running)]).code == 0)
        let pruned = box.run(["image", "prune", "-f"])
        let out = lines(pruned.out)
        #expect(out.prefix(2) == ["Deleted Images:", "deleted: sha256:\(image)"] && out.count == 5, "\(pruned)")
        #expect(out[2].hasPrefix("deleted: sha256:") && out[3] == "" && out[4] == "Total reclaimed space: 1.986MB", "\(out)")
        #expect(box.imageStoreFiles.isEmpty, "\(box.imageStoreFiles)")

        // As Docker's CLI: with -f a missing image is said on stderr, and is no failure.
        let missing = box.run(["rmi", "-f", "nothing:here"])
        #expect(missing.code == 0 && missing.err == "minirun: No such image: nothing:here\n", "\(missing)")
        #expect(box.run(["rmi", "nothing:here"]).code == 1)
    }

    /// As Docker: a name that moves to another image (tag, load, build -t) leaves the image it
    /// named dangling, listed as <none>:<none> until `image prune` takes it; load says so.
    @Test func anImageANameMovesOffIsLeftDangling() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let busybox = id(box, "busybox")
        #expect(box.run(["load", "-i", try LayeredImage.make(in: box, format: "docker25")]).code == 0)
        let layered = id(box, "layered")
        #expect(box.run(["tag", "layered", "busybox"]).code == 0)
        let dangling = ["images", "-q", "--no-trunc", "--filter", "dangling=true"]
        #expect(box.run(dangling).out == "sha256:\(busybox)\n")
        #expect(box.run(["run", "--rm", "--net=none", busybox, "true"]).code == 0, "it is still there to run by ID")

        #expect(box.run(["image", "import", try BusyboxImage.tarball(), "layered:latest"]).code == 0)
        let reloaded = box.run(["load", "-i", try LayeredImage.make(in: box, format: "docker25")])
        let imported = box.run(["images", "-q", "--no-trunc", "--filter", "dangling=true"]).out
        #expect(reloaded.out.hasPrefix("The image layered:latest already exists, renaming the old one with ID sha256:"), "\(reloaded)")
        #expect(reloaded.out.hasSuffix(" to empty string\nLoaded image: layered:latest\n"), "\(reloaded)")
        #expect(lines(imported).count == 2 && imported.contains("sha256:\(busybox)"), "\(imported)")
        #expect(id(box, "layered") == layered)

        let pruned = box.run(["image", "prune", "-f"])
        #expect(pruned.code == 0 && pruned.out.hasPrefix("Deleted Images:\ndeleted: sha256:"), "\(pruned)")
        #expect(box.run(dangling).out == "")
        #expect(box.run(["images", "--format", "{{.Repository}}"]).out.split(separator: "\n").sorted() == ["busybox", "layered"])
    }

    @Test func pruneAsksThenTakesDanglingImagesOrWithAllEveryUnusedOne() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["load", "-i", try LayeredImage.make(in: box, format: "docker25")]).code == 0)
        let layered = id(box, "layered")
        // A dangling image: untagged by force while a container used it, the container gone.
        #expect(box.run(["create", "--name", "user", "--net=none", "layered", "true"]).code == 0)
        #expect(box.run(["rmi", "-f", "layered"]).code == 0)
        #expect(box.run(["rm", "user"]).code == 0)
        // What a killed load leaves: a staging directory no process holds.
        let leftover = box.root + "/images/.staging-killedload0000"
        try FileManager.default.createDirectory(atPath: leftover + "/layer-x/diff", withIntermediateDirectories: true)

        let question = "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] "
        for answer in ["n\n", "", "yes\n"] {
            let declined = box.run(["image", "prune"], stdin: answer)
            #expect(declined.code == 0 && declined.out.hasPrefix(question) && !declined.out.contains("Deleted"), "\(answer): \(declined)")
        }
        #expect(lines(box.run(["images", "-q"]).out).count == 2)

        let pruned = box.run(["image", "prune"], stdin: "y\n")
        let out = lines(String(pruned.out.dropFirst(question.count)))
        #expect(out.prefix(2) == ["Deleted Images:", "deleted: sha256:\(layered)"], "\(pruned)")
        #expect(out.count == 6 && out[4] == "" && out[5] == "Total reclaimed space: 37B", "two layers went, busybox's stayed: \(out)")
        #expect(box.run(["images", "--format", "{{.Repository}}"]).out == "busybox\n")
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(LayeredImage.layerDirectories(box).count == 1)

        // -a: every image no container uses; a used one stays.
        #expect(box.run(["create", "--name", "user", "--net=none", "busybox", "true"]).code == 0)
        let asked = box.run(["image", "prune", "-a"], stdin: "")
        #expect(asked.out.hasPrefix("WARNING! This will remove all images without at least one container associated to them.\n"))
        #expect(box.run(["image", "prune", "-a", "-f"]).out == "Total reclaimed space: 0B\n")
        #expect(box.run(["rm", "user"]).code == 0)
        let busybox = id(box, "busybox")
        let all = box.run(["image", "prune", "-af"])
        #expect(lines(all.out).prefix(3) == ["Deleted Images:", "untagged: busybox:latest", "deleted: sha256:\(busybox)"], "\(all)")
        #expect(box.run(["images", "-q"]).out == "")
        #expect(box.imageStoreFiles.isEmpty, "\(box.imageStoreFiles)")
    }

    @Test func imagesShowsDockersColumnsFlagsAndJSONFields() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let image = try LayeredImage.make(in: box, format: "oci-tar")
        #expect(box.run(["load", "-i", image]).code == 0)
        let digest = manifestDigest(image)
        let layered = id(box, "layered")
        let busybox = id(box, "busybox")

        let table = lines(box.run(["images"]).out).map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(table.first == ["REPOSITORY", "TAG", "IMAGE", "ID", "CREATED", "SIZE"])
        // Newest first by the config's created: busybox was imported now, layered made in 2024.
        try #require(table.count == 3)
        #expect(table[1].prefix(3) == ["busybox", "latest", String(busybox.prefix(12))] && table[1].last == "1.99MB", "\(table)")
        #expect(table[2].prefix(3) == ["layered", "latest", String(layered.prefix(12))] && table[2][4] == "years" && table[2].last == "1.99MB", "\(table)")
        // The same listing by every name (without CREATED, which can turn a second between two runs).
        let columns = ["--format", "{{.Repository}} {{.Tag}} {{.ID}} {{.Size}}"]
        let listing = box.run(["images"] + columns).out
        #expect(listing.split(separator: "\n").count == 2 && listing.contains("layered latest"), "\(listing)")
        #expect(box.run(["image", "ls"] + columns).out == listing)
        #expect(box.run(["image", "list"] + columns).out == listing)

        let digests = lines(box.run(["images", "--digests", "--no-trunc"]).out).map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(digests.first == ["REPOSITORY", "TAG", "DIGEST", "IMAGE", "ID", "CREATED", "SIZE"])
        #expect(digests.dropFirst().map { Array($0.prefix(4)) } == [["busybox", "latest", "<none>", "sha256:" + busybox], ["layered", "latest", digest, "sha256:" + layered]])

        #expect(box.run(["images", "-q"]).out == "\(busybox.prefix(12))\n\(layered.prefix(12))\n")
        #expect(box.run(["images", "-q", "--no-trunc"]).out == "sha256:\(busybox)\nsha256:\(layered)\n")

        let json = lines(box.run(["images", "--format", "json"]).out)
        try #require(json.count == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json[1].utf8)) as? [String: String])
        #expect(Set(object.keys) == ["Containers", "CreatedAt", "CreatedSince", "Digest", "ID", "Repository", "SharedSize", "Size", "Tag", "UniqueSize", "VirtualSize"])
        #expect(object["ID"] == String(layered.prefix(12)) && object["Digest"] == digest && object["Repository"] == "layered" && object["Tag"] == "latest")
        #expect(object["CreatedAt"] == "2024-01-01 00:00:00 +0000 UTC" && object["CreatedSince"]?.hasSuffix("years ago") == true)
        #expect(object["Size"] == "1.99MB" && object["VirtualSize"] == "1.986MB" && object["Containers"] == "N/A")

        #expect(box.run(["images", "--filter", "reference=lay*", "--format", "{{.Repository}}"]).out == "layered\n")
        #expect(box.run(["images", "--filter", "reference=busybox:latest", "-q"]).out == "\(busybox.prefix(12))\n")
        #expect(box.run(["images", "--filter", "dangling=true", "-q"]).out == "")
        #expect(lines(box.run(["images", "--filter", "dangling=false", "-q"]).out).count == 2)
        let bad = box.run(["images", "--filter", "colour=red"])
        #expect(bad.code == 1 && bad.err == "minirun: Invalid filter 'colour'\n", "\(bad)")
        #expect(box.run(["image", "inspect", "-f", "{{.RepoDigests}}", "layered"]).out == "[layered@\(digest)]\n")
    }
}
