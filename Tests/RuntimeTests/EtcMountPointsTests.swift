import Foundation
@testable import Runtime
import Testing

struct EtcMountPointsTests {
    @Test func emptyFilesAreAddedBesideWhatTheImageHas() throws {
        let rootfs = FileManager.default.temporaryDirectory.appendingPathComponent("etc-mp-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: rootfs) }
        try FileManager.default.createDirectory(atPath: rootfs + "/etc", withIntermediateDirectories: true)
        try "10.0.0.1 db\n".write(toFile: rootfs + "/etc/hosts", atomically: false, encoding: .utf8)
        EtcMountPoints.add(to: rootfs)
        #expect(try String(contentsOfFile: rootfs + "/etc/hosts", encoding: .utf8) == "10.0.0.1 db\n")
        #expect(try String(contentsOfFile: rootfs + "/etc/hostname", encoding: .utf8) == "")
        #expect(try String(contentsOfFile: rootfs + "/etc/resolv.conf", encoding: .utf8) == "")
    }

    @Test func aSymlinkedEtcIsNeverFollowed() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("etc-mp-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base + "/outside", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: base + "/rootfs", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: base + "/rootfs/etc", withDestinationPath: base + "/outside")
        EtcMountPoints.add(to: base + "/rootfs")
        #expect(try FileManager.default.contentsOfDirectory(atPath: base + "/outside").isEmpty)
    }
}
