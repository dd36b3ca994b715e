import Netns

/// `--add-host NAME:ADDRESS`: a line of the container's /etc/hosts, as Docker writes it. Only IPv4
/// addresses, as minirun's networks are IPv4 only; Docker's `host-gateway` is the address of the
/// container's gateway.
public struct HostEntry: Codable, Sendable, Equatable {
    public var name: String
    /// An IPv4 address, or "host-gateway".
    public var address: String

    public init(parsing text: String) throws {
        // Docker splits at the first colon (NAME:ADDRESS) and accepts NAME=ADDRESS too.
        guard let separator = text.firstIndex(where: { $0 == ":" || $0 == "=" }) else {
            throw RuntimeError(.invalidArgument, "invalid argument \"\(Identifiers.printable(text))\" for \"--add-host\" flag: bad format for add-host: \"\(Identifiers.printable(text))\"")
        }
        name = String(text[..<separator])
        address = String(text[text.index(after: separator)...])
        let validName = !name.isEmpty && name.count <= 253
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }
        guard validName else {
            throw RuntimeError(.invalidArgument, "invalid argument \"\(Identifiers.printable(text))\" for \"--add-host\" flag: invalid hostname \(Identifiers.printable(name))")
        }
        if address != "host-gateway" && (try? IPv4Address(parsing: address)) == nil {
            throw RuntimeError(.invalidArgument, "invalid argument \"\(Identifiers.printable(text))\" for \"--add-host\" flag: invalid IP address in add-host: \"\(Identifiers.printable(address))\"")
        }
    }
}
