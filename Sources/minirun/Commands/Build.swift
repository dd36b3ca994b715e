import ArgumentParser
import Glibc
import Runtime

/// `build` and `image build`: an image from a Dockerfile, without a daemon (see Engine.build).
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Build an image from a Dockerfile.")

    @Option(name: [.customShort("t", allowingJoined: true), .customLong("tag")], help: "Name the image NAME[:TAG] (repeatable).")
    var tags: [String] = []

    @Option(name: [.customShort("f", allowingJoined: true), .customLong("file")], help: "The Dockerfile (default: CONTEXT/Dockerfile; - for standard input).")
    var file: String?

    @Option(name: .customLong("build-arg"), help: "Set a build-time variable K=V (K alone: its value in this environment).")
    var buildArgs: [String] = []

    @Option(name: .customLong("target"), help: "Build the stage of that name and what it needs.")
    var target: String?

    @Flag(name: .customLong("no-cache"), help: "Run every step, whatever the cache holds.")
    var noCache = false

    @Flag(name: .customLong("pull"), help: "Pull every FROM image, even one the store has (a missing one is pulled anyway).")
    var pull = false

    @Option(name: .customLong("network"), help: "The network of RUN steps: bridge (default), host or none.")
    var network = "bridge"

    @Option(name: .customLong("progress"), help: "auto (tty on a terminal, else plain), plain (every line of every step) or tty (each step's output folded to its last lines).")
    var progress = "auto"

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Print only the image ID.")
    var quiet = false

    @Option(name: .customLong("label"), help: "Set a label K=V on the image (repeatable).")
    var labels: [String] = []

    @Option(name: .customLong("iidfile"), help: "Write the image ID (sha256:...) to this file.")
    var imageIDFile: String?

    @Option(name: .customLong("platform"), help: "The platform to build for: only this machine's (linux/amd64 on x86_64).")
    var platform: String?

    @OptionGroup var step: BuildStepFlags

    // Docker's BuildKit accepts these three and ignores them, as minirun does: a step's container is
    // always removed (--rm=false too), and the context is read where it lies, never sent (--compress).
    @Flag(name: .customLong("rm"), help: "Remove each step's container (always done).")
    var removeContainers = false

    @Flag(name: .customLong("force-rm"), help: "Remove each step's container, even after a failed step (always done).")
    var forceRemoveContainers = false

    @Flag(name: .customLong("compress"), help: "Compress the context (it is never sent anywhere: nothing to do).")
    var compress = false

    @Argument(help: "The context directory, or - for a Dockerfile on standard input and no context.")
    var context: String

    func run() throws {
        guard ["auto", "plain", "tty", "rawjson", "quiet"].contains(progress) else {
            throw UsageError("invalid value for --progress: \(progress) (auto, plain or tty)")
        }
        let mode = try NetworkMode(parsing: network)
        switch mode {
        case .network(NetworkMode.defaultNetwork), .host, .none: break
        default: throw UsageError("invalid --network \(network): a build's RUN steps take bridge, host or none")
        }
        if let platform {
            let current = OCIDescriptor.Platform.current
            guard try OCIDescriptor.Platform(parsing: platform).matches(current) else {
                throw UsageError("invalid --platform \(platform): only this machine's platform \(current.os)/\(current.architecture) can be built")
            }
        }
        var options = try buildOptions()
        options.network = mode
        // Bad values of these flags are flag errors in Docker (125), not failures of the build (1).
        do { options.stepContainer = try step.settings() } catch let error as RuntimeError { throw UsageError(error.description) }
        options.tags = try tags.map { try ImageReference(parsing: $0) }
        options.target = target
        options.noCache = noCache
        options.pull = pull
        for arg in buildArgs {
            let parts = arg.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            if parts.count == 2 {
                options.buildArgs[name] = String(parts[1])
            } else if let value = getenv(name) {
                options.buildArgs[name] = String(cString: value)
            }
        }
        options.labels.merge(try LabelArguments.parse(labels)) { $1 }
        let result = try makeEngine().build(options, progress: BuildDisplay.make(progress: progress, quiet: quiet))
        // Docker's build prints the ID on standard output only with -q; the progress names it otherwise.
        if quiet || progress == "quiet" { print("sha256:" + result.id) }
        if let imageIDFile { try FileSystem.overwrite(imageIDFile, Array("sha256:\(result.id)".utf8)) }
    }

    /// The Dockerfile's text and the context, as CONTEXT and -f name them.
    private func buildOptions() throws -> BuildOptions {
        if context == "-" {
            guard file == nil || file == "-" else { throw UsageError("a Dockerfile on standard input (-) has no context for -f \(file!)") }
            let text = String(decoding: try FileSystem.readAll(fd: STDIN_FILENO, path: "standard input"), as: UTF8.self)
            return BuildOptions(dockerfile: text, dockerfileName: "Dockerfile", context: nil)
        }
        guard FileSystem.isDirectory(context) else {
            throw RuntimeError(.notFound, "unable to prepare context: path \"\(context)\" not found")
        }
        if file == "-" {
            let text = String(decoding: try FileSystem.readAll(fd: STDIN_FILENO, path: "standard input"), as: UTF8.self)
            return BuildOptions(dockerfile: text, dockerfileName: "Dockerfile", context: context)
        }
        let path = file ?? context + "/Dockerfile"
        guard let text = try FileSystem.readString(path) else {
            throw RuntimeError(.notFound, "failed to read dockerfile: open \(path): no such file or directory")
        }
        return BuildOptions(dockerfile: text, dockerfileName: String(path.split(separator: "/").last ?? "Dockerfile"), context: context)
    }
}

/// `image build`, the same as `build`.
struct ImageBuild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: Build.configuration.abstract)
    @OptionGroup var build: Build
    func run() throws { try build.run() }
}
