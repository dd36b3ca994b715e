import Foundation
import Testing

/// Debian's docker-registry (the distribution project's registry 2.x), started by a test on
/// 127.0.0.1 with a port, a storage directory and a config of its own - open, behind htpasswd
/// (Basic), or behind a token server the test starts too (Tests/Fixtures/token-server.py, the
/// Bearer flow). Images are pushed into it with skopeo. `stop()` kills both servers and removes
/// the directory.
public final class TestRegistry: @unchecked Sendable {
    public enum Auth {
        case none
        case basic(user: String, password: String)
        /// Anonymous tokens for anyone without user; with one, only for its credentials.
        case token(user: String?, password: String?)
    }

    public let directory: String
    public let port: Int
    /// What skopeo pushes with.
    private let pushCredentials: String?
    private var processes: [Process] = []

    public var address: String { "127.0.0.1:\(port)" }
    /// Where the registry keeps blob `sha256:<hex>` (a test corrupts it there).
    public func blobData(_ digest: String) -> String {
        let hex = String(digest.dropFirst(7))
        return directory + "/storage/docker/registry/v2/blobs/sha256/" + hex.prefix(2) + "/" + hex + "/data"
    }

    /// Why the machine cannot run these tests, or nil.
    public static let whyNotAvailable: String? = {
        for tool in ["/usr/bin/docker-registry", "/usr/bin/skopeo", "/usr/bin/htpasswd", "/usr/bin/openssl"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is not installed (scripts/deps installs it)"
        }
        return nil
    }()

    public init(auth: Auth = .none) throws {
        directory = try Self.makeDirectory()
        var authConfig = ""
        switch auth {
        case .none, .token(nil, _), .token(_, nil):
            pushCredentials = nil
        case .basic(let user, let password), .token(let user?, let password?):
            pushCredentials = user + ":" + password
        }
        switch auth {
        case .none:
            break
        case .basic(let user, let password):
            let result = Command.run("/usr/bin/htpasswd", ["-Bbc", directory + "/htpasswd", user, password])
            guard result.code == 0 else { throw Failure("htpasswd: \(result.err)") }
            authConfig = "auth:\n  htpasswd:\n    realm: minirun-test\n    path: \(directory)/htpasswd\n"
        case .token(let user, let password):
            let key = directory + "/token.key", cert = directory + "/token.crt"
            let result = Command.run("/usr/bin/openssl", [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                "-subj", "/CN=minirun-test-token",
            ])
            guard result.code == 0 else { throw Failure("openssl: \(result.err)") }
            var arguments = [Self.fixtures + "/token-server.py", "--key", key, "--issuer", "minirun-test"]
            if let user, let password { arguments += ["--user", user, "--password", password] }
            let (server, firstLine) = try Self.startReadingFirstLine("/usr/bin/env", ["python3"] + arguments)
            processes.append(server)
            guard let tokenPort = Int(firstLine) else { throw Failure("token server did not start: \(firstLine)") }
            authConfig = """
                auth:
                  token:
                    realm: http://127.0.0.1:\(tokenPort)/token
                    service: minirun-test-registry
                    issuer: minirun-test
                    rootcertbundle: \(cert)

                """
        }
        // The registry takes its address from the config: a free port, found by binding port 0.
        port = try Self.freePort()
        let config = """
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: false
            storage:
              filesystem:
                rootdirectory: \(directory)/storage
            http:
              addr: 127.0.0.1:\(port)
              secret: minirun-test
            \(authConfig)
            """
        try config.write(toFile: directory + "/config.yml", atomically: true, encoding: .utf8)
        let registry = Process()
        registry.executableURL = URL(fileURLWithPath: "/usr/bin/docker-registry")
        registry.arguments = ["serve", directory + "/config.yml"]
        FileManager.default.createFile(atPath: directory + "/registry.log", contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/registry.log"))
        registry.standardOutput = log
        registry.standardError = log
        try registry.run()
        processes.append(registry)
        try waitUntilListening()
    }

    /// Pushes an OCI layout's TAG (all of its platforms) as NAME:TAG.
    public func push(layout: String, tag: String, as name: String) throws {
        let credentials = pushCredentials.map { ["--dest-creds", $0] } ?? []
        let result = Command.run("/usr/bin/skopeo", [
            "copy", "--all", "--quiet", "--dest-tls-verify=false",
        ] + credentials + ["oci:\(layout):\(tag)", "docker://\(address)/\(name)"])
        guard result.code == 0 else { throw Failure("skopeo copy: \(result.err)") }
    }

    /// The requests the registry logged (its access log) under /v2/.
    public var requests: [String] {
        let log = (try? String(contentsOfFile: directory + "/registry.log", encoding: .utf8)) ?? ""
        return log.split(separator: "\n").filter { $0.contains(" /v2/") }.map(String.init)
    }

    /// The blob downloads among them.
    public var blobRequests: [String] {
        requests.filter { $0.contains("\"GET /v2/") && $0.contains("/blobs/sha256:") }
    }

    public func stop() {
        for process in processes where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        processes = []
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    // MARK: helpers

    public static let fixtures: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<2 { url.deleteLastPathComponent() }
        return url.path + "/Fixtures"
    }()

    /// This machine's platform as an index names it: "linux/amd64" or "linux/arm64".
    public static let hostPlatform = "linux/" + (Command.shell("uname -m").out == "x86_64\n" ? "amd64" : "arm64")

    /// Makes an OCI layout with Tests/Fixtures/make-oci-layout.sh (`platforms`: "os/arch=a.tar,b.tar").
    public static func makeLayout(_ directory: String, tag: String, platforms: [String]) throws {
        let result = Command.run(fixtures + "/make-oci-layout.sh", [directory, tag] + platforms)
        guard result.code == 0 else { throw Failure("make-oci-layout.sh: \(result.err)") }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    private static func makeDirectory() throws -> String {
        var template = Array("/var/tmp/minirun-registry-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure("mkdtemp failed") }
        return String(cString: made)
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw Failure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private func waitUntilListening() throws {
        for _ in 0..<100 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            close(fd)
            if connected { return }
            usleep(50_000)
        }
        let log = (try? String(contentsOfFile: directory + "/registry.log", encoding: .utf8)) ?? ""
        throw Failure("docker-registry did not start: \(log)")
    }

    static func startReadingFirstLine(_ path: String, _ arguments: [String]) throws -> (Process, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, try readLine(out))
    }

    static func readLine(_ pipe: Pipe) throws -> String {
        var line = Data()
        while let byte = try pipe.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 10 {
            line.append(first)
        }
        return String(decoding: line, as: UTF8.self)
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips the test, with the reason the run prints, unless docker-registry, skopeo, htpasswd and
    /// openssl are installed.
    public static var needsRegistry: Self {
        .disabled(if: TestRegistry.whyNotAvailable != nil, Comment(rawValue: TestRegistry.whyNotAvailable ?? ""))
    }
}

/// Tests/Fixtures/misbehaving-registry.py on 127.0.0.1: answers 500 or 429, closes connections,
/// loops redirects, cuts a layer halfway, and redirects a layer to 127.0.0.2 where an Authorization
/// header is refused - by repository name (see the script).
public final class MisbehavingRegistry: @unchecked Sendable {
    public let address: String
    private let process: Process

    public init() throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestRegistry.fixtures + "/misbehaving-registry.py"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let port = try TestRegistry.readLine(out)
        _ = try TestRegistry.readLine(out)
        guard Int(port) != nil else { throw TestRegistry.Failure("misbehaving-registry.py did not start") }
        address = "127.0.0.1:" + port
    }

    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
