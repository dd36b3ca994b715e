import Netns
import Testing
@testable import Runtime

/// What `run` and `create` make of an image's config and their own options: Docker's rules.
struct ImageConfigCompletionTests {
    let image = OCIImageConfig.Execution(
        user: "app", exposedPorts: ["443/tcp": .init(), "80/tcp": .init(), "53/udp": .init()], env: ["PATH=/bin", "A=1", "B=2"],
        entrypoint: ["/entry"], cmd: ["default", "arg"], volumes: ["/data": .init(), "/covered": .init()], workingDir: "/srv",
        labels: ["a": "image", "b": "image"], stopSignal: "SIGQUIT")

    func completed(_ command: [String] = [], _ change: (inout CreateOptions) throws -> Void = { _ in }) throws -> CreateOptions {
        var options = CreateOptions(image: "img", command: command)
        try change(&options)
        return try options.completed(with: image)
    }

    @Test func theImageGivesWhatTheOptionsLeaveOut() throws {
        let options = try completed()
        #expect(options.entrypoint == ["/entry"] && options.command == ["default", "arg"])
        #expect(options.env == ["PATH=/bin", "A=1", "B=2"])
        #expect(options.workingDir == "/srv" && options.user == "app" && options.stopSignal == "SIGQUIT")
        #expect(options.labels == ["a": "image", "b": "image"])
        #expect(options.exposedPorts == ["53/udp", "80/tcp", "443/tcp"])
        #expect(options.volumes.map(\.target) == ["/covered", "/data"] && options.volumes.allSatisfy(\.anonymous))
        #expect(Set(options.volumes.map(\.source)).count == 2 && options.volumes.allSatisfy { $0.source.count == 64 })
    }

    @Test func theOptionsOverrideTheImage() throws {
        let options = try completed(["mine"]) {
            $0.env = ["A=9", "C=3"]
            $0.workingDir = "/w"
            $0.user = "0"
            $0.stopSignal = "SIGINT"
            $0.labels = ["b": "mine"]
            $0.tmpfs = [try TmpfsMount(parsing: "/covered")]
        }
        #expect(options.entrypoint == ["/entry"] && options.command == ["mine"], "a command line replaces CMD only")
        #expect(options.env == ["PATH=/bin", "A=9", "B=2", "C=3"], "-e replaces a name where it stands, a new one goes last")
        #expect(options.workingDir == "/w" && options.user == "0" && options.stopSignal == "SIGINT")
        #expect(options.labels == ["a": "image", "b": "mine"])
        #expect(options.volumes.map(\.target) == ["/data"], "a --tmpfs or -v at a VOLUME path takes its place")
    }

    @Test func entrypointReplacesTheImagesAndDropsItsCmd() throws {
        let replaced = try completed { $0.entrypoint = ["/other"] }
        #expect(replaced.entrypoint == ["/other"] && replaced.command == [])
        let withArguments = try completed(["x"]) { $0.entrypoint = ["/other"] }
        #expect(withArguments.entrypoint == ["/other"] && withArguments.command == ["x"])
        let cleared = try completed(["sh"]) { $0.entrypoint = [] }
        #expect(cleared.entrypoint == [] && cleared.command == ["sh"])
        #expect(throws: RuntimeError.self) { try completed { $0.entrypoint = [] } }
    }

    @Test func noCommandAnywhereIsDockersError() throws {
        #expect {
            try CreateOptions(image: "img", command: []).completed(with: nil)
        } throws: { ($0 as? RuntimeError)?.message == "no command specified" }
        #expect(try CreateOptions(image: "img", command: ["true"]).completed(with: nil).entrypoint == [])
        #expect(throws: RuntimeError.self) { try completed { $0.stopSignal = "NOPE" } }
    }

    @Test func theConfigKeepsEntrypointAndCmdApartAndPublishesExposedPortsWithP() throws {
        var options = try completed(["x"])
        options.ports = [PublishedPort(hostPort: 8080, containerPort: 80)]
        options.publishAll = true
        let config = ContainerConfig(id: "id", name: "n", hostname: "h", imageID: "i", created: .now(), options: options)
        #expect(config.command == ["/entry", "x"] && config.entrypoint == ["/entry"])
        #expect(config.portsToPublish.map(\.specification) == ["8080:80/tcp", "53/udp", "443/tcp"])
        options.publishAll = false
        #expect(ContainerConfig(id: "id", name: "n", hostname: "h", imageID: "i", created: .now(), options: options).portsToPublish.count == 1)
    }

    /// A record written before these fields existed still loads, with them empty.
    @Test func anEarlierRecordLoadsWithoutTheNewFields() throws {
        let config = ContainerConfig(id: "id", name: "n", hostname: "h", imageID: "i", created: .now(), options: try completed())
        var json = String(decoding: try StateJSON.encode(config), as: UTF8.self)
        for key in [#""entrypoint":["/entry"],"#, #""exposedPorts":["53/udp","80/tcp","443/tcp"],"#, #""publishAll":false,"#, #","anonymous":true"#] {
            #expect(json.contains(key), "\(key) in \(json)")
            json = json.replacing(key, with: "")
        }
        json = json.replacing(/"labels":\{[^}]*\},/, with: "")  // its keys in any order
        let read = try StateJSON.decode(ContainerConfig.self, from: Array(json.utf8))
        #expect(read.entrypoint == [] && read.labels == [:] && read.exposedPorts == [] && !read.publishAll)
        #expect(read.volumes.allSatisfy { !$0.anonymous })
    }
}
