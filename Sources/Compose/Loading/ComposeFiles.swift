import Runtime

/// Which files make the project: the -f files in order (or COMPOSE_FILE's, colon-separated), else the
/// first of compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml found in the current
/// directory or, failing that, its parents, followed by its override file when there is one.
enum ComposeFiles {
    static let names = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"]

    static func resolve(_ options: LoadOptions) throws -> [String] {
        var given = options.files
        if given.isEmpty, let variable = options.environment("COMPOSE_FILE"), !variable.isEmpty {
            given = variable.split(separator: ":").map(String.init)
        }
        if !given.isEmpty {
            return try given.map { file in
                let path = ProjectPaths.absolute(file, in: options.currentDirectory)
                guard FileSystem.exists(path) else { throw RuntimeError(.notFound, "open \(path): no such file or directory") }
                return path
            }
        }
        var directory = options.projectDirectory.map { ProjectPaths.absolute($0, in: options.currentDirectory) } ?? options.currentDirectory
        while true {
            if let name = names.first(where: { FileSystem.exists(directory + "/" + $0) }) {
                let base = name.hasPrefix("docker-") ? "docker-compose" : "compose"
                let override = [base + ".override.yml", base + ".override.yaml"].first { FileSystem.exists(directory + "/" + $0) }
                let prefix = directory == "/" ? "/" : directory + "/"
                return [prefix + name] + (override.map { [prefix + $0] } ?? [])
            }
            guard directory != "/" else { break }
            directory = String(directory[..<(directory.lastIndex(of: "/") ?? directory.startIndex)])
            if directory.isEmpty { directory = "/" }
        }
        throw RuntimeError(.notFound, "no configuration file provided: not found (looked for \(names.joined(separator: ", ")))")
    }
}

/// The project's name: -p, else COMPOSE_PROJECT_NAME, else the files' `name:`, else the project
/// directory's name - lowercase letters, digits, '-' and '_', starting with a letter or digit.
/// A name the user gave must be valid already; the directory's is made so, as Compose does.
enum ProjectName {
    static func choose(option: String?, variable: String?, fromFile: String?, directory: String) throws -> String {
        for (given, source) in [(option, "-p"), (variable, "COMPOSE_PROJECT_NAME"), (fromFile, "name")] {
            guard let given, !given.isEmpty else { continue }
            guard isValid(given) else {
                throw RuntimeError(.invalidArgument, "invalid project name \"\(given)\" (\(source)): it must contain only lowercase "
                    + "letters, digits, dashes and underscores, and start with a letter or digit")
            }
            return given
        }
        let base = directory.split(separator: "/").last.map(String.init) ?? ""
        let normalised = String(base.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
            .drop { $0 == "-" || $0 == "_" })
        guard !normalised.isEmpty else {
            throw RuntimeError(.invalidArgument, "project name must not be empty: the directory \(directory) gives none; use -p")
        }
        return normalised
    }

    static func isValid(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLowercase || first.isNumber else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
