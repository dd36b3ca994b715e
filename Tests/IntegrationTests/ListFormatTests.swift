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

    /// ps's JSON has Docker's fields: the command quoted as Go quotes it (in the table and in
    /// templates too), labels as K=V sorted, volumes by name (cut to 15) and bind mounts by source.
    @Test func psHasDockersFieldsForLabelsAndMounts() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let run = box.run(["run", "-d", "--name", "m1", "--net=none", "-l", "zone=b", "-l", "app=a", "-v", "vol:/data", "-v", "/tmp:/host",
                           "-v", "/anon", "busybox", "sleep", "300"])
        try #require(run.code == 0, "\(run)")
        let fields = box.run(["ps", "--format", "{{.Command}}|{{.Labels}}|{{.LocalVolumes}}|{{.Size}}|{{.Mounts}}"]).out
        #expect(fields.hasPrefix(#""sleep 300"|app=a,zone=b|2|0B|vol,/tmp,"#), "\(fields)")
        #expect(fields.hasSuffix("…\n") && fields.count == #""sleep 300"|app=a,zone=b|2|0B|vol,/tmp,"#.count + 16, "an anonymous volume's ID cut to 15")
        #expect(box.run(["ps", "--format", "json"]).out.contains(#""Command":"\"sleep 300\"""#))
        #expect(box.run(["ps", "--format", #"{{.Label "zone"}}|{{.Label "none"}}"#]).out == "b|\n")
        #expect(box.run(["rm", "-f", "-v", "m1"]).code == 0)
    }
}
