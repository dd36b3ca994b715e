import ArgumentParser
import Runtime

struct Rm: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove one or more containers.")

    @Flag(name: [.customShort("f"), .customLong("force")], help: "Kill and remove a running container.")
    var force = false

    @Flag(name: [.customShort("v"), .customLong("volumes")], help: "Remove the anonymous volumes of the containers too.")
    var volumes = false

    @Flag(name: [.customShort("l"), .customLong("link")], help: "Remove the link /CONTAINER/ALIAS, not a container.")
    var link = false

    @Flag(help: "Print every step as the command that would do it by hand.")
    var explain = false

    @Argument(help: "Containers (name, ID or ID prefix).")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("rm requires at least 1 argument") }
    }

    func run() throws {
        if link { return try removeLinks() }
        let failures = makeEngine(explain: explain).remove(containers, force: force, volumes: volumes)
        for reference in containers {
            if let failure = failures[reference] { printDiagnostic(failure.description) } else { print(reference) }
        }
        if !failures.isEmpty { throw ExitCode(1) }
    }

    private func removeLinks() throws {
        let engine = makeEngine(explain: explain)
        try forEachReporting(containers) { path in
            try engine.removeLink(path)
            print(path)
        }
    }
}
