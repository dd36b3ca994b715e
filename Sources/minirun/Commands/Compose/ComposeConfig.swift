import ArgumentParser
import Compose

struct ComposeConfig: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Check the files and print the project as minirun reads it.")

    @ParentCommand var compose: ComposeCommand

    @Flag(help: "Print the service names, one per line.")
    var services = false

    @Flag(help: "Print the volume names, one per line.")
    var volumes = false

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only check the files.")
    var quiet = false

    func run() throws {
        let project = try compose.load()
        if quiet { return }
        if services {
            for service in try DependencyOrder.sorted(project) { print(service.name) }
        } else if volumes {
            for key in project.volumes.keys.sorted() { print(key) }
        } else {
            print(try project.yaml(), terminator: "")
        }
    }
}
