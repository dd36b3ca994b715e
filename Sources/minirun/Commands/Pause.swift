import ArgumentParser
import Runtime

/// `pause CONTAINER...`: every process of each container frozen in its cgroup, as Docker's.
struct Pause: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause all processes within one or more containers.")

    @Argument(help: "Containers (name, ID or ID prefix).")
    var containers: [String] = []

    func validate() throws {
        if containers.isEmpty { throw ValidationError("pause requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        try forEachReporting(containers) { reference in
            try engine.pause(reference)
            print(reference)
        }
    }
}

/// `unpause CONTAINER...`: what `pause` froze runs on.
struct Unpause: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unpause", abstract: "Unpause all processes within one or more containers.")

    @Argument(help: "Containers (name, ID or ID prefix).")
    var containers: [String] = []

    func validate() throws {
        if containers.isEmpty { throw ValidationError("unpause requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        try forEachReporting(containers) { reference in
            try engine.unpause(reference)
            print(reference)
        }
    }
}
