/// Applies config-only Dockerfile instructions to an image's config, with Docker's rules: ENV and
/// LABEL set `K=V` pairs (quotes removed, `$VAR` expanded from the ENV so far; the old `ENV K V...`
/// form too), ENTRYPOINT drops a CMD that an earlier instruction of the same run did not set, a
/// relative WORKDIR goes on from the one before, EXPOSE's ports get "/tcp" when they name no
/// protocol; HEALTHCHECK sets the health check, ONBUILD adds a trigger. `import --change` and
/// `build` use it.
public struct ImageConfigEditor: Sendable {
    public private(set) var config: OCIImageConfig.Execution
    /// A CMD of this run: an ENTRYPOINT after it keeps it (one inherited from the image does not survive).
    private var cmdSet = false
    /// `build`'s ARG values in scope, "NAME=value": variables expand from them too, an ENV of the
    /// same name winning, as in Docker. Not part of the config.
    public var buildArguments: [String] = []

    public init(_ config: OCIImageConfig.Execution = .init()) {
        self.config = config
    }

    private var environment: [String] { buildArguments + (config.env ?? []) }

    /// SHELL (a build's): kept in the config, for the shell form of what follows and of builds FROM it.
    public mutating func setShell(_ shell: [String]) {
        config.shell = shell
    }

    public mutating func apply(_ instruction: ImageInstruction) throws {
        switch instruction {
        case .cmd(let form):
            config.cmd = form.arguments(shell: config.shell)
            cmdSet = true
        case .entrypoint(let form):
            config.entrypoint = form.arguments(shell: config.shell)
            if !cmdSet { config.cmd = nil }
        case .env(let text):
            // A name set again keeps its place, as in Docker.
            config.env = Environment.merge(image: config.env ?? [], overrides: try pairs(text, instruction: "ENV").map { $0 + "=" + $1 })
        case .label(let text):
            var labels = config.labels ?? [:]
            for (name, value) in try pairs(text, instruction: "LABEL") { labels[name] = value }
            config.labels = labels
        case .expose(let text):
            var ports = config.exposedPorts ?? [:]
            for word in DockerfileWords.split(text) {
                for port in try Self.exposedPorts(try DockerfileWords.process(word, environment: environment)) {
                    ports[port] = .init()
                }
            }
            config.exposedPorts = ports
        case .user(let text):
            config.user = try DockerfileWords.process(text, environment: environment)
        case .workdir(let text):
            let path = try DockerfileWords.process(text, environment: environment)
            let base = config.workingDir.flatMap { $0.isEmpty ? nil : $0 } ?? "/"
            config.workingDir = Self.clean(path.hasPrefix("/") ? path : base + "/" + path)
        case .volume(let text):
            var volumes = config.volumes ?? [:]
            let paths = try ImageInstruction.CommandForm.jsonStrings(text)
                ?? DockerfileWords.split(text).map { try DockerfileWords.process($0, environment: environment) }
            for path in paths {
                guard !path.isEmpty else { throw RuntimeError(.invalidArgument, "VOLUME specified can not be an empty string") }
                volumes[path] = .init()
            }
            config.volumes = volumes
        case .stopSignal(let text):
            let signal = try DockerfileWords.process(text, environment: environment)
            try Signals.validateStopSignal(signal)
            config.stopSignal = signal
        case .healthcheck(let text):
            config.healthcheck = try HealthCheckConfig(instruction: text)
        case .onBuild(let trigger):
            try Self.validateTrigger(trigger)
            config.onBuild = (config.onBuild ?? []) + [trigger]
        }
    }

    /// A build FROM this image runs the triggers first (see ImageBuilder+OnBuild); its image does not keep them.
    mutating func dropOnBuildTriggers() {
        config.onBuild = nil
    }

    /// An ONBUILD trigger is any instruction but ONBUILD, FROM and MAINTAINER, as in Docker.
    private static func validateTrigger(_ trigger: String) throws {
        let keyword = String(trigger.prefix { $0 != " " && $0 != "\t" }).uppercased()
        switch keyword {
        case "ONBUILD": throw RuntimeError(.invalidArgument, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
        case "FROM", "MAINTAINER": throw RuntimeError(.invalidArgument, "\(keyword) isn't allowed as an ONBUILD trigger")
        default:
            guard Dockerfile.known.contains(keyword) else {
                throw RuntimeError(.invalidArgument, "unknown instruction: \(Identifiers.printable(keyword))")
            }
        }
    }

    /// `K=V K2="v 2"`, or the old single pair `K value with blanks`; names and values processed as words.
    private func pairs(_ text: String, instruction: String) throws -> [(String, String)] {
        let words = DockerfileWords.split(text)
        guard let first = words.first else { throw RuntimeError(.invalidArgument, "\(instruction) requires at least one argument") }
        if !first.contains("=") {
            // The old form: the name, then everything after the blanks that follow it.
            let value = text.dropFirst(first.count).drop { $0 == " " || $0 == "\t" }
            guard !value.isEmpty else { throw RuntimeError(.invalidArgument, "\(instruction) names a key without a value: \(Identifiers.printable(first))") }
            return [(try DockerfileWords.process(first, environment: environment),
                     try DockerfileWords.process(String(value), environment: environment))]
        }
        return try words.map { word in
            guard let equals = word.firstIndex(of: "=") else {
                throw RuntimeError(.invalidArgument, "\(instruction) \(Identifiers.printable(word)): each argument must be KEY=VALUE")
            }
            let name = try DockerfileWords.process(String(word[..<equals]), environment: environment)
            guard !name.isEmpty else { throw RuntimeError(.invalidArgument, "\(instruction) names an empty key: \(Identifiers.printable(word))") }
            return (name, try DockerfileWords.process(String(word[word.index(after: equals)...]), environment: environment))
        }
    }

    /// An absolute path with "." and ".." resolved by name, as Go's filepath.Clean: "/srv/app/../data" is "/srv/data".
    static func clean(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// "80" -> ["80/tcp"], "53/udp", "8000-8002/tcp" -> each port of the range, as Docker records them.
    public static func exposedPorts(_ text: String) throws -> [String] {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let transport = parts.count == 2 ? parts[1].lowercased() : "tcp"
        let range = parts[0].split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard ["tcp", "udp", "sctp"].contains(transport), let low = UInt16(range[0]), low > 0,
              let high = range.count == 2 ? UInt16(range[1]) : low, high >= low
        else { throw RuntimeError(.invalidArgument, "invalid port to expose: \(Identifiers.printable(text))") }
        return (low...high).map { "\($0)/\(transport)" }
    }
}
