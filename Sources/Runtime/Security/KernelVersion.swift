import Glibc

/// A kernel release as Docker's profiles name it in `minKernel`: "<kernel>.<major>" ("4.8"). Minor
/// revisions and distribution suffixes do not count, so "6.1.0-18-amd64" is 6.1.
public struct KernelVersion: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var kernel: Int
    public var major: Int

    public init(_ kernel: Int, _ major: Int) {
        self.kernel = kernel
        self.major = major
    }

    /// "6.1", or the leading "6.1" of a release such as "6.1.0-18-amd64"; nil for anything else.
    init?(release: String) {
        let parts = release.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let kernel = Int(parts[0]), let major = Int(parts[1].prefix(while: \.isNumber)) else {
            return nil
        }
        self.init(kernel, major)
    }

    /// The kernel we run on (uname's release), 0.0 if it cannot be read, which no `minKernel` reaches.
    static var running: KernelVersion {
        var name = utsname()
        guard uname(&name) == 0 else { return KernelVersion(0, 0) }
        let release = withUnsafeBytes(of: name.release) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return KernelVersion(release: release) ?? KernelVersion(0, 0)
    }

    public var description: String { "\(kernel).\(major)" }

    public static func < (a: KernelVersion, b: KernelVersion) -> Bool {
        (a.kernel, a.major) < (b.kernel, b.major)
    }

    /// Exactly "<kernel>.<major>" in a profile, as Docker requires, and not 0.0.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let kernel = Int(parts[0]), let major = Int(parts[1]), kernel >= 0, major >= 0,
            kernel + major > 0
        else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "invalid kernel version \"\(text)\", expected \"<kernel>.<major>\"")
        }
        self.init(kernel, major)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
