import Foundation
import TestSupport

/// A program driven through a real pseudo-terminal, as a user at a terminal drives it: Python's pty
/// module forks it on a pty of 33 rows and 101 columns, waits for each expected text in what it
/// writes and types the line given with it, then reads to the end and exits with its status.
enum TerminalSession {
    struct Step {
        var expect: String
        var type: String
    }

    private static let driver = """
        import fcntl, os, pty, select, struct, sys, termios, time
        timeout, steps, argv = float(sys.argv[1]), sys.argv[2:sys.argv.index("--")], sys.argv[sys.argv.index("--") + 1:]
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(argv[0], argv)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 33, 101, 0, 0))
        seen, deadline = b"", time.time() + timeout
        def read_until(text):
            global seen
            while text not in seen:
                if not select.select([fd], [], [], max(0, deadline - time.time()))[0]:
                    return False
                try:
                    chunk = os.read(fd, 4096)
                except OSError:  # EIO: the program and everything on its terminal are gone
                    return False
                if not chunk:
                    return False
                seen += chunk
            return True
        def give_up(waiting_for):
            sys.stdout.write(seen.decode(errors="replace"))
            sys.stderr.write("timed out waiting for %s\\n" % waiting_for)
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            sys.exit(124)
        for expect, line in zip(steps[0::2], steps[1::2]):
            if not read_until(expect.encode()):
                give_up(repr(expect))
            os.write(fd, line.encode() + b"\\r")
        read_until(b"\\0")  # to the end of the output
        if time.time() >= deadline:
            give_up("the end")
        status = os.waitpid(pid, 0)[1]
        sys.stdout.write(seen.decode(errors="replace"))
        sys.exit(os.waitstatus_to_exitcode(status) & 0xff)
        """

    /// Runs `argv` on a terminal of its own through `steps`; its output (as the terminal showed it,
    /// with \r\n line ends) and exit status, 124 when an expected text did not come within `timeout`.
    static func run(_ argv: [String], steps: [Step], timeout: Int = 60) -> CommandResult {
        Command.run("/usr/bin/python3", ["-c", driver, String(timeout)] + steps.flatMap { [$0.expect, $0.type] } + ["--"] + argv)
    }
}
