#if canImport(Glibc)
import Glibc
#endif

/// Requests to rtnetlink over one socket: numbers each request, waits for its acknowledgement, reply or
/// complete dump, and turns the kernel's errors into `NetlinkError`s ("RTM_NEWLINK minirun0: File exists").
/// The operations (links, addresses, routes) live in extensions. Not for concurrent use: give each task its own.
public final class NetlinkSession {
    /// The channel to the kernel.
    public let socket: any NetlinkSocket
    private var nextSequence: UInt32

    /// A session over any socket; requests are numbered from `firstSequence` on.
    public init(socket: any NetlinkSocket, firstSequence: UInt32 = 1) {
        self.socket = socket
        nextSequence = firstSequence
    }

    /// A session over a new socket in this network namespace.
    public convenience init() throws {
        self.init(socket: try RouteNetlinkSocket())
    }

    /// A session over a new socket inside another network namespace (e.g. "/proc/PID/ns/net").
    public convenience init(namespacePath: String) throws {
        self.init(socket: try RouteNetlinkSocket(namespacePath: namespacePath))
    }

    /// How a request's answer ends.
    enum Answer {
        /// NLM_F_ACK: an NLMSG_ERROR with code 0 (success) or -errno.
        case acknowledgement
        /// A get without NLM_F_DUMP: one message, or an NLMSG_ERROR.
        case single
        /// NLM_F_DUMP: messages marked NLM_F_MULTI up to NLMSG_DONE.
        case dump
    }

    /// Sends `request` (its sequence number is assigned here) and collects the messages that answer it.
    /// Replies to earlier requests (other sequence numbers) are skipped.
    func perform(_ request: NetlinkMessage, answer: Answer, operation: String) throws -> [NetlinkMessage] {
        var request = request
        request.sequence = nextSequence
        nextSequence &+= 1
        try socket.send(request.encoded())

        var answers: [NetlinkMessage] = []
        while true {
            for reply in try NetlinkMessage.decodeAll(try socket.receive()) where reply.sequence == request.sequence {
                switch reply.type {
                case RTNL.NLMSG_NOOP:
                    continue
                case RTNL.NLMSG_ERROR:
                    if let error = try Self.error(in: reply, operation: operation) { throw error }
                    return answers
                case RTNL.NLMSG_DONE:
                    guard answer == .dump else {
                        throw NetlinkMessageError.unexpectedReply(operation: operation, type: reply.type)
                    }
                    if let error = try Self.error(in: reply, operation: operation) { throw error }
                    if (answers + [reply]).contains(where: { $0.flags & RTNL.NLM_F_DUMP_INTR != 0 }) {
                        throw NetlinkError(operation: operation, errno: EINTR,
                                           message: "the dump was interrupted by a concurrent change")
                    }
                    return answers
                case RTNL.NLMSG_OVERRUN:
                    throw NetlinkError(operation: operation, errno: ENOBUFS)
                default:
                    answers.append(reply)
                    if answer == .single { return answers }
                }
            }
        }
    }

    /// Sends a request with NLM_F_ACK set and waits for the kernel's acknowledgement.
    func acknowledge(_ request: NetlinkMessage, operation: String) throws {
        let extra = try perform(request, answer: .acknowledgement, operation: operation)
        if let unexpected = extra.first {
            throw NetlinkMessageError.unexpectedReply(operation: operation, type: unexpected.type)
        }
    }

    /// Sends a dump request; retries a few times when the kernel reports the dump inconsistent.
    func dump(_ request: NetlinkMessage, operation: String) throws -> [NetlinkMessage] {
        var attempt = 1
        while true {
            do {
                return try perform(request, answer: .dump, operation: operation)
            } catch let error as NetlinkError where error.errno == EINTR && attempt < 5 {
                attempt += 1
            }
        }
    }

    /// The error an NLMSG_ERROR or NLMSG_DONE message carries, nil for success. The payload starts with
    /// a negative errno; an error then echoes the request's header (all of the request unless NLM_F_CAPPED)
    /// and, with NLM_F_ACK_TLVS, attributes such as NLMSGERR_ATTR_MSG, the kernel's text.
    static func error(in reply: NetlinkMessage, operation: String) throws(NetlinkMessageError) -> NetlinkError? {
        let payload = reply.payload[...]
        guard let code = payload.loadNative(Int32.self, at: 0) else {
            if reply.type == RTNL.NLMSG_DONE { return nil }  // older kernels may send an empty DONE
            throw .truncated("NLMSG_ERROR of \(payload.count) bytes")
        }
        guard code != 0 else { return nil }
        var message: String?
        if reply.flags & RTNL.NLM_F_ACK_TLVS != 0 {
            var offset = 4
            if reply.type == RTNL.NLMSG_ERROR {
                let echoedLength = payload.loadNative(UInt32.self, at: 4).map(Int.init) ?? NetlinkMessage.headerSize
                offset += reply.flags & RTNL.NLM_F_CAPPED != 0 ? NetlinkMessage.headerSize : echoedLength.netlinkAligned
            }
            if offset <= payload.count {
                message = try NetlinkAttribute.decodeAll(payload.dropFirst(offset)).first(RTNL.NLMSGERR_ATTR_MSG)?
                    .stringValue
            }
        }
        return NetlinkError(operation: operation, errno: code < 0 ? -code : code, message: message)
    }
}
