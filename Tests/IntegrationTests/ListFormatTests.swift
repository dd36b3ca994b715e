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

    /// `table TEMPLATE`: docker's header for each field the template names, the rows aligned under
    /// it, columns at least ten wide as in docker's default tables.
    @Test func tableTemplatesHaveTheFieldsHeaders() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--name", "done1", "busybox", "true"]).code == 0)
        #expect(box.run(["ps", "-a", "--format", #"table {{.Names}}\t{{.State}}"#]).out == "NAMES     STATE\ndone1     exited\n")
        #expect(box.run(["images", "--format", #"table {{.Repository}}\t{{.Tag}}"#]).out == "REPOSITORY   TAG\nbusybox      latest\n")
        #expect(box.run(["history", "--format", #"table {{.ID}}\t{{json .CreatedBy}}"#, "busybox"]).out.hasPrefix("IMAGE          CREATED BY\n"))
        #expect(box.run(["network", "ls", "--format", "table {{.Name}}:{{.Driver}}"]).out.hasPrefix("NAME:DRIVER\nbridge:bridge\n"))
        #expect(box.run(["ps", "-a"]).out.hasPrefix("CONTAINER ID   IMAGE     COMMAND   CREATED"))
    }
}
