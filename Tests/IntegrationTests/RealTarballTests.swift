import Foundation
import TestSupport
import Testing

/// Tarballs as real tools write them, imported by the binaries under test (scripts/test runs this
/// suite against the release build too: its static minirun crashed in glibc's iconv on the first PAX
/// header while libarchive was dlopen'ed into it).
@Suite(.enabled(if: isRoot, "needs root"))
struct RealTarballTests {
    @Test func importsAPaxTarballWithUTF8AndLongNames() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let tree = box.root + "/tree"
        let utf8Name = "é-名前-ü.txt"
        // 300 bytes of path: tar's ustar header holds 255, so only a PAX header can carry it.
        let deepDirectory = (0..<6).map { _ in String(repeating: "d", count: 45) }.joined(separator: "/")
        let longPath = deepDirectory + "/" + String(repeating: "f", count: 300 - deepDirectory.utf8.count - 1)
        #expect(longPath.utf8.count == 300)
        let made = Command.shell("""
            mkdir -p \(tree)/\(deepDirectory) && tar -xf \(try BusyboxImage.tarball()) -C \(tree) && \
            echo utf8 > '\(tree)/\(utf8Name)' && echo long > \(tree)/\(longPath) && \
            tar --format=pax -C \(tree) -cf \(box.root)/pax.tar .
            """)
        try #require(made.code == 0, "\(made.err)")
        #expect(Command.shell("grep -aq 'path=' \(box.root)/pax.tar").code == 0,
                "the tarball carries PAX headers")

        let imported = box.run(["image", "import", box.root + "/pax.tar", "pax"])
        #expect(imported.code == 0, "\(imported.err)")
        let read = box.run(["run", "--rm", "--net=none", "pax", "cat", "/" + utf8Name, "/" + longPath])
        #expect(read.out == "utf8\nlong\n", "\(read.err)")
    }

    @Test(.enabled(if: DebianImage.tarball != nil, "rootfs-scripts/debian.sh could not build a Debian rootfs here (no Debian mirror reachable?)"))
    func importsAndRunsTheDebianRootfsThatDebianShMakes() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let imported = box.run(["image", "import", try #require(DebianImage.tarball), "debian"])
        #expect(imported.code == 0, "\(imported.err)")
        let result = box.run(["run", "--rm", "--net=none", "debian", "/bin/bash", "-c",
                              "cat /etc/debian_version >/dev/null && dpkg-query -W -f '${Package}\\n' dpkg"])
        #expect(result.out == "dpkg\n", "\(result.err)")
    }
}

/// A Debian bookworm minbase rootfs built once per test run with rootfs-scripts/debian.sh from the
/// machine's apt mirror; nil when that fails.
enum DebianImage {
    static let tarball: String? = {
        let path = "/var/tmp/minirun-test-debian-\(getpid()).tar"
        let result = Command.run(BusyboxImage.packageRoot + "/rootfs-scripts/debian.sh", [path])
        guard result.code == 0 else {
            print("rootfs-scripts/debian.sh failed: \(result.err)")
            unlink(path)
            return nil
        }
        atexit { unlink("/var/tmp/minirun-test-debian-\(getpid()).tar") }
        return path
    }()
}
