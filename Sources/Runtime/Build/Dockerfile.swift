/// A Dockerfile cut into instructions as Docker's parser cuts it: the `# escape=` directive (and
/// `# syntax=`, ignored) before anything else, comment lines (also inside a continued
/// instruction), blank lines, lines continued by the escape character at their end, and heredocs
/// (`<<EOF`, `<<-EOF`, `<<"EOF"`) on RUN and COPY. Each instruction keeps the line it starts on,
/// for errors. The words of the arguments are left to the instructions (see DockerfileWords).
public struct Dockerfile: Sendable {
    public struct Instruction: Sendable, Equatable {
        /// Upper case: "RUN".
        public var keyword: String
        /// `--from=build` and the like before the arguments, in order.
        public var flags: [(name: String, value: String)]
        /// The rest of the line, continuations joined, blanks at both ends removed.
        public var arguments: String
        /// Heredoc bodies, in the order their `<<NAME` appear in the arguments.
        public var heredocs: [Heredoc]
        /// 1-based, the instruction's first line.
        public var line: Int

        /// As Docker's progress shows it: "RUN apt-get update".
        public var display: String {
            ([keyword] + flags.map { "--\($0.name)=\($0.value)" } + [arguments]).joined(separator: " ")
        }

        public func flag(_ name: String) -> String? {
            flags.last { $0.name == name }?.value
        }

        public static func == (a: Instruction, b: Instruction) -> Bool {
            a.keyword == b.keyword && a.arguments == b.arguments && a.line == b.line && a.heredocs == b.heredocs
                && a.flags.map(\.name) == b.flags.map(\.name) && a.flags.map(\.value) == b.flags.map(\.value)
        }
    }

    public struct Heredoc: Sendable, Equatable {
        public var name: String
        public var content: String
        /// `<<"EOF"` or `<<'EOF'`: the content is not expanded.
        public var quoted: Bool
    }

    public var instructions: [Instruction]
    public var escape: Character

    static let known: Set<String> = [
        "FROM", "RUN", "COPY", "ADD", "ENV", "ARG", "WORKDIR", "USER", "EXPOSE", "CMD", "ENTRYPOINT", "LABEL",
        "VOLUME", "SHELL", "STOPSIGNAL", "HEALTHCHECK", "ONBUILD", "MAINTAINER",
    ]
    /// Instructions whose leading `--name=value` words are flags.
    static let takingFlags: Set<String> = ["FROM", "RUN", "COPY", "ADD", "HEALTHCHECK"]

    /// `file` names the Dockerfile in errors ("Dockerfile:3: ...").
    public init(parsing text: String, file: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        var escape: Character = "\\"
        var index = 0
        // Directives: `# name=value` lines at the very top.
        while index < lines.count, let directive = Self.directive(lines[index]) {
            if directive.name == "escape" {
                guard directive.value == "\\" || directive.value == "`" else {
                    throw RuntimeError(.invalidArgument, "\(file):\(index + 1): invalid escape token '\(Identifiers.printable(directive.value))' does not match ` or \\")
                }
                escape = directive.value.first!
            }
            index += 1
        }
        self.escape = escape
        var instructions: [Instruction] = []
        while index < lines.count {
            let start = index
            var text = ""
            var continued = true
            while continued && index < lines.count {
                let line = lines[index]
                index += 1
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                if trimmed.hasPrefix("#") || (trimmed.isEmpty && !text.isEmpty) { continue }
                var body = Substring(line)
                while body.last == " " || body.last == "\t" { body.removeLast() }
                if body.last == escape {
                    body.removeLast()
                    text += body
                } else {
                    text += body
                    continued = false
                }
            }
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty { continue }
            var instruction = try Self.instruction(String(trimmed), line: start + 1, file: file)
            if instruction.keyword == "RUN" || instruction.keyword == "COPY" || instruction.keyword == "ADD" {
                instruction.heredocs = try Self.heredocs(in: instruction.arguments, lines: lines, index: &index, file: file, line: start + 1)
            }
            instructions.append(instruction)
        }
        self.instructions = instructions
    }

    private static func directive(_ line: String) -> (name: String, value: String)? {
        guard line.hasPrefix("#") else { return nil }
        let body = line.dropFirst().trimmingBlanks
        guard let equals = body.firstIndex(of: "=") else { return nil }
        let name = body[..<equals].trimmingBlanks.lowercased()
        guard name == "escape" || name == "syntax" || name == "check" else { return nil }
        return (name, String(body[body.index(after: equals)...].trimmingBlanks))
    }

    private static func instruction(_ text: String, line: Int, file: String) throws -> Instruction {
        let keyword = String(text.prefix { $0 != " " && $0 != "\t" }).uppercased()
        guard known.contains(keyword) else {
            throw RuntimeError(.invalidArgument, "\(file):\(line): unknown instruction: \(Identifiers.printable(String(text.prefix { $0 != " " && $0 != "\t" })))")
        }
        var rest = Substring(text.dropFirst(keyword.count)).trimmingBlanks
        var flags: [(String, String)] = []
        if takingFlags.contains(keyword) {
            while rest.hasPrefix("--") {
                let word = rest.prefix { $0 != " " && $0 != "\t" }
                let body = word.dropFirst(2)
                let name = body.prefix { $0 != "=" }
                let value = body.dropFirst(name.count + (body.count > name.count ? 1 : 0))
                flags.append((String(name), String(value)))
                rest = rest.dropFirst(word.count).trimmingBlanks
            }
        }
        if rest.isEmpty {
            throw RuntimeError(.invalidArgument, "\(file):\(line): \(keyword) requires at least one argument")
        }
        return Instruction(keyword: keyword, flags: flags, arguments: String(rest), heredocs: [], line: line)
    }

    /// The bodies of the `<<NAME` words of `arguments`, read from the lines after the instruction.
    private static func heredocs(in arguments: String, lines: [String], index: inout Int, file: String, line: Int) throws -> [Heredoc] {
        var heredocs: [Heredoc] = []
        for word in DockerfileWords.split(arguments) where word.hasPrefix("<<") && word.count > 2 {
            var name = Substring(word.dropFirst(2))
            let strip = name.hasPrefix("-")
            if strip { name = name.dropFirst() }
            var quoted = false
            if let first = name.first, first == "\"" || first == "'", name.count >= 2, name.last == first {
                name = name.dropFirst().dropLast()
                quoted = true
            }
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { continue }
            var content = ""
            var closed = false
            while index < lines.count {
                var body = Substring(lines[index])
                index += 1
                if strip { body = body.drop { $0 == "\t" } }
                if body == name {
                    closed = true
                    break
                }
                content += body + "\n"
            }
            guard closed else { throw RuntimeError(.invalidArgument, "\(file):\(line): unterminated heredoc <<\(name)") }
            heredocs.append(Heredoc(name: String(name), content: content, quoted: quoted))
        }
        return heredocs
    }
}

extension StringProtocol {
    var trimmingBlanks: Substring {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
