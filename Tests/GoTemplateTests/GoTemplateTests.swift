@testable import GoTemplate
import JSONCodec
import Testing

/// A container as `inspect` shows it; "my-bridge" comes before "bridge" so that sorted ranging shows.
private let container: JSONValue = [
    "Id": "4f66ad9a0b2e",
    "Name": "/web",
    "Args": ["-f", "-p", "80"],
    "State": [
        "Status": "running", "Running": true, "Paused": false, "Pid": 4242, "ExitCode": 0, "Error": "",
        "StartedAt": "2026-11-27T04:00:54.123456789Z",
    ],
    "Config": [
        "Hostname": "web", "Env": ["PATH=/usr/bin", "A=<b>&c"], "Labels": ["zeta": "z", "alpha": "a"], "Cmd": nil,
        "Empty": [],
    ],
    "NetworkSettings": [
        "IPAddress": "172.17.0.2",
        "Networks": [
            "my-bridge": ["IPAddress": "10.1.0.2", "Gateway": "10.1.0.1"],
            "bridge": ["IPAddress": "172.17.0.2", "Gateway": "172.17.0.1"],
        ],
    ],
    "Cpu": 1.5,
]

private func render(_ text: String, _ value: JSONValue = container) throws -> String {
    try GoTemplate(text).render(value)
}

private func parseError(_ text: String) -> String {
    do {
        _ = try GoTemplate(text)
        return "parsed"
    } catch {
        return "\(error)"
    }
}

private func executionError(_ text: String) -> String {
    do {
        return "rendered: " + (try render(text))
    } catch {
        return "\(error)"
    }
}

struct GoTemplateTests {
    @Test func fieldsAndText() throws {
        #expect(try render("{{.NetworkSettings.IPAddress}}") == "172.17.0.2")
        #expect(try render("name={{.Name}}!") == "name=/web!")
        #expect(try render("{{.State.Status}} {{.State.ExitCode}}") == "running 0")
        #expect(try render("{{.Cpu}} {{.State.Running}}") == "1.5 true")
        #expect(try render("no actions") == "no actions")
        #expect(try render("{{.}}", "plain") == "plain")
    }

    @Test func valuesPrintLikeGo() throws {
        #expect(try render("{{.Args}}") == "[-f -p 80]")
        #expect(try render("{{.Config.Labels}}") == "map[alpha:a zeta:z]")
        #expect(try render("{{index .NetworkSettings.Networks \"my-bridge\"}}") == "map[Gateway:10.1.0.1 IPAddress:10.1.0.2]")
    }

    @Test func missingKeysAndNullsShowNoValue() throws {
        #expect(try render("{{.Nope}}") == "<no value>")
        #expect(try render("{{.Nope.Deeper.Still}}") == "<no value>")
        #expect(try render("{{.Config.Cmd}}") == "<no value>")
        #expect(try render("{{.Config.Cmd.X}}") == "<no value>")
        #expect(try render("{{json .Nope}}") == "null")
        #expect(try render("{{println .Nope}}") == "<nil>\n")
        #expect(try render("{{index .Config.Labels \"nope\"}}") == "<no value>")
    }

    @Test func jsonIsCompactInStoredOrder() throws {
        #expect(try render("{{json .State}}")
            == #"{"Status":"running","Running":true,"Paused":false,"Pid":4242,"ExitCode":0,"Error":"","StartedAt":"2026-11-27T04:00:54.123456789Z"}"#)
        #expect(try render("{{json .Config.Env}}") == #"["PATH=/usr/bin","A=<b>&c"]"#)
        #expect(try render("{{.State.Pid | json}}") == "4242")
        #expect(try render("{{json .Cpu}}") == "1.5")
    }

    @Test func rangeOverArraysAndSortedObjects() throws {
        #expect(try render("{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}") == "172.17.0.2 10.1.0.2 ")
        #expect(try render(#"{{range $k, $v := .Config.Env}}{{$k}}:{{$v}}{{"\n"}}{{end}}"#) == "0:PATH=/usr/bin\n1:A=<b>&c\n")
        #expect(try render("{{range $v := .Args}}<{{$v}}>{{end}}") == "<-f><-p><80>")
        #expect(try render("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}") == "alpha=a;zeta=z;")
        #expect(try render("{{range .Args}}{{$.Name}}{{.}},{{end}}") == "/web-f,/web-p,/web80,")
        #expect(try render("{{range .Config.Cmd}}x{{else}}none{{end}}") == "none")
        #expect(try render("{{range .Config.Empty}}x{{else}}empty{{end}}") == "empty")
    }

    @Test func indexAndParenthesizedPipelines() throws {
        #expect(try render(#"{{(index .NetworkSettings.Networks "my-bridge").IPAddress}}"#) == "10.1.0.2")
        #expect(try render("{{index .Args 2}}") == "80")
        #expect(try render(#"{{index . "NetworkSettings" "Networks" "bridge" "Gateway"}}"#) == "172.17.0.1")
        #expect(try render("{{index .Args}}") == "[-f -p 80]")
        #expect(try render(#"{{index (split "a:b:c" ":") 1}}"#) == "b")
        #expect(try render(#"{{(index .Args 0)}}"#) == "-f")
    }

    @Test func conditionalsAndWith() throws {
        let stopped: JSONValue = ["State": ["Running": false, "ExitCode": 137]]
        #expect(try render("{{if .State.Running}}up{{else}}down{{end}}") == "up")
        #expect(try render("{{if .State.Running}}up{{else}}down{{end}}", stopped) == "down")
        #expect(try render("{{if .State.Running}}up{{else if eq .State.ExitCode 137}}killed{{else}}exited{{end}}", stopped) == "killed")
        #expect(try render("{{if .State.Paused}}p{{else if .State.Running}}r{{end}}") == "r")
        #expect(try render("{{if .Config.Empty}}y{{end}}|{{if .Config.Labels}}y{{end}}|{{if 0.0}}y{{end}}|{{if \"\"}}y{{end}}") == "|y||")
        #expect(try render("{{with .State}}{{.Status}}{{end}}") == "running")
        #expect(try render("{{with .Nope}}x{{else}}{{.Name}}{{end}}") == "/web")
        #expect(try render("{{with $s := .State.Status}}{{$s}}{{end}}") == "running")
    }

    @Test func variables() throws {
        #expect(try render("{{$n := .Name}}[{{$n}}]") == "[/web]")
        #expect(try render("{{$n := .Name}}{{range .Args}}{{$n}}{{end}}") == "/web/web/web")
        #expect(try render("{{range .Args}}{{$x := .}}{{end}}{{$.Name}}") == "/web")
        #expect(try render("{{$}}", "root") == "root")
    }

    @Test func functions() throws {
        #expect(try render(#"{{join .Args ","}}"#) == "-f,-p,80")
        #expect(try render(#"{{join .Config.Empty ","}}"#) == "")
        #expect(try render("{{lower .State.Status}} {{upper .Name}}") == "running /WEB")
        #expect(try render("{{len .Args}} {{len .Name}} {{len .Config.Labels}} {{len \"é\"}}") == "3 4 2 2")
        #expect(try render("{{println .Name}}") == "/web\n")
        #expect(try render("{{println .Name .State.Pid}}") == "/web 4242\n")
        #expect(try render("{{print .Name .State.Pid 1 2}}") == "/web4242 1 2")
        #expect(try render(#"{{printf "%s has pid %d (%v) %q" .Name .State.Pid .Args .State.Status}}"#)
            == #"/web has pid 4242 ([-f -p 80]) "running""#)
        #expect(try render(#"{{printf "%d" .Name}}"#) == "%!d(string=/web)")
        #expect(try render(#"{{split "a,b,,c" ","}} {{split "ab" ""}} {{len (split "" ",")}}"#) == "[a b  c] [a b] 1")
    }

    /// A table's header: docker's string functions give the header back, the others work as ever.
    @Test func headersKeepTheirTextThroughDockersFunctions() throws {
        let headers: JSONValue = ["Names": "NAMES", "Labels": "LABELS"]
        #expect(try GoTemplate(#"{{json .Labels}} {{upper .Names}} {{lower .Names}} {{join .Labels ","}} {{split .Names "A"}}"#)
            .renderHeader(headers) == "LABELS NAMES NAMES LABELS NAMES")
        #expect(try GoTemplate(#"{{printf "%s!" .Names}} {{.Names | lower}} {{len .Names}}"#).renderHeader(headers) == "NAMES! NAMES 5")
        #expect(try GoTemplate("{{lower .Names}}").render(headers) == "names")
    }

    /// Methods the caller gives (docker ps's `.Label "KEY"`): called on the root value with one
    /// string, checked as Go checks a call; in a range, dot is another value that has none.
    @Test func methodsOfTheRootTakeOneString() throws {
        let labels = ["zone": "b"]
        let methods: [String: GoTemplate.Method] = ["Label": { labels[$0] ?? "" }]
        func render(_ text: String) throws -> String { try GoTemplate(text).render(container, methods: methods) }
        #expect(try render(#"{{.Label "zone"}}|{{.Label "none"}}|{{"zone" | .Label}}|{{$.Name}}"#) == "b||b|/web")
        #expect(try render(#"{{if eq (.Label "zone") "b"}}yes{{end}}"#) == "yes")
        #expect(throws: TemplateError.self) { try render("{{.Label}}") }
        #expect(throws: TemplateError.self) { try render("{{.Label 1}}") }
        #expect(throws: TemplateError.self) { try render(#"{{range .Args}}{{.Label "zone"}}{{end}}"#) }
        #expect(throws: TemplateError.self) { try GoTemplate(#"{{.Label "zone"}}"#).render(container) }
        // A header ends where its template fails, as docker's does: a method has no header.
        #expect(try GoTemplate(#"{{.Name}}\t{{.Label "zone"}}\t{{.Id}}"#).renderHeader(["Name": "NAME", "Id": "ID"]) == #"NAME\t"#)
    }

    @Test func comparisons() throws {
        #expect(try render(#"{{eq .State.Status "running"}} {{eq .State.Status "exited"}}"#) == "true false")
        #expect(try render("{{eq .State.ExitCode 1 2 0}} {{eq .State.ExitCode 1 2}}") == "true false")
        #expect(try render(#"{{ne .Name "/web"}} {{ne 1 2}}"#) == "false true")
        #expect(try render("{{lt 1 2}} {{lt 2 1}} {{lt 1 1}} {{lt 1.5 2}} {{lt \"a\" \"b\"}} {{lt \"b\" \"a\"}}") == "true false false true true false")
        #expect(try render("{{le 1 1}} {{le 2 1}} {{gt 2 1}} {{gt 1 1}} {{ge 1 1}} {{ge 0 1}}") == "true false true false true false")
        #expect(try render("{{eq 1 1.0}} {{lt 1 1.5}} {{gt .Cpu 1}}") == "true true true")
        #expect(try render("{{eq .Config.Cmd nil}} {{eq .Nope .Config.Cmd}} {{eq .Name nil}}") == "true true false")
        #expect(try render("{{eq true true}} {{eq false true}}") == "true false")
    }

    @Test func logicReturnsGoValuesAndShortCircuits() throws {
        #expect(try render("{{and 1 0}} {{and 1 2}} {{and .State.Running .State.Pid}}") == "0 2 4242")
        #expect(try render(#"{{or 0 "" "x"}} {{or 0 ""}} {{or .Nope "default"}}"#) == "x  default")
        #expect(try render("{{not .State.Paused}} {{not .Name}} {{not .Nope}}") == "true false true")
        #expect(try render("{{or .State.Running (index .Args 99)}}") == "true")
        #expect(try render("{{and .State.Paused (index .Args 99)}}") == "false")
        #expect(try render("{{if and .State.Running (eq .State.ExitCode 0)}}ok{{end}}") == "ok")
        #expect(try render("{{.State.Running | and 1}}") == "true")
    }

    @Test func literals() throws {
        #expect(try render(#"{{"a\tb\n\"q\" \u00e9 \x41 \101"}}"#) == "a\tb\n\"q\" é A A")
        #expect(try render("{{`raw\\n{{x}}`}}") == "raw\\n{{x}}")
        #expect(try render("{{1.50}} {{1e3}} {{-7}} {{+3}} {{.5}} {{0}} {{true}} {{false}}") == "1.5 1000 -7 3 0.5 0 true false")
        #expect(try render(#"{{printf "%v %v" 2.0 2}}"#) == "2 2")
    }

    @Test func pipelines() throws {
        #expect(try render("{{.State | json}}") == (try render("{{json .State}}")))
        #expect(try render(#"{{.Name | printf "%s!"}}"#) == "/web!")
        #expect(try render(#"{{"x" | printf "%s-%s" "y"}}"#) == "y-x")
        #expect(try render("{{.Args | len | printf \"%d args\"}}") == "3 args")
        #expect(try render("{{.Name | upper | lower}}") == "/web")
    }

    @Test func trimMarkersEatNeighbouringBlanks() throws {
        #expect(try render("a  \n\t {{- .Name -}} \r\n  b") == "a/webb")
        #expect(try render("a {{- .Name}} b") == "a/web b")
        #expect(try render("a {{.Name -}} b") == "a /webb")
        #expect(try render("{{range .Args -}}\n  {{.}}\n{{- end}}") == "-f-p80")
        #expect(try render("x {{-3}} y") == "x -3 y")
        #expect(try render("{{- .Name -}}") == "/web")
    }

    @Test func newlinesInsideActionsAreBlanks() throws {
        #expect(try render("{{printf\n\"%s\"\n.Name}}") == "/web")
    }
}

struct GoTemplateParseErrorTests {
    @Test(arguments: [
        ("{{.Name}", "template: :1: bad character U+007D '}'"),
        ("{{.Name }", #"template: :1: unexpected "}" in operand"#),
        ("{{.X }{{.Y", #"template: :1: unexpected "}" in operand"#),
        ("{{.Name", "template: :1: unclosed action"),
        ("{{if .X}}a", "template: :1: unexpected EOF"),
        ("{{end}}", "template: :1: unexpected {{end}}"),
        ("a{{else}}", "template: :1: unexpected {{else}}"),
        ("{{foo .X}}", #"template: :1: function "foo" not defined"#),
        ("{{$x}}", #"template: :1: undefined variable "$x""#),
        ("{{if true}}{{$x := 1}}{{end}}{{$x}}", #"template: :1: undefined variable "$x""#),
        ("{{}}", "template: :1: missing value for command"),
        ("a\n{{.X | 3}}", "template: :2: non executable command in pipeline stage 2"),
        ("{{.X | .}}", "template: :1: non executable command in pipeline stage 2"),
        (#"{{"abc}}"#, "template: :1: unterminated quoted string"),
        ("{{`abc}}", "template: :1: unterminated raw quoted string"),
        (#"{{"\q"}}"#, "template: :1: invalid syntax in quoted string"),
        (#"{{"\x+1"}}"#, "template: :1: invalid syntax in quoted string"),
        (#"{{"\u12"}}"#, "template: :1: invalid syntax in quoted string"),
        ("{{3x}}", #"template: :1: bad number syntax: "3x""#),
        ("{{- -}}", #"template: :1: bad number syntax: "-""#),
        ("{{.X-y}}", "template: :1: bad character U+002D '-'"),
        (#"{{define "x"}}{{end}}"#, "template: :1: {{define}} is not supported"),
        ("{{if .X}}{{else}}{{else}}{{end}}", "template: :1: expected end; found {{else}}"),
        ("{{range $a, $b, $c := .X}}{{end}}", "template: :1: too many declarations in range"),
        ("{{$a, $b := .X}}", "template: :1: too many declarations in command"),
        ("{{(.X}}", #"template: :1: unexpected "}}" in parenthesized pipeline"#),
        (#"{{"a".X}}"#, #"template: :1: unexpected . after term "\"a\"""#),
        ("{{.X.}}", "template: :1: unexpected <.> in operand"),
        ("{{.X : 1}}", "template: :1: expected :="),
        ("{{.X \u{1}}}", "template: :1: unrecognized character in action: U+0001"),
        ("{{.X else}}", "template: :1: unexpected <else> in operand"),
        ("{{if}}{{end}}", "template: :1: missing value for if"),
        ("{{end x}}", #"template: :1: unexpected "x" in end"#),
        ("{{99999999999999999999}}", #"template: :1: integer overflow: "99999999999999999999""#),
        ("{{.X \"abcdefghijklmn\"x}}", #"template: :1: unexpected "x" in operand"#),
        ("{{.X \"abcdefghijklmn\"}}{{)}}", #"template: :1: unexpected ")" in command"#),
        ("{{.X|}}{{printf \"%s\" \"abcdefghijkl\" \"m\"\"n\"}}", #"template: :1: unexpected "\"n\"" in operand"#),
    ])
    func reportsOneClearLine(text: String, expected: String) {
        #expect(parseError(text) == expected)
    }

    @Test func longTokensAreCutInMessages() {
        #expect(parseError("{{.X \"abcdefghijklmn\"\"x\"}}") == #"template: :1: unexpected "\"x\"" in operand"#)
        #expect(parseError("{{.X \"abc\"\"abcdefghijklmn\"}}") == #"template: :1: unexpected "\"abcdefghi"... in operand"#)
        #expect(parseError("{{.X `abcdefghijklmn`.Y}}") == "template: :1: unexpected . after term \"`abcdefghijklmn`\"")
    }
}

struct GoTemplateExecutionErrorTests {
    @Test(arguments: [
        ("{{.Name.First}}", #"template: :1:2: executing "" at <.Name.First>: can't evaluate field First in type string"#),
        ("x\n  {{.Args.First}}", #"template: :2:4: executing "" at <.Args.First>: can't evaluate field First in type []interface {}"#),
        ("{{index .Args 5}}", #"template: :1:2: executing "" at <index .Args 5>: error calling index: index out of range: 5"#),
        (#"{{index .Args "a"}}"#, #"template: :1:2: executing "" at <index .Args "a">: error calling index: cannot index slice/array with type string"#),
        ("{{index .Config.Labels 1}}", #"template: :1:2: executing "" at <index .Config.Labels 1>: error calling index: value has type int; should be string"#),
        ("{{index .Config.Cmd 0}}", #"template: :1:2: executing "" at <index .Config.Cmd 0>: error calling index: index of untyped nil"#),
        ("{{index .Name 0}}", #"template: :1:2: executing "" at <index .Name 0>: error calling index: can't index item of type string"#),
        ("{{len 3}}", #"template: :1:2: executing "" at <len 3>: error calling len: len of type int"#),
        ("{{len .Nope}}", #"template: :1:2: executing "" at <len .Nope>: error calling len: len of nil pointer"#),
        ("{{lower 3}}", #"template: :1:2: executing "" at <lower 3>: wrong type for value; expected string; got int"#),
        ("{{upper .Nope}}", #"template: :1:2: executing "" at <upper .Nope>: invalid value; expected string"#),
        ("{{join .Name \",\"}}", #"template: :1:2: executing "" at <join .Name ",">: wrong type for value; expected []string; got string"#),
        ("{{len}}", #"template: :1:2: executing "" at <len>: wrong number of args for len: want 1 got 0"#),
        ("{{ne 1}}", #"template: :1:2: executing "" at <ne 1>: wrong number of args for ne: want 2 got 1"#),
        ("{{eq 1}}", #"template: :1:2: executing "" at <eq 1>: error calling eq: missing argument for comparison"#),
        ("{{and}}", #"template: :1:2: executing "" at <and>: wrong number of args for and: want at least 1 got 0"#),
        (#"{{lt "a" 1}}"#, #"template: :1:2: executing "" at <lt "a" 1>: error calling lt: incompatible types for comparison"#),
        ("{{lt true false}}", #"template: :1:2: executing "" at <lt true false>: error calling lt: invalid type for comparison"#),
        ("{{eq .Args .Args}}", #"template: :1:2: executing "" at <eq .Args .Args>: error calling eq: non-comparable type []interface {}"#),
        ("{{range .Name}}{{end}}", #"template: :1:8: executing "" at <.Name>: range can't iterate over /web"#),
        ("{{.Name 1}}", #"template: :1:2: executing "" at <.Name>: can't give argument to non-function .Name"#),
        ("{{.Name | .Args}}", #"template: :1:10: executing "" at <.Args>: can't give argument to non-function .Args"#),
        ("{{nil}}", #"template: :1:2: executing "" at <nil>: nil is not a command"#),
        (#"{{printf "%x" 1}}"#, #"template: :1:2: executing "" at <printf "%x" 1>: error calling printf: unsupported verb %x in "%x" (only %v %s %d %q and %%)"#),
        (#"{{printf 1}}"#, #"template: :1:2: executing "" at <printf 1>: wrong type for value; expected string; got int"#),
    ])
    func reportsWhereAndWhy(text: String, expected: String) {
        #expect(executionError(text) == expected)
    }
}

/// Fields typed as a caller types Docker's: what its CLI prints over Go structs rather than maps.
struct GoFieldTypeTests {
    private let types = GoFieldTypes([
        "Cmd": .slice, "Env": .slice, "Labels": .stringMap, "Networks": .map, "Health": .pointer,
        "StopSignal": .string, "LogConfig.Config": .stringMap, "IPAM.Config": .slice,
    ])
    private let value: JSONValue = [
        "Config": ["Cmd": nil, "Env": ["A=1"], "Labels": ["k": "v"]],
        "State": ["Status": "running"],
        "HostConfig": ["LogConfig": ["Type": "json-file", "Config": nil]],
        "IPAM": [:],
    ]

    private func render(_ text: String) throws -> String {
        try GoTemplate(text).render(value, fieldTypes: types)
    }

    @Test func aNilFieldPrintsItsTypesZero() throws {
        #expect(try render("{{.Config.Cmd}}") == "[]")
        #expect(try render("{{.Config.Networks}}") == "map[]")
        #expect(try render("{{.State.Health}}") == "<nil>")
        #expect(try render("{{.Config.StopSignal}}|") == "|")
        #expect(try render("{{.HostConfig.LogConfig.Config}}") == "map[]")
        #expect(try render("{{.IPAM.Config}}") == "[]")
        #expect(try render("{{$c := .Config}}{{$c.Cmd}}") == "[]")
    }

    @Test func untypedAndUnreachableFieldsStayMissing() throws {
        #expect(try render("{{.Config.Nope}}") == "<no value>")
        #expect(try render("{{.Nope.Cmd}}") == "<no value>")
        #expect(try render("{{.Config.Cmd.Env}}") == "<no value>")
    }

    @Test func jsonStillShowsNull() throws {
        #expect(try render("{{json .Config.Cmd}}") == "null")
        #expect(try render("{{.Config.Cmd | json}}") == "null")
    }

    @Test func lenAndIndexAnswerAsOverAStruct() throws {
        #expect(try render("{{len .Config.Cmd}}") == "0")
        #expect(try render("{{.Config.Cmd | len}}") == "0")
        #expect(try render("{{len .Config.Env}}") == "1")
        #expect(try render("{{index .Config.Labels \"k\"}}|{{index .Config.Labels \"nope\"}}|") == "v||")
        #expect(try render("{{index .HostConfig.LogConfig.Config \"max-size\"}}|") == "|")
        #expect(try render("{{index .Config.Labels \"k\" | len}}") == "1")
        // Untyped, a nil stays an error for len, as over the maps encoding/json decodes into.
        #expect(throws: TemplateError.self) { try render("{{len .Config.Nope}}") }
    }

    @Test func aFunctionsNullIsNotTheFieldsType() throws {
        #expect(try render("{{index .Config \"Cmd\"}}") == "<no value>")
        #expect(try render("{{(index .Config \"Cmd\")}}") == "<no value>")
    }
}
