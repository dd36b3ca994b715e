@testable import minirun
import Runtime
import Testing

/// `cp`'s arguments split as Docker's CLI splits them (splitCpArg).
struct CpArgumentTests {
    @Test func splitsContainerPathsFromHostPaths() {
        #expect(Cp.end("web:/etc/hosts") == .container("web", path: "/etc/hosts"))
        #expect(Cp.end("web:relative") == .container("web", path: "relative"))
        #expect(Cp.end("-") == .stream)
        #expect(Cp.end("/abs/with:colon") == .host("/abs/with:colon"))
        #expect(Cp.end("./file:name.txt") == .host("./file:name.txt"))
        #expect(Cp.end("plain") == .host("plain"))
    }
}
