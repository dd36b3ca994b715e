import Foundation
import TestSupport
import Testing

/// An image's config (given with `import --change`) at work in `run`, `create`, `stop`, `rm`, and
/// shown by `inspect`, `image inspect`, `history` and `ps`.
@Suite(.enabled(if: isRoot, "needs root"))
struct ImageConfigTests {
    /// A sandbox with busybox imported as `configured` with these changes.
    func sandbox(_ changes: [String]) throws -> Sandbox {
        let box = try Sandbox()
        let imported = box.run(["import"] + changes.flatMap { ["--change", $0] } + [try BusyboxImage.tarball(), "configured"])
        try #require(imported.code == 0, "\(imported.err)")
        return box
    }

    @Test func envEntrypointCmdWorkdirAndUserAreAtWorkAndOverridden() throws {
        let box = try sandbox([
            "ENV GREETING=hello WHO=\"big world\"", #"ENTRYPOINT ["sh", "-c"]"#,
            #"CMD ["echo $GREETING $WHO in $(pwd) as $(id -u):$(id -g)"]"#, "WORKDIR /srv/app", "USER nobody",
        ])
        defer { box.finish() }
        let uid = box.run(["run", "--rm", "--net=none", "--entrypoint", "sh", "configured", "-c", "echo $(id -u):$(id -g)"]).out
            .trimmingCharacters(in: .newlines)
        try #require(!uid.isEmpty, "busybox's /etc/passwd names nobody")
        #expect(box.run(["run", "--rm", "--net=none", "configured"]).out == "hello big world in /srv/app as \(uid)\n")
        // A command line replaces CMD; -e replaces a name; -w and -u replace WORKDIR and USER.
        let overridden = box.run(["run", "--rm", "--net=none", "-e", "WHO=you", "-w", "/tmp", "-u", "0", "configured", "echo $GREETING $WHO in $(pwd) as $(id -u)"])
        #expect(overridden.out == "hello you in /tmp as 0\n", "\(overridden.err)")
        // --entrypoint replaces ENTRYPOINT and drops CMD; '' clears it.
        #expect(box.run(["run", "--rm", "--net=none", "--entrypoint", "echo", "configured"]).out == "\n")
        #expect(box.run(["run", "--rm", "--net=none", "--entrypoint", "echo", "configured", "a", "b"]).out == "a b\n")
        #expect(box.run(["run", "--rm", "--net=none", "--entrypoint", "", "configured", "pwd"]).out == "/srv/app\n")
        let none = box.run(["run", "--rm", "--net=none", "--entrypoint", "", "configured"])
        #expect(none.code == 125 && none.err == "minirun: no command specified\n")
        // create keeps what run would do; inspect shows it as Docker does.
        let id = box.run(["create", "--net=none", "--name", "made", "-e", "WHO=x", "configured"]).out.trimmingCharacters(in: .newlines)
        let config = try inspect(box, "made", "{{json .Config}}")
        #expect(config["Entrypoint"] as? [String] == ["sh", "-c"])
        #expect(config["Cmd"] as? [String] == ["echo $GREETING $WHO in $(pwd) as $(id -u):$(id -g)"])
        #expect(config["WorkingDir"] as? String == "/srv/app" && config["User"] as? String == "nobody")
        #expect((config["Env"] as? [String])?.filter { $0.hasPrefix("GREETING=") || $0.hasPrefix("WHO=") } == ["GREETING=hello", "WHO=x"])
        #expect(box.run(["start", "-a", id]).out == "hello x in /srv/app as \(uid)\n")
    }

    /// The working directory is made in the container when the image lacks it, as Docker does.
    @Test func aMissingWorkdirIsMade() throws {
        let box = try sandbox(["WORKDIR /not/there/yet"])
        defer { box.finish() }
        #expect(box.run(["run", "--rm", "--net=none", "configured", "pwd"]).out == "/not/there/yet\n")
    }

    @Test func withoutACommandAnywhereRunFailsAsDocker() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let result = box.run(["run", "--rm", "--net=none", "busybox"])
        #expect(result.code == 125 && result.err == "minirun: no command specified\n")
        #expect(box.containerIDs.isEmpty)
    }

    /// -P publishes every exposed port on a free host port; a connection to it on loopback reaches
    /// the container. ps and inspect show the port as Docker does.
    @Test func publishAllPublishesTheExposedPorts() throws {
        let box = try sandbox(["EXPOSE 8080 9999/udp", #"CMD ["httpd", "-f", "-p", "8080", "-h", "/etc"]"#])
        defer { box.finish() }
        let run = box.run(["run", "-d", "-P", "--name", "web", "configured"])
        #expect(run.code == 0, "\(run.err)")
        let ports = try inspect(box, "web", "{{json .NetworkSettings.Ports}}")
        let binding = try #require((ports["8080/tcp"] as? [[String: String]])?.first)
        let hostPort = try #require(binding["HostPort"].flatMap(Int.init))
        #expect(hostPort > 0)
        #expect((ports["9999/udp"] as? [[String: String]])?.count == 1)
        #expect(eventually { Command.shell("timeout 5 busybox wget -q -O- http://127.0.0.1:\(hostPort)/hostname").out.contains(run.out.prefix(12)) })
        let ps = box.run(["ps", "--format", "{{.Ports}}"]).out
        #expect(ps.contains("0.0.0.0:\(hostPort)->8080/tcp"), "\(ps)")
        // `port`, Docker's way to find what -P picked: every port, or the host address of one.
        let udpPort = try #require((ports["9999/udp"] as? [[String: String]])?.first?["HostPort"])
        #expect(box.run(["port", "web"]).out == "8080/tcp -> 0.0.0.0:\(hostPort)\n9999/udp -> 0.0.0.0:\(udpPort)\n")
        #expect(box.run(["port", "web", "8080"]).out == "0.0.0.0:\(hostPort)\n")
        #expect(box.run(["port", "web", "9999/udp"]).out == "0.0.0.0:\(udpPort)\n")
        let unpublished = box.run(["port", "web", "9999"])
        #expect(unpublished.code == 1 && unpublished.err == "minirun: No public port '9999/tcp' published for web\n")
        #expect(box.run(["port", "nosuch"]).code == 1)
        #expect(box.run(["inspect", "-f", "{{.HostConfig.PublishAllPorts}} {{json .Config.ExposedPorts}}", "web"]).out
            == #"true {"8080/tcp":{},"9999/udp":{}}"# + "\n")
        // Without -P an exposed port (the image's, or --expose's) is listed but not published.
        #expect(box.run(["run", "-d", "--name", "quiet", "--expose", "7000-7001", "configured"]).code == 0)
        #expect(box.run(["ps", "--filter", "name=quiet", "--format", "{{.Ports}}"]).out == "7000/tcp, 7001/tcp, 8080/tcp, 9999/udp\n")
        #expect(box.run(["create", "--expose", "80/xyz", "configured"]).code == 125)
        #expect(box.run(["port", "quiet"]).out == "", "an exposed port is not published")
        #expect(box.run(["stop", "-t", "0", "web"]).code == 0)
        let stopped = box.run(["port", "web"])
        #expect(stopped.code == 0 && stopped.out == "" && stopped.err == "", "a stopped container publishes nothing")
    }

    /// An image's VOLUME gives each container an anonymous volume under the state root, which
    /// `rm -v` and `--rm` remove and `rm` keeps, as in Docker.
    @Test func volumesAreAnonymousVolumesThatGoWithRmV() throws {
        let box = try sandbox(["VOLUME /data"])
        defer { box.finish() }
        func volumes() -> Set<String> {
            Set((try? FileManager.default.contentsOfDirectory(atPath: box.root + "/volumes")) ?? [])
        }
        #expect(box.run(["run", "--name", "kept", "--net=none", "configured", "sh", "-c", "echo one > /data/f"]).code == 0)
        let mounts = try inspectArray(box, "kept", "{{json .Mounts}}")
        let name = try #require(mounts.first?["Name"] as? String)
        #expect(mounts.first?["Destination"] as? String == "/data" && mounts.first?["Type"] as? String == "volume")
        #expect(try String(contentsOfFile: box.root + "/volumes/\(name)/_data/f", encoding: .utf8) == "one\n")
        #expect(box.run(["inspect", "-f", "{{json .Config.Volumes}}", "kept"]).out == #"{"/data":{}}"# + "\n")
        #expect(box.run(["rm", "kept"]).code == 0)
        #expect(volumes() == [name], "rm without -v keeps the volume")
        try FileManager.default.removeItem(atPath: box.root + "/volumes/\(name)")

        #expect(box.run(["run", "--name", "gone", "--net=none", "configured", "touch", "/data/f"]).code == 0)
        #expect(volumes().count == 1)
        #expect(box.run(["rm", "-v", "gone"]).code == 0)
        #expect(volumes().isEmpty, "rm -v removes it")

        #expect(box.run(["run", "--rm", "--net=none", "configured", "touch", "/data/f"]).code == 0)
        #expect(volumes().isEmpty, "--rm removes it")
        let detached = box.run(["run", "-d", "--rm", "--net=none", "configured", "touch", "/data/f"]).out.trimmingCharacters(in: .newlines)
        #expect(eventually { !box.containerIDs.contains(detached) && volumes().isEmpty }, "a detached --rm too")
        // A -v at the path takes the volume's place.
        #expect(box.run(["run", "--rm", "--net=none", "-v", "named:/data", "configured", "touch", "/data/f"]).code == 0)
        #expect(volumes() == ["named"])
        // -v with a container path alone is an anonymous volume as the image's are, gone with --rm.
        let anonymous = box.run(["run", "--rm", "--net=none", "-v", "/scratch", "configured", "sh", "-c", "touch /scratch/f && ls /scratch"])
        #expect(anonymous.code == 0 && anonymous.out == "f\n", "\(anonymous)")
        #expect(volumes() == ["named"])
        #expect(box.run(["run", "--rm", "--net=none", "-v", "relative", "configured", "true"]).code == 125)
    }

    /// A new volume is filled as Docker fills it: the owner, mode and files of the image's directory at
    /// its path, so the image's USER can write to it and finds what the image put there; symlinks are
    /// copied as links, never followed. A path through a symlink of the image gets an empty root-owned
    /// directory.
    @Test func anAnonymousVolumeStartsAsTheImagesDirectory() throws {
        let box = try sandbox([])
        defer { box.finish() }
        // An image whose /home/owned belongs to nobody (made by a container of busybox, then imported).
        let made = box.run(["run", "--name", "maker", "--net=none", "configured", "sh", "-c",
                            "mkdir -p /home/owned/sub && echo content > /home/owned/sub/file && ln -s /etc/shadow /home/owned/escape && "
                            + "chown -R nobody:nogroup /home/owned && chmod 750 /home/owned && ln -s /etc /home/link"])
        #expect(made.code == 0, "\(made.err)")
        let id = box.run(["inspect", "-f", "{{.Id}}", "maker"]).out.trimmingCharacters(in: .newlines)
        let tarball = box.root + "/owned.tar"
        // busybox's one layer (the two images share it), then the container's writes.
        let packed = Command.shell("tar -C \(box.root)/images/layers/*/diff -cf \(tarball) . && tar -C \(box.root)/containers/\(id)/upper -rf \(tarball) ./home")
        try #require(packed.code == 0, "\(packed.err)")
        #expect(box.run(["import", "-c", "VOLUME /home/owned /home/link/x", "-c", "USER nobody", tarball, "owned"]).code == 0)
        let result = box.run(["run", "--name", "user", "--net=none", "owned", "sh", "-c",
                              "touch /home/owned/f && stat -c '%U %a' /home/owned /home/link/x && cat /home/owned/sub/file && readlink /home/owned/escape && ls /home/link/x"])
        #expect(result.out == "nobody 750\nroot 755\ncontent\n/etc/shadow\n", "\(result.err)")
        let volume = try #require(try inspectArray(box, "user", "{{json .Mounts}}").first { $0["Destination"] as? String == "/home/owned" }?["Source"] as? String)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: volume + "/escape") == "/etc/shadow", "a link, not the host's file")
        #expect(Command.shell("stat -c '%U' \(volume)/sub/file").out == "nobody\n")
    }

    /// stop sends the image's STOPSIGNAL (or --stop-signal's), which a trap in the container sees.
    @Test func stopSendsTheStopSignal() throws {
        let box = try sandbox(["STOPSIGNAL SIGUSR1"])
        defer { box.finish() }
        let script = "trap 'echo got USR1; exit 3' USR1; trap 'echo got USR2; exit 4' USR2; echo ready; while true; do sleep 0.1; done"
        #expect(box.run(["run", "-d", "--net=none", "--name", "image", "configured", "sh", "-c", script]).code == 0)
        #expect(box.run(["run", "-d", "--net=none", "--name", "option", "--stop-signal", "USR2", "configured", "sh", "-c", script]).code == 0)
        for name in ["image", "option"] {
            #expect(eventually { box.run(["logs", name]).out == "ready\n" })
            #expect(box.run(["stop", "-t", "20", name]).code == 0)
        }
        #expect(box.run(["logs", "image"]).out == "ready\ngot USR1\n")
        #expect(box.run(["inspect", "-f", "{{.State.ExitCode}} {{.Config.StopSignal}}", "image"]).out == "3 SIGUSR1\n")
        #expect(box.run(["logs", "option"]).out == "ready\ngot USR2\n")
        #expect(box.run(["inspect", "-f", "{{.State.ExitCode}} {{.Config.StopSignal}}", "option"]).out == "4 USR2\n")
        let bad = box.run(["create", "--stop-signal", "NOPE", "configured", "true"])
        #expect(bad.code == 125 && bad.err.contains("invalid signal"))
    }

    @Test func labelsOfImageAndContainerFilterPs() throws {
        let box = try sandbox([#"LABEL tier=web "owner"="the team""#])
        defer { box.finish() }
        #expect(box.run(["create", "--name", "a", "-l", "tier=db", "--label", "extra", "configured", "true"]).code == 0)
        #expect(box.run(["create", "--name", "b", "configured", "true"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{json .Config.Labels}}", "a"]).out == #"{"extra":"","owner":"the team","tier":"db"}"# + "\n")
        #expect(box.run(["ps", "-a", "--filter", "label=tier=web", "--format", "{{.Names}}"]).out == "b\n")
        #expect(box.run(["ps", "-a", "--filter", "label=owner", "--filter", "label=extra", "--format", "{{.Names}}"]).out == "a\n")
    }

    @Test func imageInspectHistoryAndTag() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let id = box.run(["image", "import", "-c", #"CMD ["sh"]"#, "-c", "ENV A=1", "-m", "my message", try BusyboxImage.tarball(), "bb:1"])
            .out.trimmingCharacters(in: .newlines)
        #expect(id.hasPrefix("sha256:") && id.count == 71)
        #expect(box.run(["tag", "bb:1", "other"]).code == 0)
        #expect(box.run(["image", "tag", String(id.dropFirst(7).prefix(12)), "third:x"]).code == 0)
        let json = box.run(["image", "inspect", "bb:1"]).out
        let object = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])?.first)
        #expect(object["Id"] as? String == id)
        #expect(object["RepoTags"] as? [String] == ["bb:1", "other:latest", "third:x"])
        #expect(object["Comment"] as? String == "my message")
        #expect(object["Os"] as? String == "linux" && (object["Architecture"] as? String)?.isEmpty == false)
        #expect((object["Size"] as? Int ?? 0) > 1_000_000)
        let config = try #require(object["Config"] as? [String: Any])
        #expect(config["Cmd"] as? [String] == ["sh"] && config["Env"] as? [String] == ["A=1"])
        #expect(config["Entrypoint"] is NSNull)
        #expect((object["RootFS"] as? [String: Any])?["Type"] as? String == "layers")
        #expect(((object["RootFS"] as? [String: Any])?["Layers"] as? [String])?.first?.hasPrefix("sha256:") == true)
        #expect(box.run(["inspect", "-f", "{{.Id}} {{.Config.Cmd}}", "other"]).out == "\(id) [sh]\n", "inspect falls back to images")
        let missing = box.run(["inspect", "nothing"])
        #expect(missing.code == 1 && missing.err == "minirun: No such object: nothing\n" && missing.out == "[]\n")

        let history = box.run(["history", "bb:1"]).out.split(separator: "\n")
        #expect(history.first?.split(separator: " ", omittingEmptySubsequences: true) == ["IMAGE", "CREATED", "CREATED", "BY", "SIZE", "COMMENT"])
        #expect(history.count == 2 && history[1].hasPrefix(id.dropFirst(7).prefix(12)) && history[1].hasSuffix("my message"))
        #expect(box.run(["image", "history", "-q", "--no-trunc", "other"]).out == id + "\n")
        #expect(box.run(["history", "--format", "{{.Comment}}|{{.CreatedBy}}", "third:x"]).out == "my message|minirun image import\n")
        // -H=false: the size in bytes and CREATED as CreatedAt, RFC 3339 to the second as Docker's.
        let size = object["Size"] as? Int ?? 0
        let raw = box.run(["history", "-H=false", "--format", "{{.CreatedSince}}|{{.Size}}|{{.CreatedAt}}", "bb:1"]).out
        let fields = raw.dropLast().split(separator: "|").map(String.init)
        #expect(fields.count == 3 && fields[0] == fields[2] && fields[1] == String(size), "\(raw) (\(size))")
        #expect(fields.last?.range(of: "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", options: .regularExpression) != nil, "\(raw)")
        let rawTable = box.run(["history", "-H=false", "bb:1"]).out.split(separator: "\n")
        #expect(rawTable.first?.split(separator: " ") == ["IMAGE", "CREATED", "AT", "CREATED", "BY", "SIZE", "COMMENT"], "\(rawTable)")
        #expect(rawTable.count == 2 && rawTable[1].contains(fields[2] + "   ") && rawTable[1].contains(" \(size) "), "\(rawTable)")
        #expect(box.run(["rmi", "bb:1", "other", "third:x"]).code == 0)
        #expect(box.run(["images", "-q"]).out == "")
    }

    @Test func badChangesAreRefusedWithNothingImported() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        for change in ["RUN rm -rf /", "ENV", "STOPSIGNAL NOPE", "EXPOSE 80/xyz", #"ENV A="open"#] {
            let result = box.run(["import", "--change", change, try BusyboxImage.tarball(), "bad"])
            #expect(result.code == 125 && result.err.split(separator: "\n").count == 1, "\(change): \(result)")
        }
        #expect(box.run(["image", "import", "-c", "run true", try BusyboxImage.tarball(), "bad"]).err == "minirun: run is not a valid change command\n")
        #expect(box.run(["images", "-q"]).out == "")
    }

    func inspect(_ box: Sandbox, _ name: String, _ template: String) throws -> [String: Any] {
        let out = box.run(["inspect", "-f", template, name]).out
        return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any], "\(out)")
    }

    func inspectArray(_ box: Sandbox, _ name: String, _ template: String) throws -> [[String: Any]] {
        let out = box.run(["inspect", "-f", template, name]).out
        return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]], "\(out)")
    }
}
