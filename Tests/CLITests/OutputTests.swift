@testable import minirun
import GoTemplate
import JSONCodec
import Runtime
import Testing

/// `Output.render`, the one place where list commands print: -q, the table, JSON lines, templates.
struct OutputTests {
    struct Row: ListRow {
        var Name, Image, ID: String

        static var columns: [Column<Row>] { [Column("Name", \.Name), Column("ID", \.ID)] }
        static let headers = ["Name": "NAME", "Image": "IMAGE", "ID": "IMAGE ID"]
    }

    let rows = [Row(Name: "web", Image: "busybox", ID: "1234"), Row(Name: "database", Image: "x<y", ID: "1234")]

    /// Docker's tabwriter: each column as wide as its widest cell and three spaces, ten at least.
    @Test func theTablePadsColumnsToTheWidestCell() throws {
        #expect(try Output.render(rows, format: .table) == "NAME       IMAGE ID\nweb        1234\ndatabase   1234\n")
        #expect(try Output.render([Row](), format: .table) == "NAME      IMAGE ID\n")
    }

    @Test func jsonIsOneObjectPerLineWithSortedKeys() throws {
        #expect(try Output.render(rows, format: .json)
            == #"{"ID":"1234","Image":"busybox","Name":"web"}"# + "\n" + #"{"ID":"1234","Image":"x<y","Name":"database"}"# + "\n")
    }

    /// The bytes `--format json` printed through Foundation's JSONEncoder (.sortedKeys,
    /// .withoutEscapingSlashes): keys in byte order, "/" and "<" as they are, controls as \u00XX.
    @Test func jsonKeepsTheBytesFoundationWrote() throws {
        struct StatsRow: ListRow {
            var Container = "a/b<c>&", CPUPerc = "1.5%", ID = "tab\there\u{1}", ab9 = "", ab10 = "\"q\" \\ é"
            static var columns: [Column<StatsRow>] { [] }
            static let headers: [String: String] = [:]
        }
        #expect(try Output.render([StatsRow()], format: .json)
            == #"{"CPUPerc":"1.5%","Container":"a/b<c>&","ID":"tab\there\u0001","ab10":"\"q\" \\ é","ab9":""}"# + "\n")
    }

    @Test func aTemplateRunsOverEachRowAsDockerReadsIt() throws {
        #expect(try Output.render(rows, format: ListFormat(argument: #"  {{.Name}}\t{{.Image}}\n"#)) == "web\tbusybox\n\ndatabase\tx<y\n\n")
        #expect(try Output.render(rows, format: ListFormat(argument: "{{json .}}")).hasPrefix(#"{"Name":"web","Image":"busybox","ID":"1234"}"#))
    }

    /// `table TEMPLATE`: the header is the template run over the headers, where json, join, split,
    /// lower and upper give the header back; rows and header are aligned as the default table.
    @Test func aTableTemplateHasTheHeadersOfItsFields() throws {
        #expect(try Output.render(rows, format: ListFormat(argument: #"table {{.Name}}\t{{json .Image}}\t{{lower .ID}}"#))
            == "NAME       IMAGE       IMAGE ID\nweb        \"busybox\"   1234\ndatabase   \"x<y\"       1234\n")
        #expect(try Output.render(rows, format: ListFormat(argument: "table{{.Name}}:{{.ID}}")) == "NAME:IMAGE ID\nweb:1234\ndatabase:1234\n")
        #expect(try Output.render([Row](), format: ListFormat(argument: #"table {{.Image}}\t{{.ID}}"#)) == "IMAGE     IMAGE ID\n")
    }

    /// As Docker's CLI prints {{.ID}} for each row: two rows of one image (two tags) name it twice.
    @Test func quietPrintsTheIDOfEachRowWhateverTheFormat() throws {
        for format in [ListFormat.table, .json, .template("{{.Name}}")] {
            #expect(try Output.render(rows, format: format, quiet: \.ID) == "1234\n1234\n")
        }
    }

    @Test func formatNamesTableAndJSONAndTakesAnythingElseAsATemplate() {
        #expect(ListFormat(argument: "table").defaultValueDescription == "table")
        #expect(ListFormat(argument: "json").defaultValueDescription == "json")
        #expect(ListFormat(argument: "{{.ID}}").defaultValueDescription == "{{.ID}}")
    }
}

/// `port` lists in Docker's natural order: digit runs compare as numbers.
struct PortOrderTests {
    @Test func digitRunsCompareAsNumbers() {
        let lines = ["80/tcp -> 127.0.0.1:1", "443/tcp -> 0.0.0.0:2", "53/udp -> 0.0.0.0:3", "80/tcp -> 0.0.0.0:4", "80/tcp -> 0.0.0.0:10"]
        #expect(lines.sorted(by: NaturalOrder.less)
            == ["53/udp -> 0.0.0.0:3", "80/tcp -> 0.0.0.0:4", "80/tcp -> 0.0.0.0:10", "80/tcp -> 127.0.0.1:1", "443/tcp -> 0.0.0.0:2"])
        #expect(NaturalOrder.less("a", "ab") && !NaturalOrder.less("ab", "a") && !NaturalOrder.less("a1", "a1"))
        #expect(NaturalOrder.less("x9", "x10") && NaturalOrder.less("1x", "x"))
    }
}

/// inspect's templates print a nil field of Docker's structs as its Go type's zero.
struct DockerFieldTypeTests {
    @Test func nilFieldsPrintAsDockersCLIPrintsThem() throws {
        let image: JSONValue = [
            "Config": ["Entrypoint": nil, "Volumes": nil, "Labels": nil],
            "HostConfig": ["PidsLimit": nil, "Binds": nil, "LogConfig": ["Config": nil]],
            "IPAM": ["Config": nil],
        ]
        let template = try GoTemplate(
            "{{.Config.Entrypoint}} {{.Config.Volumes}} {{.Config.Labels}} {{.Config.StopSignal}}|{{.Config.Healthcheck}} "
                + "{{.HostConfig.PidsLimit}} {{.HostConfig.Binds}} {{.HostConfig.LogConfig.Config}} {{.IPAM.Config}}")
        #expect(try template.render(image, fieldTypes: .docker) == "[] map[] map[] |<nil> <nil> [] map[] []")
    }
}
