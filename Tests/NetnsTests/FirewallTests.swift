import Testing
@testable import Netns

#if canImport(Glibc)
import Glibc
#endif
#if canImport(Foundation)
import Foundation
#endif

/// Rulesets covering every kind of rule the renderer writes.
let exampleRulesets: [FirewallRuleset] = {
    let defaultBridge = FirewallRuleset.Bridge(name: "minirun0", subnet: IPv4Network("172.17.0.0/16")!)
    let userBridge = FirewallRuleset.Bridge(name: "br-0123456789ab", subnet: IPv4Network("172.18.0.0/16")!)
    let thirdBridge = FirewallRuleset.Bridge(name: "br-ba9876543210", subnet: IPv4Network("10.99.0.0/24")!)
    let web = FirewallRuleset.PortForward(
        PublishedPort(hostPort: 18080, containerPort: 80), to: IPv4Address(172, 17, 0, 3), on: "minirun0")
    let dns = FirewallRuleset.PortForward(
        PublishedPort(hostIP: IPv4Address(127, 0, 0, 1), hostPort: 5353, containerPort: 53, transport: .udp),
        to: IPv4Address(10, 99, 0, 2), on: thirdBridge.name)
    return [
        try! FirewallRuleset(tableName: "minirun_check"),
        try! FirewallRuleset(tableName: "minirun_check", bridges: [defaultBridge]),
        try! FirewallRuleset(tableName: "minirun_check", bridges: [defaultBridge], portForwards: [web]),
        try! FirewallRuleset(tableName: "minirun_check", bridges: [defaultBridge, userBridge], portForwards: [web]),
        try! FirewallRuleset(tableName: "minirun_check", bridges: [defaultBridge, userBridge, thirdBridge],
                             portForwards: [web, dns]),
    ]
}()

/// A stand-in for nft: a shell script in a fresh directory, to see what Firewall passes and how it reports.
struct FakeNft {
    let directory: String
    var path: String { directory + "/nft" }
    var firewall: Firewall { Firewall(nftPath: path) }

    init(body: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mrf-nft-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        // Written through a close-on-exec fd: a writable fd that a concurrently spawned child inherited
        // would make running the script fail with ETXTBSY.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw SetupError("create \(path): errno \(errno)") }
        let text = Array("#!/bin/sh\n\(body)\n".utf8)
        let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == text.count else { throw SetupError("write \(path): errno \(errno)") }
    }

    /// Runs `body` again while the script is "busy": even a close-on-exec fd lives on in a child that
    /// another test spawns at that moment, until that child's exec.
    func retryingWhileBusy<T>(_ body: (Firewall) throws -> T) throws -> T {
        for _ in 0..<100 {
            do {
                return try body(firewall)
            } catch FirewallError.nftUnavailable(let error) where error.errno == ETXTBSY {
                usleep(10_000)
            }
        }
        return try body(firewall)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

@Suite struct FirewallTests {
    @Test func passesTheScriptOnStdinOfNftDashF() throws {
        let fake = try FakeNft(body: "echo \"$@\" > \"$(dirname \"$0\")/args\"; cat > \"$(dirname \"$0\")/stdin\"")
        defer { fake.remove() }
        let ruleset = exampleRulesets[3]
        try fake.retryingWhileBusy { try $0.apply(ruleset) }
        #expect(try String(contentsOfFile: fake.directory + "/args", encoding: .utf8) == "-f -\n")
        #expect(try String(contentsOfFile: fake.directory + "/stdin", encoding: .utf8) == ruleset.script)

        try fake.retryingWhileBusy { try $0.check(ruleset) }
        #expect(try String(contentsOfFile: fake.directory + "/args", encoding: .utf8) == "-c -f -\n")

        try fake.retryingWhileBusy { try $0.removeTable(named: "minirun_x") }
        #expect(try String(contentsOfFile: fake.directory + "/stdin", encoding: .utf8)
            == "# No minirun network needs rules: remove minirun's table (declared first so that\n"
            + "# the delete succeeds when there is none).\ntable ip minirun_x\ndelete table ip minirun_x\n")
    }

    @Test func reportsNftErrorsOnOneLine() throws {
        let fake = try FakeNft(body: """
            cat > /dev/null
            echo '/dev/stdin:3:1-4: Error: Could not process rule: Operation not permitted' >&2
            echo 'table ip minirun' >&2
            echo '^^^^^^^^^^^^^^^^' >&2
            echo '/dev/stdin:9:2-5: Error: syntax error, unexpected junk' >&2
            exit 1
            """)
        defer { fake.remove() }
        #expect(throws: FirewallError.nftFailed(
            command: "nft -f -", exitCode: 1,
            message: "/dev/stdin:3:1-4: Error: Could not process rule: Operation not permitted; "
                + "/dev/stdin:9:2-5: Error: syntax error, unexpected junk")) {
            try fake.retryingWhileBusy { try $0.apply(exampleRulesets[1]) }
        }
        #expect(FirewallError.nftFailed(command: "nft -f -", exitCode: 1, message: "Error: x").description
            == "nft -f - failed: Error: x")
    }

    @Test func reportsSilentFailuresSignalsAndAMissingNft() throws {
        let silent = try FakeNft(body: "exit 3")
        defer { silent.remove() }
        #expect(throws: FirewallError.nftFailed(command: "nft -c -f -", exitCode: 3, message: "")) {
            try silent.retryingWhileBusy { try $0.check(exampleRulesets[0]) }
        }
        #expect(FirewallError.nftFailed(command: "nft -c -f -", exitCode: 3, message: "").description
            == "nft -c -f - failed: exit status 3")

        let killed = try FakeNft(body: "kill -9 $$")
        defer { killed.remove() }
        #expect(throws: FirewallError.nftFailed(command: "nft -f -", exitCode: 137, message: "")) {
            try killed.retryingWhileBusy { try $0.apply(exampleRulesets[0]) }
        }

        let missing = FirewallError.nftUnavailable(SystemCallError(operation: "run /nonexistent/nft", errno: ENOENT))
        #expect(throws: missing) { try Firewall(nftPath: "/nonexistent/nft").apply(exampleRulesets[0]) }
        #expect(missing.description
            == "cannot run nft (is the nftables package installed?): run /nonexistent/nft: No such file or directory")
    }

    @Test func explainsAsAHereDocument() throws {
        let ruleset = exampleRulesets[1]
        #expect(Firewall().explanation(of: ruleset) == "nft -f - <<'EOF'\n" + ruleset.script + "EOF\n")
    }
}

/// Against the real nft, as root: nft must accept everything the renderer writes.
@Suite(.serialized, .enabled(if: isRoot && access("/usr/sbin/nft", X_OK) == 0, "needs root and nft"))
struct NftAcceptanceTests {
    @Test(arguments: exampleRulesets)
    func nftCheckAcceptsEveryRenderedScript(ruleset: FirewallRuleset) throws {
        try Firewall().check(ruleset)
        #expect(!nftTables().contains("minirun_check"))
    }

    @Test func applyThenRemoveLeavesNoTable() throws {
        let table = "minirun_test_\(testSuffix)"
        defer { try? Firewall().removeTable(named: table) }
        let ruleset = try FirewallRuleset(tableName: table, bridges: exampleRulesets[4].bridges,
                                          portForwards: exampleRulesets[4].portForwards)
        try Firewall().apply(ruleset)
        #expect(nftTables().contains("table ip \(table)"))
        // Applying again replaces the table instead of adding a second copy of each rule.
        try Firewall().apply(ruleset)
        let listing = try run(["/usr/sbin/nft", "list", "table", "ip", table]).output
        #expect(listing.components(separatedBy: "dnat to 172.17.0.3:80").count == 2)
        #expect(listing.contains("ct status dnat accept"))  // nft lists set elements in an order of its own

        try Firewall().removeTable(named: table)
        #expect(!nftTables().contains(table))
        try Firewall().removeTable(named: table)  // idempotent
        #expect(!nftTables().contains(table))
    }
}

/// What `nft list tables` prints.
func nftTables() -> String {
    (try? run(["/usr/sbin/nft", "list", "tables"]).output) ?? ""
}
