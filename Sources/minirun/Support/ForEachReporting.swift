import ArgumentParser
import Runtime

/// Runs `body` for every item, as docker does for commands taking several containers: an error for
/// one - whatever its type: netlink and firewall errors are not RuntimeErrors - is printed and the
/// others still run; the exit code says whether any failed (errors `forgiving` takes are printed only).
func forEachReporting(
    _ items: [String], _ body: (String) throws -> Void, finally: () throws -> Void = {}, forgiving: (any Error) -> Bool = { _ in false }
) throws {
    var failed = false
    for item in items {
        do {
            try body(item)
        } catch {
            printDiagnostic("\(error)")
            failed = failed || !forgiving(error)
        }
    }
    try finally()
    if failed { throw ExitCode(1) }
}
