import Glibc

extension OCIDescriptor.Platform {
    /// os/architecture[/variant], as `--platform` takes it.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            throw RuntimeError(.invalidArgument, "invalid platform: \(Identifiers.printable(text)) (want os/arch[/variant])")
        }
        self.init(architecture: parts[1], os: parts[0], variant: parts.count == 3 ? parts[2] : nil)
    }

    /// This machine's platform, in the OCI image-spec's (Go's) names.
    public static let current: OCIDescriptor.Platform = {
        var name = utsname()
        uname(&name)
        let machine = withUnsafeBytes(of: name.machine) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        switch machine {
        case "x86_64": return .init(architecture: "amd64", os: "linux")
        case "aarch64", "arm64": return .init(architecture: "arm64", os: "linux", variant: "v8")
        case "armv7l": return .init(architecture: "arm", os: "linux", variant: "v7")
        case "armv6l": return .init(architecture: "arm", os: "linux", variant: "v6")
        case "i386", "i486", "i586", "i686": return .init(architecture: "386", os: "linux")
        default: return .init(architecture: machine, os: "linux")
        }
    }()

    /// Whether an image of this platform runs here: the same OS and architecture (a variant only
    /// counts when both name one).
    public func matches(_ other: OCIDescriptor.Platform) -> Bool {
        os == other.os && architecture == other.architecture
            && (variant == nil || other.variant == nil || variant == other.variant)
    }
}
