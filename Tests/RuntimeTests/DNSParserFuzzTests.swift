import Foundation
import Testing
import TestSupport

/// minirun-dns's parser and answer builder (CDNS) under random and mutated messages, run by the
/// dns-fuzz program under a time limit: a crash, a hang or an answer over its size limit fails.
struct DNSParserFuzzTests {
    @Test func randomAndMutatedMessagesNeitherCrashNorHang() throws {
        let fuzz = Process()
        fuzz.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        fuzz.arguments = ["60", BuiltProgram.path("dns-fuzz"), "2000000", String(UInt32.random(in: 1...UInt32.max))]
        let output = Pipe()
        fuzz.standardOutput = output
        try fuzz.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        fuzz.waitUntilExit()
        #expect(fuzz.terminationStatus == 0, "\(fuzz.arguments ?? []) ended with \(fuzz.terminationStatus) (124: it hung): \(text)")
        // Each outcome was reached: the mutations go past the header checks.
        #expect(text.hasPrefix("parsed ") && !text.contains(" 0,") && !text.hasSuffix(" 0\n"), "\(text)")
    }
}
