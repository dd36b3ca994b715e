import Foundation
import Testing
import TestSupport

/// `pull`, `login`, `logout` and `run --pull` through the CLI, against Debian's docker-registry on
/// loopback (seeded with skopeo) and Tests/Fixtures/misbehaving-registry.py.
@Suite(.enabled(if: isRoot, "needs root"), .needsRegistry, .serialized)
struct PullCommandTests {
    /// OCI layouts made once: busybox plus a small layer, and a large random layer beside it.
    static let layouts: Result<String, any Error> = Result {
        let dir = "/var/tmp/minirun-pull-layouts-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        atexit { _ = Command.shell("rm -rf /var/tmp/minirun-pull-layouts-\(getpid())") }
        let made = Command.shell("""
            set -e; cd \(dir)
            mkdir -p small/etc big && echo hello > small/etc/greeting && tar -C small -cf small.tar etc
            mkdir -p other/etc && echo bonjour > other/etc/greeting && tar -C other -cf other.tar etc
            head -c 16M /dev/urandom > big/blob && tar -C big -cf big.tar blob
            """)
        guard made.code == 0 else { throw TestRegistry.Failure(made.err) }
        let host = TestRegistry.hostPlatform
        try TestRegistry.makeLayout(dir + "/app", tag: "1", platforms: ["\(host)=\(try BusyboxImage.tarball()),\(dir)/small.tar"])
        try TestRegistry.makeLayout(dir + "/big", tag: "1", platforms: ["\(host)=\(dir)/small.tar,\(dir)/big.tar"])
        try TestRegistry.makeLayout(dir + "/busybox", tag: "1", platforms: ["\(host)=\(try BusyboxImage.tarball())"])
        try TestRegistry.makeLayout(dir + "/multi", tag: "1", platforms: [
            "\(host)=\(try BusyboxImage.tarball()),\(dir)/small.tar", "linux/s390x=\(try BusyboxImage.tarball()),\(dir)/other.tar",
        ])
        try TestRegistry.makeLayout(dir + "/foreign", tag: "1", platforms: ["linux/s390x=\(dir)/small.tar", "linux/riscv64=\(dir)/small.tar"])
        return dir
    }

    static func push(_ registry: TestRegistry, _ layout: String) throws {
        try registry.push(layout: try layouts.get() + "/" + layout, tag: "1", as: layout + ":1")
    }

    func downloads(_ box: Sandbox) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: box.root + "/downloads")) ?? []
    }

    /// Whether a partial download has bytes in it: one just opened is empty and `image prune`
    /// would rightly reclaim 0B.
    func partialDownloadHasBytes(_ box: Sandbox) -> Bool {
        downloads(box).contains { name in
            guard name.hasSuffix(".partial") else { return false }
            let size = (try? FileManager.default.attributesOfItem(atPath: box.root + "/downloads/" + name)[.size] as? Int) ?? 0
            return size > 0
        }
    }

    @Test func pullPrintsDockersLinesAndTheImageRuns() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try Self.push(registry, "app")
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let name = "\(registry.address)/app:1"
        let pulled = box.run(["pull", name])
        #expect(pulled.code == 0, "\(pulled.err)")
        let lines = pulled.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "1: Pulling from app")
        #expect(lines.filter { $0.hasSuffix(": Pull complete") }.count == 2)
        #expect(lines.dropLast(3).last?.hasSuffix(": Pull complete") == true)
        #expect(lines.suffix(3).first?.hasPrefix("Digest: sha256:") == true)
        #expect(lines.suffix(2) == ["Status: Downloaded newer image for \(name)", name])
        #expect(pulled.err == "")
        #expect(box.run(["images", "--format", "{{.Repository}}:{{.Tag}}"]).out == name + "\n")
        #expect(box.run(["run", "--rm", "--net=none", name, "cat", "/etc/greeting"]).out == "hello\n")
        #expect(downloads(box) == [])

        // Docker's lines for an image it has: no layer lines, nothing downloaded.
        let again = box.run(["pull", name])
        #expect(again.out.split(separator: "\n").map(String.init).dropFirst().first?.hasPrefix("Digest: sha256:") == true, "\(again.out)")
        #expect(again.out.hasSuffix("Status: Image is up to date for \(name)\n\(name)\n"), "\(again.out)")
    }

    /// A pull by digest alone tags nothing: the image is REPOSITORY <none> DIGEST, found by
    /// REPOSITORY@DIGEST; `run` of that reference pulls it when it is missing. A later pull by tag
    /// lists it once, under the tag, with the digest.
    @Test func aPullByDigestIsFoundByItsDigestReference() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try Self.push(registry, "app")
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let tagged = "\(registry.address)/app:1"
        let digest = try #require(box.run(["pull", "-q", tagged]).code == 0 ? box.run(["images", "--digests", "--format", "{{.Digest}}"]).out.split(separator: "\n").first : nil)
        #expect(box.run(["rmi", tagged]).code == 0)
        let byDigest = "\(registry.address)/app@\(digest)"

        let ran = box.run(["run", "--rm", "--net=none", byDigest, "cat", "/etc/greeting"])
        #expect(ran.code == 0 && ran.out.hasSuffix("hello\n"), "\(ran)")
        let columns = ["images", "--digests", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}"]
        #expect(box.run(columns).out == "\(registry.address)/app <none> \(digest)\n")
        #expect(box.run(["images", "-f", "dangling=true", "-q"]).out == "", "a digest reference is a name")
        let names = box.run(["image", "inspect", "-f", "{{json .RepoTags}} {{json .RepoDigests}}", byDigest]).out
        #expect(names == "[] [\"\(byDigest)\"]\n")

        #expect(box.run(["pull", "-q", tagged]).code == 0)
        #expect(box.run(columns).out == "\(registry.address)/app 1 \(digest)\n")
        #expect(box.run(["run", "--rm", "--net=none", "--pull", "never", byDigest, "true"]).code == 0)
        let removed = box.run(["rmi", tagged])
        #expect(removed.out.hasPrefix("Untagged: \(tagged)\nUntagged: \(byDigest)\nDeleted: sha256:"), "\(removed)")
    }

    /// Docker's lines for a name without a tag, and `--all-tags`: each tag in the registry's order,
    /// one status for the repository, its name last.
    @Test func pullWithoutATagSaysSoAndAllTagsPullsEveryTag() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        let layouts = try Self.layouts.get()
        try registry.push(layout: layouts + "/app", tag: "1", as: "multi:latest")
        try registry.push(layout: layouts + "/app", tag: "1", as: "multi:2")
        try registry.push(layout: layouts + "/busybox", tag: "1", as: "multi:b")
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let repository = "\(registry.address)/multi"

        let latest = box.run(["pull", repository])
        #expect(latest.code == 0, "\(latest.err)")
        #expect(latest.out.hasPrefix("Using default tag: latest\nlatest: Pulling from multi\n"), "\(latest.out)")
        #expect(latest.out.hasSuffix("Status: Downloaded newer image for \(repository):latest\n\(repository):latest\n"))
        #expect(box.run(["pull", "-q", repository]).out == repository + ":latest\n", "-q prints the name alone")

        let all = box.run(["pull", "--all-tags", repository])
        #expect(all.code == 0, "\(all.err)")
        let lines = all.out.split(separator: "\n").map(String.init)
        let listed = Command.shell("python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' http://\(registry.address)/v2/multi/tags/list").out
        let order = listed.split(separator: "\"").map(String.init).filter { ["2", "b", "latest"].contains($0) }
        #expect(order.sorted() == ["2", "b", "latest"], "\(listed)")
        #expect(lines.filter { $0.hasSuffix(": Pulling from multi") } == order.map { $0 + ": Pulling from multi" }, "the registry's order")
        #expect(lines.filter { $0.hasPrefix("Digest: sha256:") }.count == 3)
        #expect(!lines.contains("Using default tag: latest"))
        #expect(lines.suffix(2) == ["Status: Downloaded newer image for \(repository)", repository], "\(all.out)")
        #expect(box.run(["images", "--format", "{{.Tag}}"]).out.split(separator: "\n").sorted() == ["2", "b", "latest"])

        let again = box.run(["pull", "-a", repository])
        #expect(again.out.hasSuffix("Status: Image is up to date for \(repository)\n\(repository)\n"), "\(again.out)")
        #expect(box.run(["pull", "-a", "-q", repository]).out == repository + "\n")

        let tagged = box.run(["pull", "-a", repository + ":2"])
        #expect(tagged.code == 125)
        #expect(tagged.err == "minirun: tag can't be used with --all-tags/-a\n")
        let absent = box.run(["pull", "-a", "\(registry.address)/absent"])
        #expect(absent.code == 125)
        #expect(absent.err == "minirun: repository \(registry.address)/absent not found: name unknown\n")
    }

    @Test func runPullsAMissingImageUnlessToldNever() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try Self.push(registry, "app")
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let name = "\(registry.address)/app:1"
        let never = box.run(["run", "--rm", "--pull", "never", "--net=none", name, "true"])
        #expect(never.code == 125)
        #expect(never.err == "minirun: No such image: \(name)\n")
        let ran = box.run(["run", "--rm", "--net=none", name, "cat", "/etc/greeting"])
        #expect(ran.code == 0, "\(ran.err)")
        #expect(ran.out == "hello\n")  // the pull's lines go to stderr
        #expect(ran.err.hasPrefix("Unable to find image '\(name)' locally\n1: Pulling from app\n"))
        #expect(ran.err.hasSuffix("\nStatus: Downloaded newer image for \(name)\n"), "as Docker's run, no name after the status: \(ran.err)")
        try registry.push(layout: try Self.layouts.get() + "/app", tag: "1", as: "app:latest")
        let untagged = box.run(["run", "--rm", "--net=none", "\(registry.address)/app", "true"])
        #expect(untagged.code == 0, "\(untagged.err)")
        #expect(untagged.err.hasPrefix("Unable to find image '\(registry.address)/app:latest' locally\nlatest: Pulling from app\n"),
                "no \"Using default tag\" within run: \(untagged.err)")
        let bad = box.run(["run", "--rm", "--pull", "sometimes", "--net=none", name, "true"])
        #expect(bad.code == 125)
        #expect(bad.err == "minirun: invalid pull option: 'sometimes': must be one of \"always\", \"missing\" or \"never\"\n")
        let capitals = box.run(["run", "--rm", "--net=none", "\(registry.address)/App:1", "true"])
        #expect(capitals.code == 125)
        #expect(capitals.err == "minirun: invalid reference format: repository name (App) must be lowercase\n", "no 'Unable to find' first")
    }

    /// `run -q` and `create -q` pull without a line; `--platform` pulls the platform asked for when
    /// the image here is of another, and with `--pull never` says so, in Docker's words.
    @Test func runAndCreateTakeQuietAndPlatform() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try Self.push(registry, "multi")
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let name = "\(registry.address)/multi:1"
        let host = TestRegistry.hostPlatform
        let quiet = box.run(["run", "--rm", "-q", "--net=none", name, "cat", "/etc/greeting"])
        #expect(quiet.code == 0 && quiet.out == "hello\n" && quiet.err == "", "\(quiet.err)")

        let foreign = box.run(["create", "--quiet", "--platform", "linux/s390x", "--net=none", name])
        #expect(foreign.code == 0 && foreign.err == "", "\(foreign.err)")
        #expect(box.run(["image", "inspect", "-f", "{{.Os}}/{{.Architecture}}", name]).out == "linux/s390x\n", "the tag moved to the s390x image")
        #expect(box.run(["rm", foreign.out.trimmingCharacters(in: .newlines)]).code == 0)

        let never = box.run(["run", "--rm", "--pull", "never", "--platform", host, "--net=none", name, "true"])
        #expect(never.code == 125)
        #expect(never.err == "minirun: image with reference \(name) was found but its platform (linux/s390x) does not match the specified platform (\(host))\n")
        let back = box.run(["run", "--rm", "--platform", host, "--net=none", name, "cat", "/etc/greeting"])
        #expect(back.code == 0 && back.out == "hello\n", "\(back.err)")
        #expect(back.err.hasPrefix("Unable to find image '\(name)' locally\n"), "\(back.err)")
        let bad = box.run(["run", "--rm", "--platform", "s390x", "--net=none", name, "true"])
        #expect(bad.code == 125 && bad.err == "minirun: invalid platform: s390x (want os/arch[/variant])\n", "\(bad.err)")
        #expect(box.run(["ps", "-aq"]).out == "", "nothing made by a refused run")
    }

    /// Bad input: one line on stderr, exit 125, nothing left in the state root.
    @Test func badInputIsOneLineAndLeavesNothing() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try Self.push(registry, "foreign")
        let misbehaving = try MisbehavingRegistry()
        defer { misbehaving.stop() }
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let cases: [(String, String)] = [
            ("not/a:name!", "invalid reference format: not/a:name!"),
            ("UPPER", "invalid reference format: repository name (library/UPPER) must be lowercase"),
            ("\(registry.address)/foreign:1", "no matching manifest for linux/"),
            ("\(registry.address)/absent:1", "manifest for \(registry.address)/absent:1 not found: manifest unknown"),
            ("\(misbehaving.address)/status/500:1", "manifest for \(misbehaving.address)/status/500:1: received unexpected HTTP status: 500"),
            ("\(misbehaving.address)/closed:1", "\(misbehaving.address): the registry closed the connection"),
            ("\(misbehaving.address)/loop:1", "\(misbehaving.address): redirect loop"),
            ("127.0.0.1:1/nobody:1", "cannot reach 127.0.0.1:1: connection refused\n"),
        ]
        for (name, message) in cases {
            let result = box.run(["pull", name])
            #expect(result.code == 125, "\(name)")
            #expect(result.err.hasPrefix("minirun: " + message), "\(result.err)")
            #expect(result.err.split(separator: "\n").count == 1, "\(result.err)")
        }
        #expect(box.run(["images", "-q"]).out == "")
        #expect(downloads(box) == [])
    }

    @Test func loginStoresCredentialsForPullAndLogoutRemovesThem() throws {
        let registry = try TestRegistry(auth: .basic(user: "alice", password: "s3cret"))
        defer { registry.stop() }
        try Self.push(registry, "app")
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let name = "\(registry.address)/app:1"
        let denied = box.run(["pull", name])
        #expect(denied.code == 125)
        #expect(denied.err == "minirun: pull access denied for \(registry.address)/app: unauthorized (minirun login \(registry.address))\n")

        let wrong = box.run(["login", "-u", "alice", "--password-stdin", registry.address], stdin: "nope\n")
        #expect(wrong.code != 0)
        #expect(wrong.err.hasPrefix("minirun: log in to \(registry.address): unauthorized"), "\(wrong.err)")
        #expect(!FileManager.default.fileExists(atPath: box.root + "/auth.json"))

        let login = box.run(["login", "-u", "alice", "--password-stdin", registry.address], stdin: "s3cret\n")
        #expect(login.code == 0, "\(login.err)")
        #expect(login.out == "Login Succeeded\n")
        let mode = try FileManager.default.attributesOfItem(atPath: box.root + "/auth.json")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let stored = try String(contentsOfFile: box.root + "/auth.json", encoding: .utf8)
        #expect(stored.contains("\"\(registry.address)\"") && stored.contains(Data("alice:s3cret".utf8).base64EncodedString()))

        #expect(box.run(["pull", "-q", name]).out == "\(registry.address)/app:1\n")
        #expect(box.run(["logout", registry.address]).out == "Removing login credentials for \(registry.address)\n")
        #expect(box.run(["logout", registry.address]).out == "Not logged in to \(registry.address)\n")
        #expect(box.run(["rmi", name]).code == 0)
        #expect(box.run(["pull", name]).code == 125)
    }

    @Test func anonymousBearerToken() throws {
        let registry = try TestRegistry(auth: .token(user: nil, password: nil))
        defer { registry.stop() }
        try Self.push(registry, "app")
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let pulled = box.run(["pull", "\(registry.address)/app:1"])
        #expect(pulled.code == 0, "\(pulled.err)")
    }

    /// Two pulls of one image at the same time, in two processes: both succeed, each layer is
    /// downloaded once and stored once.
    @Test func twoConcurrentPulls() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try Self.push(registry, "big")
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let name = "\(registry.address)/big:1"
        // Two processes started side by side (Process, not a shell's `&`: a shell run from the test
        // runner may never see its children's SIGCHLD).
        let pulls = try [box.start(["pull", "-q", name]), box.start(["pull", "-q", name])]
        for pull in pulls { pull.waitUntilExit() }
        #expect(pulls.map(\.terminationStatus) == [0, 0])
        let layout = try Self.layouts.get() + "/big"
        let layers = Command.shell("jq -r '.layers[].digest' \(layout)/blobs/sha256/$(jq -r '.manifests[0].digest' \(layout)/index.json | cut -c8-)")
            .out.split(separator: "\n").map(String.init)
        #expect(layers.count == 2)
        for layer in layers {
            #expect(registry.blobRequests.filter { $0.contains(layer) }.count == 1, "\(layer): \(registry.blobRequests)")
        }
        #expect(box.run(["images", "-q"]).out.split(separator: "\n").count == 1)
        #expect(downloads(box) == [])
    }

    /// A layer the store has already - the busybox layer of app:1, in busybox:1 too - is not
    /// downloaded again: the second pull says "Already exists" for it, and the registry served each
    /// blob once over both pulls.
    @Test func aLayerTheStoreHasAlreadyExists() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try Self.push(registry, "app")
        try registry.push(layout: try Self.layouts.get() + "/busybox", tag: "1", as: "busybox:1")
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        #expect(box.run(["pull", "\(registry.address)/app:1"]).code == 0)
        let second = box.run(["pull", "\(registry.address)/busybox:1"])
        #expect(second.code == 0, "\(second.err)")
        let layerLines = second.out.split(separator: "\n").filter { $0.hasSuffix(": Already exists") || $0.hasSuffix(": Pull complete") }
        #expect(layerLines.count == 1 && layerLines[0].hasSuffix(": Already exists"), "\(second.out)")
        let requests = registry.blobRequests
        let blobs = Set(requests.compactMap { line in line.range(of: "sha256:[0-9a-f]{64}", options: .regularExpression).map { String(line[$0]) } })
        for blob in blobs { #expect(requests.filter { $0.contains(blob) }.count == 1, "\(blob): \(requests)") }
        #expect(box.run(["run", "--rm", "--net=none", "\(registry.address)/busybox:1", "true"]).code == 0)
        #expect(downloads(box) == [])
    }

    /// A pull killed with kill -9 while a layer downloads leaves no blob that looks complete and no
    /// image, but its partial download, which the next pull continues (the misbehaving registry
    /// ignores Range: the blob comes whole again) and finishes; what a killed pull leaves is removed
    /// by `image prune`.
    @Test func aPullKilledMidwayThenRunAgain() throws {
        let misbehaving = try MisbehavingRegistry()
        defer { misbehaving.stop() }
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let name = "\(misbehaving.address)/slow:1"
        let pull = try box.start(["pull", name])
        let partial = eventually(10) { downloads(box).contains { $0.hasSuffix(".partial") } }
        kill(pull.processIdentifier, SIGKILL)
        pull.waitUntilExit()
        try #require(partial, "no download started: \(downloads(box))")
        #expect(!downloads(box).contains { $0.hasPrefix("sha256-") && !$0.hasSuffix(".partial") })
        #expect(box.run(["images", "-q"]).out == "")

        #expect(downloads(box).contains { $0.hasSuffix(".partial") }, "the next pull continues it: \(downloads(box))")

        let again = box.run(["pull", name])
        #expect(again.code == 0, "\(again.err)")
        #expect(box.run(["images", "-q"]).out.split(separator: "\n").count == 1)
        #expect(downloads(box) == [])

        #expect(box.run(["rmi", name]).code == 0)
        let killed = try box.start(["pull", name])
        let started = eventually(10) { partialDownloadHasBytes(box) }
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        try #require(started, "no download started: \(downloads(box))")
        let pruned = box.run(["image", "prune", "-f"])
        #expect(pruned.code == 0 && pruned.out != "Total reclaimed space: 0B\n", "\(pruned)")
        #expect(downloads(box) == [])
    }

    /// minirun links no registry client (SwiftNIO's modules are not in its file): `pull` and `image
    /// pull` execute minirun-pull, whose stdout, stderr and exit status are theirs.
    @Test func pullIsMinirunPullsThroughAnExec() throws {
        let minirun = try #require(FileManager.default.contents(atPath: Binaries.minirun))
        #expect(minirun.firstRange(of: Data("NIOCore".utf8)) == nil, "\(Binaries.minirun) links SwiftNIO")
        #expect(FileManager.default.isExecutableFile(atPath: Binaries.directory + "/minirun-pull"))
        let registry = try TestRegistry()
        defer { registry.stop() }
        try Self.push(registry, "app")
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let absent = box.run(["image", "pull", "\(registry.address)/absent:1"])
        #expect(absent.code == 125)
        #expect(absent.out == "")
        #expect(absent.err.hasPrefix("minirun: manifest for \(registry.address)/absent:1 not found: manifest unknown"), "\(absent.err)")
        #expect(absent.err.split(separator: "\n").count == 1, "\(absent.err)")
        let quiet = box.run(["image", "pull", "-q", "\(registry.address)/app:1"])
        #expect(quiet.code == 0, "\(quiet.err)")
        #expect(quiet.out == "\(registry.address)/app:1\n" && quiet.err == "")
        let logout = box.run(["logout", registry.address])
        #expect(logout.code == 0 && logout.out == "Not logged in to \(registry.address)\n")
    }

    /// run and create --pull run minirun-pull with its lines on stderr: stdout holds only the
    /// container's output (or the ID), and a failed pull is the one error line after Docker's notice.
    @Test func runAndCreatePullWithNothingOnStdout() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try Self.push(registry, "app")
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let name = "\(registry.address)/app:1"
        let created = box.run(["create", "--pull", "missing", "--net=none", name, "true"])
        #expect(created.code == 0, "\(created.err)")
        #expect(created.out.utf8.count == 65 && created.out.allSatisfy { $0.isHexDigit || $0 == "\n" }, "\(created.out)")
        #expect(created.err.contains("Status: Downloaded newer image for \(name)"))
        #expect(box.run(["rm", created.out.trimmingCharacters(in: .whitespacesAndNewlines)]).code == 0)
        let always = box.run(["run", "--rm", "--pull", "always", "--net=none", name, "cat", "/etc/greeting"])
        #expect(always.code == 0, "\(always.err)")
        #expect(always.out == "hello\n")
        #expect(always.err.contains("Status: Image is up to date for \(name)"))
        let failed = box.run(["run", "--rm", "--net=none", "\(registry.address)/absent:1", "true"])
        #expect(failed.code == 125)
        #expect(failed.out == "")
        let lines = failed.err.split(separator: "\n")
        #expect(lines.count == 2 && lines.first == "Unable to find image '\(registry.address)/absent:1' locally", "\(failed.err)")
        #expect(lines.last?.hasPrefix("minirun: manifest for \(registry.address)/absent:1 not found: manifest unknown") == true, "\(failed.err)")
    }
}
