import AsyncHTTPClient
import FoundationEssentials
import Glibc
import JSONCodec
import NIOCore
import NIOHTTP1
import NIOSSL
import Runtime
import Synchronization

/// One registry and one repository, reached and authenticated: requests go to
/// `<scheme>://<endpoint>/v2/<repository>/...` with the Authorization header the registry's challenge
/// asked for. The client follows redirects (blobs often live elsewhere) and drops the Authorization
/// header when a redirect leaves the registry's origin; a redirect loop is an error.
public final class RegistrySession: Sendable {
    public let registry: String
    public let repository: String
    let baseURL: String
    private let http: HTTPClient
    private let challenge: Challenge?
    private let credentials: Credentials?
    private let insecure: InsecureRegistries
    /// What a token is asked for: "pull", or "pull,push".
    private let actions: String
    private let authorization: Mutex<String?>

    private init(
        registry: String, repository: String, baseURL: String, http: HTTPClient, challenge: Challenge?,
        credentials: Credentials?, insecure: InsecureRegistries, actions: String
    ) {
        self.registry = registry
        self.repository = repository
        self.baseURL = baseURL
        self.http = http
        self.challenge = challenge
        self.credentials = credentials
        self.insecure = insecure
        self.actions = actions
        authorization = Mutex(nil)
    }

    /// Docker Hub's API lives at registry-1.docker.io.
    static func endpoint(of registry: String) -> String {
        registry == RemoteReference.dockerHub ? "registry-1.docker.io" : registry
    }

    /// Pings `/v2/` (over HTTPS; where plain HTTP is allowed, over HTTP first) and takes
    /// a token for pulling `repository` (and pushing to it, with `push`) when the registry asks for
    /// one. `repository` nil: only checks that `credentials` are accepted (`login`).
    public static func open(
        registry: String, repository: String?, credentials: Credentials?, insecure: InsecureRegistries, push: Bool = false
    ) async throws -> RegistrySession {
        let plainAllowed = insecure.allowsPlainHTTP(registry)
        var configuration = HTTPClient.Configuration.minirun()
        configuration.decompression = .disabled
        if plainAllowed {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            configuration.tlsConfiguration = tls
        }
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let endpoint = endpoint(of: registry)
            // Where plain HTTP is allowed it is tried first: a plain HTTP server may never answer a TLS
            // handshake (Go's waits for a request line), while a TLS server answers a plain request
            // at once with 400, which moves on to HTTPS.
            let schemes = plainAllowed ? ["http", "https"] : ["https"]
            var lastError: (any Error)?
            for scheme in schemes {
                let base = scheme + "://" + endpoint
                let response: HTTPClientResponse
                do {
                    response = try await http.execute(HTTPClientRequest(url: base + "/v2/"), timeout: .seconds(30))
                } catch {
                    lastError = error
                    continue
                }
                let body = try await Self.collect(response, limit: 64 << 10)
                if response.status == .badRequest && scheme != schemes.last {
                    lastError = RuntimeError(.system, "plain HTTP refused")
                    continue
                }
                var challenge: Challenge?
                switch response.status.code {
                case 200: break
                case 401:
                    challenge = response.headers["WWW-Authenticate"].lazy.compactMap(Challenge.init(header:)).first
                    if challenge == nil {
                        throw RuntimeError(.system, "\(registry) asks for authentication without a Basic or Bearer challenge")
                    }
                default:
                    throw statusError(response.status, body: body, doing: "ping \(base)/v2/")
                }
                let session = RegistrySession(
                    registry: registry, repository: repository ?? "", baseURL: base, http: http, challenge: challenge,
                    credentials: credentials, insecure: insecure, actions: push ? "pull,push" : "pull")
                try await session.authenticate(scope: repository.map { "repository:\($0):\(session.actions)" })
                return session
            }
            throw RuntimeError(.system, "cannot reach \(registry): \(describe(lastError!))")
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    public func close() async {
        try? await http.shutdown()
    }

    /// Sets the Authorization header for what the challenge asks: Basic with the stored
    /// credentials, or a Bearer token from the realm (anonymous without credentials).
    private func authenticate(scope: String?) async throws {
        guard let challenge else { return }
        switch challenge.scheme {
        case .basic:
            guard let credentials else {
                if scope == nil { throw Self.unauthorized(registry, "authentication required") }
                return  // requests will say 401, and that is the error the user sees
            }
            authorization.withLock { $0 = credentials.basicAuthorization }
            if scope == nil {
                // login: the credentials must open /v2/.
                let response = try await send(HTTPClientRequest(url: baseURL + "/v2/"), retryingUnauthorized: false)
                let body = try await Self.collect(response, limit: 64 << 10)
                guard response.status == .ok else { throw Self.statusError(response.status, body: body, doing: "log in to \(registry)") }
            }
        case .bearer:
            let token = try await fetchToken(challenge, scope: scope)
            authorization.withLock { $0 = "Bearer " + token }
        }
    }

    private func fetchToken(_ challenge: Challenge, scope: String?) async throws -> String {
        let realm = challenge.parameters["realm"]!
        guard let url = URL(string: realm), let scheme = url.scheme, let host = url.host else {
            throw RuntimeError(.system, "\(registry) names a token realm that is not a URL: \(Identifiers.printable(realm))")
        }
        let realmHost = url.port.map { "\(host):\($0)" } ?? host
        guard scheme == "https" || (scheme == "http" && insecure.allowsPlainHTTP(realmHost)) else {
            throw RuntimeError(.system, "\(registry) names a token realm over plain HTTP (\(Identifiers.printable(realm))), which is not allowed for \(realmHost)")
        }
        var query: [(String, String)] = []
        if let service = challenge.parameters["service"] { query.append(("service", service)) }
        if let scope { query.append(("scope", scope)) }
        if let credentials { query.append(("account", credentials.username)) }
        let separator = realm.contains("?") ? "&" : "?"
        var request = HTTPClientRequest(url: realm + (query.isEmpty ? "" : separator + query.map { Self.percentEncode($0) + "=" + Self.percentEncode($1) }.joined(separator: "&")))
        if let credentials { request.headers.add(name: "Authorization", value: credentials.basicAuthorization) }
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .seconds(60))
        } catch {
            throw RuntimeError(.system, "get a token from \(realmHost): \(Self.describe(error))")
        }
        let body = try await Self.collect(response, limit: 1 << 20)
        guard response.status == .ok else {
            if response.status == .unauthorized {
                throw Self.unauthorized(registry, credentials == nil ? "authentication required" : "incorrect username or password")
            }
            throw Self.statusError(response.status, body: body, doing: "get a token from \(realmHost)")
        }
        struct TokenResponse: Decodable {
            var token: String?
            var accessToken: String?
            enum CodingKeys: String, CodingKey { case token, accessToken = "access_token" }
        }
        guard let decoded = try? JSONValue(parsing: body).decode(TokenResponse.self),
              let token = decoded.token ?? decoded.accessToken, !token.isEmpty
        else {
            throw RuntimeError(.system, "the token server \(realmHost) answered without a token")
        }
        return token
    }

    /// GET `path` (under /v2/<repository>/), with the Authorization header (and a Range header
    /// for the bytes from `from` on, when given); a 401 on a Bearer registry fetches a new token
    /// once (tokens expire during long pulls).
    func get(_ path: String, accept: [String] = [], from offset: Int64? = nil) async throws -> HTTPClientResponse {
        try await get(url: baseURL + "/v2/" + repository + "/" + path, accept: accept, from: offset)
    }

    /// GET a URL of this registry's, as `get(_:)` does.
    func get(url: String, accept: [String] = [], from offset: Int64? = nil) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        for type in accept { request.headers.add(name: "Accept", value: type) }
        if let offset { request.headers.add(name: "Range", value: "bytes=\(offset)-") }
        return try await send(request, retryingUnauthorized: true)
    }

    /// A request to a URL of this registry's (a path under /v2/<repository>/ made whole), with the
    /// Authorization header; `push`'s HEAD, POST and PUT.
    func send(_ method: HTTPMethod, _ pathOrURL: String, body: HTTPClientRequest.Body? = nil, headers: [(String, String)] = []) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url(pathOrURL))
        request.method = method
        request.body = body
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        return try await send(request, retryingUnauthorized: body == nil)
    }

    /// A path under /v2/<repository>/, or a Location the registry gave (absolute, or from its root).
    func url(_ pathOrURL: String) -> String {
        if pathOrURL.hasPrefix("http://") || pathOrURL.hasPrefix("https://") { return pathOrURL }
        if pathOrURL.hasPrefix("/") { return baseURL + pathOrURL }
        return baseURL + "/v2/" + repository + "/" + pathOrURL
    }

    private func send(_ original: HTTPClientRequest, retryingUnauthorized: Bool) async throws -> HTTPClientResponse {
        var request = original
        if let header = authorization.withLock({ $0 }) { request.headers.replaceOrAdd(name: "Authorization", value: header) }
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, deadline: .now() + .hours(6))
        } catch {
            throw RuntimeError(.system, "\(registry): \(Self.describe(error))")
        }
        if response.status == .unauthorized, retryingUnauthorized, challenge?.scheme == .bearer, !repository.isEmpty {
            _ = try? await Self.collect(response, limit: 64 << 10)
            try await authenticate(scope: "repository:\(repository):\(actions)")
            return try await send(original, retryingUnauthorized: false)
        }
        return response
    }

    // MARK: errors

    static func collect(_ response: HTTPClientResponse, limit: Int) async throws -> [UInt8] {
        do {
            var buffer = try await response.body.collect(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch is NIOTooManyBytesError {
            throw RuntimeError(.system, "the registry's answer is larger than \(limit) bytes")
        } catch let error as RuntimeError {
            throw error
        } catch {
            throw RuntimeError(.system, describe(error))
        }
    }

    static func unauthorized(_ registry: String, _ why: String) -> RuntimeError {
        RuntimeError(.invalidArgument, "unauthorized: \(why) (minirun login \(registry))")
    }

    /// "manifest unknown", "received unexpected HTTP status: 500 Internal Server Error": the
    /// registry's own error message when its body has one (the distribution spec's error JSON).
    static func statusError(_ status: HTTPResponseStatus, body: [UInt8], doing what: String) -> RuntimeError {
        struct Errors: Decodable {
            struct Entry: Decodable { var code: String?; var message: String? }
            var errors: [Entry]?
        }
        let said = (try? JSONValue(parsing: body).decode(Errors.self))?.errors?.first
        let message = said?.message ?? said?.code?.lowercased().replacingOccurrences(of: "_", with: " ")
        let code: RuntimeError.Code
        let text: String
        switch status.code {
        case 401: code = .invalidArgument; text = "unauthorized: " + (message ?? "authentication required")
        case 403: code = .invalidArgument; text = "denied: " + (message ?? "requested access to the resource is denied")
        case 404: code = .notFound; text = "not found: " + (message ?? "\(status.code) \(status.reasonPhrase)")
        case 429: code = .system; text = "toomanyrequests: " + (message ?? "too many requests")
        default: code = .system; text = "received unexpected HTTP status: \(status.code) \(status.reasonPhrase)" + (message.map { " (\($0))" } ?? "")
        }
        return RuntimeError(code, "\(what): \(Identifiers.printable(text))")
    }

    /// One line for what went wrong underneath: a redirect loop, a closed connection, a timeout.
    static func describe(_ error: any Error) -> String {
        if let error = error as? RuntimeError { return error.description }
        if let error = error as? HTTPClientError {
            let known: [(HTTPClientError, String)] = [
                (.redirectCycleDetected, "redirect loop"), (.redirectLimitReached, "too many redirects"),
                (.remoteConnectionClosed, "the registry closed the connection"), (.connectTimeout, "connection timed out"),
                (.readTimeout, "no data for 60 s"), (.deadlineExceeded, "took too long"),
            ]
            return known.first { $0.0 == error }?.1 ?? "\(error)"
        }
        if error is NIOSSLError { return "TLS: \(error)" }
        // NIO's own text for a refused connection is "connection reset (error set): Connection refused) (errno: 111)".
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        let text = "\(error)"
        return text.split(separator: "\n").first.map(String.init) ?? text
    }

    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || "-._~".utf8.contains(byte) {
                out.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
