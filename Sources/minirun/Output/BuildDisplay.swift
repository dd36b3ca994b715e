import Glibc
import Runtime

/// How `build` shows its progress, as `--progress` and `-q` choose: Docker's plain lines, the
/// terminal display that folds each step's output into a few live lines, or nothing.
enum BuildDisplay {
    static func make(progress: String, quiet: Bool) -> any BuildProgress {
        if quiet || progress == "quiet" { return QuietBuildDisplay() }
        if progress == "tty" || (progress == "auto" && isatty(STDERR_FILENO) == 1) { return TerminalBuildDisplay() }
        return PlainBuildDisplay()
    }

    static func write(_ text: String, to fd: Int32 = STDERR_FILENO) {
        _ = try? FileSystem.writeAll(fd: fd, Array(text.utf8), path: "standard error")
    }
}

/// `--progress plain` (and auto off a terminal): a line per step, its output whole as it comes
/// (the RUN container writes to our stderr), then " CACHED" or " DONE 0.3s".
final class PlainBuildDisplay: BuildProgress, @unchecked Sendable {
    var outputFD: Int32? { STDERR_FILENO }
    func started(_ step: String) { BuildDisplay.write(step + "\n") }
    func output(_ bytes: ArraySlice<UInt8>) { _ = try? FileSystem.writeAll(fd: STDERR_FILENO, Array(bytes), path: "standard error") }
    func finished(cached: Bool, seconds: Double) { BuildDisplay.write(cached ? " CACHED\n" : " DONE \(String(format1: seconds))s\n") }
    func failed() {}
    func note(_ line: String) { BuildDisplay.write(line + "\n") }
}

/// -q: nothing but the ID, which the command prints; a step's output goes to /dev/null.
final class QuietBuildDisplay: BuildProgress, @unchecked Sendable {
    let outputFD: Int32? = open("/dev/null", O_WRONLY | O_CLOEXEC)
    func started(_ step: String) {}
    func output(_ bytes: ArraySlice<UInt8>) {}
    func finished(cached: Bool, seconds: Double) {}
    func failed() {}
    func note(_ line: String) {}
}
