import Glibc

/// The steps of one build: each stage from its FROM, each instruction a step whose image the build
/// cache keeps under a key of what the step depends on. A step whose key is in the cache is not
/// run ("CACHED"); config-only steps make an image without a layer, RUN, COPY, ADD and WORKDIR
/// (when it makes the directory) one with a layer of what they changed.
struct ImageBuilder {
    let engine: Engine
    let options: BuildOptions
    let stages: BuildStages
    /// A directory of the build under the store's images/ (locked, removed at the end): layer trees and tars.
    let staging: String
    /// The build's display; a stage's lane of it (ProgressLanes) while the stage is built.
    var progress: any BuildProgress
    /// What the stages built so far, shared by the threads that build them.
    let ledger = BuildLedger()
    let interruption: BuildInterruption

    init(engine: Engine, options: BuildOptions, stages: BuildStages, staging: String, progress: any BuildProgress,
         interruption: BuildInterruption) {
        self.engine = engine
        self.options = options
        self.stages = stages
        self.staging = staging
        self.progress = progress
        self.interruption = interruption
    }

    /// Where a stage is: its image so far and what its next steps see.
    struct StageState: Sendable {
        /// The image ID, or "scratch" before a step of a FROM scratch stage.
        var id: String
        var config: OCIImageConfig
        var layers: [ImageContent.Layer]
        var editor: ImageConfigEditor
        /// ARGs in scope, in order of declaration.
        var args: [(name: String, value: String)] = []
        /// SHELL's, this stage's or its base image's.
        var shell: [String] { editor.config.shell ?? ImageInstruction.CommandForm.defaultShell }

        var argEntries: [String] { args.map { $0.name + "=" + $0.value } }
        /// Variables for expansion: the ARGs, then the ENV (which wins).
        var variables: [String] { argEntries + (editor.config.env ?? []) }
    }

    var file: String { options.dockerfileName }

    /// A line of the progress outside the steps (a warning, the image written).
    func progress(_ line: String) {
        progress.note(line)
    }

    func build(target: Int) throws -> StageState {
        let globals = try globalArgs()
        try buildStages(stages.needed(for: target), globals: globals)
        let unused = Set(options.buildArgs.keys).subtracting(ledger.consumedArgs).subtracting(Self.predefinedArgs)
        if !unused.isEmpty {
            progress("[Warning] One or more build-args \(unused.sorted()) were not consumed")
        }
        return ledger.built(target)!
    }

    /// Build args every Dockerfile may use without declaring them (Docker's proxy variables).
    static let predefinedArgs: Set<String> = [
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
    ]

    /// The ARGs before the first FROM, after BuildKit's automatic platform ARGs: visible to FROM
    /// lines, and to a stage that declares them again.
    private func globalArgs() throws -> [(name: String, value: String)] {
        var args = Self.platformArgs
        for instruction in stages.globalArgs {
            let variables = args.map { $0.name + "=" + $0.value }
            try declare(instruction, into: &args, variables: variables, globals: Self.platformArgs)
        }
        return args
    }

    /// BuildKit's BUILDPLATFORM, TARGETOS, TARGETARCH and the rest, in the global scope: a FROM line
    /// uses them as they are, a stage by declaring them (`ARG TARGETARCH`). The build runs, and
    /// builds for, this machine's platform: both sets name it.
    static let platformArgs: [(name: String, value: String)] = {
        let current = OCIDescriptor.Platform.current
        // As BuildKit's normalized names: arm64's variant v8 is the default one, not written.
        let variant = current.architecture == "arm64" ? nil : current.variant
        let platform = ([current.os, current.architecture] + (variant.map { [$0] } ?? [])).joined(separator: "/")
        return ["BUILD", "TARGET"].flatMap { scope in
            [(scope + "PLATFORM", platform), (scope + "OS", current.os), (scope + "ARCH", current.architecture),
             (scope + "VARIANT", variant ?? "")]
        }
    }()

    /// `ARG NAME[=default] ...`: the --build-arg value, else the default, else a global ARG's value.
    private func declare(
        _ instruction: Dockerfile.Instruction, into args: inout [(name: String, value: String)], variables: [String],
        globals: [(name: String, value: String)]
    ) throws {
        for word in DockerfileWords.split(instruction.arguments) {
            let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw RuntimeError(.invalidArgument, "\(file):\(instruction.line): ARG names an invalid variable: \(Identifiers.printable(word))")
            }
            let value: String?
            if let given = options.buildArgs[name] {
                value = given
                ledger.consumed(name)
            } else if parts.count == 2 {
                value = try DockerfileWords.process(String(parts[1]), environment: variables)
            } else {
                value = globals.last { $0.name == name }?.value
            }
            args.removeAll { $0.name == name }
            // An ARG without a value is declared but unset: it expands to nothing and is not in RUN's environment.
            if let value { args.append((name, value)) }
        }
    }

    func buildStage(_ stage: BuildStages.Stage, globals: [(name: String, value: String)]) throws -> StageState {
        let total = stage.steps.count + 1
        let label = stages.stages.count > 1 ? "\(stage.label) " : ""
        let fromWord = DockerfileWords.split(stage.from.arguments)[0]
        let base = try DockerfileWords.process(fromWord, environment: globals.map { $0.name + "=" + $0.value })
        progress.started("[\(label)1/\(total)] FROM \(base)" + (stage.name.map { " AS \($0)" } ?? ""))
        let fromStarted = Timestamp.now()
        var state: StageState
        let triggers: [Dockerfile.Instruction]
        do {
            if let flag = stage.from.flag("platform"), !flag.isEmpty {
                let platform = try DockerfileWords.process(flag, environment: globals.map { $0.name + "=" + $0.value })
                let current = OCIDescriptor.Platform.current
                guard (try? OCIDescriptor.Platform(parsing: platform))?.matches(current) == true else {
                    throw RuntimeError(.invalidArgument, "\(file):\(stage.from.line): FROM --platform=\(Identifiers.printable(platform)): only this machine's platform \(current.os)/\(current.architecture) can be built")
                }
            }
            state = try initialState(base, stage: stage)
            triggers = try onBuildTriggers(of: &state, base: base, stage: stage)
        } catch {
            progress.failed()
            throw error
        }
        progress.finished(cached: false, seconds: fromStarted.interval(to: .now()))
        // The base image's ONBUILD triggers run first, as steps of their own without a number: the
        // FROM line was numbered before the pull that brought the image and its triggers.
        if !triggers.isEmpty { progress.note("# Executing \(triggers.count) build trigger\(triggers.count == 1 ? "" : "s")") }
        let steps = triggers.map { ("[\(label)ONBUILD] \($0.display)", $0) }
            + stage.steps.enumerated().map { ("[\(label)\($0.offset + 2)/\(total)] \($0.element.display)", $0.element) }
        for (line, instruction) in steps {
            progress.started(line)
            let started = Timestamp.now()
            let cached: Bool
            do {
                cached = try step(instruction, state: &state, globals: globals)
            } catch {
                progress.failed()
                throw error
            }
            if cached { ledger.count(cached: true) }
            progress.finished(cached: cached, seconds: started.interval(to: .now()))
            try interruption.check()
        }
        return state
    }

    private func initialState(_ base: String, stage: BuildStages.Stage) throws -> StageState {
        if base.lowercased() == "scratch" {
            let platform = OCIDescriptor.Platform.current
            let config = OCIImageConfig(
                architecture: platform.architecture, os: platform.os, variant: platform.variant,
                config: Self.withPath(OCIImageConfig.Execution()),
                rootfs: .init(diffIDs: []), history: [])
            return StageState(id: "scratch", config: config, layers: [], editor: ImageConfigEditor(config.config!))
        }
        if let earlier = stages.stage(base, before: stage.index), let state = ledger.built(earlier.index) {
            var copy = state
            copy.args = []
            copy.editor = ImageConfigEditor(state.editor.config)
            return copy
        }
        let record = try storedImage(base, line: stage.from.line, instruction: "FROM " + Identifiers.printable(base))
        let config = try engine.images.config(of: record.id)
        return StageState(
            id: record.id, config: config, layers: try engine.images.layers(of: record.id),
            editor: ImageConfigEditor(Self.withPath(config.config ?? .init())))
    }

    /// As Docker's builders: a stage whose base (scratch too) sets no PATH gets the default one.
    private static func withPath(_ execution: OCIImageConfig.Execution) -> OCIImageConfig.Execution {
        guard !(execution.env ?? []).contains(where: { $0.hasPrefix("PATH=") }) else { return execution }
        var execution = execution
        execution.env = (execution.env ?? []) + ["PATH=" + Environment.defaultPath]
        return execution
    }

    /// Runs one instruction; true when the cache answered it.
    private func step(_ instruction: Dockerfile.Instruction, state: inout StageState, globals: [(name: String, value: String)]) throws -> Bool {
        state.editor.buildArguments = state.argEntries
        do {
            switch instruction.keyword {
            case "ARG":
                let variables = state.variables
                try declare(instruction, into: &state.args, variables: variables, globals: globals)
                return false
            case "RUN":
                return try run(instruction, state: &state)
            case "COPY", "ADD":
                return try copy(instruction, state: &state)
            case "SHELL":
                guard let shell = ImageInstruction.CommandForm.jsonStrings(instruction.arguments), !shell.isEmpty else {
                    throw RuntimeError(.invalidArgument, "SHELL requires the arguments to be in JSON form")
                }
                state.editor.setShell(shell)
                return try configStep(instruction, state: &state)
            case "MAINTAINER":
                state.config.author = instruction.arguments
                return try configStep(instruction, state: &state)
            default:
                // With its flags: HEALTHCHECK's --interval and the like.
                guard let parsed = try ImageInstruction.parse(instruction.display) else {
                    throw RuntimeError(.invalidArgument, "unknown instruction: \(instruction.keyword)")
                }
                try state.editor.apply(parsed)
                if case .workdir = parsed, let made = try makeWorkdir(state: state) {
                    return try layerStep(instruction, state: &state, tree: made, extraKey: "")
                }
                return try configStep(instruction, state: &state)
            }
        } catch let error as RuntimeError where !error.message.hasPrefix(file + ":") {
            throw RuntimeError(error.code, "\(file):\(instruction.line): \(instruction.keyword): \(error.message)", cause: error.cause)
        }
    }

    // MARK: - Steps that change only the config

    private func configStep(_ instruction: Dockerfile.Instruction, state: inout StageState) throws -> Bool {
        let key = cacheKey(state, instruction.display, extra: state.editor.config.description + state.shell.joined(separator: "\u{0}"))
        if try reuse(key, state: &state) { return true }
        try commit(key, createdBy: instruction.display, layer: nil, state: &state)
        return false
    }

    /// `--label` of the command line: one more config step after the target's last.
    func addLabels(_ labels: [String: String], to state: StageState) throws -> StageState {
        var state = state
        var config = state.editor.config
        var merged = config.labels ?? [:]
        for (name, value) in labels { merged[name] = value }
        config.labels = merged
        state.editor = ImageConfigEditor(config)
        let key = cacheKey(state, "LABEL (--label)", extra: config.description)
        if try !reuse(key, state: &state) {
            try commit(key, createdBy: "LABEL " + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "), layer: nil, state: &state)
        }
        return state
    }

    // MARK: - The cache and the step images

    func cacheKey(_ state: StageState, _ text: String, extra: String) -> String {
        Digest.of(Array("minirun-build-v1\n\(state.id)\n\(text)\n\(extra)".utf8))
    }

    /// Takes the step's image from the cache when allowed and there.
    func reuse(_ key: String, state: inout StageState) throws -> Bool {
        guard !options.noCache, let id = engine.images.cachedStep(key) else { return false }
        state.id = id
        state.config = try engine.images.config(of: id)
        state.layers = try engine.images.layers(of: id)
        return true
    }

    /// Makes the step's image: the config so far, one more history entry, `layer` when given; what
    /// that left in the staging goes then (the store moved in what it kept).
    func commit(_ key: String, createdBy: String, layer: BuiltLayer?, state: inout StageState) throws {
        defer { if let layer { removeLeftovers(of: layer) } }
        ledger.count(cached: false)
        let now = Timestamp.now().description
        var config = state.config
        config.created = now
        config.config = state.editor.config
        if let layer { config.rootfs.diffIDs.append(layer.diffID) }
        config.history = (config.history ?? []) + [
            OCIImageConfig.History(created: now, createdBy: createdBy + " # buildkit", comment: "buildkit.dockerfile.v0", emptyLayer: layer == nil ? true : nil),
        ]
        let stored = try engine.images.addBuiltStep(
            config: config, parentLayers: state.layers, layer: layer, key: key, inUse: Set(engine.imageUsers().keys))
        state.id = stored.id
        state.layers = stored.layers
        state.config = config
    }

    /// A step whose files are the tree at `tree` (a directory of the staging): its digest is in the
    /// key, so the same files make the same step; packed into a layer unless the cache has it, the
    /// tree itself moved into the store as the layer's directory.
    func layerStep(_ instruction: Dockerfile.Instruction, state: inout StageState, tree: String, extraKey: String) throws -> Bool {
        defer { removeStagingTree(tree) }
        let key = cacheKey(state, instruction.display, extra: extraKey + "\n" + (try TreeDigest.of(tree)))
        if try reuse(key, state: &state) { return true }
        try commit(key, createdBy: instruction.display, layer: try packLayer(tree, as: tree + "-layer"), state: &state)
        return false
    }

    /// Packs the step's files at `tree` into a layer: its tar at `layerPath`.tar, and the tree moved
    /// to `layerPath` as the layer's directory when it can be (see BuiltLayer), in the staging.
    func packLayer(_ tree: String, as layerPath: String) throws -> BuiltLayer {
        try BuiltLayer.pack(tree, into: layerPath + ".tar", directory: layerPath, unpacker: engine.executables.unpack)
    }

    func newStagingTree() throws -> String {
        let tree = staging + "/tree-" + Identifiers.newID().prefix(16)
        try FileSystem.makeDirectories(tree, mode: 0o755)
        return tree
    }

    private func removeLeftovers(of layer: BuiltLayer) {
        unlink(layer.tar)
        if let directory = layer.directory, FileSystem.exists(directory) { removeStagingTree(directory) }
    }

    func removeStagingTree(_ tree: String) {
        _ = try? ImageArchive.makeRemovable(tree)
        try? FileSystem.removeTree(tree)
    }

    /// The image's files as the step sees them.
    func imageTree(_ state: StageState) -> LayeredTree {
        LayeredTree(layers: state.id == "scratch" ? [] : engine.images.layerPaths(of: state.id))
    }

    /// WORKDIR makes its directory when the image lacks it: a tree with it, or nil.
    private func makeWorkdir(state: StageState) throws -> String? {
        let path = state.editor.config.workingDir ?? "/"
        let image = imageTree(state)
        if let found = image.find(path), found.stat.st_mode & S_IFMT == S_IFDIR { return nil }
        let tree = try newStagingTree()
        try makeParents(of: path + "/.", in: tree, like: image)
        return tree
    }

    /// The directories above `path` in a layer tree, with the owners and modes the image gives them
    /// (a layer's directory hides the attributes of the one below), 0755 where it has none: owned by
    /// `owner` (COPY --chown's, as Docker makes the directories a COPY creates), else root.
    func makeParents(of path: String, in tree: String, like image: LayeredTree, owner: (uid: UInt32, gid: UInt32)? = nil) throws {
        var current = ""
        for part in path.split(separator: "/").dropLast() {
            current += "/" + part
            if FileSystem.isDirectory(tree + current) { continue }
            if mkdir(tree + current, 0o755) != 0 { throw RuntimeError.system("mkdir \(tree + current)") }
            if let (_, st) = image.find(current), st.st_mode & S_IFMT == S_IFDIR {
                _ = lchown(tree + current, st.st_uid, st.st_gid)
                _ = chmod(tree + current, st.st_mode & 0o7777)
            } else if let owner {
                _ = lchown(tree + current, owner.uid, owner.gid)
            }
        }
    }

}

extension String {
    /// One decimal: "0.3".
    public init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}

extension OCIImageConfig.Execution {
    /// The config as text, for cache keys: maps sorted, so that the same config is the same text in every process.
    var description: String {
        (try? ImageStore.sortedJSON(self)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
