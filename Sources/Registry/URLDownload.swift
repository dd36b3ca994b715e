import AsyncHTTPClient
import Glibc
import NIOCore
import Runtime

/// A file fetched over http(s): what a Dockerfile's `ADD URL DEST` downloads (build asks
/// minirun-pull for it, since minirun links no HTTP client). Redirects followed; an answer other
/// than 200 is an error as Docker words it; the file is written whole or not at all.
public enum URLDownload {
    public static func fetch(_ url: String, to path: String) async throws {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw RuntimeError(.invalidArgument, "not an http(s) URL: \(Identifiers.printable(url))")
        }
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .minirun())
        let partial = path + ".partial"
        do {
            try await download(url, http: http, to: partial)
            try await http.shutdown()
        } catch {
            unlink(partial)
            try? await http.shutdown()
            if error is RuntimeError { throw error }
            throw RuntimeError(.system, "GET \(Identifiers.printable(url)): \(RegistrySession.describe(error))")
        }
        if rename(partial, path) != 0 { throw RuntimeError.system("rename \(partial)") }
    }

    private static func download(_ url: String, http: HTTPClient, to path: String) async throws {
        let response = try await http.execute(HTTPClientRequest(url: url), timeout: .hours(1))
        guard response.status == .ok else {
            throw RuntimeError(.notFound, "invalid response status \(response.status.code) for \(Identifiers.printable(url))")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd < 0 { throw RuntimeError.system("open \(path)") }
        defer { close(fd) }
        for try await buffer in response.body {
            let failure = buffer.withUnsafeReadableBytes { Puller.writeAll(fd: fd, $0) }
            if failure != 0 { throw RuntimeError.system("write \(path)", failure) }
        }
    }
}
