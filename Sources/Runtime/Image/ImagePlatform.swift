import Glibc

/// An image platform as the OCI image-spec names it: Go's GOOS and GOARCH ("linux", "amd64"), and
/// the ARM variant.
public struct ImagePlatform: Sendable, Equatable {
    public var os: String
    public var architecture: String
    public var variant: String?

    /// This machine, from uname(2)'s machine field.
    public static let current: ImagePlatform = {
        var name = utsname()
        uname(&name)
        let machine = withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return ImagePlatform(os: "linux", machine: machine)
    }()

    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    /// uname's machine name ("x86_64", "aarch64", "armv7l") in Go's words.
    init(os: String, machine: String) {
        switch machine {
        case "x86_64": self.init(os: os, architecture: "amd64")
        case "aarch64", "arm64": self.init(os: os, architecture: "arm64", variant: "v8")
        case "i386", "i486", "i586", "i686": self.init(os: os, architecture: "386")
        case let arm where arm.hasPrefix("armv"):
            self.init(os: os, architecture: "arm", variant: "v" + String(arm.dropFirst(4).prefix { $0.isNumber }))
        default: self.init(os: os, architecture: machine)
        }
    }
}
