import AsyncHTTPClient

extension HTTPClient.Configuration {
    /// What every client of minirun-pull uses: redirects followed (at most 10, no cycles), 30 s to
    /// connect, 60 s without data. A connection that fails is not tried again: AsyncHTTPClient's
    /// default retries a refused connection with backoff until the request's deadline, so a pull from
    /// a port nobody listens on took a minute to say so; Docker says it at once.
    static func minirun() -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .follow(max: 10, allowCycles: false))
        configuration.timeout = .init(connect: .seconds(30), read: .seconds(60))
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }
}
