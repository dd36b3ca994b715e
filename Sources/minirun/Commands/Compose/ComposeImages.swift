import ArgumentParser
import Compose
import Runtime

struct ComposeBuild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build the services' images (minirun build's path).")

    @ParentCommand var compose: ComposeCommand

    @Flag(name: .customLong("no-cache"), help: "Do not use the build cache.")
    var noCache = false

    @OptionGroup var selection: ServiceArguments

    func run() throws { try compose.runner().buildImages(selection.services, noCache: noCache) }
}

struct ComposePull: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pull", abstract: "Pull the services' images (minirun pull's path).")

    @ParentCommand var compose: ComposeCommand

    @OptionGroup var selection: ServiceArguments

    func run() throws { try compose.runner().pullImages(selection.services) }
}

struct ComposeImages: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "images", abstract: "List the images the project's containers use.")

    @ParentCommand var compose: ComposeCommand

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only display IDs.")
    var quiet = false

    @OptionGroup var output: FormatOption

    @OptionGroup var selection: ServiceArguments

    struct Row: ListRow {
        var ContainerName, Repository, Tag, ID, Size: String

        static var columns: [Column<Row>] {
            [Column("ContainerName", \.ContainerName), Column("Repository", \.Repository), Column("Tag", \.Tag),
             Column("ID", \.shortID), Column("Size", \.Size)]
        }

        static let headers = [
            "ContainerName": "CONTAINER", "ID": "IMAGE ID", "Repository": "REPOSITORY", "Size": "SIZE", "Tag": "TAG",
        ]

        var shortID: String { Identifiers.short(ID) }
    }

    func run() throws {
        let runner = try compose.runner()
        let images = (try? runner.engine.images.list()) ?? []
        let rows = try runner.containers(of: selection.services).map { record in
            let image = images.first { $0.id == record.config.imageID }
            return Row(ContainerName: record.name, Repository: image?.repository ?? record.config.image, Tag: image?.tag ?? "",
                       ID: record.config.imageID, Size: image.map { HumanFormat.size($0.size) } ?? "")
        }
        print(try Output.render(rows, format: output.format, quiet: quiet ? \.ID : nil), terminator: "")
    }
}

struct ComposeTop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "top", abstract: "Show the processes of the project's containers.")

    @ParentCommand var compose: ComposeCommand

    @OptionGroup var selection: ServiceArguments

    func run() throws {
        let runner = try compose.runner()
        for record in try runner.containers(of: selection.services) where runner.engine.isRunning(record) {
            print(record.name)
            var table = Table(["UID", "PID", "PPID", "CMD"])
            for process in ContainerProcesses.list(record) {
                table.add([String(process.uid), String(process.pid), String(process.parent), process.command])
            }
            print(table.render())
        }
    }
}

struct ComposeLs: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List the projects that have containers.")

    @Flag(name: [.customShort("a"), .customLong("all")], help: "Show stopped projects too.")
    var all = false

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only display project names.")
    var quiet = false

    @OptionGroup var output: FormatOption

    struct Row: ListRow {
        var Name, Status, ConfigFiles: String

        static var columns: [Column<Row>] { [Column("Name", \.Name), Column("Status", \.Status), Column("ConfigFiles", \.ConfigFiles)] }
        static let headers = ["ConfigFiles": "CONFIG FILES", "Name": "NAME", "Status": "STATUS"]
    }

    func run() throws {
        let rows = ProjectListing.projects(makeEngine()).filter { all || $0.running > 0 }.map {
            Row(Name: $0.name, Status: $0.status, ConfigFiles: $0.configFiles)
        }
        print(try Output.render(rows, format: output.format, quiet: quiet ? \.Name : nil), terminator: "")
    }
}
