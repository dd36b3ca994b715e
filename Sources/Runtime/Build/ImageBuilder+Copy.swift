import Glibc

/// COPY and ADD: files of the context (less what .dockerignore leaves out), of an earlier stage or
/// of an image (--from) copied into a tree in the shape of the image, which becomes the step's layer.
extension ImageBuilder {
    func copy(_ instruction: Dockerfile.Instruction, state: inout StageState) throws -> Bool {
        let isAdd = instruction.keyword == "ADD"
        var words: [String]
        if instruction.arguments.hasPrefix("["), let json = ImageInstruction.CommandForm.jsonStrings(instruction.arguments) {
            words = json
        } else {
            words = DockerfileWords.split(instruction.arguments)
        }
        words = try words.map { try DockerfileWords.process($0, environment: state.variables) }
        // COPY <<EOF /dest: a heredoc is a file of its own.
        let heredocNames = Set(instruction.heredocs.map { "<<" + $0.name } + instruction.heredocs.map { "<<-" + $0.name })
        guard words.count >= 2, let rawDestination = words.last else {
            throw RuntimeError(.invalidArgument, "\(instruction.keyword) requires at least two arguments, but only one was provided")
        }
        let workdir = state.editor.config.workingDir.flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        let destination = rawDestination.hasPrefix("/") ? rawDestination : workdir + "/" + rawDestination
        let image = imageTree(state)

        let (source, sourceName, ignore) = try sourceTree(instruction, state: state)
        var copier = TreeCopier(source: source)
        if let chown = instruction.flag("chown") {
            let user = try UserSpec.resolve(try DockerfileWords.process(chown, environment: state.variables)) { image.readFile($0) }
            copier.owner = (user.uid, user.gid)
        } else if source.layers.count == 1 && sourceName == "context" {
            copier.owner = (0, 0)  // context files belong to root in the image, as Docker makes them
        }
        if let chmod = instruction.flag("chmod") {
            guard let mode = mode_t(chmod, radix: 8), mode <= 0o7777 else {
                throw RuntimeError(.invalidArgument, "invalid --chmod=\(Identifiers.printable(chmod)): an octal mode")
            }
            copier.mode = mode
        }
        if let ignore { copier.excluded = { ignore.excludes($0) } }

        // The sources, wildcards expanded.
        var sources: [String] = []
        var heredocSources: [Dockerfile.Heredoc] = []
        var urls: [String] = []
        for word in words.dropLast() {
            if heredocNames.contains(word), let heredoc = instruction.heredocs.first(where: { word.hasSuffix($0.name) }) {
                heredocSources.append(heredoc)
                continue
            }
            if isAdd && (word.hasPrefix("http://") || word.hasPrefix("https://")) {
                urls.append(word)
                continue
            }
            if isAdd && word.hasPrefix("git@") {
                throw RuntimeError(.invalidArgument, "ADD from a git repository is not supported: \(Identifiers.printable(word))")
            }
            sources += try expand(word, in: source, named: sourceName, ignore: ignore)
        }
        let checksum = try instruction.flag("checksum").map { try DockerfileWords.process($0, environment: state.variables) }
        if checksum != nil && (urls.count != 1 || !sources.isEmpty || !heredocSources.isEmpty) {
            throw RuntimeError(.invalidArgument, "checksum can only be given for a single http(s) source")
        }
        let count = sources.count + heredocSources.count + urls.count
        let destinationIsDirectory = image.find(destination).map { $0.stat.st_mode & S_IFMT == S_IFDIR } ?? false
        let intoDirectory = rawDestination.hasSuffix("/") || count > 1 || destinationIsDirectory
        if count > 1 && !rawDestination.hasSuffix("/") && !destinationIsDirectory {
            throw RuntimeError(.invalidArgument, "When using \(instruction.keyword) with more than one source file, the destination must be a directory and end with a /")
        }

        let tree = try newStagingTree()
        do {
            try makeParents(of: destination + (intoDirectory ? "/." : ""), in: tree, like: image, owner: copier.owner)
            for path in sources {
                guard let (onDisk, st) = source.find(path) else { throw RuntimeError(.notFound, "\"\(path)\": not found") }
                let base = String(path.split(separator: "/").last ?? "")
                if st.st_mode & S_IFMT == S_IFDIR {
                    // A directory's contents go into the destination, not the directory itself.
                    try makeParents(of: destination + "/.", in: tree, like: image, owner: copier.owner)
                    if !FileSystem.isDirectory(tree + destination) {
                        try FileSystem.makeDirectories(tree + destination, mode: 0o755)
                    }
                    try copier.copyEntries(of: path, into: tree + destination)
                } else if isAdd && Self.isArchiveName(base) && sourceName == "context" {
                    try FileSystem.makeDirectories(tree + destination, mode: 0o755)
                    _ = try ImageArchive.extract(fileAt: onDisk, into: tree + destination, allowDevices: false)
                } else {
                    try copier.copy(path, to: tree + (intoDirectory ? destination + "/" + base : destination))
                }
            }
            for url in urls {
                let target = tree + (intoDirectory ? destination + "/" + Self.fileName(of: url) : destination)
                try fetch(url, to: target, checksum: checksum)
                // A downloaded file is 0600, as Docker makes it, unless --chmod says otherwise.
                chmod(target, copier.mode ?? 0o600)
                let owner = copier.owner ?? (0, 0)
                _ = lchown(target, owner.uid, owner.gid)
            }
            for heredoc in heredocSources {
                let target = tree + (intoDirectory ? destination + "/" + heredoc.name : destination)
                let content = heredoc.quoted ? heredoc.content : try DockerfileWords.process("\"" + heredoc.content.replacingQuotes + "\"", environment: state.variables)
                try FileSystem.writeAtomically(target, content, mode: copier.mode ?? 0o644)
                if let owner = copier.owner { _ = lchown(target, owner.uid, owner.gid) }
            }
        } catch {
            removeStagingTree(tree)
            throw error
        }
        return try layerStep(instruction, state: &state, tree: tree, extraKey: words.joined(separator: "\u{0}") + "\u{0}" + sourceName)
    }

    /// The tree a COPY reads: the context, or the stage or image its --from names; with the
    /// .dockerignore of the context.
    private func sourceTree(_ instruction: Dockerfile.Instruction, state: StageState) throws -> (LayeredTree, String, DockerIgnore?) {
        if let written = instruction.flag("from") {
            let from = try DockerfileWords.process(written, environment: state.variables)
            let current = stages.stages.firstIndex { $0.steps.contains { $0 == instruction } } ?? stages.stages.count
            if let stage = stages.stage(from, before: current) {
                guard let built = ledger.built(stage.index) else { throw RuntimeError(.notFound, "stage \(Identifiers.printable(from)) was not built") }
                return (imageTree(built), built.id, nil)
            }
            if stages.stages.contains(where: { $0.name == from.lowercased() }) {
                throw RuntimeError(.invalidArgument, "--from=\(Identifiers.printable(from)): a stage can only copy from a stage before it")
            }
            // Not a stage: an image, pulled when the store lacks it, as FROM's is.
            let record = try storedImage(from, line: instruction.line, instruction: "\(instruction.keyword) --from=\(Identifiers.printable(from))")
            return (LayeredTree(layers: engine.images.layerPaths(of: record.id)), record.id, nil)
        }
        guard let context = options.context else {
            throw RuntimeError(.invalidArgument, "\(instruction.keyword) needs a build context, and the Dockerfile came on standard input without one")
        }
        let ignoreText = (try? FileSystem.readString(context + "/.dockerignore")) ?? nil
        return (LayeredTree(layers: [context]), "context", ignoreText.map(DockerIgnore.init))
    }

    /// A source path, absolute within its tree, checked to stay inside it; a wildcard in its last
    /// name expanded (sorted). A missing source or one .dockerignore leaves out is an error.
    private func expand(_ word: String, in tree: LayeredTree, named name: String, ignore: DockerIgnore?) throws -> [String] {
        var parts: [String] = []
        for part in word.split(separator: "/") where part != "." {
            if part == ".." {
                guard !parts.isEmpty else {
                    throw RuntimeError(.invalidArgument, "forbidden path outside the build context: \(Identifiers.printable(word))")
                }
                parts.removeLast()
            } else {
                parts.append(String(part))
            }
        }
        let path = "/" + parts.joined(separator: "/")
        let visible: (String) -> Bool = { candidate in
            candidate == "/" || !(ignore?.excludes(String(candidate.dropFirst())) ?? false)
        }
        if let last = parts.last, last.contains(where: { "*?[".contains($0) }) {
            let parent = "/" + parts.dropLast().joined(separator: "/")
            let pattern = Array(last)[...]
            let matches = tree.entries(parent).filter { DockerIgnore.matchSegment(pattern, Array($0)[...]) }
                .map { parent == "/" ? "/" + $0 : parent + "/" + $0 }.filter(visible)
            guard !matches.isEmpty else { throw RuntimeError(.notFound, "no source files were specified: \(Identifiers.printable(word)) matches nothing") }
            return matches
        }
        guard tree.find(path) != nil, visible(path) else {
            let place = name == "context" ? "the build context" : "the --from image"
            throw RuntimeError(.notFound, "\"\(Identifiers.printable(path))\": not found in \(place)")
        }
        return [path]
    }

    /// ADD extracts local archives: by their names (tar, and compressed tars).
    static func isArchiveName(_ name: String) -> Bool {
        [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst"].contains { name.hasSuffix($0) }
    }
}

private extension String {
    /// A heredoc's text made one double-quoted word, for expansion: its own quotes kept.
    var replacingQuotes: String {
        var result = ""
        for character in self {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
