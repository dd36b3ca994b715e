import Testing
@testable import Runtime

struct ImagePlatformTests {
    /// uname's machine names become the OCI image-spec's (Go's) architecture and variant.
    @Test func machineNamesBecomeGoArchitectures() {
        let cases: [(String, String, String?)] = [
            ("x86_64", "amd64", nil), ("aarch64", "arm64", "v8"), ("armv7l", "arm", "v7"), ("armv6l", "arm", "v6"),
            ("i686", "386", nil), ("s390x", "s390x", nil), ("ppc64le", "ppc64le", nil),
        ]
        for (machine, architecture, variant) in cases {
            let platform = ImagePlatform(os: "linux", machine: machine)
            #expect(platform.architecture == architecture && platform.variant == variant, "\(machine)")
        }
        #expect(ImagePlatform.current.os == "linux" && !ImagePlatform.current.architecture.isEmpty)
    }
}
