import Foundation
import TestSupport
import Testing

/// `commit` as Docker's: the container's changes (deletions too) as one more layer, its
/// configuration as it runs with it, --change over that, the history entry's author and comment.
@Suite(.enabled(if: isRoot, "needs root"))
struct CommitTests {
    func layers(_ box: Sandbox, _ image: String) -> String {
        box.run(["image", "inspect", "-f", "{{len .RootFS.Layers}}", image]).out
    }

    @Test func aCommittedImageHasTheContainersFilesAndConfiguration() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "work", "--net=none", "-e", "STAGE=committed", "-w", "/srv", "busybox", "sh", "-c",
                         "echo made here > /srv/file; rm /bin/vi; sleep 300"]).code == 0)
        #expect(eventually { box.run(["exec", "work", "test", "-f", "/srv/file"]).code == 0 })
        let committed = box.run(["commit", "-m", "the first", "-a", "Someone <s@example.com>", "-c", "CMD [\"cat\", \"file\"]", "work", "snapshot:1"])
        #expect(committed.code == 0, "\(committed.err)")
        let id = committed.out.trimmingCharacters(in: .newlines)
        #expect(id.hasPrefix("sha256:") && id.count == 71)
        #expect(box.run(["image", "inspect", "-f", "{{.Id}}", "snapshot:1"]).out == id + "\n")
        #expect(box.run(["inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "work"]).out == "running false\n", "paused for the commit only")

        #expect(box.run(["run", "--rm", "--net=none", "snapshot:1"]).out == "made here\n", "the --change CMD, in the container's WORKDIR")
        let inside = box.run(["run", "--rm", "--net=none", "snapshot:1", "sh", "-c", "echo $STAGE; test -e /bin/vi || echo gone"])
        #expect(inside.out == "committed\ngone\n", "its environment, and the file it deleted")
        #expect(layers(box, "snapshot:1") == String(Int(layers(box, "busybox").filter(\.isNumber))! + 1) + "\n")
        #expect(box.run(["image", "inspect", "-f", "{{.Author}}", "snapshot:1"]).out == "Someone <s@example.com>\n")
        let history = box.run(["history", "--format", "{{.Comment}}|{{.CreatedBy}}", "snapshot:1"]).out.split(separator: "\n").first
        #expect(history?.hasPrefix("the first|sh -c echo made here") == true, "\(history ?? "")")
        #expect(box.run(["rm", "-f", "work"]).code == 0)
    }

    @Test func aContainerThatChangedNothingAddsNoLayer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--name", "idle", "--net=none", "busybox", "true"]).code == 0)
        let committed = box.run(["commit", "idle"])
        #expect(committed.code == 0, "\(committed.err)")
        let short = String(committed.out.dropFirst("sha256:".count).prefix(12))
        #expect(layers(box, short) == layers(box, "busybox"))
        #expect(box.run(["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"]).out.contains("<none>:<none> \(short)"), "listed untagged")
    }

    @Test func badInputMakesNoImage() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--name", "done", "--net=none", "busybox", "true"]).code == 0)
        let before = box.run(["images", "-a", "-q"]).out
        let missing = box.run(["commit", "ghost"])
        #expect(missing.code == 1 && missing.err == "minirun: No such container: ghost\n")
        let change = box.run(["commit", "-c", "RUN make", "done"])
        #expect(change.code == 1 && change.err.contains("is not a valid change command"), "\(change.err)")
        #expect(box.run(["commit", "-p", "maybe", "done"]).code == 125)
        #expect(box.run(["commit", "done", "Not:Valid:Name"]).code != 0)
        #expect(box.run(["images", "-a", "-q"]).out == before)
    }
}
