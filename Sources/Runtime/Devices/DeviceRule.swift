/// One rule of a container's device allowlist, as cgroup v1's devices.allow reads it and Docker's
/// `--device-cgroup-rule` takes it: "c 1:3 rwm" lets a process read, write and mknod the character
/// device 1:3. A nil major or minor is "*", any; kind `all` ("a") is both character and block devices.
public struct DeviceRule: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case all = "a", char = "c", block = "b"
    }

    public var kind: Kind
    public var major: UInt32?
    public var minor: UInt32?
    public var access: DeviceAccess

    public init(_ kind: Kind, _ major: UInt32?, _ minor: UInt32?, _ access: DeviceAccess) {
        self.kind = kind
        self.major = major
        self.minor = minor
        self.access = access
    }

    /// Docker's syntax, checked as the docker CLI checks it (`^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$`):
    /// "c 1:3 rwm", "b 7:* rw", "a *:* m".
    public init(parsing text: String) throws {
        let invalid = RuntimeError(.invalidArgument, "invalid device cgroup format '\(Identifiers.printable(text))'")
        let fields = text.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 3, let kind = Kind(rawValue: String(fields[0])) else { throw invalid }
        let numbers = fields[1].split(separator: ":", omittingEmptySubsequences: false)
        guard numbers.count == 2, fields[2].count <= 3,
              let access = DeviceAccess(letters: fields[2], allowRepeats: true)
        else { throw invalid }
        func number(_ text: Substring) throws -> UInt32? {
            if text == "*" { return nil }
            guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt32(text) else {
                throw invalid
            }
            return value
        }
        self.init(kind, try number(numbers[0]), try number(numbers[1]), access)
    }

    /// "c 1:3 rwm", "b *:* m".
    public var description: String {
        "\(kind.rawValue) \(major.map(String.init) ?? "*"):\(minor.map(String.init) ?? "*") \(access)"
    }

    /// Whether this rule lets `access` to the device through: a request needs one rule that grants
    /// all of it, as both the v1 controller and a device program decide.
    public func allows(_ deviceKind: Kind, major: UInt32, minor: UInt32, access: DeviceAccess) -> Bool {
        (kind == .all || kind == deviceKind) && (self.major ?? major) == major && (self.minor ?? minor) == minor
            && self.access.isSuperset(of: access)
    }

    /// The lines devices.allow takes for this rule. The v1 controller reads any line that starts
    /// with "a" as "every device, every access", so a rule for both kinds becomes one of each.
    var devicesAllowLines: [String] {
        guard kind == .all else { return [description] }
        return [Kind.char, Kind.block].map { DeviceRule($0, major, minor, access).description }
    }
}

extension DeviceRule: Codable {
    /// Stored as its text, "c 1:3 rwm".
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
