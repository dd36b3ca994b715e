import JSONCodec

/// A Dockerfile instruction that changes only an image's config, not its files: what `import
/// --change` takes (Docker's list), and what `build` applies for these instructions of a Dockerfile.
/// Arguments are kept as written; `ImageConfigEditor.apply` interprets them against the config so
/// far, as Docker does (variables expand from the image's ENV at that point).
public enum ImageInstruction: Sendable, Equatable {
    case cmd(CommandForm)
    case entrypoint(CommandForm)
    case env(String)
    case expose(String)
    case label(String)
    case user(String)
    case workdir(String)
    case volume(String)
    case stopSignal(String)
    /// `HEALTHCHECK [--interval=D ...] CMD ...` or `HEALTHCHECK NONE`, flags included.
    case healthcheck(String)
    /// `ONBUILD INSTRUCTION ...`: the trigger, as written.
    case onBuild(String)

    /// `CMD ["sh"]` (exec form, a JSON array of strings) or `CMD echo hi` (shell form: run by
    /// the image's SHELL, `/bin/sh -c` unless it has one).
    public enum CommandForm: Sendable, Equatable {
        case exec([String])
        case shell(String)

        public static let defaultShell = ["/bin/sh", "-c"]

        public func arguments(shell: [String]? = nil) -> [String] {
            switch self {
            case .exec(let arguments): arguments
            case .shell(let line): (shell ?? Self.defaultShell) + [line]
            }
        }

        init(parsing text: String) {
            if text.hasPrefix("["), let strings = Self.jsonStrings(text) {
                self = .exec(strings)
            } else {
                self = .shell(text)
            }
        }

        /// A JSON array of strings, or nil: anything else is the shell form, as in Docker.
        static func jsonStrings(_ text: String) -> [String]? {
            guard case .array(let items)? = try? JSONValue(parsing: Array(text.utf8)) else { return nil }
            var strings: [String] = []
            for item in items {
                guard case .string(let string) = item else { return nil }
                strings.append(string)
            }
            return strings
        }
    }

    /// One line such as `ENV PATH=/bin` (the keyword in any case). Nil when the keyword is none of
    /// these (RUN, COPY, FROM, ...: the caller says what it accepts); an error when the arguments
    /// are missing.
    public static func parse(_ line: String) throws -> ImageInstruction? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        let keyword = String(trimmed.prefix { $0 != " " && $0 != "\t" })
        var rest = Substring(trimmed.dropFirst(keyword.count))
        while rest.first == " " || rest.first == "\t" { rest.removeFirst() }
        while rest.last == " " || rest.last == "\t" { rest.removeLast() }
        let arguments = String(rest)
        let instruction: ImageInstruction
        switch keyword.uppercased() {
        case "CMD": instruction = .cmd(CommandForm(parsing: arguments))
        case "ENTRYPOINT": instruction = .entrypoint(CommandForm(parsing: arguments))
        case "ENV": instruction = .env(arguments)
        case "EXPOSE": instruction = .expose(arguments)
        case "LABEL": instruction = .label(arguments)
        case "USER": instruction = .user(arguments)
        case "WORKDIR": instruction = .workdir(arguments)
        case "VOLUME": instruction = .volume(arguments)
        case "STOPSIGNAL": instruction = .stopSignal(arguments)
        case "HEALTHCHECK": instruction = .healthcheck(arguments)
        case "ONBUILD": instruction = .onBuild(arguments)
        default: return nil
        }
        // CMD and ENTRYPOINT may be empty in exec form only ("[]"), as in Docker.
        if arguments.isEmpty {
            throw RuntimeError(.invalidArgument, "\(keyword.uppercased()) requires at least one argument")
        }
        return instruction
    }
}
