/// A datagram channel to the kernel's rtnetlink. `RouteNetlinkSocket` is the real one; tests substitute
/// a mock that records what was sent and replays canned replies.
public protocol NetlinkSocket: AnyObject {
    /// Sends one datagram holding one or more netlink messages.
    func send(_ bytes: [UInt8]) throws
    /// Blocks until the next datagram arrives and returns it whole.
    func receive() throws -> [UInt8]
}
