import CRuntimeShims
import Glibc

/// One network interface of a container: a veth pair whose host end is a port of the network's
/// bridge and whose other end is born inside the container's network namespace as `name` (eth0).
public struct ContainerInterface: Codable, Sendable, Equatable {
    /// The interface inside the container: eth0, eth1, ...
    public var name: String
    /// The veth end on the host, a port of `bridge`.
    public var hostVeth: String
    public var bridge: String
    public var address: IPv4Address
    public var subnet: IPv4Network
    public var gateway: IPv4Address
    public var macAddress: MACAddress
    /// The MTU of both ends, as the network's (nil: the kernel's 1500).
    public var mtu: UInt32?
    /// The host end is an isolated bridge port: no frame passes to the network's other containers
    /// (a network without inter-container traffic). Nil in records from before it existed: false.
    public var isolated: Bool?

    public init(name: String, hostVeth: String, bridge: String, address: IPv4Address, subnet: IPv4Network,
                gateway: IPv4Address, macAddress: MACAddress, mtu: UInt32? = nil, isolated: Bool = false) {
        self.name = name
        self.hostVeth = hostVeth
        self.bridge = bridge
        self.address = address
        self.subnet = subnet
        self.gateway = gateway
        self.macAddress = macAddress
        self.mtu = mtu
        self.isolated = isolated ? true : nil
    }

    /// Docker's MAC for an address: 02:42 followed by the four address bytes.
    public static func macAddress(for address: IPv4Address) -> MACAddress {
        MACAddress(bytes: [0x02, 0x42] + address.networkBytes)!
    }

    /// A fresh host-side name, "veth" and seven hex digits, as Docker names them.
    public static func newHostVethName() -> String {
        var bytes = [UInt8](repeating: 0, count: 4)
        _ = bytes.withUnsafeMutableBytes { mr_random_bytes($0.baseAddress, 4) }
        let digits = Array("0123456789abcdef")
        return "veth" + String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }.prefix(7))
    }

    /// Creates the pair and configures both ends. `pid` names the container's namespace in the
    /// commands `--explain` prints. With `defaultRoute` the container routes everything through
    /// this network's gateway (its first network does).
    public func create(inNamespace path: String, pid: Int32, defaultRoute: Bool, host: NetlinkSession, explainer: Explainer) throws {
        let namespace = open(path, O_RDONLY | O_CLOEXEC)
        if namespace < 0 { throw NetlinkError(operation: "open \(path)", errno: errno) }
        defer { close(namespace) }

        explainer.note("a veth pair: \(hostVeth) stays on the host as a port of \(bridge), its peer becomes the container's \(name)")
        let mtuWords = mtu.map { " mtu \($0)" } ?? ""
        explainer.command("ip link add \(hostVeth)\(mtuWords) type veth peer name \(name) address \(macAddress)\(mtuWords) netns \(pid)")
        try host.createVethPair(named: hostVeth, peerName: name, peerMACAddress: macAddress, peerNamespaceFD: namespace, mtu: mtu)
        explainer.command("ip link set \(hostVeth) master \(bridge)")
        try host.setMaster(of: hostVeth, to: bridge)
        if isolated == true {
            explainer.note("the network keeps its containers apart: an isolated port passes frames only to the bridge")
            explainer.command("bridge link set dev \(hostVeth) isolated on")
            try host.setIsolated(hostVeth, enabled: true)
        }
        explainer.command("ip link set \(hostVeth) up")
        try host.setLinkUp(hostVeth)

        explainer.note("inside the container's network namespace: its address, and the gateway as default route")
        let inside = try NetlinkSession(socket: RouteNetlinkSocket(namespaceFD: namespace))
        let nsenter = "nsenter --net=/proc/\(pid)/ns/net"
        explainer.command("\(nsenter) ip addr add \(address)/\(subnet.prefixLength) brd + dev \(name)")
        try inside.addAddress(address, prefixLength: subnet.prefixLength, toLink: name)
        explainer.command("\(nsenter) ip link set \(name) up")
        try inside.setLinkUp(name)
        if defaultRoute {
            explainer.command("\(nsenter) ip route add default via \(gateway)")
            try inside.addDefaultRoute(via: gateway)
        }
    }

    /// Deletes the host end (the peer goes with it). Already gone is fine: the kernel also removes the
    /// pair when the container's namespace dies.
    public func remove(host: NetlinkSession, explainer: Explainer) throws {
        explainer.command("ip link delete \(hostVeth)")
        try host.deleteLink(named: hostVeth)
    }
}
