import ArgumentParser
import Foundation
@testable import minirun
import Testing

/// A container's options are declared once (ContainerFlags, ProcessFlags): these fail when the quick
/// parser's table misses one, reads one differently, or when run, create and exec stop sharing them.
struct OptionDeclarationTests {
    /// An option or flag as ArgumentParser declares it, from its own JSON description of a command.
    struct Declared: Decodable {
        struct Name: Decodable {
            var kind: String
            var name: String
        }
        var kind: String
        var names: [Name]?
        var parsingStrategy: String

        var spellings: [String] {
            (names ?? []).map { $0.kind == "long" ? "--" + $0.name : "-" + $0.name }
        }
    }

    struct Dump: Decodable {
        struct Command: Decodable { var arguments: [Declared]? }
        var command: Command
    }

    /// Every option and flag of `command` but --help.
    func declaredOptions(_ command: any ParsableCommand.Type) throws -> [Declared] {
        let dump = try JSONDecoder().decode(Dump.self, from: Data(command._dumpHelp().utf8))
        return (dump.command.arguments ?? []).filter { $0.kind != "positional" && !$0.spellings.contains("--help") }
    }

    func spellings(_ command: any ParsableCommand.Type) throws -> Set<String> {
        Set(try declaredOptions(command).flatMap(\.spellings))
    }

    @Test func everyRunOptionIsInTheQuickTableAsDeclared() throws {
        let declared = try declaredOptions(Run.self)
        #expect(declared.count >= 30)
        for option in declared {
            let quick = try #require(Run.quickOption(named: option.spellings[0]), "\(option.spellings) is not in Run.quickOptions")
            #expect(quick.names.sorted() == option.spellings.sorted(), "\(option.spellings)")
            #expect(quick.takesValue == (option.kind == "option"), "\(option.spellings)")
            #expect(quick.takesAnyValue == (option.parsingStrategy == "unconditional"), "\(option.spellings)")
        }
        #expect(Set(Run.quickOptions.flatMap(\.names)) == (try spellings(Run.self)), "the table has an option run does not declare")
    }

    /// `create` takes run's options but -d and --explain, each read into the same values (--pull,
    /// --platform and -q, which are no container's values, into the same ImagePulling).
    @Test func createAndRunShareTheirOptions() throws {
        #expect(try spellings(Create.self) == (try spellings(Run.self)).subtracting(["-d", "--detach", "--explain"]))
        let pulling = ["--pull", "never", "--platform", "linux/arm64", "-q", "busybox"]
        #expect(try Create.parse(pulling).pulling.values == Run.parse(pulling).pulling.values)
        #expect(try Run.parse(pulling).pulling.values == ImagePulling(policy: "never", platform: "linux/arm64", quiet: true))
        for option in Run.quickOptions where !["-d", "--explain", "--pull", "--platform", "-q"].contains(option.names[0]) {
            let arguments = (option.takesValue ? [option.names[0], "v1"] : [option.names[0]]) + ["busybox", "true"]
            #expect(try Create.parse(arguments).container.values == Run.parse(arguments).container.values, "\(arguments)")
            #expect(try Create.parse(arguments).container.values != ContainerArguments.defaults, "\(arguments) changes nothing")
        }
    }

    /// `exec` takes the process options of run (-e, -w, -u, -i, -t) from the same declaration, and
    /// has -d, --env-file and --privileged of its own, spelled as run's.
    @Test func execSharesTheProcessOptions() throws {
        let process = try declaredOptions(Exec.self)
        #expect(Set(process.flatMap(\.spellings)) == ["-e", "--env", "-w", "--workdir", "-u", "--user", "-i", "--interactive", "-t", "--tty",
                                                       "-d", "--detach", "--env-file", "--privileged"])
        #expect(try spellings(Run.self).isSuperset(of: Set(process.flatMap(\.spellings))))
        let exec = try Exec.parse(["-it", "-e", "A=1", "-w", "/tmp", "-u", "1:2", "box", "sh"]).process
        let run = try Run.parse(["-it", "-e", "A=1", "-w", "/tmp", "-u", "1:2", "busybox", "sh"]).container.values
        #expect([exec.interactive, exec.tty] == [run.interactive, run.tty])
        #expect(exec.env == run.env && exec.workdir == run.workdir && exec.user == run.user)
    }
}
