import Foundation
@testable import Runtime
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Runs seccomp-probe (Tests/SeccompProbe), which loads a filter the way the container child does and
/// reports what each syscall returned: 0 or its errno.
private enum Probe {
    static let path = BuiltProgram.path("seccomp-probe")

    static let all = [
        "getpid", "read", "write", "clone", "clone-newnet", "clone3", "unshare-newnet", "mount", "swapoff", "keyctl",
        "reboot", "socket-unix", "socket-vsock",
    ]

    /// What the kernel answers each probe under `filter` (raw instructions), or without a filter.
    static func answers(_ filter: [UInt8]?, _ probes: [String] = all) throws -> [String: String] {
        let directory = try TemporaryDirectory()
        var argument = "-"
        if let filter {
            argument = directory.path + "/filter.bpf"
            try FileSystem.write(argument, filter)
        }
        let result = try run([path, argument] + probes)
        guard result.status == 0 else { throw TestFailure("seccomp-probe exited with \(result.status)") }
        var answers: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            let fields = line.split(separator: " ")
            answers[String(fields[0])] = String(fields[1])
        }
        guard answers.count == probes.count else { throw TestFailure("seccomp-probe said: \(result.output)") }
        return answers
    }
}

private let ok = "0"
private let eperm = String(EPERM)
private let dockerDefault: UInt64 = 0x0000_0000_a804_25fb
private let sysAdmin: UInt64 = 1 << 21

private func dockerFilter(_ capabilities: UInt64, _ cacheDirectory: String) throws -> [UInt8] {
    try SeccompFilters.filter(for: .docker, capabilities: capabilities, cacheDirectory: cacheDirectory)
}

/// Compiles with libseccomp and loads the result into real processes; needs no privileges, only the
/// comparisons with what the kernel answers without a filter are meaningful as root alone.
struct SeccompFilterTests {
    @Test func dockersDefaultCapabilitiesAreTheMaskWeCompileFor() {
        #expect(Capabilities.defaultMask == dockerDefault)
    }

    @Test func defaultProfileDeniesNamespacesMountsAndKeysButNotOrdinaryWork() throws {
        let cache = try TemporaryDirectory()
        let filter = try dockerFilter(dockerDefault, cache.path)
        #expect(filter.count % 8 == 0 && filter.count > 8 * 100)
        let kernel = try Probe.answers(nil)
        let confined = try Probe.answers(filter)

        for name in ["getpid", "read", "write", "clone", "socket-unix"] {
            #expect(confined[name] == ok, "\(name)")
        }
        for name in ["unshare-newnet", "clone-newnet", "mount", "swapoff", "keyctl", "reboot", "socket-vsock"] {
            #expect(confined[name] == eperm, "\(name)")
            if geteuid() == 0 {
                #expect(kernel[name] != eperm, "\(name) fails without the filter too")
            }
        }
        // clone3 fails as if the kernel lacked it, so C libraries fall back to clone.
        #expect(confined["clone3"] == String(ENOSYS))
        #expect(kernel["clone3"] != String(ENOSYS))
    }

    @Test func sysAdminLetsNamespaceAndMountCallsThroughTheFilter() throws {
        let cache = try TemporaryDirectory()
        let filter = try SeccompFilters.filter(
            for: .docker, capabilities: dockerDefault | sysAdmin, cacheDirectory: cache.path)
        let kernel = try Probe.answers(nil)
        let confined = try Probe.answers(filter)

        for name in ["unshare-newnet", "clone-newnet", "mount", "clone3", "getpid", "clone"] {
            #expect(confined[name] == kernel[name], "\(name)")
        }
        if geteuid() == 0 {
            #expect(confined["unshare-newnet"] == ok)
        }
        for name in ["swapoff", "keyctl", "reboot"] {
            #expect(confined[name] == eperm, "\(name)")
        }
    }

    @Test func bootCapabilityAllowsReboot() throws {
        let cache = try TemporaryDirectory()
        let filter = try SeccompFilters.filter(
            for: .docker, capabilities: dockerDefault | Capabilities.mask(["SYS_BOOT"]), cacheDirectory: cache.path)
        // Without LINUX_REBOOT_MAGIC1 the kernel refuses with EINVAL (root) or EPERM: never a reboot.
        #expect(try Probe.answers(filter, ["reboot"]) == Probe.answers(nil, ["reboot"]))
    }

    @Test func customProfileErrnosAndAlternativeArguments() throws {
        // AF_UNIX (1) or AF_VSOCK (40): two conditions on one argument are alternatives, as in runc.
        let profile = try SeccompProfile(
            json: Array(
                """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [
                   {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
                    "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"},
                             {"index": 0, "value": 40, "op": "SCMP_CMP_EQ"}]},
                   {"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 99},
                   {"names": ["not_a_syscall_anywhere"], "action": "SCMP_ACT_ERRNO"},
                   {"names": ["keyctl"], "action": "SCMP_ACT_ALLOW"}
                 ]}
                """.utf8), source: "custom.json")
        let cache = try TemporaryDirectory()
        let filter = try SeccompFilters.filter(for: profile, capabilities: 0, cacheDirectory: cache.path)
        let confined = try Probe.answers(filter, ["socket-unix", "socket-vsock", "getpid", "read", "keyctl"])
        let kernel = try Probe.answers(nil, ["keyctl"])
        #expect(confined["socket-unix"] == String(EACCES))
        #expect(confined["socket-vsock"] == String(EACCES))
        #expect(confined["getpid"] == "99")
        #expect(confined["read"] == ok)
        #expect(confined["keyctl"] == kernel["keyctl"])
    }

    @Test func refusesFiltersTooLongForTheKernel() throws {
        let rules = (0..<5000).map {
            SeccompRule(
                names: ["personality"], action: .errno,
                args: [SeccompArgument(index: 0, value: UInt64($0), op: .equal)])
        }
        let cache = try TemporaryDirectory()
        let error = #expect(throws: RuntimeError.self) {
            let profile = SeccompProfile(defaultAction: .allow, syscalls: rules)
            return try SeccompFilters.filter(for: profile, capabilities: 0, cacheDirectory: cache.path)
        }
        #expect(error?.description.hasSuffix("instructions, the kernel takes 1 to 4096") == true)
        #expect(FileSystem.list(cache.path).isEmpty)
    }

    @Test func filtersForOtherArchitecturesCheckTheirABI() throws {
        let cache = try TemporaryDirectory()
        let target = SeccompTarget(capabilities: dockerDefault, architecture: .aarch64, kernel: .running)
        let filter = try SeccompFilters.filter(for: .docker, target: target, cacheDirectory: cache.path)
        // The filter compares seccomp_data.arch with AUDIT_ARCH_AARCH64 and AUDIT_ARCH_ARM.
        let constants = stride(from: 4, to: filter.count, by: 8).map { offset in
            filter[offset..<offset + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }
        #expect(constants.contains(0xC000_00B7))
        #expect(constants.contains(0x4000_0028))
        #expect(!constants.contains(0xC000_003E))  // AUDIT_ARCH_X86_64
    }
}

/// The cache under <state root>/run/seccomp.
struct SeccompCacheTests {
    private func cachedFile(_ directory: String) throws -> String {
        let files = FileSystem.list(directory)
        guard files.count == 1, let name = files.first else { throw TestFailure("cache holds \(files)") }
        return directory + "/" + name
    }

    @Test func compilesOnceIntoAFileNamedAfterItsInputs() throws {
        let root = try TemporaryDirectory()
        let state = StateRoot.resolve(root: root.path, environment: { _ in nil })
        let filter = try SeccompFilters.filter(for: .docker, capabilities: dockerDefault, cacheDirectory: state.seccomp)
        let file = try cachedFile(root.path + "/run/seccomp")
        let key = SeccompFilters.cacheKey(.docker, .native(capabilities: dockerDefault))
        #expect(file == "\(root.path)/run/seccomp/\(key).bpf")
        #expect(try FileSystem.read(file).flatMap(SeccompCacheFile.decode) == filter)
    }

    @Test func laterCallsReadTheCachedFile() throws {
        let cache = try TemporaryDirectory()
        _ = try dockerFilter(dockerDefault, cache.path)
        // A different but well-formed filter in the file: only a lookup that reads it returns it.
        let planted: [UInt8] = [0x06, 0, 0, 0, 0, 0, 0xff, 0x7f]  // BPF_RET|BPF_K SECCOMP_RET_ALLOW
        try FileSystem.writeAtomically(try cachedFile(cache.path), SeccompCacheFile.encode(planted))
        #expect(try dockerFilter(dockerDefault, cache.path) == planted)
    }

    @Test(arguments: ["truncated", "flipped", "empty"])
    func damagedFilesAreCompiledAgain(_ damage: String) throws {
        let cache = try TemporaryDirectory()
        let filter = try dockerFilter(dockerDefault, cache.path)
        let file = try cachedFile(cache.path)
        var bytes = try #require(try FileSystem.read(file))
        switch damage {
        case "truncated": bytes.removeLast(8)
        case "flipped": bytes[bytes.count / 2] ^= 0x20
        default: bytes = []
        }
        try FileSystem.write(file, bytes)
        #expect(try dockerFilter(dockerDefault, cache.path) == filter)
        #expect(try FileSystem.read(file).flatMap(SeccompCacheFile.decode) == filter)
    }

    @Test func capabilitiesGetFiltersOfTheirOwn() throws {
        let cache = try TemporaryDirectory()
        let plain = try dockerFilter(dockerDefault, cache.path)
        let admin = try dockerFilter(dockerDefault | sysAdmin, cache.path)
        #expect(plain != admin)
        #expect(FileSystem.list(cache.path).count == 2)
    }
}
