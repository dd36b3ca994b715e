import Foundation
import TestSupport
import Testing

/// `diff` as Docker's: added (A), changed (C) and deleted (D) paths, sorted, running or stopped.
@Suite(.enabled(if: isRoot, "needs root"))
struct DiffTests {
    @Test func listsWhatTheContainerAddedChangedAndDeleted() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--name", "changer", "--net=none", "busybox", "sh", "-c",
                         "echo x > /newfile; mkdir -p /srv/a; echo y > /srv/a/b; rm /bin/vi; echo z >> /etc/passwd"]).code == 0)
        let shown = box.run(["diff", "changer"])
        #expect(shown.code == 0, "\(shown.err)")
        #expect(shown.out == "C /bin\nD /bin/vi\nC /etc\nC /etc/passwd\nA /newfile\nA /srv\nA /srv/a\nA /srv/a/b\n")

        #expect(box.run(["run", "-d", "--name", "live", "--net=none", "busybox", "sh", "-c", "touch /tmp/marker; sleep 300"]).code == 0)
        #expect(eventually { box.run(["container", "diff", "live"]).out.contains("A /tmp/marker\n") }, "a running container's too")
        #expect(box.run(["run", "--name", "quiet", "--net=none", "busybox", "true"]).code == 0)
        #expect(box.run(["diff", "quiet"]).out == "", "nothing changed")
        let missing = box.run(["diff", "ghost"])
        #expect(missing.code == 1 && missing.err == "minirun: No such container: ghost\n")
        #expect(box.run(["rm", "-f", "live"]).code == 0)
    }
}
