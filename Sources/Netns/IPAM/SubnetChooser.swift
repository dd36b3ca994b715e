/// Chooses subnets for new networks the way Docker does: the first candidate that overlaps nothing
/// in use, whether routed on the host (a docker0, a VPN) or taken by another network.
public enum SubnetChooser {
    /// 172.17.0.0/16 to 172.31.0.0/16: where the default bridge goes (172.17 first, as docker0).
    public static let defaultBridgeCandidates = sixteens(from: 17)

    /// Docker's default address pools for user-defined networks: 172.18-31/16, then 192.168.0.0/20s.
    public static let userNetworkCandidates = sixteens(from: 18) + (0..<16).map {
        IPv4Network(containing: IPv4Address(192, 168, UInt8($0 * 16), 0), prefixLength: 20)!
    }

    public static func first(of candidates: [IPv4Network], avoiding used: [IPv4Network]) -> IPv4Network? {
        candidates.first { candidate in !used.contains { $0.overlaps(candidate) } }
    }

    private static func sixteens(from second: UInt8) -> [IPv4Network] {
        (second...31).map { IPv4Network(containing: IPv4Address(172, $0, 0, 0), prefixLength: 16)! }
    }
}
