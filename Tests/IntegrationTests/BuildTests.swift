import Foundation
import TestSupport
import Testing

/// `minirun build` of Dockerfiles with offline RUN steps (--network none) on the busybox image.
@Suite(.enabled(if: isRoot, "needs root"), .serialized)
struct BuildTests {
    /// A context directory in the sandbox with these files ("Dockerfile" among them, usually).
    static func context(_ box: Sandbox, _ files: [String: String]) throws -> String {
        let directory = box.root + "/context-" + UUID().uuidString.prefix(8)
        for (name, text) in files {
            let path = directory + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// The image's config blob, as the store keeps it.
    static func config(_ box: Sandbox, _ reference: String) throws -> [String: Any] {
        let hex = imageID(box, reference)
        try #require(!hex.isEmpty, "no image \(reference)")
        let content = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: box.root + "/images/content/\(hex).json"))) as! [String: Any]
        let digest = ((content["config"] as! [String: Any])["digest"] as! String).dropFirst(7)
        return try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: box.root + "/images/blobs/sha256/\(digest)"))) as! [String: Any]
    }

    /// The ID (64 hex digits) of the image named NAME[:TAG] in the store's index; "" when none.
    static func imageID(_ box: Sandbox, _ reference: String) -> String {
        let parts = reference.split(separator: ":", maxSplits: 1).map(String.init)
        let tag = parts.count == 2 ? parts[1] : "latest"
        guard let data = FileManager.default.contents(atPath: box.root + "/images/index.json"),
              let index = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return "" }
        return index.first { $0["repository"] as? String == parts[0] && $0["tag"] as? String == tag }?["id"] as? String ?? ""
    }

    @Test func buildsEveryInstructionIntoTheImage() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let dockerfile = #"""
            # escape=\
            ARG BASE=busybox
            FROM ${BASE} AS base
            ARG WHO=world
            ARG UNSET
            ENV GREETING="hello ${WHO}" \
                EMPTY=${UNSET:-fallback} PLUS=${WHO:+set}
            # a comment inside the file
            WORKDIR app
            WORKDIR sub
            RUN echo "$GREETING" > greeting && \
                echo "$EMPTY $PLUS" >> greeting
            RUN ["/bin/sh", "-c", "echo exec form > exec"]
            SHELL ["/bin/sh", "-e", "-c"]
            RUN <<EOF
            echo from a heredoc > /heredoc
            EOF
            COPY a.txt b.txt ./
            COPY files/*.conf /etc/confs/
            COPY --chown=7:8 --chmod=640 a.txt /owned
            ADD archive.tar /unpacked/
            USER 1000:1000
            EXPOSE 80 53/udp
            LABEL org.example.name="the image" version=1
            VOLUME /data
            STOPSIGNAL SIGUSR1
            CMD ["run", "me"]
            ENTRYPOINT ["/bin/echo"]
            """#
        let context = try Self.context(box, [
            "Dockerfile": dockerfile, "a.txt": "A\n", "b.txt": "B\n", "files/one.conf": "1\n", "files/two.conf": "2\n",
            "files/other.txt": "no\n",
        ])
        // A tar for ADD to extract.
        let archiveSource = context + "/archive-source"
        try FileManager.default.createDirectory(atPath: archiveSource + "/inner", withIntermediateDirectories: true)
        try "packed\n".write(toFile: archiveSource + "/inner/file", atomically: true, encoding: .utf8)
        #expect(Command.run("/bin/tar", ["-C", archiveSource, "-cf", context + "/archive.tar", "inner"]).code == 0)

        let built = box.run(["build", "--network", "none", "--build-arg", "WHO=tests", "-t", "every:1", context])
        #expect(built.code == 0, "\(built.err)")
        #expect(built.err.contains("[2/21] ARG WHO=world"), "\(built.err)")
        #expect(built.err.contains("naming to docker.io/library/every:1"))
        #expect(built.out.isEmpty)

        // The image's own ENTRYPOINT and CMD, as run applies them.
        let own = box.run(["run", "--rm", "--net=none", "every:1"])
        #expect(own.out == "run me\n", "\(own.err)")
        let probe = box.run(["run", "--rm", "--net=none", "--user", "0", "--entrypoint", "", "every:1", "sh", "-c",
                             "cat /app/sub/greeting /app/sub/exec /heredoc /app/sub/a.txt /app/sub/b.txt; ls /etc/confs; "
                                 + "stat -c '%u %g %a' /owned; cat /unpacked/inner/file; stat -c '%u %g' /app/sub/a.txt"])
        #expect(probe.out == "hello tests\nfallback set\nexec form\nfrom a heredoc\nA\nB\none.conf\ntwo.conf\n7 8 640\npacked\n0 0\n", "\(probe.err)")

        let config = try #require(try Self.config(box, "every:1")["config"] as? [String: Any])
        let env = config["Env"] as? [String] ?? []
        #expect(env.contains("GREETING=hello tests") && env.contains("EMPTY=fallback") && env.contains("PLUS=set"))
        #expect(!env.contains { $0.hasPrefix("WHO=") }, "an ARG is not stored in the image")
        #expect(config["WorkingDir"] as? String == "/app/sub")
        #expect(config["User"] as? String == "1000:1000")
        #expect((config["ExposedPorts"] as? [String: Any]).map { Set($0.keys) } == ["80/tcp", "53/udp"])
        #expect(config["Labels"] as? [String: String] == ["org.example.name": "the image", "version": "1"])
        #expect((config["Volumes"] as? [String: Any]).map { Array($0.keys) } == ["/data"])
        #expect(config["StopSignal"] as? String == "SIGUSR1")
        #expect(config["Entrypoint"] as? [String] == ["/bin/echo"])
        // CMD came before ENTRYPOINT in this Dockerfile: it stays.
        #expect(config["Cmd"] as? [String] == ["run", "me"])
    }

    @Test func entrypointResetsAnInheritedCmdAndConfigStepsAddNoLayer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try Self.context(box, ["Dockerfile": "FROM busybox\nCMD [\"sh\"]\n", "Dockerfile.child": "FROM parent\nENTRYPOINT [\"/bin/true\"]\nENV A=1\n"])
        #expect(box.run(["build", "-t", "parent", context]).code == 0)
        let built = box.run(["build", "-t", "child", "-f", context + "/Dockerfile.child", context])
        #expect(built.code == 0, "\(built.err)")
        let config = try Self.config(box, "child")
        #expect((config["config"] as? [String: Any])?["Cmd"] == nil)
        let parentLayers = (try Self.config(box, "busybox")["rootfs"] as? [String: Any])?["diff_ids"] as? [String]
        #expect((config["rootfs"] as? [String: Any])?["diff_ids"] as? [String] == parentLayers)
        let history = config["history"] as? [[String: Any]] ?? []
        #expect(history.suffix(3).allSatisfy { $0["empty_layer"] as? Bool == true })
    }

    /// As Docker's builders: a base without PATH (busybox's import) gets the default PATH, and
    /// SHELL is kept in the image - for the shell form of its CMD and of RUN in builds FROM it.
    @Test func shellIsKeptInTheImageAndABaseWithoutPathGetsOne() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try Self.context(box, [
            // A shell that logs what it runs: -c COMMAND.
            "myshell": "#!/bin/sh\necho \"myshell $2\" >> /shell.log\nexec /bin/sh -c \"$2\"\n",
            "Dockerfile": "FROM busybox\nCOPY myshell /bin/\nRUN chmod 755 /bin/myshell\nSHELL [\"/bin/myshell\", \"-c\"]\nCMD echo cmd\n",
            "Dockerfile.child": "FROM parent\nRUN echo child\n",
        ])
        let parent = box.run(["build", "-t", "parent", context])
        #expect(parent.code == 0, "\(parent.err)")
        let config = try #require(try Self.config(box, "parent")["config"] as? [String: Any])
        #expect(config["Env"] as? [String] == ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"])
        #expect(config["Shell"] as? [String] == ["/bin/myshell", "-c"] && config["Cmd"] as? [String] == ["/bin/myshell", "-c", "echo cmd"])
        #expect(box.run(["image", "inspect", "-f", "{{json .Config.Shell}}", "parent"]).out == "[\"/bin/myshell\",\"-c\"]\n")
        let built = box.run(["build", "-t", "child", "-f", context + "/Dockerfile.child", context])
        #expect(built.code == 0, "\(built.err)")
        #expect(box.run(["run", "--rm", "--net=none", "child"]).out == "cmd\n")
        #expect(box.run(["run", "--rm", "--net=none", "--entrypoint", "cat", "child", "/shell.log"]).out == "myshell echo child\n",
                "the parent's SHELL ran the child's RUN")
    }

    @Test func anUnchangedRebuildRunsNothingAndAChangedFileRebuildsFromItsStep() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // A RUN that writes a random UUID: a step that ran again would make another image.
        let context = try Self.context(box, [
            "Dockerfile": "FROM busybox\nRUN cat /proc/sys/kernel/random/uuid > /stamp\nLABEL a=1 b=2 c=3 d=4\nEXPOSE 1 2 3 4\nCOPY file /file\nRUN cat /file /stamp > /both\n",
            "file": "one\n",
        ])
        let first = box.run(["build", "--network", "none", "-t", "cached", context])
        #expect(first.code == 0, "\(first.err)")
        let firstID = Self.imageID(box, "cached")

        let again = box.run(["build", "--network", "none", "-t", "cached", context])
        #expect(again.code == 0, "\(again.err)")
        #expect(again.err.components(separatedBy: " CACHED").count - 1 == 5, "\(again.err)")
        #expect(Self.imageID(box, "cached") == firstID)
        let quiet = box.run(["build", "-q", "--network", "none", "--iidfile", box.root + "/built.id", context])
        #expect(quiet.out == "sha256:" + firstID + "\n" && quiet.err.isEmpty, "\(quiet.err)")
        #expect(try String(contentsOfFile: box.root + "/built.id", encoding: .utf8) == "sha256:" + firstID, "--iidfile, without a newline")

        // Only the mode of the file changes: COPY and the RUN after it run again, the first RUN does not.
        chmod(context + "/file", 0o600)
        let changed = box.run(["build", "--network", "none", "-t", "cached", context])
        #expect(changed.err.components(separatedBy: " CACHED").count - 1 == 3, "\(changed.err)")
        let stamp = box.run(["run", "--rm", "--net=none", "cached", "cat", "/stamp"]).out
        #expect(box.run(["run", "--rm", "--net=none", "cached", "cat", "/both"]).out == "one\n" + stamp)

        let noCache = box.run(["build", "--no-cache", "--network", "none", "-t", "cached", context])
        #expect(noCache.code == 0 && !noCache.err.contains("CACHED"), "\(noCache.err)")
        #expect(box.run(["run", "--rm", "--net=none", "cached", "cat", "/stamp"]).out != stamp)
    }

    @Test func buildArgsAreInTheKeyOfRunSteps() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try Self.context(box, ["Dockerfile": "FROM busybox\nARG V=a\nRUN echo $V > /v\n"])
        #expect(box.run(["build", "--network", "none", "-t", "args", context]).code == 0)
        let other = box.run(["build", "--network", "none", "--build-arg", "V=b", "-t", "args", context])
        #expect(!other.err.contains("CACHED"), "\(other.err)")
        #expect(box.run(["run", "--rm", "--net=none", "args", "cat", "/v"]).out == "b\n")
        let unused = box.run(["build", "--network", "none", "--build-arg", "NOPE=1", context])
        #expect(unused.err.contains("[Warning] One or more build-args [\"NOPE\"] were not consumed"), "\(unused.err)")
    }

    @Test func multiStageWithTargetBuildsOnlyWhatTheTargetNeeds() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try Self.context(box, ["Dockerfile": """
            FROM busybox AS build
            RUN mkdir -p /out && echo built > /out/artifact && chmod 751 /out/artifact
            FROM busybox AS broken
            RUN exit 9
            FROM scratch AS final
            COPY --from=build /out/artifact /artifact
            FROM busybox
            COPY --from=0 --chown=3:4 /out /copied/
            RUN exit 7
            """])
        let built = box.run(["build", "--network", "none", "--target", "final", "-t", "final", context])
        #expect(built.code == 0, "\(built.err)")
        #expect(!built.err.contains("exit 9") && !built.err.contains("exit 7"), "stages the target does not need are skipped: \(built.err)")
        // A scratch image has no shell: look at its layer through another stage of the same file.
        let copier = try Self.context(box, ["Dockerfile": "FROM busybox\nCOPY --from=final /artifact /got\n"])
        #expect(box.run(["build", "-t", "got", copier]).code == 0)
        #expect(box.run(["run", "--rm", "--net=none", "got", "sh", "-c", "cat /got; stat -c %a /got"]).out == "built\n751\n")
        let owners = try Self.context(box, ["Dockerfile": "FROM busybox AS build\nRUN mkdir /out && echo x > /out/f\nFROM busybox\nCOPY --from=0 --chown=3:4 /out /copied/deep/\n"])
        #expect(box.run(["build", "--network", "none", "-t", "owners", owners]).code == 0)
        // The directories the COPY made are the --chown owner's too, as Docker makes them.
        let stat = ["run", "--rm", "--net=none", "owners", "stat", "-c", "%u:%g %n", "/copied", "/copied/deep", "/copied/deep/f"]
        #expect(box.run(stat).out == "3:4 /copied\n3:4 /copied/deep\n3:4 /copied/deep/f\n")

        let unknown = box.run(["build", "--target", "nosuch", context])
        #expect(unknown.code == 1 && unknown.err.contains("failed to reach build target nosuch"), "\(unknown.err)")
    }

    @Test func dockerignoreLeavesFilesOutWithItsExceptions() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try Self.context(box, [
            "Dockerfile": "FROM busybox\nCOPY . /ctx/\n",
            ".dockerignore": "# comment\n*.log\nsecret/\n**/tmp\n!keep.log\n",
            "a.log": "", "keep.log": "", "main.c": "", "secret/key": "", "deep/er/tmp": "", "deep/er/kept": "",
        ])
        let built = box.run(["build", "-t", "ignored", context])
        #expect(built.code == 0, "\(built.err)")
        let listing = box.run(["run", "--rm", "--net=none", "ignored", "sh", "-c", "cd /ctx && find . -type f | sort"])
        #expect(listing.out == "./.dockerignore\n./Dockerfile\n./deep/er/kept\n./keep.log\n./main.c\n", "\(listing.err)")
        let named = try Self.context(box, ["Dockerfile": "FROM busybox\nCOPY a.log /\n", ".dockerignore": "*.log\n", "a.log": ""])
        let refused = box.run(["build", named])
        #expect(refused.code == 1 && refused.err.contains("Dockerfile:2: COPY: \"/a.log\": not found in the build context"), "\(refused.err)")
    }

    @Test func aRunThatDeletesFilesHidesThemInTheImage() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try Self.context(box, ["Dockerfile": """
            FROM busybox
            RUN mkdir /d && touch /d/a /d/b
            RUN rm /bin/vi && rm -rf /d && mkdir /d && touch /d/new
            """])
        let built = box.run(["build", "--network", "none", "-t", "deleted", context])
        #expect(built.code == 0, "\(built.err)")
        let probe = box.run(["run", "--rm", "--net=none", "deleted", "sh", "-c", "ls /d; test -e /bin/vi || echo gone"])
        #expect(probe.out == "new\ngone\n", "\(probe.err)")
        // The layer is in OCI form: `save` writes the whiteouts as .wh. files.
        let saved = box.root + "/deleted.tar"
        #expect(box.run(["save", "-o", saved, "deleted"]).code == 0)
        let unpacked = box.root + "/deleted"
        try FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
        #expect(Command.run("/bin/tar", ["-C", unpacked, "-xf", saved]).code == 0)
        var names: [String] = []
        for blob in try FileManager.default.contentsOfDirectory(atPath: unpacked + "/blobs/sha256") {
            names += Command.run("/bin/tar", ["-tf", unpacked + "/blobs/sha256/" + blob]).out.split(separator: "\n").map(String.init)
        }
        #expect(names.contains("bin/.wh.vi") && names.contains("d/.wh..wh..opq"), "\(names.filter { $0.contains(".wh.") })")
    }

    @Test func failuresNameTheLineTagNothingAndLeaveNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try Self.context(box, ["Dockerfile": "FROM busybox\nRUN echo kept > /kept\nRUN echo on stdout; echo on stderr >&2; exit 3\n"])
        let failed = box.run(["build", "--network", "none", "-t", "failed", context])
        #expect(failed.code == 1)
        #expect(failed.err.contains("on stdout\non stderr\n"), "the step's output is shown: \(failed.err)")
        #expect(failed.err.contains("Dockerfile:3: RUN echo on stdout; echo on stderr >&2; exit 3: process \"/bin/sh -c echo on stdout; echo on stderr >&2; exit 3\" did not complete successfully: exit code: 3"), "\(failed.err)")
        #expect(Self.imageID(box, "failed").isEmpty, "nothing is tagged")
        #expect(box.run(["ps", "-a", "-q"]).out.isEmpty && box.containerIDs.isEmpty && box.mounts.isEmpty)
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: box.root + "/images")) ?? []).contains { $0.hasPrefix(".staging") })
        // The finished step stays in the cache.
        try "FROM busybox\nRUN echo kept > /kept\nRUN true\n".write(toFile: context + "/Dockerfile", atomically: true, encoding: .utf8)
        let fixed = box.run(["build", "--network", "none", "-t", "fixed", context])
        #expect(fixed.code == 0 && fixed.err.contains("[2/3] RUN echo kept > /kept\n CACHED"), "\(fixed.err)")

        let cases: [(String, String)] = [
            ("FROM busybox\nRUN true\nFOO bar\n", "Dockerfile:3: unknown instruction: FOO"),
            ("FROM busybox\nCOPY missing /x\n", "Dockerfile:2: COPY: \"/missing\": not found in the build context"),
            ("FROM busybox\nCOPY ../outside /x\n", "Dockerfile:2: COPY: forbidden path outside the build context: ../outside"),
            // An image COPY --from names is pulled when missing, as a FROM image is: port 1 of loopback refuses at once.
            ("FROM busybox\nCOPY --from=127.0.0.1:1/nosuch:1 /x /x\n", "Dockerfile:2: COPY --from=127.0.0.1:1/nosuch:1: cannot reach 127.0.0.1:1"),
            // A missing FROM image is pulled: BuildSourcesTests has it failing against a closed port of loopback.
            ("RUN true\n", "Dockerfile:1: no build stage in current context"),
            ("FROM busybox\nENV\n", "Dockerfile:2: ENV requires at least one argument"),
        ]
        for (text, message) in cases {
            let result = box.run(["build", "--network", "none", "-t", "bad", "-f", "-", context], stdin: text)
            #expect(result.code == 1 && result.err.contains(message), "\(text): \(result.err)")
        }
        #expect(Self.imageID(box, "bad").isEmpty)
        let usage = box.run(["build", "--network", "container:x", context])
        #expect(usage.code == 125, "\(usage.err)")
    }

    @Test func aDockerfileOnStandardInputHasNoContext() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let built = box.run(["image", "build", "-q", "--network", "none", "-"], stdin: "FROM busybox\nRUN echo in > /in\n")
        #expect(built.code == 0 && built.out.hasPrefix("sha256:"), "\(built.err)")
        let copying = box.run(["build", "-"], stdin: "FROM busybox\nCOPY x /x\n")
        #expect(copying.code == 1 && copying.err.contains("needs a build context"), "\(copying.err)")
    }

    @Test func anInterruptedBuildCancelsItsRunStepAndLeavesNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try Self.context(box, ["Dockerfile": "FROM busybox\nRUN sleep 60\n"])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: box.minirun)
        process.arguments = ["build", "--network", "none", "-t", "interrupted", context]
        process.environment = ProcessInfo.processInfo.environment.merging(["MINIRUN_ROOT": box.root]) { $1 }
        process.standardError = FileHandle.nullDevice
        try process.run()
        #expect(eventually(10) { !box.containerIDs.isEmpty && box.run(["ps", "-q"]).out.count > 0 })
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(Self.imageID(box, "interrupted").isEmpty)
        #expect(box.containerIDs.isEmpty && box.mounts.isEmpty)
    }

    @Test func aBuildKilledWithSIGKILLLeavesAContainerTheNextBuildRemoves() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try Self.context(box, ["Dockerfile": "FROM busybox\nRUN sleep 60\n"])
        let killed = try box.start(["build", "--network", "none", "-t", "killed", context])
        #expect(eventually(10) { box.run(["ps", "-q"]).out.count > 0 })
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        #expect(eventually(10) { box.run(["ps", "-q"]).out.isEmpty }, "the RUN container dies with its build")
        #expect(Self.imageID(box, "killed").isEmpty)
        let next = try Self.context(box, ["Dockerfile": "FROM busybox\nENV A=1\n"])
        #expect(box.run(["build", "-t", "next", next]).code == 0)
        #expect(box.run(["ps", "-a", "-q"]).out.isEmpty, "the killed build's container is gone")
    }

    @Test func copyTakesHeredocsAndAStageNamedThroughAVariable() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try Self.context(box, ["Dockerfile": """
            FROM busybox AS one
            RUN echo one > /one
            FROM busybox
            ARG SRC=one
            ENV WHO=world
            COPY --from=$SRC /one /copied
            COPY <<EOF /etc/greeting
            hello $WHO
            EOF
            COPY --chmod=755 <<'SCRIPT' /usr/local/bin/hi
            #!/bin/sh
            echo "hi $WHO"
            SCRIPT
            RUN cat /etc/greeting /copied && hi && stat -c '%a %n' /etc /usr/local/bin/hi
            """])
        let built = box.run(["build", "--network", "none", context])
        #expect(built.code == 0, "\(built.err)")
        #expect(built.err.contains("hello world\none\nhi world\n755 /etc\n755 /usr/local/bin/hi\n"), "\(built.err)")
    }
}
