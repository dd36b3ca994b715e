/// The transport protocol of a published port; its raw value is what Docker and nft write ("tcp", "udp").
public enum TransportProtocol: String, Codable, CaseIterable, Sendable {
    case tcp
    case udp
}
