import Foundation
@testable import Runtime
import Testing

private let sysAdmin: UInt64 = 1 << 21

/// Docker's default capabilities on x86_64 with a current kernel.
private func target(
    _ capabilities: UInt64 = Capabilities.defaultMask, architecture: SeccompArchitecture = .x86_64,
    kernel: KernelVersion = KernelVersion(6, 1)
) -> SeccompTarget {
    SeccompTarget(capabilities: capabilities, architecture: architecture, kernel: kernel)
}

/// The syscalls a profile allows whatever their arguments, for a target.
private func allowed(_ target: SeccompTarget, in profile: SeccompProfile = .docker) -> Set<String> {
    Set(profile.rules(for: target).filter { $0.action == .allow && $0.args.isEmpty }.flatMap(\.names))
}

/// The rules that mention a syscall, for a target.
private func rules(_ name: String, _ target: SeccompTarget) -> [SeccompRule] {
    SeccompProfile.docker.rules(for: target).filter { $0.names.contains(name) }
}

private func parse(_ json: String) throws -> SeccompProfile {
    try SeccompProfile(json: Array(json.utf8), source: "p.json")
}

/// A profile with every field of the format set.
private let everyField = SeccompProfile(
    defaultAction: .errno, defaultErrnoRet: 38, architectures: [.x86_64, .x86],
    syscalls: [
        SeccompRule(
            names: ["socket", "socketpair"], action: .errno, errnoRet: 13,
            args: [
                SeccompArgument(index: 0, value: 0xffff_ffff_ffff_ffff, valueTwo: 40, op: .maskedEqual),
                SeccompArgument(index: 5, value: 1, op: .notEqual),
            ],
            comment: "a \"quoted\"\tcomment\u{1}",
            includes: SeccompCondition(caps: ["CAP_NET_ADMIN"], arches: ["amd64"]),
            excludes: SeccompCondition(minKernel: KernelVersion(5, 10))),
        SeccompRule(names: ["getpid"], action: .trace),
    ])

struct SeccompProfileParsingTests {
    @Test func defaultProfileRoundTripsThroughDockersFormat() throws {
        let json = try JSONEncoder().encode(SeccompProfile.docker)
        #expect(try SeccompProfile(json: Array(json), source: "default.json") == .docker)
    }

    @Test(arguments: [SeccompProfile.docker, everyField])
    func canonicalJSONIsTheWholeProfile(_ profile: SeccompProfile) throws {
        #expect(try SeccompProfile(json: profile.canonicalJSON, source: "canonical") == profile)
    }

    @Test func readsDockersSpellings() throws {
        let profile = try parse(
            """
            {
              "defaultAction": "SCMP_ACT_ERRNO",
              "archMap": [{"architecture": "SCMP_ARCH_RISCV64", "subArchitectures": null}],
              "syscalls": [
                {"name": "clone", "action": "SCMP_ACT_ALLOW", "comment": "old single name",
                 "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}],
                 "includes": {}, "excludes": {"caps": ["CAP_SYS_ADMIN"], "minKernel": "4.8"}}
              ]
            }
            """)
        #expect(
            profile
                == SeccompProfile(
                    defaultAction: .errno, archMap: [SeccompArchitectureGroup(.riscv64)],
                    syscalls: [
                        SeccompRule(
                            names: ["clone"], action: .allow,
                            args: [SeccompArgument(index: 0, value: 2_114_060_288, op: .maskedEqual)],
                            comment: "old single name", includes: SeccompCondition(),
                            excludes: SeccompCondition(caps: ["CAP_SYS_ADMIN"], minKernel: KernelVersion(4, 8))),
                    ]))
    }

    @Test func sameProfileSameCanonicalBytesHoweverWritten() throws {
        let compact = try parse(
            #"{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["a"],"action":"SCMP_ACT_LOG"}]}"#)
        let spread = try parse(
            """
            { "syscalls" : [ { "action" : "SCMP_ACT_LOG", "args": [], "name": "a" } ],
              "architectures": [], "defaultAction" : "SCMP_ACT_ALLOW" }
            """)
        #expect(compact.canonicalJSON == spread.canonicalJSON)
        #expect(
            String(decoding: compact.canonicalJSON, as: UTF8.self)
                == #"{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["a"],"action":"SCMP_ACT_LOG"}]}"#)
    }

    /// A profile that allows everything but what `rules` (the inside of its `syscalls` list) say.
    private static func withRules(_ rules: String) -> String {
        #"{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": ["# + rules + "]}"
    }

    /// A profile with one rule and its one argument condition.
    private static func withArgument(_ argument: String) -> String {
        withRules(#"{"names": ["a"], "action": "SCMP_ACT_ERRNO", "args": ["# + argument + "]}")
    }

    private static let refusals: [(json: String, message: String)] = [
        (#"{"defaultAction": "SCMP_ACT_ALLOW""#, "not valid JSON"),
        ("[]", "Expected to decode Dictionary<String, Any> but found an array instead."),
        (#"{"syscalls": []}"#, "defaultAction is missing"),
        (#"{"defaultAction": "SCMP_ACT_PERMIT"}"#, #"defaultAction: unknown action "SCMP_ACT_PERMIT""#),
        (
            withRules(#"{"names": ["a"], "action": "SCMP_ACT_LOG"}, {"names": ["b"], "action": "SCMP_ACT_FOO"}"#),
            #"syscalls[1].action: unknown action "SCMP_ACT_FOO""#
        ),
        (
            withArgument(#"{"index": 0, "value": 1, "op": "SCMP_CMP_LIKE"}"#),
            #"syscalls[0].args[0].op: unknown op "SCMP_CMP_LIKE""#
        ),
        (
            withArgument(#"{"index": 6, "value": 1, "op": "SCMP_CMP_EQ"}"#),
            "syscalls[0].args[0].index: argument index 6 is out of range (0-5)"
        ),
        (
            withArgument(#"{"index": 0, "value": -1, "op": "SCMP_CMP_EQ"}"#),
            "syscalls[0].args[0].value: not an integer from 0 to 18446744073709551615"
        ),
        (
            withRules(#"{"names": ["a"], "action": "SCMP_ACT_ERRNO", "errnoRet": 70000}"#),
            "syscalls[0].errnoRet: not an integer from 0 to 65535"
        ),
        (
            withRules(#"{"name": "a", "names": ["b"], "action": "SCMP_ACT_ERRNO"}"#),
            "syscalls[0].name: both name and names are set, use names"
        ),
        (
            withRules(#"{"names": [], "action": "SCMP_ACT_ERRNO"}"#),
            "syscalls[0].names: no syscall name"
        ),
        (
            withRules(#"{"names": ["a"], "action": "SCMP_ACT_ERRNO", "includes": {"minKernel": "4"}}"#),
            #"syscalls[0].includes.minKernel: invalid kernel version "4", expected "<kernel>.<major>""#
        ),
        (
            #"{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86"],"#
                + #" "archMap": [{"architecture": "SCMP_ARCH_X86_64"}]}"#,
            "archMap: both architectures and archMap are set, use one of them"
        ),
        (
            #"{"defaultAction": "SCMP_ACT_ALLOW", "archMap": [{"architecture": "SCMP_ARCH_VAX"}]}"#,
            #"archMap[0].architecture: unknown architecture "SCMP_ARCH_VAX""#
        ),
        (
            withRules(#"{"names": ["a"], "action": "SCMP_ACT_NOTIFY"}"#),
            "syscalls[0].action: SCMP_ACT_NOTIFY needs a seccomp agent, which minirun does not support"
        ),
        (
            #"{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/agent.sock"}"#,
            "listenerPath: seccomp agents (listenerPath) are not supported"
        ),
        (
            #"{"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_LOG"]}"#,
            "flags: filter flags such as SECCOMP_FILTER_FLAG_LOG are not supported"
        ),
    ]

    @Test(arguments: refusals)
    func refusesBadProfilesWithOneLine(_ refusal: (json: String, message: String)) {
        let error = #expect(throws: RuntimeError.self) { try parse(refusal.json) }
        #expect(error?.description == "seccomp profile p.json: " + refusal.message)
    }

    @Test func loadsFilesAndNamesMissingOnes() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/profile.json"
        try FileSystem.write(path, everyField.canonicalJSON)
        #expect(try SeccompProfile.load(path: path) == everyField)
        let error = #expect(throws: RuntimeError.self) {
            try SeccompProfile.load(path: directory.path + "/missing.json")
        }
        #expect(error?.description == "open seccomp profile \(directory.path)/missing.json: No such file or directory")
    }

    @Test func kernelVersionsCompareByKernelAndMajorOnly() {
        #expect(KernelVersion(release: "6.1.0-18-amd64") == KernelVersion(6, 1))
        #expect(KernelVersion(release: "6.18-rc5") == KernelVersion(6, 18))
        #expect(KernelVersion(release: "4.8") == KernelVersion(4, 8))
        #expect(KernelVersion(release: "six") == nil)
        #expect(KernelVersion(4, 8) < KernelVersion(4, 10) && KernelVersion(4, 10) < KernelVersion(5, 0))
        #expect(KernelVersion.running > KernelVersion(3, 0))
    }
}

/// What Docker's default profile allows, checked against the rules of moby's default.json.
struct DockerSeccompProfileTests {
    @Test func deniesEverythingElseWithEPERM() {
        #expect(SeccompProfile.docker.defaultAction == .errno)
        #expect(SeccompProfile.docker.defaultErrnoRet == UInt16(EPERM))
    }

    @Test func allowsWhatOrdinaryProgramsNeed() {
        let names = allowed(target())
        for name in ["read", "write", "openat", "execve", "exit_group", "futex", "mmap", "epoll_wait", "getpid",
                     "socketpair", "wait4", "rt_sigaction", "chroot", "setuid", "capset", "ptrace"] {
            #expect(names.contains(name), "\(name)")
        }
    }

    @Test(arguments: ["mount", "umount2", "unshare", "setns", "sethostname", "bpf", "fsopen", "move_mount"])
    func namespaceAndMountCallsNeedSysAdmin(_ name: String) {
        #expect(!allowed(target()).contains(name))
        #expect(allowed(target(Capabilities.defaultMask | sysAdmin)).contains(name))
    }

    @Test(arguments: [
        ("reboot", "SYS_BOOT"), ("init_module", "SYS_MODULE"), ("finit_module", "SYS_MODULE"),
        ("delete_module", "SYS_MODULE"), ("kcmp", "SYS_PTRACE"), ("pidfd_getfd", "SYS_PTRACE"),
        ("acct", "SYS_PACCT"), ("iopl", "SYS_RAWIO"), ("settimeofday", "SYS_TIME"), ("vhangup", "SYS_TTY_CONFIG"),
        ("mbind", "SYS_NICE"), ("syslog", "SYSLOG"), ("perf_event_open", "PERFMON"),
        ("open_by_handle_at", "DAC_READ_SEARCH"),
    ])
    func privilegedCallsNeedTheirCapability(_ name: String, _ capability: String) {
        #expect(!allowed(target()).contains(name))
        #expect(allowed(target(Capabilities.defaultMask | Capabilities.mask([capability]))).contains(name))
    }

    @Test(arguments: [
        "swapon", "swapoff", "keyctl", "add_key", "request_key", "kexec_load", "io_uring_setup", "userfaultfd",
    ])
    func someCallsNoCapabilityAllows(_ name: String) {
        let everything = Capabilities.mask(Capabilities.names)
        #expect(!SeccompProfile.docker.rules(for: target(everything)).contains { $0.names.contains(name) })
    }

    @Test func ptraceNeedsSysPtraceBeforeKernel4_8() {
        #expect(!allowed(target(kernel: KernelVersion(4, 4))).contains("ptrace"))
        let sysPtrace = Capabilities.defaultMask | Capabilities.mask(["SYS_PTRACE"])
        #expect(allowed(target(sysPtrace, kernel: KernelVersion(4, 4))).contains("ptrace"))
        #expect(allowed(target(kernel: KernelVersion(4, 8))).contains("ptrace"))
    }

    @Test func cloneWithoutSysAdminOnlyWithoutNamespaceFlags() {
        let namespaceFlags: UInt64 = 0x7E02_0000  // CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET
        #expect(
            rules("clone", target())
                == [SeccompRule(
                    names: ["clone"], action: .allow,
                    args: [SeccompArgument(index: 0, value: namespaceFlags, op: .maskedEqual)],
                    excludes: SeccompCondition(caps: ["CAP_SYS_ADMIN"], arches: ["s390", "s390x"]))])
        // s390 passes the flags second.
        #expect(rules("clone", target(architecture: .s390x)).map { $0.args.map(\.index) } == [[1]])
        #expect(rules("clone", target(Capabilities.defaultMask | sysAdmin)).allSatisfy { $0.args.isEmpty })
    }

    @Test func clone3FailsWithENOSYSWithoutSysAdmin() {
        #expect(rules("clone3", target()).map { "\($0.action.rawValue) \($0.errnoRet ?? 0)" } == ["SCMP_ACT_ERRNO 38"])
        #expect(rules("clone3", target(Capabilities.defaultMask | sysAdmin)).map(\.action) == [.allow])
    }

    @Test func refusesAlgAndVsockSockets() {
        let conditions = rules("socket", target()).map { $0.args.map { "\($0.op.rawValue) \($0.value)" } }
        #expect(conditions == [["SCMP_CMP_LT 38"], ["SCMP_CMP_EQ 39"], ["SCMP_CMP_GT 40"]])
    }

    @Test func architectureSpecificCallsOnlyWhereTheyExist() {
        #expect(allowed(target()).contains("arch_prctl"))
        #expect(allowed(target()).contains("modify_ldt"))
        #expect(!allowed(target(architecture: .aarch64)).contains("arch_prctl"))
        #expect(allowed(target(architecture: .aarch64)).contains("set_tls"))
        #expect(!allowed(target()).contains("set_tls"))
    }

    @Test func recognizesTheCompatibilityABIs() {
        #expect(SeccompProfile.docker.extraArchitectures(for: target()) == [.x86, .x32])
        #expect(SeccompProfile.docker.extraArchitectures(for: target(architecture: .aarch64)) == [.arm])
        #expect(SeccompProfile.docker.extraArchitectures(for: target(architecture: .ppc64le)) == [])
    }
}

struct SeccompCacheKeyTests {
    @Test func changesWithEverythingTheFilterDependsOn() throws {
        let base = SeccompFilters.cacheKey(.docker, target())
        #expect(base.count == 64 && base.allSatisfy(\.isHexDigit))
        #expect(SeccompFilters.cacheKey(.docker, target()) == base)
        #expect(SeccompFilters.cacheKey(.docker, target(Capabilities.defaultMask | sysAdmin)) != base)
        #expect(SeccompFilters.cacheKey(.docker, target(architecture: .aarch64)) != base)
        #expect(SeccompFilters.cacheKey(.docker, target(kernel: KernelVersion(6, 2))) != base)
        var changed = SeccompProfile.docker
        changed.syscalls[0].names.removeLast()
        #expect(SeccompFilters.cacheKey(changed, target()) != base)
    }

    @Test func dockersDigestIsThatOfItsProfile() {
        let digest = SeccompFilters.digest(.docker)
        #expect(SeccompProfile.dockerDigest == digest, "SeccompProfile.dockerDigest must be \(digest)")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("docker-digest-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Both ways to the default profile's filter name the same cache file.
        let quick = try? SeccompFilters.dockerFilter(capabilities: Capabilities.defaultMask, cacheDirectory: root)
        #expect(FileSystem.list(root) == [SeccompFilters.cacheKey(.docker, .native(capabilities: Capabilities.defaultMask)) + ".bpf"])
        #expect(quick != nil)
    }

    @Test func cacheFilesCarryTheirDigest() {
        let bpf: [UInt8] = Array(0..<16)
        let file = SeccompCacheFile.encode(bpf)
        #expect(SeccompCacheFile.decode(file) == bpf)
        #expect(SeccompCacheFile.decode(Array(file.dropLast(8))) == nil)
        #expect(SeccompCacheFile.decode(Array(file.dropLast(3))) == nil)
        var flipped = file
        flipped[flipped.count - 1] ^= 1
        #expect(SeccompCacheFile.decode(flipped) == nil)
        #expect(SeccompCacheFile.decode(Array(file.prefix(SeccompCacheFile.headerSize))) == nil)
        #expect(SeccompCacheFile.decode(bpf + bpf + bpf + bpf + bpf) == nil)
    }
}
