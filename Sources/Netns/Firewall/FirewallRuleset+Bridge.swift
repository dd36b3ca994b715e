extension FirewallRuleset {
    /// A minirun bridge network: its containers' traffic is masqueraded when it leaves through any other
    /// interface, and it is isolated from the ruleset's other bridges. An internal one (Docker's
    /// `--internal`) is not masqueraded, and nothing is forwarded between it and any other interface;
    /// nor is one whose network says enable_ip_masquerade=false.
    public struct Bridge: Hashable, Sendable {
        /// The bridge device, e.g. "minirun0" or "br-0123456789ab".
        public var name: String
        /// The subnet its containers are numbered from, e.g. 172.17.0.0/16.
        public var subnet: IPv4Network
        /// Its containers reach each other (and the host's address on the bridge) but nothing beyond.
        public var isInternal: Bool
        /// Its containers' traffic leaves with the host's address (Docker's enable_ip_masquerade).
        public var masquerades: Bool

        public init(name: String, subnet: IPv4Network, isInternal: Bool = false, masquerades: Bool = true) {
            self.name = name
            self.subnet = subnet
            self.isInternal = isInternal
            self.masquerades = masquerades
        }
    }
}
