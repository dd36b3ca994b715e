import Foundation
import TestSupport
import Testing

/// A project's images and volumes: `compose build` (the image named `<project>-<service>`),
/// `compose pull` from a registry on loopback, `down --rmi local|all`, and `down -v` against `down`.
@Suite(.enabled(if: isRoot, "needs root"))
struct ComposeImageTests {
    func repositories(_ box: Sandbox) -> [String] {
        box.run(["images", "--format", "{{.Repository}}"]).out.split(separator: "\n").map(String.init).sorted()
    }

    /// A registry on loopback with busybox pushed as tools/busybox:1.
    static func registryWithBusybox() throws -> TestRegistry {
        let registry = try TestRegistry()
        let layout = try Sandbox.makeTemporaryDirectory(prefix: "compose-layout")
        defer { try? FileManager.default.removeItem(atPath: layout) }
        try TestRegistry.makeLayout(layout + "/busybox", tag: "1", platforms: ["\(TestRegistry.hostPlatform)=\(try BusyboxImage.tarball())"])
        try registry.push(layout: layout + "/busybox", tag: "1", as: "tools/busybox:1")
        return registry
    }

    @Test func buildDownRmiAndVolumes() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let project = try ComposeProjectTests.Project(box, """
            services:
              web:
                build: ./web
                volumes: [data:/data]
              keeper:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                volumes: [data:/data]
            volumes:
              data: {}
            \(ComposeProjectTests.defaultNetwork(box, 1))
            """)
        defer { project.remove() }
        try FileManager.default.createDirectory(atPath: project.directory + "/web", withIntermediateDirectories: true)
        try "FROM busybox\nCOPY greeting /greeting\nCMD [\"cp\", \"/greeting\", \"/data/copied\"]\n"
            .write(toFile: project.directory + "/web/Dockerfile", atomically: true, encoding: .utf8)
        try "built by compose\n".write(toFile: project.directory + "/web/greeting", atomically: true, encoding: .utf8)

        let build = project.compose(["build"])
        #expect(build.code == 0, "\(build.err)")
        #expect(build.err.contains("Service web  Built"), "\(build.err)")
        #expect(repositories(box) == ["app-web", "busybox"])

        // The built image runs: its CMD copies its file into the named volume the other service reads.
        #expect(project.compose(["up", "-d"]).code == 0)
        let data = box.root + "/volumes/app_data/_data"
        #expect(eventually(10) { (try? String(contentsOfFile: data + "/copied", encoding: .utf8)) == "built by compose\n" })

        // down keeps the named volume, and up finds it again.
        #expect(project.compose(["down"]).code == 0)
        #expect(FileManager.default.fileExists(atPath: data + "/copied"))
        #expect(project.compose(["up", "-d", "keeper"]).code == 0)
        #expect(project.compose(["exec", "-T", "keeper", "cat", "/data/copied"]).out == "built by compose\n")

        // down -v --rmi local: the volume and the built image go, the pulled/imported one stays.
        let local = project.compose(["down", "-v", "--rmi", "local"])
        #expect(local.code == 0, "\(local.err)")
        #expect(local.err.contains("Volume app_data  Removed") && local.err.contains("Image app-web  Removed"), "\(local.err)")
        #expect(!FileManager.default.fileExists(atPath: box.root + "/volumes/app_data"))
        #expect(repositories(box) == ["busybox"])

        // up builds what is missing; --rmi all takes busybox too.
        let again = project.compose(["up", "-d"])
        #expect(again.code == 0 && again.err.contains("Service web  Built"), "\(again.err)")
        let all = project.compose(["down", "--rmi", "all"])
        #expect(all.code == 0, "\(all.err)")
        #expect(repositories(box).isEmpty)
        #expect(FileManager.default.fileExists(atPath: box.root + "/volumes/app_data"), "without -v the volume stays")
        #expect(project.compose(["down", "-v"]).code == 0)
        #expect(project.compose(["down", "--rmi", "some"]).code != 0)
        project.expectNothingLeft()
    }

    @Test(.needsRegistry) func pullTakesTheServicesImagesFromTheRegistry() throws {
        let registry = try Self.registryWithBusybox()
        defer { registry.stop() }
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let image = "\(registry.address)/tools/busybox:1"
        let project = try ComposeProjectTests.Project(box, """
            services:
              web:
                image: \(image)
                command: sleep 300
                stop_signal: SIGKILL
              built:
                build: ./nowhere
            \(ComposeProjectTests.defaultNetwork(box, 2))
            """)
        defer { project.remove() }
        let pull = project.compose(["pull"])
        #expect(pull.code == 0, "\(pull.err)")
        #expect(pull.err.contains("Image \(image)  Pulled"), "\(pull.err)")
        #expect(repositories(box) == ["\(registry.address)/tools/busybox"], "the service with only a build section is not pulled")
        #expect(project.compose(["pull", "nosuch"]).err.contains("no such service: nosuch"))
        // up runs the pulled image without asking the registry again.
        let requests = registry.blobRequests.count
        #expect(project.compose(["up", "-d", "web"]).code == 0)
        #expect(registry.blobRequests.count == requests)
        #expect(project.compose(["down", "--rmi", "all"]).code == 0)
        #expect(repositories(box).isEmpty)
        project.expectNothingLeft()
    }

    /// pull_policy as Compose reads it: never refuses a missing image and is skipped by `pull`,
    /// missing pulls only what is not here, always pulls at every `up`.
    @Test(.needsRegistry) func pullPolicyDecidesWhenImagesArePulled() throws {
        let registry = try Self.registryWithBusybox()
        defer { registry.stop() }
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let image = "\(registry.address)/tools/busybox:1"
        let project = try ComposeProjectTests.Project(box, """
            services:
              strict: {image: \(image), pull_policy: never, command: sleep 300, stop_signal: SIGKILL}
              lazy: {image: \(image), pull_policy: if_not_present, command: sleep 300, stop_signal: SIGKILL}
              eager: {image: \(image), pull_policy: always, platform: \(TestRegistry.hostPlatform), command: sleep 300, stop_signal: SIGKILL}
            \(ComposeProjectTests.defaultNetwork(box, 3))
            """)
        defer { project.remove() }
        let refused = project.compose(["up", "-d", "strict"])
        #expect(refused.code != 0 && refused.err.contains("No such image: \(image)"), "\(refused.err)")
        #expect(box.run(["ps", "-aq"]).out == "", "no container for a refused image")
        #expect(project.compose(["pull", "strict"]).err.contains("Image \(image)  Skipped"))
        #expect(repositories(box).isEmpty, "pull_policy never: not pulled")

        #expect(project.compose(["pull", "lazy"]).err.contains("Image \(image)  Pulled"))
        let again = project.compose(["pull", "lazy"])
        #expect(again.err.contains("Image \(image)  Skipped - Image is already present locally"), "\(again.err)")
        let manifestRequests = { registry.requests.filter { $0.contains("/manifests/") }.count }
        let manifests = manifestRequests()
        let up = project.compose(["up", "-d"])
        #expect(up.code == 0, "\(up.err)")
        #expect(up.err.components(separatedBy: "Image \(image)  Pulling").count == 2, "only the always service pulls: \(up.err)")
        #expect(manifestRequests() > manifests, "always asks the registry again")
        #expect(project.compose(["down"]).code == 0)
        project.expectNothingLeft()
    }
}
