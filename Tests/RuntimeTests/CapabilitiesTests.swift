import Testing
@testable import Runtime

struct CapabilitiesTests {
    @Test func callerBoundingSetIsCapBndOfProcSelfStatus() throws {
        let status = try #require(try FileSystem.readString("/proc/self/status"))
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("CapBnd:") })
        let expected = try #require(UInt64(line.dropFirst("CapBnd:".count).trimmingPrefix("\t"), radix: 16))
        #expect(Capabilities.callerBoundingSet() == expected)
        #expect(expected != Capabilities.defaultMask)  // else a fallback could pass unnoticed
    }
}
