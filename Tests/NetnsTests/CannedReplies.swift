/// Helpers to write kernel replies and expected requests by hand. They deliberately do not use the
/// encoder under test: expected requests are hex literals, replies are assembled from these primitives.

/// Bytes from hex text; white space is ignored and "#" starts a comment that runs to the end of the line.
func hex(_ text: String) -> [UInt8] {
    let digits = text.split(separator: "\n").map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0] }
        .joined().filter { !$0.isWhitespace }
    precondition(digits.count % 2 == 0, "odd number of hex digits")
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
func le32(_ value: Int32) -> [UInt8] { le32(UInt32(bitPattern: value)) }

/// An attribute: length (header + payload, unpadded), type, payload, zero padding to 4.
func attr(_ type: UInt16, _ payload: [UInt8]) -> [UInt8] {
    le16(UInt16(4 + payload.count)) + le16(type) + payload + Array(repeating: 0, count: (4 - payload.count % 4) % 4)
}

func attrString(_ type: UInt16, _ text: String) -> [UInt8] { attr(type, Array(text.utf8) + [0]) }

/// A message: nlmsghdr (length, type, flags, sequence, port id 4242) and payload.
func message(type: UInt16, flags: UInt16 = 0, sequence: UInt32, _ payload: [UInt8]) -> [UInt8] {
    le32(UInt32(16 + payload.count)) + le16(type) + le16(flags) + le32(sequence) + le32(UInt32(4242)) + payload
}

let NLMSG_ERROR: UInt16 = 2
let NLMSG_DONE: UInt16 = 3
let NLM_F_MULTI: UInt16 = 2
let NLM_F_CAPPED: UInt16 = 0x100
let NLM_F_ACK_TLVS: UInt16 = 0x200

/// The kernel's acknowledgement as sent on a socket with NETLINK_CAP_ACK: error 0 and the request's header.
func ack(sequence: UInt32) -> [UInt8] {
    message(type: NLMSG_ERROR, flags: NLM_F_CAPPED, sequence: sequence,
            le32(Int32(0)) + le32(UInt32(16)) + le16(0) + le16(0) + le32(sequence) + le32(UInt32(0)))
}

/// An error reply: -errno, the echoed request header and, when given, the extended-ack text (NLMSGERR_ATTR_MSG).
func failure(sequence: UInt32, errno: Int32, text: String? = nil) -> [UInt8] {
    var payload = le32(-errno) + le32(UInt32(16)) + le16(0) + le16(0) + le32(sequence) + le32(UInt32(0))
    var flags = NLM_F_CAPPED
    if let text {
        payload += attrString(1, text)
        flags |= NLM_F_ACK_TLVS
    }
    return message(type: NLMSG_ERROR, flags: flags, sequence: sequence, payload)
}

/// The end of a dump.
func done(sequence: UInt32, error: Int32 = 0) -> [UInt8] {
    message(type: NLMSG_DONE, flags: NLM_F_MULTI, sequence: sequence, le32(error))
}

/// ifinfomsg: family, pad, type, index, flags, change.
func ifinfomsg(index: Int32, flags: UInt32 = 0, deviceType: UInt16 = 1) -> [UInt8] {
    [0, 0] + le16(deviceType) + le32(index) + le32(flags) + le32(UInt32(0))
}

/// An RTM_NEWLINK reply for a link called `name` with index `index`.
func newLink(sequence: UInt32, index: Int32, name: String, flags: UInt16 = 0, extra: [UInt8] = []) -> [UInt8] {
    message(type: 16, flags: flags, sequence: sequence, ifinfomsg(index: index) + attrString(3, name) + extra)
}
