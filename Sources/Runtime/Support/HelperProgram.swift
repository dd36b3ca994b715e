import CRuntimeShims
import Glibc

/// Runs a helper program of minirun's (minirun-pull) to completion, our stdin as its stdin and
/// `output` as its stdout, and waits for it. Its exit status (128 + the signal for a program killed
/// by one, as a shell says) and the first line it wrote on stderr, without the "minirun: " that
/// printDiagnostic puts before it.
public func runHelperProgram(_ path: String, _ arguments: [String], output: Int32) throws -> (status: Int32, error: String) {
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var errFD: Int32 = -1
    let status = mr_run_keeping_errors(path, argv, output, &errFD)
    guard status >= 0 else { throw RuntimeError.system("run \(path)", -status) }
    defer { close(errFD) }
    let said = String(decoding: try FileSystem.readAll(fd: errFD, path: "the errors of \(path)"), as: UTF8.self)
    let line = said.split(separator: "\n").first.map(String.init) ?? ""
    let signal = status & 0x7F
    return (signal == 0 ? (status >> 8) & 0xFF : 128 + signal, line.hasPrefix("minirun: ") ? String(line.dropFirst(9)) : line)
}
