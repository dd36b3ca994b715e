import ArgumentParser
import Runtime

/// `commit CONTAINER [REPOSITORY[:TAG]]`: a new image from a container's changes, as Docker's.
struct Commit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "commit", abstract: "Create a new image from a container's changes.")

    @Option(name: [.customShort("a", allowingJoined: true), .customLong("author")], help: "The author (\"A Name <a@example.com>\").")
    var author: String?

    @Option(name: [.customShort("c", allowingJoined: true), .customLong("change")],
            help: "Apply a Dockerfile instruction to the image's config: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR.")
    var changes: [String] = []

    @Option(name: [.customShort("m", allowingJoined: true), .customLong("message")], help: "The comment of the image's history entry.")
    var message: String?

    @Option(name: [.customShort("p", allowingJoined: true), .customLong("pause")], help: "Pause the container while its changes are read (true or false).",
            transform: { try GoBool.flag($0, named: "-p, --pause") })
    var pause = true

    @Argument(help: "The container (name, ID or ID prefix).")
    var container: String

    @Argument(help: "REPOSITORY[:TAG] for the new image.")
    var name: String?

    func run() throws {
        let options = CommitOptions(author: author, message: message, changes: try ImportedImageConfig.changes(parsing: changes), pause: pause)
        let engine = makeEngine()
        let id = try engine.commit(container, as: try name.map(ImageReference.init(parsing:)), options: options)
        print("sha256:" + id)
    }
}

