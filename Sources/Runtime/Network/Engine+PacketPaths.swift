import Netns

extension Engine {
    /// `network diagram --paths`: the way to every published port of a running container on
    /// `networks`, through this root's table as nft lists it now and the sysctls as they are now.
    public func packetPaths(on networks: [NetworkRecord]) throws -> String {
        var published: [PacketPaths.Published] = []
        for record in listContainers() where record.state.status == .running {
            guard let interface = publishingInterface(record),
                  let network = networks.first(where: { $0.bridge == interface.bridge })
            else { continue }
            published += record.state.ports.map {
                PacketPaths.Published(container: record.name, port: $0, address: interface.address, network: network)
            }
        }
        let listing: FirewallListing?
        do {
            listing = try Firewall().list(table: root.firewallTable)
        } catch {
            throw RuntimeError(.system, "read the firewall table \(root.firewallTable)", cause: error)
        }
        let sysctl = Sysctl()
        return PacketPaths(table: root.firewallTable, listing: listing, networks: try listNetworks(), sysctl: { sysctl.value(of: $0) })
            .render(published)
    }
}
