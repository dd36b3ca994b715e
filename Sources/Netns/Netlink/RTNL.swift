/// Numbers from the kernel's uapi headers (linux/netlink.h, rtnetlink.h, if_link.h, if_addr.h, veth.h, if.h),
/// spelled as there so they can be checked against them.
enum RTNL {
    // linux/netlink.h: message types
    static let NLMSG_NOOP: UInt16 = 1
    static let NLMSG_ERROR: UInt16 = 2
    static let NLMSG_DONE: UInt16 = 3
    static let NLMSG_OVERRUN: UInt16 = 4

    // linux/netlink.h: flags
    static let NLM_F_REQUEST: UInt16 = 0x01
    static let NLM_F_MULTI: UInt16 = 0x02
    static let NLM_F_ACK: UInt16 = 0x04
    static let NLM_F_DUMP_INTR: UInt16 = 0x10
    static let NLM_F_DUMP: UInt16 = 0x300  // NLM_F_ROOT | NLM_F_MATCH
    static let NLM_F_EXCL: UInt16 = 0x200
    static let NLM_F_CREATE: UInt16 = 0x400
    static let NLM_F_CAPPED: UInt16 = 0x100  // in NLMSG_ERROR: the request was not echoed
    static let NLM_F_ACK_TLVS: UInt16 = 0x200  // in NLMSG_ERROR: extended ack attributes follow
    static let NLMSGERR_ATTR_MSG: UInt16 = 1

    // linux/netlink.h: attribute type flags
    static let NLA_F_NESTED: UInt16 = 0x8000
    static let NLA_TYPE_MASK: UInt16 = 0x3FFF

    // linux/rtnetlink.h: message types
    static let RTM_NEWLINK: UInt16 = 16
    static let RTM_DELLINK: UInt16 = 17
    static let RTM_GETLINK: UInt16 = 18
    static let RTM_SETLINK: UInt16 = 19
    static let RTM_NEWADDR: UInt16 = 20
    static let RTM_DELADDR: UInt16 = 21
    static let RTM_GETADDR: UInt16 = 22
    static let RTM_NEWROUTE: UInt16 = 24
    static let RTM_DELROUTE: UInt16 = 25
    static let RTM_GETROUTE: UInt16 = 26

    // linux/rtnetlink.h: routes
    static let RTA_DST: UInt16 = 1
    static let RTA_OIF: UInt16 = 4
    static let RTA_GATEWAY: UInt16 = 5
    static let RTA_PRIORITY: UInt16 = 6
    static let RTA_PREFSRC: UInt16 = 7
    static let RTA_TABLE: UInt16 = 15
    static let RT_TABLE_MAIN: UInt8 = 254
    static let RTPROT_BOOT: UInt8 = 3
    static let RT_SCOPE_UNIVERSE: UInt8 = 0
    static let RT_SCOPE_LINK: UInt8 = 253
    static let RTN_UNICAST: UInt8 = 1
    static let RTEXT_FILTER_SKIP_STATS: UInt32 = 1 << 3

    // linux/if_link.h: link attributes
    static let IFLA_ADDRESS: UInt16 = 1
    static let IFLA_IFNAME: UInt16 = 3
    static let IFLA_MTU: UInt16 = 4
    static let IFLA_LINK: UInt16 = 5
    static let IFLA_MASTER: UInt16 = 10
    static let IFLA_PROTINFO: UInt16 = 12
    static let IFLA_OPERSTATE: UInt16 = 16
    static let IFLA_LINKINFO: UInt16 = 18
    static let IFLA_NET_NS_FD: UInt16 = 28
    static let IFLA_EXT_MASK: UInt16 = 29
    static let IFLA_INFO_KIND: UInt16 = 1
    static let IFLA_INFO_DATA: UInt16 = 2
    static let IFLA_BRPORT_MODE: UInt16 = 4  // hairpin
    static let IFLA_BRPORT_ISOLATED: UInt16 = 33
    static let VETH_INFO_PEER: UInt16 = 1  // linux/veth.h

    // linux/if_addr.h
    static let IFA_ADDRESS: UInt16 = 1
    static let IFA_LOCAL: UInt16 = 2
    static let IFA_LABEL: UInt16 = 3
    static let IFA_BROADCAST: UInt16 = 4

    // linux/if.h and linux/socket.h
    static let IFF_UP: UInt32 = 0x1
    static let IFF_LOWER_UP: UInt32 = 0x1_0000
    static let AF_UNSPEC: UInt8 = 0
    static let AF_INET: UInt8 = 2
    static let AF_BRIDGE: UInt8 = 7

    /// The name of a message type for error messages, e.g. "RTM_NEWLINK".
    static func name(ofType type: UInt16) -> String {
        switch type {
        case RTM_NEWLINK: return "RTM_NEWLINK"
        case RTM_DELLINK: return "RTM_DELLINK"
        case RTM_GETLINK: return "RTM_GETLINK"
        case RTM_SETLINK: return "RTM_SETLINK"
        case RTM_NEWADDR: return "RTM_NEWADDR"
        case RTM_DELADDR: return "RTM_DELADDR"
        case RTM_GETADDR: return "RTM_GETADDR"
        case RTM_NEWROUTE: return "RTM_NEWROUTE"
        case RTM_DELROUTE: return "RTM_DELROUTE"
        case RTM_GETROUTE: return "RTM_GETROUTE"
        default: return "netlink message \(type)"
        }
    }
}
