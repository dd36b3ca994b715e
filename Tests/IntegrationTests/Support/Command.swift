import Foundation
import TestSupport

/// Where the programs under test are: MINIRUN_TEST_BINARIES when set (scripts/test points it at the
/// release build, which links differently), else where `swift build` put them, beside this test bundle.
enum Binaries {
    static let directory: String = {
        if let chosen = ProcessInfo.processInfo.environment["MINIRUN_TEST_BINARIES"], !chosen.isEmpty {
            return chosen
        }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return (exe as NSString).deletingLastPathComponent
    }()
    static let minirun = directory + "/minirun"
}

/// The busybox rootfs tarball, built once per test run with rootfs-scripts/busybox.sh.
enum BusyboxImage {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    private static let built: Result<String, Error> = Result {
        let path = "/var/tmp/minirun-test-busybox-\(getpid()).tar"
        let result = Command.run(packageRoot + "/rootfs-scripts/busybox.sh", [path])
        guard result.code == 0 else { throw BuildError(message: result.err) }
        atexit { unlink("/var/tmp/minirun-test-busybox-\(getpid()).tar") }
        return path
    }

    struct BuildError: Error, CustomStringConvertible {
        var message: String
        var description: String { "rootfs-scripts/busybox.sh failed: \(message)" }
    }

    static func tarball() throws -> String {
        try built.get()
    }
}
