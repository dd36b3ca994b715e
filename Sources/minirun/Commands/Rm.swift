import ArgumentParser
import GoTemplate
import Runtime

struct Rm: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove one or more containers.")

    @Flag(name: [.customShort("f"), .customLong("force")], help: "Kill and remove a running container.")
    var force = false

    @Flag(help: "Print every step as the command that would do it by hand.")
    var explain = false

    @Argument(help: "Containers (name, ID or ID prefix).")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("rm requires at least 1 argument") }
    }

    func run() throws {
        let failures = makeEngine(explain: explain).remove(containers, force: force)
        for reference in containers {
            if let failure = failures[reference] { printDiagnostic(failure.description) } else { print(reference) }
        }
        if !failures.isEmpty { throw ExitCode(1) }
    }
}

/// Runs `body` for every item, as docker does for commands taking several containers: an error for
/// one - whatever its type: netlink and firewall errors are not RuntimeErrors - is printed and the
/// others still run; the exit code says whether any failed.
func forEachReporting(_ items: [String], _ body: (String) throws -> Void, finally: () throws -> Void = {}) throws {
    var failed = false
    for item in items {
        do {
            try body(item)
        } catch {
            printDiagnostic("\(error)")
            failed = true
        }
    }
    try finally()
    if failed { throw ExitCode(1) }
}
