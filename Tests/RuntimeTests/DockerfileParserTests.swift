import Testing
@testable import Runtime

/// The Dockerfile's lines cut as Docker's parser cuts them, and .dockerignore's patterns.
struct DockerfileParserTests {
    func parse(_ text: String) throws -> [Dockerfile.Instruction] {
        try Dockerfile(parsing: text, file: "Dockerfile").instructions
    }

    @Test func continuationsCommentsAndTheEscapeDirective() throws {
        let instructions = try parse("""
            # syntax=docker/dockerfile:1
            # escape=`

            from busybox AS base
            RUN echo a && `
            # a comment inside the instruction
                echo b
            COPY --from=base --chown=1:2 /a /b
            """)
        #expect(instructions.map(\.keyword) == ["FROM", "RUN", "COPY"])
        #expect(instructions[1].arguments == "echo a &&     echo b")
        #expect(instructions[1].line == 5)
        #expect(instructions[2].flag("from") == "base" && instructions[2].flag("chown") == "1:2")
        #expect(instructions[2].arguments == "/a /b")
        #expect(instructions[2].display == "COPY --from=base --chown=1:2 /a /b")
    }

    @Test func heredocsAreReadUntilTheirTerminator() throws {
        let instructions = try parse("FROM busybox\nRUN <<-EOF\n\techo one\n\tEOF\nCOPY <<'END' /file\n$NOT expanded\nEND\nENV A=1\n")
        #expect(instructions.map(\.keyword) == ["FROM", "RUN", "COPY", "ENV"])
        #expect(instructions[1].heredocs == [.init(name: "EOF", content: "echo one\n", quoted: false)])
        #expect(instructions[2].heredocs == [.init(name: "END", content: "$NOT expanded\n", quoted: true)])
    }

    @Test func errorsNameTheFileAndLine() {
        #expect(throws: RuntimeError.self) { try parse("FROM busybox\nFOO bar\n") }
        do {
            _ = try parse("FROM busybox\n\nWORKDIR\n")
            Issue.record("no error")
        } catch let error as RuntimeError {
            #expect(error.message == "Dockerfile:3: WORKDIR requires at least one argument")
        } catch {
            Issue.record("\(error)")
        }
        #expect(throws: RuntimeError.self) { try parse("# escape=x\nFROM busybox\n") }
        #expect(throws: RuntimeError.self) { try parse("FROM busybox\nRUN <<EOF\necho never closed\n") }
    }

    @Test func dockerignorePatternsAndExceptions() {
        let ignore = DockerIgnore("# comment\n*.log\n!keep.log\n/build/\n**/tmp\ndocs/*.md\n")
        #expect(ignore.excludes("a.log") && !ignore.excludes("keep.log"))
        #expect(ignore.excludes("build") && ignore.excludes("build/x/y"), "a directory's files go with it")
        #expect(ignore.excludes("tmp") && ignore.excludes("a/b/tmp") && ignore.excludes("a/tmp/file"))
        #expect(ignore.excludes("docs/a.md") && !ignore.excludes("docs/sub/a.md") && !ignore.excludes("main.c"))
        #expect(DockerIgnore.matchSegment(Array("f[a-c]?.txt")[...], Array("fbz.txt")[...]))
        #expect(!DockerIgnore.matchSegment(Array("f[!a-c]*")[...], Array("fb")[...]))
    }
}
