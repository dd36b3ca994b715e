extension FirewallRuleset {
    /// A published port of one container: where connections to the host port go.
    public struct PortForward: Hashable, Sendable {
        /// The published port, its host port already chosen (not 0).
        public var port: PublishedPort
        /// The container's address on `bridge`.
        public var containerIP: IPv4Address
        /// The bridge the container is attached to with that address.
        public var bridge: String

        public init(_ port: PublishedPort, to containerIP: IPv4Address, on bridge: String) {
            self.port = port
            self.containerIP = containerIP
            self.bridge = bridge
        }
    }
}
