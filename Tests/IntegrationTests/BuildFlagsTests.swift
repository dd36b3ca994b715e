import Foundation
import TestSupport
import Testing

/// `build`'s flags beyond the Dockerfile: the container flags every RUN step takes (as `run`'s),
/// --platform and BuildKit's automatic platform ARGs, and the flags Docker's BuildKit accepts and
/// ignores.
@Suite(.enabled(if: isRoot, "needs root"), .serialized)
struct BuildFlagsTests {
    /// This machine's architecture in Go's names, as the image-spec writes it (the tests run on these).
    static var architecture: String {
        var name = utsname()
        uname(&name)
        let machine = withUnsafeBytes(of: name.machine) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        return ["x86_64": "amd64", "aarch64": "arm64"][machine] ?? machine
    }

    @Test func runStepsTakeTheContainerFlags() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try BuildTests.context(box, ["Dockerfile": """
            FROM busybox
            RUN grep db.example /etc/hosts; echo "nofile $(ulimit -n)"; df -k /dev/shm | tail -n 1
            """])
        let built = box.run(["build", "--rm", "--force-rm", "--compress", "--network", "none", "--add-host", "db.example:10.9.8.7",
                             "--ulimit", "nofile=512:512", "--shm-size", "32m", context])
        #expect(built.code == 0, "\(built.err)")
        #expect(built.err.contains("10.9.8.7\tdb.example\n"), "\(built.err)")
        #expect(built.err.contains("nofile 512\n"), "\(built.err)")
        #expect(built.err.contains(" 32768 "), "a 32 MiB /dev/shm: \(built.err)")
        #expect(box.containerIDs.isEmpty && box.mounts.isEmpty)
    }

    @Test(.needsLimits(by: "memory")) func runStepsTakeTheMemoryLimit() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try BuildTests.context(box, ["Dockerfile": "FROM busybox\nRUN sleep 60\n"])
        let build = try box.start(["build", "--network", "none", "-m", "48m", "-t", "limited", context])
        #expect(eventually(10) { !box.run(["ps", "-q"]).out.isEmpty })
        let id = box.run(["ps", "-q"]).out.prefix(12)
        let limit = MachineCgroups.directories(named: "minirun-\(id)").lazy
            .compactMap { directory in ["/memory.limit_in_bytes", "/memory.max"].lazy.compactMap { try? String(contentsOfFile: directory + $0, encoding: .utf8) }.first }
            .first
        kill(build.processIdentifier, SIGINT)
        build.waitUntilExit()
        #expect(limit == "50331648\n", "the RUN container's memory limit")
        #expect(box.containerIDs.isEmpty && box.mounts.isEmpty)
    }

    @Test func platformArgsNameThisMachine() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try BuildTests.context(box, ["Dockerfile": """
            ARG TARGETOS
            FROM --platform=$BUILDPLATFORM busybox
            RUN echo "undeclared [$TARGETARCH]"
            ARG TARGETPLATFORM
            ARG TARGETARCH
            ARG BUILDOS
            ARG TARGETOS
            RUN echo "declared $TARGETPLATFORM $TARGETARCH $BUILDOS $TARGETOS"
            """])
        let built = box.run(["build", "--network", "none", "--platform", "linux/\(Self.architecture)", context])
        #expect(built.code == 0, "\(built.err)")
        #expect(built.err.contains("undeclared []\n"), "\(built.err)")
        #expect(built.err.contains("declared linux/\(Self.architecture) \(Self.architecture) linux linux\n"), "\(built.err)")
    }

    @Test func badValuesAreFlagErrorsAndAnotherPlatformIsRefused() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try BuildTests.context(box, ["Dockerfile": "FROM busybox\nRUN true\n"])
        let other = Self.architecture == "amd64" ? "arm64" : "amd64"
        let cases: [([String], String)] = [
            (["-m", "lots"], "invalid argument \"lots\" for \"-m, --memory\" flag"),
            (["--add-host", "nocolon"], "bad format for add-host"),
            (["--ulimit", "nofile"], "nofile"),
            (["--shm-size", "0"], "invalid --shm-size 0"),
            (["--platform", "linux/\(other)"], "only this machine's platform"),
        ]
        for (flags, message) in cases {
            let result = box.run(["build", "-t", "bad"] + flags + [context])
            #expect(result.code == 125 && result.err.contains(message), "\(flags): \(result.err)")
        }
        let foreign = box.run(["build", "-t", "bad", "-f", "-", context], stdin: "FROM --platform=linux/\(other) busybox\n")
        #expect(foreign.code == 1 && foreign.err.contains("only this machine's platform"), "\(foreign.err)")
        #expect(BuildTests.imageID(box, "bad").isEmpty && box.containerIDs.isEmpty)
    }
}
