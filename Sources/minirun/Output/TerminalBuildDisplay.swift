import Glibc
import Runtime

/// `--progress tty` (and auto on a terminal), as BuildKit draws it: a line per finished step with
/// its time (" => CACHED [2/5] RUN ..."), and under the running step the last lines of its output,
/// redrawn in place as they come and erased when it ends. A failed step's output is printed whole.
/// Called by one thread at a time (BuildProgress).
final class TerminalBuildDisplay: BuildProgress, @unchecked Sendable {
    let outputFD: Int32? = nil
    /// How many lines of a running step's output stay on the screen.
    static let liveLines = 6
    /// A failed step's output shows at most this many of its last lines.
    static let keptLines = 200

    private var step = ""
    private var stepStarted = Timestamp.now()
    private var lines: [String] = []
    private var partial: [UInt8] = []
    /// A CR came last: the line starts again unless an LF follows.
    private var returned = false
    /// Lines of the live region on the screen now, above the cursor.
    private var drawn = 0
    private var lastDraw = Timestamp(seconds: 0, nanoseconds: 0)
    private let width: Int
    /// The terminal: standard error as it was, since a step's fds 1 and 2 are the pipe this display
    /// reads while it runs.
    private let terminal: Int32

    init() {
        let columns = Int(WindowSize.of(STDERR_FILENO)?.columns ?? 0)
        width = columns > 20 ? columns : 80
        terminal = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3)
    }

    private func write(_ text: String) {
        BuildDisplay.write(text, to: terminal)
    }

    func started(_ step: String) {
        self.step = step
        stepStarted = Timestamp.now()
        lines = []
        partial = []
        returned = false
        redraw()
    }

    func output(_ bytes: ArraySlice<UInt8>) {
        for byte in bytes {
            switch byte {
            case 0x0A:
                lines.append(Self.printable(partial))
                partial = []
                returned = false
            case 0x0D:
                returned = true
            default:
                // A progress bar writes its line again after a CR; a CR LF only ends the line.
                if returned { partial = [] }
                returned = false
                partial.append(byte)
            }
        }
        if lines.count > Self.keptLines { lines.removeFirst(lines.count - Self.keptLines) }
        // Output that comes fast is drawn ten times a second, not once a chunk.
        if lastDraw.interval(to: .now()) >= 0.1 { redraw() }
    }

    func finished(cached: Bool, seconds: Double) {
        erase()
        write(line((cached ? "CACHED " : "") + step, time: seconds) + "\n")
        step = ""
    }

    func failed() {
        erase()
        write(line("ERROR " + step, time: stepStarted.interval(to: .now())) + "\n")
        if !partial.isEmpty { lines.append(Self.printable(partial)) }
        if !lines.isEmpty { write("------\n > \(step):\n" + lines.map { $0 + "\n" }.joined() + "------\n") }
        step = ""
    }

    func note(_ line: String) {
        erase()
        write(" => " + line + "\n")
        if !step.isEmpty && drawn == 0 { redraw() }
    }

    /// The live region: the running step with its time so far, and its last lines of output.
    private func redraw() {
        erase()
        var tail = lines.suffix(Self.liveLines)
        if !partial.isEmpty { tail.append(Self.printable(partial)) }
        let region = [line(step, time: stepStarted.interval(to: .now()))]
            + tail.suffix(Self.liveLines).map { String((" => => # " + $0).prefix(width - 1)) }
        write(region.map { $0 + "\n" }.joined())
        drawn = region.count
        lastDraw = Timestamp.now()
    }

    /// Takes the live region off the screen: up to its first line, then everything below.
    private func erase() {
        guard drawn > 0 else { return }
        write("\u{1B}[\(drawn)F\u{1B}[J")
        drawn = 0
    }

    /// " => TEXT" with the time at the right edge, cut to the terminal's width.
    private func line(_ text: String, time: Double) -> String {
        let seconds = String(format1: time) + "s"
        let room = width - 1 - seconds.count - 1
        var head = " => " + text
        if head.count > room { head = String(head.prefix(room)) }
        return head + String(repeating: " ", count: room - head.count + 1) + seconds
    }

    /// A line of output as text for the screen: control characters (colours, tabs) dropped.
    private static func printable(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).filter { !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) }
    }
}
