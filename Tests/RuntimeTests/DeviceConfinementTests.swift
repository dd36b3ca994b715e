import Foundation
import Glibc
@testable import Runtime
import Testing

struct DeviceRuleTests {
    @Test func dockersSyntaxIsReadAndWrittenBack() throws {
        let rules: [(String, DeviceRule)] = [
            ("c 1:3 rwm", DeviceRule(.char, 1, 3, .all)),
            ("b *:* m", DeviceRule(.block, nil, nil, .mknod)),
            ("a 7:* rw", DeviceRule(.all, 7, nil, [.read, .write])),
            ("c 136:4242 r", DeviceRule(.char, 136, 4242, .read)),
            ("b 4294967295:0 w", DeviceRule(.block, UInt32.max, 0, .write)),
        ]
        for (text, rule) in rules {
            #expect(try DeviceRule(parsing: text) == rule, "\(text)")
            #expect(rule.description == text)
        }
        // Docker's pattern takes one to three letters of rwm, repeats included.
        #expect(try DeviceRule(parsing: "c 1:3 mwr").description == "c 1:3 rwm")
        #expect(try DeviceRule(parsing: "c 1:3 rr") == DeviceRule(.char, 1, 3, .read))
    }

    @Test func anythingElseIsRefusedWithDockersMessage() {
        for text in [
            "", "c", "c 1:3", "c 1:3 ", " c 1:3 r", "c 1:3  r", "c  1:3 r", "x 1:3 r", "C 1:3 r", "c 1:3 rwx", "c 1:3 rwmr",
            "c -1:3 r", "c +1:3 r", "c 1: r", "c :3 r", "c 1 r", "c 1:3:4 r", "c a:3 r", "c 4294967296:0 r", "c 1:3 R",
            "c 1:3 r\n", "all 1:3 r", "c **:3 r",
        ] {
            let error = #expect(throws: RuntimeError.self, "\(text)") { try DeviceRule(parsing: text) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.description.hasPrefix("invalid device cgroup format '") == true)
        }
    }

    @Test func aRuleAllowsOnlyAccessItGrantsWhole() {
        let rule = DeviceRule(.char, 1, nil, [.read, .write])
        #expect(rule.allows(.char, major: 1, minor: 77, access: .read))
        #expect(rule.allows(.char, major: 1, minor: 3, access: [.read, .write]))
        #expect(!rule.allows(.char, major: 1, minor: 3, access: [.read, .mknod]))
        #expect(!rule.allows(.block, major: 1, minor: 3, access: .read))
        #expect(!rule.allows(.char, major: 2, minor: 3, access: .read))
        #expect(DeviceRule(.all, nil, nil, .mknod).allows(.block, major: 8, minor: 0, access: .mknod))
    }

    @Test func v1GetsALinePerKindForARuleOfBoth() {
        // The v1 controller reads any line that starts with "a" as "allow everything".
        #expect(DeviceRule(.all, 7, nil, [.read, .write]).devicesAllowLines == ["c 7:* rw", "b 7:* rw"])
        #expect(DeviceRule(.all, nil, nil, .all).devicesAllowLines == ["c *:* rwm", "b *:* rwm"])
        #expect(DeviceRule(.block, 7, 2, .read).devicesAllowLines == ["b 7:2 r"])
    }

    @Test func rulesAreStoredAsTheirText() throws {
        let allowlist = DeviceAllowlist(rules: [DeviceRule(.char, 1, 3, .all), DeviceRule(.all, nil, 5, .mknod)])
        let json = String(decoding: try JSONEncoder().encode(allowlist), as: UTF8.self)
        #expect(json == #"{"rules":["c 1:3 rwm","a *:5 m"]}"#)
        #expect(try JSONDecoder().decode(DeviceAllowlist.self, from: Data(json.utf8)) == allowlist)
    }
}

struct DeviceRecordTests {
    /// Containers made before devices were recorded still load, with none; new ones keep theirs.
    @Test func recordsWithoutDevicesReadAsNoneAndDevicesAreKept() throws {
        let old = try #require(StateJSONTests.recordsFoundationWrote.first)
        var record = try StateJSON.decode(ContainerRecord.self, from: Array(old.utf8))
        #expect(record.config.devices.isEmpty && record.config.deviceCgroupRules.isEmpty)
        #expect(record.state.cgroup?.devices == nil, "an old record's container ran unconfined")
        record.config.devices = [DeviceMapping(pathOnHost: "/dev/loop3", pathInContainer: "/dev/disk", permissions: "r")]
        record.config.deviceCgroupRules = [DeviceRule(.block, 7, nil, .read)]
        record.state.cgroup?.devices = DeviceAllowlist(rules: DeviceAllowlist.dockerDefaults)
        let written = try StateJSON.encode(record)
        #expect(String(decoding: written, as: UTF8.self).contains(#""deviceCgroupRules":["b 7:* r"]"#))
        #expect(try StateJSON.decode(ContainerRecord.self, from: written) == record)
        #expect(try JSONDecoder().decode(ContainerRecord.self, from: Data(written)) == record)
    }
}

struct DeviceAllowlistTests {
    @Test func dockersDefaultsOpenOnlyTheUsualDevicesButMakeAnyNode() throws {
        let defaults = try #require(DeviceAllowlist.forContainer(privileged: false, devices: [], extraRules: []))
        for (major, minor) in [(1, 3), (1, 5), (1, 7), (1, 8), (1, 9), (5, 0), (5, 1), (5, 2), (136, 0), (136, 9999), (10, 200)] {
            #expect(defaults.allows(.char, major: UInt32(major), minor: UInt32(minor), access: .all), "\(major):\(minor)")
        }
        for (kind, major, minor) in [(DeviceRule.Kind.block, 7, 0), (.block, 8, 0), (.char, 10, 232), (.char, 4, 1), (.char, 1, 1), (.char, 10, 237)] {
            #expect(!defaults.allows(kind, major: UInt32(major), minor: UInt32(minor), access: .read), "\(kind) \(major):\(minor)")
            #expect(!defaults.allows(kind, major: UInt32(major), minor: UInt32(minor), access: .write), "\(kind) \(major):\(minor)")
            #expect(defaults.allows(kind, major: UInt32(major), minor: UInt32(minor), access: .mknod), "\(kind) \(major):\(minor)")
        }
    }

    @Test func devicesAndRulesComeAfterTheDefaultsAndPrivilegedHasNone() {
        let node = DeviceNode(pathInContainer: "/dev/disk", kind: .block, major: 7, minor: 3, permissionBits: 0o660, access: .read)
        let allowlist = DeviceAllowlist.forContainer(privileged: false, devices: [node], extraRules: [DeviceRule(.char, 42, nil, .write)])
        #expect(allowlist?.rules == DeviceAllowlist.dockerDefaults + [DeviceRule(.block, 7, 3, .read), DeviceRule(.char, 42, nil, .write)])
        #expect(DeviceAllowlist.forContainer(privileged: true, devices: [node], extraRules: []) == nil)
    }
}

struct DeviceMappingTests {
    @Test func dockersFormsAreRead() throws {
        let forms: [(String, DeviceMapping)] = [
            ("/dev/loop3", DeviceMapping(pathOnHost: "/dev/loop3", pathInContainer: "/dev/loop3")),
            ("/dev/loop3:/dev/disk", DeviceMapping(pathOnHost: "/dev/loop3", pathInContainer: "/dev/disk")),
            ("/dev/loop3:r", DeviceMapping(pathOnHost: "/dev/loop3", pathInContainer: "/dev/loop3", permissions: "r")),
            ("/dev/loop3:/dev/disk:wm", DeviceMapping(pathOnHost: "/dev/loop3", pathInContainer: "/dev/disk", permissions: "wm")),
            ("/dev//./loop3:/x/", DeviceMapping(pathOnHost: "/dev/loop3", pathInContainer: "/x")),
        ]
        for (text, mapping) in forms {
            #expect(try DeviceMapping(parsing: text) == mapping, "\(text)")
        }
        #expect(try DeviceMapping(parsing: "/dev/loop3:rw").access == [.read, .write])
    }

    @Test func badFormsAreRefused() {
        for text in [
            "", ":/dev/x", "/dev/x:/y:r:w", "/dev/x:/y:rwx", "/dev/x:/y:rr", "/dev/x:/y:", "dev/x", "/dev/x:y", "/dev/x:rr",
            "/dev/../x", "/dev/x:/y/../z",
        ] {
            let error = #expect(throws: RuntimeError.self, "\(text)") { try DeviceMapping(parsing: text) }
            #expect(error?.code == .invalidArgument, "\(text)")
        }
    }

    @Test func theHostNodeIsLookedAt() throws {
        let null = try DeviceNode(resolving: DeviceMapping(pathOnHost: "/dev/null", pathInContainer: "/dev/n", permissions: "rw"))
        #expect(null == DeviceNode(pathInContainer: "/dev/n", kind: .char, major: 1, minor: 3, permissionBits: 0o666, access: [.read, .write]))
        #expect(null.deviceNumber == 0x103 && null.fileMode == UInt32(S_IFCHR) | 0o666)
        // glibc's makedev for numbers past the old 8-bit minor and 12-bit major (Python's os.makedev says so too).
        let big = DeviceNode(pathInContainer: "/x", kind: .block, major: 0x1234, minor: 0x56789, permissionBits: 0o600, access: .all)
        #expect(big.deviceNumber == 0x1000_5672_3489)
        #expect(big.fileMode == UInt32(S_IFBLK) | 0o600)
        for path in ["/dev/minirun-no-such-device", "/etc/hostname", "/dev"] {
            let error = #expect(throws: RuntimeError.self, "\(path)") {
                try DeviceNode(resolving: DeviceMapping(pathOnHost: path, pathInContainer: path))
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.description.hasPrefix("error gathering device information while adding custom device \"\(path)\"") == true)
        }
    }

    @Test func theNodeIsMadeOnceEveryMountIsInPlace() throws {
        var plan = MountPlan(lowerDirectories: ["/images/x"], layerRoot: "/", containerDirectory: "/containers/x", mountPoint: "/rootfs", etcFiles: [])
        plan.tmpfs = [try TmpfsMount(parsing: "/run")]
        plan.deviceNodes = [DeviceNode(pathInContainer: "/dev/sub/disk", kind: .block, major: 7, minor: 3, permissionBits: 0o640, access: .read)]
        let steps = plan.steps()
        let node = steps.firstIndex { $0.kind == .makeNode && $0.target == "/dev/sub/disk" }
        let lastMount = steps.lastIndex { $0.kind == .mount }
        #expect(node != nil && lastMount != nil && node! > lastMount!)
        #expect(steps.contains { $0.kind == .makeDirectory && $0.target == "/dev/sub" })
        #expect(steps[node!].shellCommand == "mknod -m 640 /dev/sub/disk b 7 3")
    }
}

struct DeviceProgramTests {
    static let allowlists: [DeviceAllowlist] = [
        DeviceAllowlist(rules: []),
        DeviceAllowlist(rules: DeviceAllowlist.dockerDefaults),
        DeviceAllowlist(rules: DeviceAllowlist.dockerDefaults + [
            DeviceRule(.block, 7, 3, .read), DeviceRule(.all, 254, nil, [.write, .mknod]), DeviceRule(.char, nil, 9, .read),
            DeviceRule(.block, UInt32.max, UInt32.max, .all),
        ]),
        DeviceAllowlist(rules: [DeviceRule(.all, nil, nil, .all)]),
        DeviceAllowlist(rules: [DeviceRule(.char, 1, 3, .read), DeviceRule(.all, nil, nil, .all), DeviceRule(.block, 7, 0, .read)]),
    ]

    /// Every device kind, a spread of numbers and every access, through the program and through the
    /// rules themselves: the two must agree.
    @Test(arguments: allowlists)
    func theProgramDecidesAsTheRulesDo(allowlist: DeviceAllowlist) throws {
        let interpreter = DeviceProgramInterpreter(program: DeviceProgram(allowlist).instructions)
        let accesses = (1...7).map { DeviceAccess(rawValue: UInt32($0)) }
        for kind in [DeviceRule.Kind.char, .block] {
            for major: UInt32 in [0, 1, 5, 7, 10, 136, 254, 0x8000_0000, UInt32.max] {
                for minor: UInt32 in [0, 1, 2, 3, 5, 7, 8, 9, 200, 4242, UInt32.max] {
                    for access in accesses {
                        let expected: UInt64 = allowlist.allows(kind, major: major, minor: minor, access: access) ? 1 : 0
                        let got = try interpreter.run(kind, major: major, minor: minor, access: access)
                        #expect(got == expected, "\(kind) \(major):\(minor) \(access) with \(allowlist.rules)")
                    }
                }
            }
        }
    }

    @Test func aRuleBecomesTestsThatJumpToTheNextRule() {
        typealias I = BPFInstruction
        let program = DeviceProgram(DeviceAllowlist(rules: [DeviceRule(.char, 1, 3, [.read, .write]), DeviceRule(.all, nil, nil, .all)]))
        #expect(program.instructions == [
            I(code: 0x61, destination: 2, source: 1, offset: 0),  // r2 = ctx->access_type
            I(code: 0x54, destination: 2, immediate: 0xffff),  // r2 &= 0xffff: the device type
            I(code: 0x61, destination: 3, source: 1, offset: 0),  // r3 = ctx->access_type
            I(code: 0x74, destination: 3, immediate: 16),  // r3 >>= 16: the access
            I(code: 0x61, destination: 4, source: 1, offset: 4),  // r4 = ctx->major
            I(code: 0x61, destination: 5, source: 1, offset: 8),  // r5 = ctx->minor
            I(code: 0x56, destination: 2, offset: 7, immediate: 2),  // a character device, or on to the next rule
            I(code: 0xbc, destination: 1, source: 3),  // r1 = the access
            I(code: 0x54, destination: 1, immediate: ~6),  // r1 &= ~rw: what the rule does not grant
            I(code: 0x56, destination: 1, offset: 4, immediate: 0),  // nothing of it asked for
            I(code: 0x56, destination: 4, offset: 3, immediate: 1),  // major 1
            I(code: 0x56, destination: 5, offset: 2, immediate: 3),  // minor 3
            I(code: 0xb7, destination: 0, immediate: 1), I(code: 0x95),  // allow
            I(code: 0xb7, destination: 0, immediate: 1), I(code: 0x95),  // a *:* rwm: allow, with no test
            // and nothing after it, not even the final deny: the verifier refuses code it cannot reach
        ])
        #expect(I(code: 0x56, destination: 4, source: 3, offset: -2, immediate: -3).bytes == [0x56, 0x34, 0xfe, 0xff, 0xfd, 0xff, 0xff, 0xff])
    }

    /// The kernel's verifier accepts what the generator makes (loaded, not attached).
    @Test(.enabled(if: getuid() == 0, "needs root to load a BPF program"), arguments: allowlists)
    func theKernelAcceptsTheProgram(allowlist: DeviceAllowlist) throws {
        do {
            close(try DeviceProgram(allowlist).load())
        } catch let error as RuntimeError where error.description.contains("Operation not permitted") {
            try Test.cancel("the kernel does not let this process load BPF programs: \(error)")
        }
    }
}

struct DeviceCgroupPlanTests {
    let defaults = DeviceAllowlist(rules: DeviceAllowlist.dockerDefaults)

    @Test func v1GetsADirectoryInTheDevicesHierarchy() throws {
        let machine = try FakeCgroupMachine.hybrid()
        let cgroup = try machine.plan(devices: defaults)
        let devices = CgroupDirectory(path: machine.root + "/sys/fs/cgroup/devices/" + fakeCgroupName, version: .v1, controllers: ["devices"])
        #expect(cgroup.directories.contains(devices))
        #expect(!cgroup.directories.contains { $0.version == .v2 }, "the v1 controller is enough")
        #expect(cgroup.devicesDirectory == devices)
        #expect(cgroup.joinedByFirstProcess.contains(devices))
        #expect(cgroup.devices == defaults)
    }

    @Test func v1WritesDenyAllThenEachRule() throws {
        let machine = try FakeCgroupMachine.hybrid()
        let cgroup = try machine.plan(devices: DeviceAllowlist(rules: [DeviceRule(.char, 1, 3, .all)]))
        let devices = try #require(cgroup.devicesDirectory)
        for directory in cgroup.directories {
            try machine.makeCgroup(String(directory.path.dropFirst(machine.root.count)), files: ["devices.deny", "devices.allow"])
        }
        try cgroup.create(limits: ResourceLimits())
        #expect(try FileSystem.readString(devices.file("devices.deny")) == "a")
        #expect(try FileSystem.readString(devices.file("devices.allow")) == "c 1:3 rwm")
    }

    @Test func v2GetsTheProgramOnItsOneDirectory() throws {
        let machine = try FakeCgroupMachine.unified(delegated: "memory pids\n")
        let cgroup = try machine.plan(devices: defaults)
        #expect(cgroup.directories.count == 1)
        #expect(cgroup.devicesDirectory == cgroup.directories.first)
    }

    @Test func withoutEitherHierarchyAContainerCannotBeConfinedAndIsRefused() throws {
        let machine = try FakeCgroupMachine(.combined)
        let session = "/user.slice/user-0.slice/session-1.scope"
        try machine.makeDirectory("/sys/fs/cgroup/pids" + session)
        try machine.makeDirectory("/sys/fs/cgroup/memory" + session)
        try machine.makeDirectory("/sys/fs/cgroup/cpu,cpuacct/user.slice")
        let error = #expect(throws: RuntimeError.self) { try machine.plan(devices: defaults) }
        #expect(error?.description.contains("cannot be confined") == true)
        // --privileged asks for no confinement.
        #expect(try machine.plan(devices: nil).devicesDirectory == nil)
    }

    @Test func privilegedHasNoDevicesDirectory() throws {
        let machine = try FakeCgroupMachine.hybrid()
        let cgroup = try machine.plan(devices: nil)
        #expect(!cgroup.directories.contains { $0.controllers.contains("devices") })
        #expect(cgroup.devicesDirectory == nil)
    }
}
