import GoTemplate
import JSONCodec
import Testing

/// Templates over values built from Encodables, as `inspect -f` and `--format` render them.
struct EncodableRenderingTests {
    @Test func rendersAnEncodableWithDockersFieldOrder() throws {
        struct StateInfo: Encodable {
            var Status = "exited"
            var ExitCode = 0
            var Running = false
        }
        struct Inspect: Encodable {
            var Name = "/db"
            var State = StateInfo()
            var Labels = ["b": "2", "a": "1"]
        }
        let value = try JSONValue(encoding: Inspect())
        #expect(try GoTemplate("{{.Name}} {{.State.ExitCode}} {{json .State}} {{.Labels}} {{json .Labels}} {{.Nope}}").render(value)
            == #"/db 0 {"Status":"exited","ExitCode":0,"Running":false} map[a:1 b:2] {"a":"1","b":"2"} <no value>"#)
    }
}
