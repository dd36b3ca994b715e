import Foundation

/// Python's http.server on 127.0.0.1 and a free port, serving a directory: what a test's
/// `ADD http://...` downloads. `stop()` kills it (SIGKILL: the runner's ignored SIGTERM is inherited).
public final class FileServer: @unchecked Sendable {
    public let port: Int
    private let process: Process

    public var address: String { "127.0.0.1:\(port)" }

    public init(serving directory: String) throws {
        let script = """
            import functools, http.server, sys
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """
        let (process, firstLine) = try TestRegistry.startReadingFirstLine("/usr/bin/env", ["python3", "-c", script, directory])
        self.process = process
        guard let port = Int(firstLine) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestRegistry.Failure("python3 -m http.server did not start")
        }
        self.port = port
    }

    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
