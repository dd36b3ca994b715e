import Foundation
import Runtime
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
private let busyboxScript = packageRoot + "/rootfs-scripts/busybox.sh"

private func busyboxStaticInstalled() -> Bool {
    guard let result = try? run(["dpkg-query", "-W", "-f", "${Status}", "busybox-static"]) else { return false }
    return result.status == 0 && result.output.contains("install ok installed")
}

@Suite("rootfs-scripts")
struct RootfsScriptTests {
    @Test("busybox.sh without OUT.tar prints its usage and exits 2")
    func busyboxUsage() throws {
        #expect(try run([busyboxScript]).status == 2)
        #expect(try run([busyboxScript, "a.tar", "extra"]).status == 2)
    }

    @Test("busybox.sh builds a reproducible rootfs that extracts and has what a container needs",
          .enabled(if: busyboxStaticInstalled(), "busybox-static is not installed"))
    func busyboxRootfs() throws {
        let sandbox = try Sandbox()
        let first = sandbox.root + "/input/busybox-1.tar", second = sandbox.root + "/input/busybox-2.tar"
        #expect(try run([busyboxScript, first]).status == 0)
        // Another umask must not change a byte.
        #expect(try run(["sh", "-c", "umask 077 && exec \"$0\" \"$1\"", busyboxScript, second]).status == 0)
        #expect(try sha256sum(first) == sha256sum(second))

        let listing = try run(["tar", "-tvf", first]).output
        let names = Set(listing.split(separator: "\n").compactMap { line -> String? in
            // "mode owner size date time name [-> target]"
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return fields.count >= 6 ? String(fields[5]) : nil
        })
        for required in ["./bin/busybox", "./bin/sh", "./etc/passwd", "./etc/group", "./tmp/", "./root/", "./proc/",
                         "./sys/", "./dev/", "./usr/bin/", "./usr/sbin/", "./sbin/", "./var/", "./run/", "./home/"] {
            #expect(names.contains(required), "\(required) missing from the tarball")
        }
        #expect(listing.split(separator: "\n").allSatisfy { $0.contains(" 0/0 ") }, "every entry is owned by 0/0")

        let result = try ImageArchive.extract(fileAt: first, into: sandbox.dest)
        #expect(result.sha256 == (try sha256sum(first)))
        let dest = sandbox.dest
        let busybox = lstatOrNil(dest + "/bin/busybox")
        #expect(busybox.map { $0.st_mode & S_IFMT } == S_IFREG)
        #expect(busybox.map { $0.st_mode & 0o7777 } == 0o755)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: dest + "/bin/sh")) == "busybox")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: dest + "/usr/bin/env")) == "../../bin/busybox")
        #expect(lstatOrNil(dest + "/tmp").map { $0.st_mode & 0o7777 } == 0o1777)
        #expect(lstatOrNil(dest + "/root").map { $0.st_mode & 0o7777 } == 0o700)
        let passwd = readText(dest + "/etc/passwd") ?? ""
        #expect(passwd.contains("root:x:0:0:"))
        #expect(passwd.contains("nobody:x:65534:65534:"))
        #expect(readText(dest + "/etc/group")?.contains("nogroup:x:65534:") == true)

        // Every applet busybox knows has its link.
        let applets = try run([dest + "/bin/busybox", "--list-full"]).output.split(separator: "\n")
        #expect(applets.count > 200)
        for applet in applets where lstatOrNil(dest + "/" + applet) == nil {
            Issue.record("no link for applet \(applet)")
        }
    }

    @Test("in the busybox rootfs, a shell runs and names resolve through /etc/hosts (root)",
          .enabled(if: getuid() == 0 && busyboxStaticInstalled(), "needs root for chroot and busybox-static"))
    func busyboxRuns() throws {
        let sandbox = try Sandbox()
        let tarball = sandbox.root + "/input/busybox.tar"
        #expect(try run([busyboxScript, tarball]).status == 0)
        _ = try ImageArchive.extract(fileAt: tarball, into: sandbox.dest)
        let shell = try run(["chroot", sandbox.dest, "/bin/sh", "-c", "echo hello from $(id -un)"])
        #expect(shell.status == 0)
        #expect(shell.output == "hello from root\n")
        // Static glibc: lookups through /etc/hosts must work without NSS modules. ping resolves the
        // name before sending anything; -c1 to loopback only.
        try "127.0.0.1 localhost\n127.0.0.1 minirun-test-name\n".write(
            toFile: sandbox.dest + "/etc/hosts", atomically: false, encoding: .utf8)
        let ping = try run(["chroot", sandbox.dest, "/bin/ping", "-c1", "-W2", "minirun-test-name"])
        #expect(ping.output.contains("PING minirun-test-name (127.0.0.1)"), "\(ping.output)")
        #expect(ping.status == 0)
    }
}
