/// A reply the session cannot make sense of, or a request it refuses to send.
public enum NetlinkMessageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A message or attribute is shorter than its header or its length field says.
    case truncated(String)
    /// A reply of a type the operation does not expect.
    case unexpectedReply(operation: String, type: UInt16)
    /// A name the kernel would refuse: empty, longer than 15 bytes, ".", "..", or containing '/', ':' or spaces.
    case invalidLinkName(String)

    public var description: String {
        switch self {
        case .truncated(let what):
            return "malformed netlink reply: truncated \(what)"
        case .unexpectedReply(let operation, let type):
            return "\(operation): unexpected netlink reply of type \(type)"
        case .invalidLinkName(let name):
            return "invalid link name \"\(name)\": it must have 1 to 15 bytes and no '/', ':' or white space"
        }
    }
}
