@testable import Netns

/// Records every datagram sent and answers receive() with canned datagrams, in order.
final class MockNetlinkSocket: NetlinkSocket {
    struct NoMoreReplies: Error {}

    var sent: [[UInt8]] = []
    var replies: [[UInt8]]

    init(replies: [[UInt8]] = []) {
        self.replies = replies
    }

    func send(_ bytes: [UInt8]) throws {
        sent.append(bytes)
    }

    func receive() throws -> [UInt8] {
        guard !replies.isEmpty else { throw NoMoreReplies() }
        return replies.removeFirst()
    }
}
