/// One line on stderr, "minirun: <message>": for errors, warnings and notices alike.
public func printDiagnostic(_ message: String) {
    _ = try? FileSystem.writeAll(fd: 2, Array(("minirun: " + message + "\n").utf8), path: "stderr")
}
