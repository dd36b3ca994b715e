/// One `--ulimit NAME=SOFT[:HARD]`: a resource limit the container's processes start with (exec's
/// too), as Docker's `HostConfig.Ulimits` holds it. -1 is unlimited.
public struct Ulimit: Codable, Sendable, Equatable {
    public var name: String
    public var soft: Int64
    public var hard: Int64

    public init(name: String, soft: Int64, hard: Int64) {
        self.name = name
        self.soft = soft
        self.hard = hard
    }

    /// Linux's RLIMIT_* numbers by name, as an OCI config names them (Glibc does not export them all).
    static let resourceNumbers: [String: Int32] = [
        "RLIMIT_CPU": 0, "RLIMIT_FSIZE": 1, "RLIMIT_DATA": 2, "RLIMIT_STACK": 3, "RLIMIT_CORE": 4, "RLIMIT_RSS": 5,
        "RLIMIT_NPROC": 6, "RLIMIT_NOFILE": 7, "RLIMIT_MEMLOCK": 8, "RLIMIT_AS": 9, "RLIMIT_LOCKS": 10,
        "RLIMIT_SIGPENDING": 11, "RLIMIT_MSGQUEUE": 12, "RLIMIT_NICE": 13, "RLIMIT_RTPRIO": 14, "RLIMIT_RTTIME": 15,
    ]

    /// The resource `--ulimit NAME` sets: Docker takes each but "as" by its lowercase name.
    static func resource(named name: String) -> Int32? {
        name == "as" || name != name.lowercased() ? nil : resourceNumbers["RLIMIT_" + name.uppercased()]
    }

    /// Parses `NAME=SOFT[:HARD]` as Docker's CLI does: HARD defaults to SOFT, and SOFT may not exceed it.
    public init(parsing text: String) throws {
        let shown = Identifiers.printable(text)
        func refused(_ reason: String) -> RuntimeError {
            RuntimeError(.invalidArgument, "invalid argument \"\(shown)\" for \"--ulimit\" flag: \(reason)")
        }
        guard let equals = text.firstIndex(of: "=") else { throw refused("invalid ulimit argument: \(shown)") }
        let name = String(text[..<equals])
        guard Self.resource(named: name) != nil else { throw refused("invalid ulimit type: \(Identifiers.printable(name))") }
        let values = text[text.index(after: equals)...].split(separator: ":", omittingEmptySubsequences: false)
        guard values.count <= 2 else {
            throw refused("too many limit value arguments - \(Identifiers.printable(String(text[text.index(after: equals)...]))), can only have up to two, `soft[:hard]`")
        }
        let numbers = try values.map { value in
            guard let number = Int64(value) else {
                throw refused("strconv.ParseInt: parsing \"\(Identifiers.printable(String(value)))\": invalid syntax")
            }
            return number
        }
        let (soft, hard) = (numbers[0], numbers.last!)
        if hard != -1 {
            if soft == -1 {
                throw refused("ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: \(hard)")
            }
            if soft > hard { throw refused("ulimit soft limit must be less than or equal to hard limit: \(soft) > \(hard)") }
        }
        self.init(name: name, soft: soft, hard: hard)
    }

    /// Several `--ulimit`s: a later one for the same name replaces the earlier, in its place.
    public static func parse(_ texts: [String]) throws -> [Ulimit] {
        var limits: [Ulimit] = []
        for limit in try texts.map(Ulimit.init(parsing:)) {
            if let earlier = limits.firstIndex(where: { $0.name == limit.name }) { limits[earlier] = limit } else { limits.append(limit) }
        }
        return limits
    }

    /// The limit as setrlimit takes it: -1 (or any negative) is RLIM_INFINITY.
    var resourceLimit: ProcessSpec.ResourceLimit {
        func value(_ number: Int64) -> UInt64 { number < 0 ? UInt64.max : UInt64(number) }
        return ProcessSpec.ResourceLimit(resource: Self.resource(named: name) ?? -1, soft: value(soft), hard: value(hard))
    }
}
