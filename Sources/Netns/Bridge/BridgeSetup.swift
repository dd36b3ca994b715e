import Glibc

/// The host side of a bridge network: the Linux bridge (like docker0) with the gateway address.
public enum BridgeSetup {
    /// Creates the bridge with its gateway address (and `mtu`, else the kernel's) and brings it up;
    /// what already exists is kept, so this also repairs a half-made bridge.
    public static func ensure(
        bridge name: String, gateway: IPv4Address, subnet: IPv4Network, mtu: UInt32?, session: NetlinkSession, explainer: Explainer
    ) throws {
        explainer.phase(.network)
        explainer.note("the network's bridge, like docker0, with the gateway address the containers route through")
        if try session.link(named: name) == nil {
            // A fixed address: a bridge left to choose takes its lowest port's, so it changed whenever
            // a container left, and the others' ARP entries for the gateway pointed nowhere until they
            // aged out (queries to the network's name server on the gateway timed out after an rm).
            let address = ContainerInterface.macAddress(for: gateway)
            explainer.command("ip link add \(name) address \(address)\(mtu.map { " mtu \($0)" } ?? "") type bridge")
            do {
                try session.createBridge(named: name, macAddress: address, mtu: mtu)
            } catch let error as NetlinkError where error.errno == EEXIST {}
        }
        if !(try session.addresses(ofLink: name)).contains(where: { $0.address == gateway }) {
            explainer.command("ip addr add \(gateway)/\(subnet.prefixLength) brd + dev \(name)")
            try session.addAddress(gateway, prefixLength: subnet.prefixLength, toLink: name)
        }
        explainer.command("ip link set \(name) up")
        try session.setLinkUp(name)
    }

    /// Deletes the bridge; nothing happens when it is already gone.
    public static func remove(bridge name: String, session: NetlinkSession, explainer: Explainer) throws {
        explainer.phase(.network)
        explainer.command("ip link delete \(name)")
        try session.deleteLink(named: name)
    }
}
