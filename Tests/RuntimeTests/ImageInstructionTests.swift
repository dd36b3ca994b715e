import Testing
@testable import Runtime

/// Config-only Dockerfile instructions (`import --change`, later `build`), read and applied by Docker's rules.
struct ImageInstructionTests {
    func config(_ lines: String...) throws -> OCIImageConfig.Execution {
        var editor = ImageConfigEditor()
        for line in lines { try editor.apply(try #require(try ImageInstruction.parse(line), "\(line)")) }
        return editor.config
    }

    @Test func cmdAndEntrypointTakeTheExecAndTheShellForm() throws {
        #expect(try config(#"CMD ["sh", "-c", "echo hi"]"#).cmd == ["sh", "-c", "echo hi"])
        #expect(try config("CMD echo $HOME").cmd == ["/bin/sh", "-c", "echo $HOME"])
        #expect(try config("cmd [not json").cmd == ["/bin/sh", "-c", "[not json"])
        #expect(try config(#"CMD [1, 2]"#).cmd == ["/bin/sh", "-c", "[1, 2]"], "an array of other than strings is the shell form")
        #expect(try config("CMD []").cmd == [])
        #expect(try config("ENTRYPOINT top -b").entrypoint == ["/bin/sh", "-c", "top -b"])
    }

    @Test func entrypointDropsACmdOnlyWhenThisRunDidNotSetIt() throws {
        #expect(try config(#"CMD ["a"]"#, #"ENTRYPOINT ["e"]"#).cmd == ["a"])
        var editor = ImageConfigEditor(.init(cmd: ["inherited"]))
        try editor.apply(.entrypoint(.exec(["e"])))
        #expect(editor.config.cmd == nil && editor.config.entrypoint == ["e"])
    }

    @Test func envTakesPairsWithQuotesEscapesAndVariables() throws {
        let env = try config(#"ENV A=1 B="two words" C='$A single' D=\$A E=${A}x"#, #"ENV F=$A-${NOPE:-dflt}-${A:+alt} A=2"#).env
        // Variables expand from the ENV before the instruction: E does not see the A of its own line.
        #expect(env == ["A=2", "B=two words", "C=$A single", "D=$A", "E=x", "F=1-dflt-alt"])
        #expect(try config("ENV PATH /usr/bin:/bin", "ENV GREETING hello big   world").env == ["PATH=/usr/bin:/bin", "GREETING=hello big   world"])
        #expect(try config("ENV A=1 B=2", "ENV A=3").env == ["A=3", "B=2"], "a name set again is replaced where it stands")
        #expect(throws: RuntimeError.self) { try config("ENV A=1 B") }
        #expect(throws: RuntimeError.self) { try config("ENV A") }
        #expect(throws: RuntimeError.self) { try config(#"ENV A="open"#) }
    }

    @Test func labelExposeUserWorkdirVolumeAndStopSignal() throws {
        let config = try config(
            #"LABEL version=1.0 "com.example.vendor"="ACME Inc""#, "ENV PORT=8080", "EXPOSE 80 $PORT/udp 9000-9002",
            "USER app:staff", "WORKDIR /srv", "WORKDIR app/../data", #"VOLUME ["/v1", "/v2"]"#, "VOLUME /v3 /v4", "STOPSIGNAL SIGQUIT")
        #expect(config.labels == ["version": "1.0", "com.example.vendor": "ACME Inc"])
        #expect(config.exposedPorts?.keys.sorted() == ["80/tcp", "8080/udp", "9000/tcp", "9001/tcp", "9002/tcp"])
        #expect(config.user == "app:staff")
        #expect(config.workingDir == "/srv/data")
        #expect(config.volumes?.keys.sorted() == ["/v1", "/v2", "/v3", "/v4"])
        #expect(config.stopSignal == "SIGQUIT")
        #expect(throws: RuntimeError.self) { try self.config("STOPSIGNAL SIGNOPE") }
        #expect(throws: RuntimeError.self) { try self.config("EXPOSE 80/xyz") }
        #expect(throws: RuntimeError.self) { try self.config("EXPOSE 0") }
    }

    @Test func onlyTheConfigInstructionsAreChanges() throws {
        #expect(try ImageInstruction.parse("RUN rm -rf /") == nil)
        #expect(throws: RuntimeError.self) { try ImportedImageConfig.changes(parsing: ["RUN rm -rf /"]) }
        #expect(throws: RuntimeError.self) { try ImageInstruction.parse("ENV") }
        let changes = try ImportedImageConfig.changes(parsing: ["  workdir /w  ", #"cmd ["sh"]"#])
        let made = try ImportedImageConfig(changes: changes, message: nil, source: "rootfs.tar").make(diffIDs: ["sha256:ab"])
        #expect(made.config?.workingDir == "/w" && made.config?.cmd == ["sh"])
        #expect(made.os == "linux" && !made.architecture.isEmpty && made.rootfs.diffIDs == ["sha256:ab"])
        #expect(made.history?.map(\.comment) == ["Imported from rootfs.tar"])
        #expect(try ImportedImageConfig(message: "mine").make(diffIDs: []).history?.first?.comment == "mine")
    }
}
