import ArgumentParser
import Registry

/// `minirun-pull fetch URL FILE`: the download of a Dockerfile's `ADD URL`, which build runs here
/// because minirun links no HTTP client. Not a command of minirun's own.
struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Download an http(s) URL into FILE (build's ADD).", shouldDisplay: false)

    @Argument(help: "The http:// or https:// URL.")
    var url: String

    @Argument(help: "The file to write.")
    var file: String

    func run() throws {
        let (url, file) = (url, file)
        try awaitBlocking { try await URLDownload.fetch(url, to: file) }
    }
}
