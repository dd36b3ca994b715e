extension HealthCheckConfig {
    static let instructionFlags: Set<String> = ["interval", "timeout", "start-period", "start-interval", "retries"]

    /// The arguments of a HEALTHCHECK instruction as Docker's parser reads them:
    /// `[--interval=D] [--timeout=D] [--start-period=D] [--start-interval=D] [--retries=N] CMD command`
    /// (shell form: CMD-SHELL; a JSON array: CMD and its words), or `NONE`.
    public init(instruction text: String) throws {
        var rest = text.trimmingBlanks
        var flags: [String: String] = [:]
        while rest.hasPrefix("--") {
            let word = rest.prefix { $0 != " " && $0 != "\t" }
            let body = word.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            guard Self.instructionFlags.contains(name) else {
                throw RuntimeError(.invalidArgument, "Unknown flag: \(Identifiers.printable(name))")
            }
            guard body.count > name.count else { throw RuntimeError(.invalidArgument, "Missing a value on flag: --\(name)") }
            flags[name] = String(body.dropFirst(name.count + 1))
            rest = rest.dropFirst(word.count).trimmingBlanks
        }
        let kind = rest.prefix { $0 != " " && $0 != "\t" }
        let arguments = String(rest.dropFirst(kind.count).trimmingBlanks)
        switch kind.uppercased() {
        case "NONE":
            guard arguments.isEmpty && flags.isEmpty else { throw RuntimeError(.invalidArgument, "HEALTHCHECK NONE takes no arguments") }
            self = .disabled
            return
        case "CMD":
            if arguments.hasPrefix("["), let words = ImageInstruction.CommandForm.jsonStrings(arguments) {
                guard !words.isEmpty else { throw RuntimeError(.invalidArgument, "Missing command after HEALTHCHECK CMD") }
                self.init(test: ["CMD"] + words)
            } else {
                guard !arguments.isEmpty else { throw RuntimeError(.invalidArgument, "Missing command after HEALTHCHECK CMD") }
                self.init(test: ["CMD-SHELL", arguments])
            }
        default:
            throw RuntimeError(.invalidArgument, "Unknown type \"\(Identifiers.printable(String(kind)))\" in HEALTHCHECK (try CMD)")
        }
        interval = try Self.instructionDuration(flags, "interval")
        timeout = try Self.instructionDuration(flags, "timeout")
        startPeriod = try Self.instructionDuration(flags, "start-period")
        startInterval = try Self.instructionDuration(flags, "start-interval")
        if let text = flags["retries"] {
            guard let number = Int(text) else {
                throw RuntimeError(.invalidArgument, "strconv.ParseInt: parsing \"\(Identifiers.printable(text))\": invalid syntax")
            }
            guard number >= 0 else { throw RuntimeError(.invalidArgument, "--retries cannot be negative (\(number))") }
            retries = number == 0 ? nil : number
        }
    }

    /// A flag's duration: nil when absent or 0, else at least 1 ms.
    private static func instructionDuration(_ flags: [String: String], _ name: String) throws -> Int? {
        guard let text = flags[name], !text.isEmpty else { return nil }
        guard let value = GoDuration.nanoseconds(text) else {
            throw RuntimeError(.invalidArgument, "time: invalid duration \"\(Identifiers.printable(text))\"")
        }
        if value == 0 { return nil }
        guard value >= minimumDuration else { throw RuntimeError(.invalidArgument, "Interval \"\(name)\" cannot be less than 1ms") }
        return value
    }
}
