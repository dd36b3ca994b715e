/// Applies `FirewallRuleset`s with nft: the whole script goes to `nft -f -` on stdin, which runs it as one
/// transaction, so minirun's table is replaced (or removed) all at once or not at all.
public struct Firewall: Sendable {
    /// Where nft is; an absolute path, so what runs never depends on the caller's PATH.
    public var nftPath: String

    public init(nftPath: String = "/usr/sbin/nft") {
        self.nftPath = nftPath
    }

    /// Replaces minirun's table with the ruleset; an empty ruleset removes the table.
    public func apply(_ ruleset: FirewallRuleset) throws(FirewallError) {
        try run(["-f", "-"], script: ruleset.script)
    }

    /// Asks nft whether it would accept the ruleset (`nft -c -f -`), changing nothing.
    public func check(_ ruleset: FirewallRuleset) throws(FirewallError) {
        try run(["-c", "-f", "-"], script: ruleset.script)
    }

    /// Removes the table; succeeds when it does not exist.
    public func removeTable(named tableName: String) throws(FirewallError) {
        try apply(try FirewallRuleset(tableName: tableName))
    }

    /// The shell command that applies the ruleset by hand, for `--explain`.
    public func explanation(of ruleset: FirewallRuleset) -> String {
        "nft -f - <<'EOF'\n\(ruleset.script)EOF\n"
    }

    private func run(_ arguments: [String], script: String) throws(FirewallError) {
        let outcome: ExternalCommand.Outcome
        do {
            outcome = try ExternalCommand(path: nftPath, arguments: arguments).run(input: script)
        } catch {
            throw .nftUnavailable(error)
        }
        guard outcome.exitCode == 0 else {
            throw .nftFailed(command: (["nft"] + arguments).joined(separator: " "), exitCode: outcome.exitCode,
                             message: Self.oneLine(outcome.standardError))
        }
    }

    /// nft reports each error as a "FILE:LINE:COLUMNS: Error: ..." line followed by the offending line and
    /// a row of carets; keep only the error lines (or every line when none says "Error"), joined with "; ".
    static func oneLine(_ standardError: String) -> String {
        let lines = standardError.split(whereSeparator: \.isNewline)
            .map { String($0.drop { $0 == " " || $0 == "\t" }) }
            .filter { !$0.isEmpty }
        let errors = lines.filter { $0.contains("Error:") }
        return (errors.isEmpty ? lines : errors).joined(separator: "; ")
    }
}
