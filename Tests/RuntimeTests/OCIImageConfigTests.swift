import Testing
@testable import Runtime

struct OCIImageConfigTests {
    /// A config as `docker save` writes it: Docker's extra fields are ignored, the spec's are read.
    @Test func readsADockerConfigWithTheSpecFieldsAndIgnoresTheRest() throws {
        let json = #"""
        {"architecture":"amd64","os":"linux","created":"2024-05-01T12:00:00.5Z","docker_version":"25.0.3",
         "config":{"User":"app","Env":["PATH=/bin","A=1"],"Entrypoint":["/bin/sh","-c"],"Cmd":["echo hi"],
                   "WorkingDir":"/srv","ExposedPorts":{"80/tcp":{}},"Volumes":{"/data":{}},
                   "Labels":{"k":"v"},"StopSignal":"SIGQUIT","ArgsEscaped":true},
         "container_config":{"Cmd":["ignored"]},
         "rootfs":{"type":"layers","diff_ids":["sha256:aa","sha256:bb"]},
         "history":[{"created":"2024-05-01T12:00:00Z","created_by":"ADD rootfs /","empty_layer":false},
                    {"created_by":"CMD [\"echo hi\"]","empty_layer":true}]}
        """#
        let config = try StateJSON.decode(OCIImageConfig.self, from: Array(json.utf8))
        #expect(config.os == "linux" && config.architecture == "amd64")
        #expect(config.config?.user == "app")
        #expect(config.config?.env == ["PATH=/bin", "A=1"])
        #expect(config.config?.entrypoint == ["/bin/sh", "-c"])
        #expect(config.config?.cmd == ["echo hi"])
        #expect(config.config?.workingDir == "/srv")
        #expect(config.config?.exposedPorts?.keys.sorted() == ["80/tcp"])
        #expect(config.config?.volumes?.keys.sorted() == ["/data"])
        #expect(config.config?.labels == ["k": "v"])
        #expect(config.config?.stopSignal == "SIGQUIT")
        #expect(config.rootfs.diffIDs == ["sha256:aa", "sha256:bb"])
        #expect(config.history?.map(\.emptyLayer) == [false, true])
        #expect(config.history?.first?.createdBy == "ADD rootfs /")
    }

    /// Written back with the spec's key names, so that other tools read what minirun writes.
    @Test func writesTheSpecKeyNames() throws {
        let config = OCIImageConfig(
            architecture: "amd64", os: "linux",
            config: .init(exposedPorts: ["80/tcp": .init()], cmd: ["sh"], workingDir: "/w"),
            rootfs: .init(diffIDs: ["sha256:aa"]), history: [.init(createdBy: "x", emptyLayer: true)])
        let text = String(decoding: try StateJSON.encode(config), as: UTF8.self)
        for key in [#""ExposedPorts":{"80/tcp":{}}"#, #""Cmd":["sh"]"#, #""WorkingDir":"/w""#, #""diff_ids":["sha256:aa"]"#,
                    #""created_by":"x""#, #""empty_layer":true"#] {
            #expect(text.contains(key), "\(key) missing in \(text)")
        }
        #expect(try StateJSON.decode(OCIImageConfig.self, from: Array(text.utf8)) == config)
    }
}
