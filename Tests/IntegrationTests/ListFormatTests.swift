import TestSupport
import Testing

/// `--format TEMPLATE` on the list commands, as docker reads it: each row through the template, one
/// line per row, `\t` a tab; a broken template is one line on stderr.
@Suite(.enabled(if: isRoot, "needs root"))
struct ListFormatTests {
    @Test func listCommandsPrintEachRowThroughATemplate() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--name", "done1", "busybox", "sh", "-c", "exit 3"]).code == 3)
        #expect(box.run(["ps", "-a", "--format", #"{{.Names}}\t{{.State}}"#]).out == "done1\texited\n")
        #expect(box.run(["images", "--format", "{{.Repository}}:{{.Tag}}"]).out == "busybox:latest\n")
        #expect(box.run(["network", "ls", "--format", "{{.Name}} {{.Driver}}"]).out.hasSuffix("host host\nnone null\n"))
        let broken = box.run(["ps", "--format", "{{.Names"])
        #expect(broken.code == 1 && broken.err == "minirun: template: :1: unclosed action\n")
    }
}
