import Testing
import Netns

#if canImport(Glibc)
import Glibc
#endif
#if canImport(Foundation)
import Foundation
#endif

/// A directory laid out like /proc/sys with only the files a test needs.
struct FakeProcSys {
    let root: String

    init(files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("mrf-sys-\(UUID().uuidString)").path
        for (path, content) in files {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: false, encoding: .utf8)
        }
    }

    func content(_ path: String) throws -> String {
        try String(contentsOfFile: root + "/" + path, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

@Suite struct SysctlTests {
    @Test func enablesForwardingOnlyWhenOff() throws {
        let sys = try FakeProcSys(files: ["net/ipv4/ip_forward": "0\n"])
        defer { sys.remove() }
        #expect(try Sysctl(root: sys.root).enableIPv4Forwarding() == true)
        #expect(try sys.content("net/ipv4/ip_forward") == "1\n")
    }

    @Test func leavesForwardingAloneWhenOn() throws {
        // "1" without a newline: a write would have added one. Not writing is what lets a read-only
        // /proc/sys that already forwards work.
        let sys = try FakeProcSys(files: ["net/ipv4/ip_forward": "1"])
        defer { sys.remove() }
        #expect(try Sysctl(root: sys.root).enableIPv4Forwarding() == false)
        #expect(try sys.content("net/ipv4/ip_forward") == "1")
    }

    @Test func reportsWhatItCouldNotRead() throws {
        let sys = try FakeProcSys(files: [:])
        defer { sys.remove() }
        #expect(throws: SystemCallError(operation: "open \(sys.root)/net/ipv4/ip_forward", errno: ENOENT)) {
            try Sysctl(root: sys.root).enableIPv4Forwarding()
        }
    }

    @Test func enablesRouteLocalnetOnOneInterface() throws {
        let sys = try FakeProcSys(files: ["net/ipv4/conf/minirun0/route_localnet": "0\n",
                                          "net/ipv4/conf/eth0/route_localnet": "0\n"])
        defer { sys.remove() }
        try Sysctl(root: sys.root).enableRouteLocalnet(on: "minirun0")
        #expect(try sys.content("net/ipv4/conf/minirun0/route_localnet") == "1\n")
        #expect(try sys.content("net/ipv4/conf/eth0/route_localnet") == "0\n")
    }

    @Test(arguments: ["", "..", "../../../etc", "a/b"])
    func refusesInterfaceNamesThatWalkOutOfConf(name: String) {
        #expect(throws: SystemCallError(operation: "sysctl net.ipv4.conf.\(name).route_localnet", errno: EINVAL)) {
            try Sysctl(root: "/nonexistent").enableRouteLocalnet(on: name)
        }
    }
}
