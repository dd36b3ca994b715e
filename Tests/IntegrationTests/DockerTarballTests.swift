import Foundation
import Testing
import TestSupport

/// A `docker save` tarball made by a real Docker - Debian's dockerd 20.10, started by
/// Tests/Fixtures/docker-save-tarball.sh with roots, socket and containerd namespace of its own -
/// of the busybox import plus two built layers, the second deleting a file (a whiteout) and
/// replacing a directory (an opaque directory), with ENV, WORKDIR, USER, ENTRYPOINT and CMD. It
/// loads and runs as Docker would run it; so does the same image as an OCI layout (skopeo), and
/// what `minirun save` writes of it, loaded into an empty state root.
@Suite(.enabled(if: isRoot, "needs root"), .enabled(if: DockerTarball.path != nil, "no real Docker here: see the reason printed"), .serialized)
struct DockerTarballTests {
    static let image = "minirun-docker-test:1"
    /// What the image's CMD prints: $GREETING from ENV, the WORKDIR, the USER's uid, and the
    /// directory the second layer replaced (its old file gone).
    static let expected = "hello-from-docker\n/srv/data\n1000\nnew\n"

    func checkRuns(_ box: Sandbox, _ name: String) {
        let ran = box.run(["run", "--rm", "--net=none", name])
        #expect(ran.code == 0 && ran.out == Self.expected, "\(ran)")
        // The first built layer's file is deleted by the second's whiteout.
        let gone = box.run(["run", "--rm", "--net=none", name, "test -e /etc/doomed || echo gone"])
        #expect(gone.out == "gone\n", "\(gone)")
    }

    @Test func aDockerSaveTarballLoadsAndRunsWithItsConfig() throws {
        let tarball = try #require(DockerTarball.path)
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let loaded = box.run(["load", "-i", tarball])
        #expect(loaded.code == 0 && loaded.out == "Loaded image: \(Self.image)\n", "\(loaded)")
        checkRuns(box, Self.image)
        let config = box.run(["image", "inspect", "-f", "{{.Config.User}} {{.Config.WorkingDir}} {{json .Config.Entrypoint}}", Self.image])
        #expect(config.out == "1000:1000 /srv/data [\"/bin/sh\",\"-c\"]\n", "\(config)")
    }

    @Test func theSameImageAsAnOCILayoutRunsTheSame() throws {
        let tarball = try #require(DockerTarball.path)
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let layout = box.root + "/layout"
        let copied = Command.run("/usr/bin/skopeo", ["copy", "--quiet", "docker-archive:" + tarball, "oci:" + layout + ":1"])
        try #require(copied.code == 0, "\(copied.err)")
        let loaded = box.run(["load", "-i", layout])
        #expect(loaded.code == 0, "\(loaded)")
        let id = box.run(["images", "-q"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(id.count == 12, "\(box.run(["images"]).out)")
        checkRuns(box, id)
    }

    @Test func minirunSaveOutputLoadsIntoAnEmptyRootAndRunsTheSame() throws {
        let tarball = try #require(DockerTarball.path)
        let first = try Sandbox(importBusybox: false)
        defer { first.finish() }
        #expect(first.run(["load", "-i", tarball]).code == 0)
        let saved = first.root + "/saved.tar"
        #expect(first.run(["save", "-o", saved, Self.image]).code == 0)
        let second = try Sandbox(importBusybox: false)
        defer { second.finish() }
        let loaded = second.run(["load", "-i", saved])
        #expect(loaded.out == "Loaded image: \(Self.image)\n", "\(loaded)")
        checkRuns(second, Self.image)
        #expect(second.run(["images", "-q"]).out == first.run(["images", "-q"]).out)
    }
}

/// The tarball, made once per test run; nil (with the reason printed) when dockerd cannot run here.
enum DockerTarball {
    static let path: String? = {
        guard let busybox = try? BusyboxImage.tarball() else { return nil }
        let path = "/var/tmp/minirun-test-docker-save-\(getpid()).tar"
        let made = Command.run(TestRegistry.fixtures + "/docker-save-tarball.sh", [busybox, path])
        guard made.code == 0 else {
            print("DockerTarballTests skipped: \(made.err.trimmingCharacters(in: .whitespacesAndNewlines))")
            unlink(path)
            return nil
        }
        atexit { unlink("/var/tmp/minirun-test-docker-save-\(getpid()).tar") }
        return path
    }()
}
