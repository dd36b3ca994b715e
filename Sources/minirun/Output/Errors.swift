import Runtime

/// One line on stderr: "minirun: <message>".
func printError(_ message: String) {
    _ = try? FileSystem.writeAll(fd: 2, Array(("minirun: " + message + "\n").utf8), path: "stderr")
}
