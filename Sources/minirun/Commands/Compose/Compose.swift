import ArgumentParser
import Compose
import Glibc
import Runtime

/// `minirun compose`: Docker Compose's commands on the same files, without a daemon. The options
/// here select the project; each subcommand loads it through the Compose library and prints.
struct ComposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Define and run multi-container applications (Docker Compose files).",
        subcommands: [
            ComposeUp.self, ComposeDown.self, ComposePs.self, ComposeLogs.self, ComposeStop.self, ComposeStart.self,
            ComposeRestart.self, ComposeKill.self, ComposeRm.self, ComposeExec.self, ComposeRun.self, ComposeBuild.self,
            ComposePull.self, ComposeConfig.self, ComposeTop.self, ComposeImages.self, ComposeLs.self, ComposeCreate.self,
            ComposePause.self, ComposeUnpause.self, ComposePort.self, ComposeVersion.self,
        ]
    )

    @Option(name: [.customShort("f", allowingJoined: true), .customLong("file")], help: "Compose configuration files, merged in order.")
    var files: [String] = []

    @Option(name: [.customShort("p", allowingJoined: true), .customLong("project-name")], help: "Project name.")
    var projectName: String?

    @Option(name: .customLong("project-directory"), help: "Alternate working directory (default: the first file's).")
    var projectDirectory: String?

    @Option(name: .customLong("env-file"), help: "Alternate environment files (default: .env in the project directory).")
    var envFiles: [String] = []

    @Option(name: .customLong("profile"), help: "A profile to enable.")
    var profiles: [String] = []

    /// The project the options select, loaded and checked; warnings go to stderr.
    func load() throws -> ComposeProject {
        var options = LoadOptions(currentDirectory: currentDirectory())
        options.files = files
        options.projectName = projectName
        options.projectDirectory = projectDirectory
        options.envFiles = envFiles
        options.profiles = profiles
        let loaded = try ProjectLoader.load(options)
        for warning in loaded.warnings { Self.say("warning: " + warning) }
        return loaded.project
    }

    /// A runner for the project on the user's state root, its progress on stderr.
    func runner() throws -> ProjectRunner {
        let runner = ProjectRunner(engine: makeEngine(), project: try load(), buildProgress: BuildDisplay.make(progress: "auto", quiet: false))
        runner.progress = Self.say
        return runner
    }

    /// A line on stderr as Compose writes its progress, without minirun's prefix for errors.
    static func say(_ line: String) {
        _ = try? FileSystem.writeAll(fd: 2, Array((line + "\n").utf8), path: "stderr")
    }

    /// A line on stdout, among the containers' output ("web-1 exited with code 0").
    static func sayOut(_ line: String) {
        _ = try? FileSystem.writeAll(fd: 1, Array((line + "\n").utf8), path: "stdout")
    }

    private func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return hostEnvironment("PWD") ?? "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
