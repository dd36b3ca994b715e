import Foundation

/// Runs a program to completion and collects its exit code and output.
enum Command {
    static func run(_ path: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) -> Sandbox.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        do {
            try process.run()
        } catch {
            return Sandbox.Result(code: -1, out: "", err: "\(error)")
        }
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try? input.fileHandleForWriting.close()
        }
        // Read both pipes while the process runs, so a full pipe never blocks it.
        final class Collected: @unchecked Sendable { var data = Data() }
        let errData = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let code = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Sandbox.Result(code: code, out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData.data, as: UTF8.self))
    }

    /// Runs a shell command line.
    static func shell(_ line: String, environment: [String: String] = [:]) -> Sandbox.Result {
        run("/bin/sh", ["-c", line], environment: environment)
    }
}

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
