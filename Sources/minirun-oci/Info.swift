import ArgumentParser
import Glibc
import JSONCodec
import Runtime

struct Spec: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a default config.json into the bundle directory.")
    @Option(name: [.short, .long]) var bundle = "."
    @Flag var rootless = false

    func run() throws {
        let path = (bundle.hasSuffix("/") ? bundle : bundle + "/") + "config.json"
        if FileSystem.exists(path) { throw RuntimeError(.conflict, "File \(path) exists. Remove it first") }
        let text = try jsonText(OCISpec.runcDefault)
        try FileSystem.writeAtomically(path, text + "\n", mode: 0o666)
    }
}

func jsonText(_ value: some Encodable) throws -> String {
    try GoJSON.encode(JSONValue(encoding: value, sortingMaps: false), indent: "\t")
}

struct Features: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print what this runtime supports (runtime-spec features.md).")
    func run() throws { print(OCIFeatures.json) }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List containers under --root.")
    @Option(name: [.short, .long], help: "table or json") var format = "table"
    @Flag(name: [.short, .long], help: "IDs only") var quiet = false

    func run() throws {
        let states = Global.current.runtime.list()
        if quiet {
            for state in states { print(state.id) }
        } else if format == "json" {
            try Output.json(states, indent: false)
        } else {
            let rows = [["ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"]]
                + states.map { [$0.id, String($0.pid), $0.status, $0.bundle, $0.created, $0.owner] }
            let widths = (0..<6).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                print(row.enumerated().map { $1.padding(toLength: $0 == 5 ? 0 : widths[$0] + 3) }.joined())
            }
        }
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}

struct Ps: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the processes of a container (ps's output, or their pids as JSON).")
    @Option(name: [.short, .long]) var format = "table"
    @Argument var id: String
    @Argument(parsing: .captureForPassthrough) var psArguments: [String] = []

    func run() throws {
        let pids = try Global.current.runtime.processes(id)
        if format == "json" {
            try Output.json(pids, indent: false)
            return
        }
        let output = try PsCommand.run(psArguments.isEmpty ? ["-ef"] : psArguments)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.first, let column = header.split(separator: " ").firstIndex(of: "PID") else {
            throw RuntimeError(.system, "couldn't find PID field in ps output")
        }
        print(header)
        for line in lines.dropFirst() {
            let fields = line.split(separator: " ")
            if fields.count > column, let pid = Int32(fields[column]), pids.contains(pid) { print(line) }
        }
    }
}

struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a container's resource usage as JSON events.")
    @Flag var stats = false
    @Option var interval = 5
    @Argument var id: String

    func run() throws {
        let runtime = Global.current.runtime
        repeat {
            try Output.json(StatsEvent(id: id, stats: runtime.stats(id)), indent: false)
            fflush(nil)
            if stats { return }
            sleep(UInt32(max(1, interval)))
        } while true
    }
}

struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Change a container's resource limits.")
    @Option(name: [.short, .long], help: "linux.resources JSON, - for stdin") var resources: String?
    @Option var memory: Int64?
    @Option(name: .customLong("pids-limit")) var pidsLimit: Int64?
    @Option(name: .customLong("cpu-shares")) var cpuShares: UInt64?
    @Option(name: .customLong("cpu-quota")) var cpuQuota: Int64?
    @Option(name: .customLong("cpu-period")) var cpuPeriod: UInt64?
    @Argument var id: String

    func run() throws {
        var update = try resources.map { try Output.read(OCIResources.self, from: $0) } ?? OCIResources()
        update.override(memory: memory, pidsLimit: pidsLimit, cpuShares: cpuShares, cpuQuota: cpuQuota, cpuPeriod: cpuPeriod)
        try Global.current.runtime.update(id, resources: update)
    }
}
