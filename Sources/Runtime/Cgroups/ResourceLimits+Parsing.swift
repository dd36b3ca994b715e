/// The option values as the docker CLI reads them, so that `minirun run -m 32m --cpus .5` means what
/// it means to Docker.
extension ResourceLimits {
    /// Parses the options a user gave (nil for those not given) and checks them together. A value
    /// that does not parse is named with its flag, in Docker's words: `invalid argument "-1" for
    /// "-m, --memory" flag: a size cannot be negative`.
    public static func parse(memory: String? = nil, memorySwap: String? = nil, memoryReservation: String? = nil, cpus: String? = nil,
                             cpuPeriod: String? = nil, cpuQuota: String? = nil, cpuShares: String? = nil, pidsLimit: String? = nil,
                             cpusetCpus: String? = nil, cpusetMems: String? = nil, cpuCount: Int = availableCPUs()) throws -> ResourceLimits {
        let limits = try parseValues(memory: memory, memorySwap: memorySwap, memoryReservation: memoryReservation, cpus: cpus,
                                     cpuPeriod: cpuPeriod, cpuQuota: cpuQuota, cpuShares: cpuShares, pidsLimit: pidsLimit,
                                     cpusetCpus: cpusetCpus, cpusetMems: cpusetMems)
        try limits.validate(cpuCount: cpuCount)
        return limits
    }

    /// Parses each option given, without checking them together: `update` checks them with the
    /// container's other limits.
    public static func parseValues(memory: String? = nil, memorySwap: String? = nil, memoryReservation: String? = nil,
                                   cpus: String? = nil, cpuPeriod: String? = nil, cpuQuota: String? = nil,
                                   cpuShares: String? = nil, pidsLimit: String? = nil,
                                   cpusetCpus: String? = nil, cpusetMems: String? = nil) throws -> ResourceLimits {
        var limits = ResourceLimits(
            memory: try parse(memory, flag: "-m, --memory", with: parseBytes),
            memorySwap: try parse(memorySwap, flag: "--memory-swap", with: parseMemorySwap),
            cpus: try parse(cpus, flag: "--cpus", with: parseCPUs),
            cpuShares: try parse(cpuShares, flag: "-c, --cpu-shares", with: parseInteger),
            pidsLimit: try parse(pidsLimit, flag: "--pids-limit", with: parseInteger))
        limits.memoryReservation = try parse(memoryReservation, flag: "--memory-reservation", with: parseBytes)
        limits.cpuPeriod = try parse(cpuPeriod, flag: "--cpu-period", with: parseInteger)
        limits.cpuQuota = try parse(cpuQuota, flag: "--cpu-quota", with: parseInteger)
        limits.cpusetCpus = cpusetCpus
        limits.cpusetMems = cpusetMems
        return limits
    }

    private static func parse<Value>(_ text: String?, flag: String, with parse: (String) throws -> Value) throws -> Value? {
        guard let text else { return nil }
        do {
            return try parse(text)
        } catch let error as RuntimeError {
            throw RuntimeError(.invalidArgument, "invalid argument \"\(Identifiers.printable(text))\" for \"\(flag)\" flag", cause: error)
        }
    }

    /// Docker's RAMInBytes: a decimal number, an optional space, then an optional unit: b, or k, m, g,
    /// t, p (powers of 1024) alone or followed by "b" or "ib", in any case ("32m", "1.5GiB", "512 kb").
    /// Fractions of a byte are dropped.
    public static func parseBytes(_ text: String) throws -> Int64 {
        if text.hasPrefix("-") { throw RuntimeError(.invalidArgument, "a size cannot be negative") }
        let invalid = RuntimeError(.invalidArgument, "invalid size: '\(Identifiers.printable(text))'")
        var digits = Substring(text)
        var unit = Substring("")
        if let last = text.lastIndex(where: { $0.isASCII && ($0.isNumber || $0 == ".") }) {
            digits = text[...last]
            unit = text[text.index(after: last)...]
            if unit.hasPrefix(" ") { unit = unit.dropFirst() }
        }
        guard let number = decimal(digits) else { throw invalid }
        let multiplier: Double
        switch unit.lowercased() {
        case "", "b": multiplier = 1
        case "k", "kb", "kib": multiplier = 0x400
        case "m", "mb", "mib": multiplier = 0x10_0000
        case "g", "gb", "gib": multiplier = 0x4000_0000
        case "t", "tb", "tib": multiplier = 0x100_0000_0000
        case "p", "pb", "pib": multiplier = 0x4_0000_0000_0000
        default: throw invalid
        }
        let bytes = (number * multiplier).rounded(.towardZero)
        guard bytes < 0x1p63 else { throw invalid }
        return Int64(bytes)
    }

    /// `--memory-swap`: a size, or -1 for unlimited swap.
    public static func parseMemorySwap(_ text: String) throws -> Int64 {
        text == "-1" ? -1 : try parseBytes(text)
    }

    /// `--cpus`: a decimal number of CPUs, exact to the nanoCPU as Docker keeps it ("0.5", "1.25", "2").
    /// A negative number parses, as in Docker, and `validate` says it is out of range.
    public static func parseCPUs(_ text: String) throws -> Double {
        let negative = text.hasPrefix("-")
        let magnitude = negative ? String(text.dropFirst()) : text
        guard let number = decimal(Substring(magnitude)) else {
            throw RuntimeError(.invalidArgument, "failed to parse \(Identifiers.printable(text)) as a rational number")
        }
        if let dot = magnitude.firstIndex(of: "."), magnitude[magnitude.index(after: dot)...].count > 9 {
            throw RuntimeError(.invalidArgument, "value is too precise")
        }
        return negative ? -number : number
    }

    private static func parseInteger(_ text: String) throws -> Int {
        guard let value = Int(text) else { throw RuntimeError(.invalidArgument, "not a whole number") }
        return value
    }

    /// Digits with an optional fraction ("12", "1.5", ".5", "2."), never a sign, exponent or space.
    private static func decimal(_ text: Substring) -> Double? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count == 2 || !parts[0].isEmpty, parts.contains(where: { !$0.isEmpty }),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        let whole = parts[0].isEmpty ? "0" : parts[0]
        let fraction = parts.count == 2 && !parts[1].isEmpty ? parts[1] : "0"
        return Double(whole + "." + fraction)
    }
}
