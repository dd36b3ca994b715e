@testable import Runtime
import Testing

struct HumanFormatTests {
    @Test func durationsReadLikeDockers() {
        #expect(HumanFormat.duration(0.4) == "Less than a second")
        #expect(HumanFormat.duration(1) == "1 second")
        #expect(HumanFormat.duration(3) == "3 seconds")
        #expect(HumanFormat.duration(59) == "59 seconds")
        #expect(HumanFormat.duration(61) == "About a minute")
        #expect(HumanFormat.duration(5 * 60) == "5 minutes")
        #expect(HumanFormat.duration(3600) == "About an hour")
        #expect(HumanFormat.duration(5 * 3600) == "5 hours")
        #expect(HumanFormat.duration(3 * 86400) == "3 days")
        #expect(HumanFormat.duration(21 * 86400) == "3 weeks")
    }

    @Test func sizesUseDecimalUnitsWithThreeDigits() {
        #expect(HumanFormat.size(0) == "0B")
        #expect(HumanFormat.size(999) == "999B")
        #expect(HumanFormat.size(1_982_256) == "1.98MB")
        #expect(HumanFormat.size(4_261_000) == "4.26MB")
        #expect(HumanFormat.size(12_340) == "12.3kB")
        #expect(HumanFormat.size(123_400_000) == "123MB")
    }
}

struct IdentifierTests {
    @Test func idsAreSixtyFourHexCharacters() {
        let a = Identifiers.newID(), b = Identifiers.newID()
        #expect(a.count == 64 && a.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(a != b)
        #expect(Identifiers.short(a).count == 12)
    }

    @Test(arguments: ["web", "db1", "my-bridge", "a.b_c-d", "A9", String(repeating: "x", count: 128)])
    func acceptsDockerNames(name: String) {
        #expect(Identifiers.isValidName(name))
    }

    @Test(arguments: ["", "-web", ".hidden", "_x", "a b", "a/b", "..", "a\nb", "a;rm", "é", String(repeating: "x", count: 129)])
    func rejectsOtherNames(name: String) {
        #expect(!Identifiers.isValidName(name))
    }

    @Test func generatedNamesAreValid() {
        for _ in 0..<50 { #expect(Identifiers.isValidName(Identifiers.randomName())) }
    }

    @Test func printableEscapesControlCharacters() {
        #expect(Identifiers.printable("a\nb\u{1b}") == "a\\x0ab\\x1b")
    }
}

struct ImageReferenceTests {
    @Test func parsesRepositoryAndTag() throws {
        #expect(try ImageReference(parsing: "busybox") == ImageReference(repository: "busybox", tag: "latest"))
        #expect(try ImageReference(parsing: "busybox:1.35") == ImageReference(repository: "busybox", tag: "1.35"))
        #expect(try ImageReference(parsing: "library/nginx-custom:v2") == ImageReference(repository: "library/nginx-custom", tag: "v2"))
    }

    @Test(arguments: ["", "Busybox", "bad name", "a:", ":tag", "a:b:c", "a//b", "-a", "a:-x"])
    func rejectsInvalidReferences(text: String) {
        #expect(throws: RuntimeError.self) { try ImageReference(parsing: text) }
    }

    /// `tag`, `run` and `build -t` refuse capitals as Docker does, naming the repository as Docker
    /// would send it to the registry.
    @Test func capitalsAreToldApartFromOtherMistakes() {
        #expect(ImageReference.invalid("Busybox:1").description == "invalid reference format: repository name (library/Busybox) must be lowercase")
        #expect(ImageReference.invalid("me/App").description == "invalid reference format: repository name (me/App) must be lowercase")
        #expect(ImageReference.invalid("a//b").description == "invalid reference format: a//b")
    }
}
