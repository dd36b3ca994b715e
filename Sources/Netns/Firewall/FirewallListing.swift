/// minirun's table as the kernel holds it, read back with `nft list table ip NAME`: its chains in
/// order, each with the hook it is attached to (none for a chain that is only jumped to) and its rules
/// as nft prints them. `network diagram --paths` reads the packet paths from this, not from what
/// minirun meant to write, so the picture cannot disagree with the rules.
public struct FirewallListing: Equatable, Sendable {
    public struct Chain: Equatable, Sendable {
        public var name: String
        /// "prerouting", "output", "postrouting", "forward"; nil for a regular chain.
        public var hook: String?
        /// "nat" or "filter"; nil for a regular chain.
        public var type: String?
        public var rules: [String]
    }

    public var chains: [Chain]

    /// Parses nft's listing of one table (the format `nft list table` prints).
    public init(parsing text: String) {
        var chains: [Chain] = []
        var current: Chain?
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingSpaces()
            if line.hasPrefix("chain "), line.hasSuffix("{") {
                current = Chain(name: String(line.dropFirst(6).dropLast()).trimmingSpaces(), rules: [])
            } else if var chain = current {
                if line == "}" {
                    chains.append(chain)
                    current = nil
                } else if line.hasPrefix("type ") {
                    let words = line.split(separator: " ").map(String.init)
                    chain.type = words.count > 1 ? words[1] : nil
                    chain.hook = words.firstIndex(of: "hook").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }
                    current = chain
                } else if !line.isEmpty && !line.hasPrefix("#") {
                    chain.rules.append(line)
                    current = chain
                }
            }
        }
        self.chains = chains
    }

    public func chain(named name: String) -> Chain? {
        chains.first { $0.name == name }
    }

    /// The chains attached to `hook`, in order.
    public func chains(hookedTo hook: String) -> [Chain] {
        chains.filter { $0.hook == hook }
    }
}

extension Firewall {
    /// The table as the kernel holds it; nil when there is none.
    public func list(table name: String) throws(FirewallError) -> FirewallListing? {
        let outcome: ExternalCommand.Outcome
        do {
            outcome = try ExternalCommand(path: nftPath, arguments: ["list", "table", "ip", name]).run(input: "")
        } catch {
            throw .nftUnavailable(error)
        }
        guard outcome.exitCode == 0 else { return nil }
        return FirewallListing(parsing: outcome.standardOutput)
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
