import CRuntimeShims
import Glibc

/// RUN: the command runs in a container of the step's image with the default isolation and the
/// build's network, as `run` makes it; what it changed (its overlay upper directory) becomes the
/// step's layer: packed into its tar, then itself moved into the store as the layer's directory
/// (the container's removal finds no upper directory then). The container is removed whatever happens.
extension ImageBuilder {
    func run(_ instruction: Dockerfile.Instruction, state: inout StageState) throws -> Bool {
        let command = try runCommand(instruction, shell: state.shell)
        guard state.id != "scratch" else {
            throw RuntimeError(.invalidArgument, "a FROM scratch image has no files to run \(Identifiers.printable(command.joined(separator: " "))) with")
        }
        // The ARGs in scope are part of RUN's environment, so part of its key; the ENV is in the parent's config.
        let key = cacheKey(state, "RUN " + command.joined(separator: "\u{0}"), extra: state.argEntries.joined(separator: "\u{0}"))
        if try reuse(key, state: &state) { return true }
        let layer = try runContainer(command, state: state, instruction: instruction, layerPath: staging + "/run-" + Identifiers.newID().prefix(16))
        try commit(key, createdBy: "RUN " + command.joined(separator: " "), layer: layer, state: &state)
        return false
    }

    /// The exec form (a JSON array) as it is; the shell form through SHELL. A heredoc alone
    /// (`RUN <<EOF`) is the script; heredocs after a command are left to the shell, which reads them.
    private func runCommand(_ instruction: Dockerfile.Instruction, shell: [String]) throws -> [String] {
        let arguments = instruction.arguments
        if let heredoc = instruction.heredocs.first, instruction.heredocs.count == 1,
           arguments.trimmingBlanks.hasPrefix("<<"), DockerfileWords.split(arguments).count == 1 {
            return shell + [heredoc.content]
        }
        if !instruction.heredocs.isEmpty {
            return shell + [arguments + "\n" + instruction.heredocs.map { $0.content + $0.name + "\n" }.joined()]
        }
        if arguments.hasPrefix("["), let exec = ImageInstruction.CommandForm.jsonStrings(arguments) {
            guard !exec.isEmpty else { throw RuntimeError(.invalidArgument, "RUN needs a command") }
            return exec
        }
        return shell + [arguments]
    }

    /// Runs the command in a new container; its changes (its upper directory) are the layer, packed
    /// and moved to `layerPath` (see packLayer) before the container goes.
    private func runContainer(_ command: [String], state: StageState, instruction: Dockerfile.Instruction, layerPath: String) throws -> BuiltLayer {
        let config = state.editor.config
        var create = CreateOptions(image: state.id, command: command)
        options.stepContainer.apply(to: &create)
        let name = Self.containerPrefix + "\(getpid())-" + Identifiers.newID().prefix(12)
        create.name = name
        // The ARGs first, so that an ENV of the same name wins.
        create.env = Environment.merge(image: state.argEntries, overrides: config.env ?? [])
        create.workingDir = config.workingDir ?? ""
        create.user = config.user ?? ""
        create.network = options.network
        // RUN runs its command as it is: the image's ENTRYPOINT is not in front of it, as in Docker.
        create.entrypoint = []
        // Nor is the image's HEALTHCHECK run while a step runs.
        create.healthcheck = .disabled
        let outcome: RunOutcome
        do {
            outcome = try StepOutput.channel(progress) {
                try engine.run(create, detach: false, channel: AttachedChannel(output: $0, cancel: interruption.cancel))
            }
        } catch {
            removeContainer(name)
            throw error
        }
        defer { removeContainer(name) }
        guard case .exited(let code) = outcome else { throw RuntimeError(.system, "the RUN container did not run attached") }
        // Killed because the build was interrupted or another stage failed: that is the error.
        try interruption.check()
        guard code == 0 else {
            let shown = command.joined(separator: " ")
            throw RuntimeError(.invalidArgument, "\(file):\(instruction.line): \(instruction.display): process \"\(Identifiers.printable(shown))\" did not complete successfully: exit code: \(code)")
        }
        let record = try engine.inspect(name)
        let upper = engine.containers.directory(record.id) + "/upper"
        return try packLayer(upper, as: layerPath)
    }

    /// RUN containers are named minirun-build-<pid of the build>-<random>: a build killed with
    /// SIGKILL (its container dies with it) leaves one, which the next build removes.
    static let containerPrefix = "minirun-build-"

    static func removeAbandonedContainers(_ engine: Engine) {
        for record in engine.containers.list() where record.name.hasPrefix(containerPrefix) {
            let pid = record.name.dropFirst(containerPrefix.count).prefix { $0 != "-" }
            guard let pid = Int32(pid), kill(pid, 0) != 0 && errno == ESRCH else { continue }
            _ = try? engine.remove(record.id, force: true, volumes: true)
        }
    }

    private func removeContainer(_ name: String) {
        // With the anonymous volumes the image's VOLUMEs gave it: what RUN writes there is not kept, as in Docker's builder.
        _ = try? engine.remove(name, force: true, volumes: true)
    }
}
