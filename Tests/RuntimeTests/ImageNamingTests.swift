@testable import Runtime
import Testing

/// Digests, chain IDs, names and platforms as the OCI image-spec and Docker write them.
struct ImageNamingTests {
    @Test func chainIDsFollowTheImageSpec() {
        let a = Digest.of(Array("a".utf8)), b = Digest.of(Array("b".utf8)), c = Digest.of(Array("c".utf8))
        #expect(a == "sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb")
        // sha256("<chain below> <diff_id>"), as python's hashlib computes it.
        #expect(Digest.chainIDs([a, b, c]) == [
            a,
            "sha256:51c0c8ace48498d6f5fee6b0592cc06f2da0f3cbe09c5a34a97dce85c3889676",
            "sha256:2fce7f8ce91bcf0a1428b36e1024639fdbd9469eea762dba98aa749631885106",
        ])
    }

    @Test func onlyWellFormedSha256DigestsBecomeFileNames() {
        #expect(Digest.hex("sha256:" + String(repeating: "a", count: 64)) == String(repeating: "a", count: 64))
        #expect(Digest.hex("sha256:" + String(repeating: "A", count: 64)) == nil)
        #expect(Digest.hex("sha512:" + String(repeating: "a", count: 64)) == nil)
        #expect(Digest.hex("sha256:../../etc/passwd") == nil)
    }

    @Test func namesAsDockerWritesAndShowsThem() throws {
        #expect(ImageNames.fullName(try ImageReference(parsing: "busybox")) == "docker.io/library/busybox:latest")
        #expect(ImageNames.fullName(try ImageReference(parsing: "me/app:1")) == "docker.io/me/app:1")
        #expect(ImageNames.fullName(try ImageReference(parsing: "registry.example/app:1")) == "registry.example/app:1")
        #expect(ImageNames.shortName("docker.io/library/busybox:latest") == "busybox:latest")
        #expect(ImageNames.shortName("docker.io/me/app:1") == "me/app:1")
        #expect(try ImageLayoutReader.names(["org.opencontainers.image.ref.name": "latest"]) == [], "a bare tag names no repository")
        #expect(try ImageLayoutReader.names(["org.opencontainers.image.ref.name": "app:1"]) == [try ImageReference(parsing: "app:1")])
    }

    @Test func platformsMatchByOSAndArchitectureAndVariantWhenBothHaveOne() {
        let arm = OCIDescriptor.Platform(architecture: "arm64", os: "linux", variant: "v8")
        #expect(arm.matches(.init(architecture: "arm64", os: "linux")))
        #expect(!arm.matches(.init(architecture: "arm64", os: "linux", variant: "v7")))
        #expect(!arm.matches(.init(architecture: "amd64", os: "linux")))
    }
}
