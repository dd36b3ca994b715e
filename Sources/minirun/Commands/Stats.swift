import ArgumentParser
import Glibc
import Runtime

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show CPU, memory and process counts of running containers.")

    @Flag(name: [.customShort("a"), .customLong("all")], help: "Show all containers (default shows just running).")
    var all = false

    @Flag(name: .customLong("no-stream"), help: "Print one sample and exit.")
    var noStream = false

    @Flag(name: .customLong("no-trunc"), help: "Do not truncate the IDs.")
    var noTrunc = false

    @OptionGroup var output: FormatOption

    @Argument(help: "Containers (default: all running).")
    var containers: [String] = []

    /// docker's `stats --format json` fields.
    struct Row: ListRow {
        var BlockIO = "0B / 0B"
        var CPUPerc, Container, ID, MemPerc, MemUsage, Name, NetIO, PIDs: String

        static var columns: [Column<Row>] {
            [Column("ID", \.ID), Column("Name", \.Name), Column("CPUPerc", \.CPUPerc), Column("MemUsage", \.MemUsage),
             Column("MemPerc", \.MemPerc), Column("NetIO", \.NetIO), Column("BlockIO", \.BlockIO), Column("PIDs", \.PIDs)]
        }

        static let headers = [
            "BlockIO": "BLOCK I/O", "CPUPerc": "CPU %", "Container": "CONTAINER", "ID": "CONTAINER ID", "MemPerc": "MEM %",
            "MemUsage": "MEM USAGE / LIMIT", "Name": "NAME", "NetIO": "NET I/O", "PIDs": "PIDS",
        ]
    }

    func run() throws {
        let engine = makeEngine()
        var previous = try sample(engine)
        repeat {
            usleep(noStream ? 500_000 : 1_000_000)
            let current = try sample(engine)
            let rows = current.map { entry in row(entry, previous: previous.first { $0.record.id == entry.record.id }) }
            previous = current
            if !noStream { print("\u{1b}[2J\u{1b}[H", terminator: "") }
            print(try Output.render(rows, format: output.format), terminator: "")
        } while !noStream
    }

    struct Sample {
        var record: ContainerRecord
        var stats: CgroupStats
        var time: Timestamp
        var network: (received: UInt64, sent: UInt64)
    }

    private func sample(_ engine: Engine) throws -> [Sample] {
        let records = try containers.isEmpty
            ? engine.listContainers().filter { all || $0.state.status == .running }
            : containers.map { try engine.inspect($0) }
        return records.map { record in
            Sample(record: record, stats: record.state.cgroup?.stats() ?? CgroupStats(), time: .now(),
                   network: NetworkCounters.read(pid: record.state.process?.pid ?? 0))
        }
    }

    private func row(_ sample: Sample, previous: Sample?) -> Row {
        let id = noTrunc ? sample.record.id : Identifiers.short(sample.record.id)
        guard sample.record.state.status == .running else {
            // As Docker shows a container that does not run (`stats -a`): nothing used, nothing limited.
            return Row(CPUPerc: "0.00%", Container: id, ID: id, MemPerc: "0.00%", MemUsage: "0B / 0B", Name: sample.record.name,
                       NetIO: "0B / 0B", PIDs: "0")
        }
        var cpu = "--"
        if let now = sample.stats.cpuNanoseconds, let before = previous?.stats.cpuNanoseconds, let earlier = previous?.time {
            let elapsed = earlier.interval(to: sample.time) * 1e9
            cpu = elapsed > 0 ? percent(Double(now &- before) / elapsed) : "--"
        }
        let limit = sample.stats.memoryLimit ?? NetworkCounters.hostMemory()
        let usage = sample.stats.memoryUsage ?? 0
        return Row(
            CPUPerc: cpu, Container: id, ID: id,
            MemPerc: limit > 0 ? percent(Double(usage) / Double(limit)) : "--",
            MemUsage: HumanFormat.binarySize(usage) + " / " + HumanFormat.binarySize(limit),
            Name: sample.record.name,
            NetIO: HumanFormat.size(sample.network.received) + " / " + HumanFormat.size(sample.network.sent),
            PIDs: sample.stats.pids.map(String.init) ?? "--")
    }

    private func percent(_ fraction: Double) -> String {
        let hundredths = Int((fraction * 10_000).rounded())
        let text = String(hundredths / 100) + "." + (hundredths % 100 < 10 ? "0" : "") + String(hundredths % 100)
        return text + "%"
    }
}
