/// `network diagram --modes`: the four network modes side by side - what a container gets in each,
/// and whether -p applies - with the running containers in each mode.
public enum NetworkModesTable {
    public static func render(containers: [ContainerRecord]) -> String {
        let running = containers.filter { $0.state.status == .running }
        func names(_ matches: (NetworkMode) -> Bool) -> String {
            running.filter { matches($0.config.network) }.map(\.name).sorted().joined(separator: ", ")
        }
        let rows: [[String]] = [
            ["MODE", "OWN NETWORK NAMESPACE", "OWN ADDRESS", "REACHABLE ON HOST PORTS", "-p APPLIES", "CONTAINERS"],
            ["bridge, NETWORK", "yes", "yes, on the bridge", "only the published ones", "yes",
             names { if case .network = $0 { return true } else { return false } }],
            ["host", "no, the host's", "no, the host's", "every port it listens on", "no, ignored", names { $0 == .host }],
            ["container:NAME", "no, NAME's", "no, NAME's", "as NAME is", "no, refused",
             names { if case .container = $0 { return true } else { return false } }],
            ["none", "yes, loopback only", "no", "no", "no, ignored", names { $0 == .none }],
        ]
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            var line = ""
            for (i, cell) in row.enumerated() {
                line += i < row.count - 1 ? cell + String(repeating: " ", count: widths[i] - cell.count + 3) : cell
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n") + "\n"
    }
}
