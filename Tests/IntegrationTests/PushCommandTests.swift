import Foundation
import Testing
import TestSupport

/// `push` against Debian's docker-registry on loopback: what is pushed pulls into an empty state
/// root and runs, a second push uploads nothing, and a registry that wants credentials gets them
/// from `login`.
@Suite(.enabled(if: isRoot, "needs root"), .needsRegistry, .serialized)
struct PushCommandTests {
    /// An image of two layers built on busybox, named `name`.
    static func build(_ box: Sandbox, _ name: String) throws {
        let context = try Sandbox.makeTemporaryDirectory(prefix: "push-context")
        defer { try? FileManager.default.removeItem(atPath: context) }
        try "FROM busybox\nRUN echo built here > /built.txt\nCMD [\"cat\", \"/built.txt\"]\n"
            .write(toFile: context + "/Dockerfile", atomically: true, encoding: .utf8)
        let built = box.run(["build", "-q", "--network", "none", "-t", name, context])
        try #require(built.code == 0, "\(built.err)")
    }

    @Test func aPushedImagePullsIntoAnEmptyRootAndRuns() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        let box = try Sandbox()
        defer { box.finish() }
        let name = "\(registry.address)/app:2"
        try Self.build(box, name)

        let pushed = box.run(["push", name])
        #expect(pushed.code == 0, "\(pushed.err)")
        #expect(registry.requests.contains { $0.contains("\"PUT /v2/app/manifests/2 ") }, "\(registry.requests)")
        let lines = pushed.out.split(separator: "\n").map(String.init)
        try #require(lines.count == 4, "\(pushed.out)")
        #expect(lines[0] == "The push refers to repository [\(registry.address)/app]")
        #expect(lines[1...2].allSatisfy { $0.hasSuffix(": Pushed") && $0.count == 12 + ": Pushed".count }, "\(lines)")
        let digest = try #require(lines[3].split(separator: " ").dropFirst(2).first.map(String.init))
        #expect(lines[3].hasPrefix("2: digest: sha256:") && lines[3].contains(" size: "), "\(lines[3])")

        let again = box.run(["image", "push", name])
        #expect(again.out.split(separator: "\n").filter { $0.hasSuffix(": Layer already exists") }.count == 2, "\(again.out)")
        #expect(again.out.hasSuffix("2: digest: \(digest) size: \(lines[3].split(separator: " ").last!)\n"), "the same manifest")

        let elsewhere = try Sandbox(importBusybox: false)
        defer { elsewhere.finish() }
        let pulled = elsewhere.run(["pull", name])
        #expect(pulled.code == 0 && pulled.out.contains("Digest: \(digest)\n"), "\(pulled.out)\(pulled.err)")
        #expect(elsewhere.run(["run", "--rm", "--net=none", name]).out == "built here\n")
        #expect(elsewhere.run(["image", "inspect", "-f", "{{.Id}}", name]).out == box.run(["image", "inspect", "-f", "{{.Id}}", name]).out,
                "the same config, so the same image ID")
    }

    @Test func aRegistryThatWantsCredentialsGetsThemFromLogin() throws {
        let registry = try TestRegistry(auth: .token(user: "bob", password: "pushes"))
        defer { registry.stop() }
        let box = try Sandbox()
        defer { box.finish() }
        let name = "\(registry.address)/tools/box:1"
        #expect(box.run(["tag", "busybox", name]).code == 0)
        let denied = box.run(["push", name])
        #expect(denied.code == 1 && denied.err.contains("unauthorized"), "\(denied.err)")
        #expect(box.run(["login", "-u", "bob", "--password-stdin", registry.address], stdin: "pushes\n").code == 0)
        let pushed = box.run(["push", "-q", name])
        #expect(pushed.code == 0 && pushed.out == name + "\n", "\(pushed.err)")
        #expect(box.run(["rmi", name]).code == 0)
        #expect(box.run(["pull", "-q", name]).code == 0)
    }

    /// -a pushes every tag the store has of the repository; the second tag's layers are there already.
    @Test func allTagsPushesEachTagOfTheRepository() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        let box = try Sandbox()
        defer { box.finish() }
        for tag in ["a", "b"] { #expect(box.run(["tag", "busybox", "\(registry.address)/many:\(tag)"]).code == 0) }
        #expect(box.run(["push", "-a", "\(registry.address)/many:a"]).err == "minirun: tag can't be used with --all-tags/-a\n")
        let pushed = box.run(["push", "-a", "\(registry.address)/many"])
        #expect(pushed.code == 0, "\(pushed.err)")
        let lines = pushed.out.split(separator: "\n")
        #expect(lines.count == 5 && lines[2].hasPrefix("a: digest: ") && lines[3].hasSuffix(": Layer already exists") && lines[4].hasPrefix("b: digest: "),
                "\(pushed.out)")
        let elsewhere = try Sandbox(importBusybox: false)
        defer { elsewhere.finish() }
        #expect(elsewhere.run(["pull", "-a", "\(registry.address)/many"]).code == 0)
        #expect(elsewhere.run(["images", "--format", "{{.Tag}}"]).out == "a\nb\n" || elsewhere.run(["images", "--format", "{{.Tag}}"]).out == "b\na\n")
    }

    @Test func onlyAnImageTheStoreHasUnderThatNameIsPushed() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        let box = try Sandbox()
        defer { box.finish() }
        let missing = box.run(["push", "\(registry.address)/ghost:1"])
        #expect(missing.code == 1 && missing.err == "minirun: An image does not exist locally with the tag: \(registry.address)/ghost\n")
        #expect(box.run(["push", "\(registry.address)/ghost@sha256:" + String(repeating: "0", count: 64)]).code != 0)
        #expect(!registry.requests.contains { $0.contains("/v2/ghost") }, "nothing was sent: \(registry.requests)")
    }
}
