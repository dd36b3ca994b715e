@testable import Runtime
import Testing

/// json-file's labels, labels-regex, env and env-regex options, and how `logs --details` writes
/// the attributes they give.
struct LogAttributesTests {
    @Test func attributesComeFromTheNamedAndMatchedLabelsAndVariables() throws {
        let config = try LogConfig(driver: "json-file", options: ["labels=tier,absent", "labels-regex=^com\\.", "env=STAGE", "env-regex=^LANG"])
        let attributes = config.attributes(
            labels: ["tier": "web", "other": "x", "com.example.team": "a"], environment: ["STAGE=prod", "LANG=C", "LANGUAGE=en", "HOME=/root", "BARE"])
        #expect(attributes == ["tier": "web", "com.example.team": "a", "STAGE": "prod", "LANG": "C", "LANGUAGE": "en"])
        #expect(try LogConfig(driver: "json-file", options: []).attributes(labels: ["tier": "web"], environment: ["A=1"]).isEmpty)
    }

    @Test func detailsAreSortedAndEscapedAsGoEscapesAQuery() {
        #expect(LogOptions.detailsText(["tier": "web", "STAGE": "a b", "path": "/x&y=z"]) == "STAGE=a+b,path=%2Fx%26y%3Dz,tier=web")
        #expect(LogOptions.detailsText([:]) == "")
        #expect(LogOptions.queryEscaped("é\n-_.~") == "%C3%A9%0A-_.~")
    }

    @Test func onlyJsonFileTakesThemAndARegexMustParse() {
        #expect(throws: RuntimeError.self) { try LogConfig(driver: "local", options: ["labels=tier"]) }
        #expect(throws: RuntimeError.self) { try LogConfig(driver: "json-file", options: ["env-regex=("]) }
    }
}
