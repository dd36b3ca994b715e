import ArgumentParser
import Glibc
import Runtime

/// `top CONTAINER [ps OPTIONS]`: as Docker's daemon does it, the host's `ps` (with -ef unless told
/// otherwise) cut to the container's processes, in Docker's table (minimum width 20).
struct Top: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "top", abstract: "Show the running processes of a container.")

    @Argument(help: "The container (name, ID or ID prefix).")
    var container: String

    @Argument(parsing: .captureForPassthrough, help: "Options for ps (default: -ef).")
    var psOptions: [String] = []

    func run() throws {
        let engine = makeEngine()
        let record = try engine.inspect(container)
        guard engine.isRunning(record) else { throw RuntimeError(.conflict, "container \(record.id) is not running") }
        let pids = Set(ContainerProcesses.list(record).map(\.pid))
        let ps = try Self.findPs()
        let (status, output, error) = try runHelperProgram(ps, psOptions.isEmpty ? ["-ef"] : psOptions, input: [])
        guard status == 0 else { throw RuntimeError(.system, "ps: \(error.isEmpty ? "exit status \(status)" : error)") }
        let (titles, rows) = try Self.containerRows(String(decoding: output, as: UTF8.self), pids: pids)
        let text = ([titles] + rows).map { $0.joined(separator: "\t") + "\n" }.joined()
        print(TabWriter.align(text, minimumWidth: 20, padding: 3), terminator: "")
    }

    /// ps's titles and the rows of the container's processes, each with as many cells as titles (the
    /// last, the command, keeps its spaces). A row whose PID is "-" (a thread, with ps's -m) belongs
    /// to the process before it, as in Docker.
    static func containerRows(_ output: String, pids: Set<Int32>) throws -> ([String], [[String]]) {
        let lines = output.split(separator: "\n")
        guard let header = lines.first else { throw RuntimeError(.system, "ps printed nothing") }
        let titles = header.split(separator: " ").map(String.init)
        guard let pidIndex = titles.firstIndex(of: "PID") else { throw RuntimeError(.system, "Couldn't find PID field in ps output") }
        var rows: [[String]] = []
        var afterContainerProcess = false
        for line in lines.dropFirst() {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count > pidIndex else { continue }
            if fields[pidIndex] == "-" {
                if afterContainerProcess { rows.append(fields) }
                continue
            }
            afterContainerProcess = Int32(fields[pidIndex]).map(pids.contains) ?? false
            guard afterContainerProcess else { continue }
            let kept = fields.prefix(titles.count - 1)
            rows.append(Array(kept) + [fields.dropFirst(kept.count).joined(separator: " ")])
        }
        return (titles, rows)
    }

    /// `ps` from PATH, as Docker's daemon runs it.
    static func findPs() throws -> String {
        let path = hostEnvironment("PATH") ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where access(directory + "/ps", X_OK) == 0 {
            return directory + "/ps"
        }
        throw RuntimeError(.system, "exec: \"ps\": executable file not found in $PATH")
    }
}
