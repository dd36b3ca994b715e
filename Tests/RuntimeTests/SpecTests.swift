import CRuntimeShims
import Glibc
@testable import Runtime
import Testing

struct ProcessSpecTests {
    func sampleSpec() -> ProcessSpec {
        var spec = ProcessSpec()
        spec.cloneFlags = Engine.namespaceFlags
        spec.steps = MountPlan(lowerDirectories: ["/img"], layerRoot: "/", containerDirectory: "/c", mountPoint: "/m", etcFiles: [("hosts", 9)]).steps()
        spec.hostname = "box"
        spec.domainname = "example.org"
        spec.workingDirectory = "/w"
        spec.uid = 1000
        spec.groups = [10, 20]
        spec.capabilities = CapabilitySet(Capabilities.defaultMask)
        spec.seccompFilter = [UInt8](repeating: 0, count: 16)
        spec.arguments = ["sh", "-c", "echo hi"]
        spec.environment = ["PATH=/bin"]
        spec.cgroupJoins = [ProcessSpec.CgroupJoin(directoryFd: 11, file: "minirun-abc/tasks")]
        spec.networkNamespaceFd = 12
        spec.loopbackUp = true
        spec.resourceLimits = [ProcessSpec.ResourceLimit(resource: 7, soft: 100, hard: .max)]
        return spec
    }

    @Test func encodesABlobTheCSideAccepts() {
        let blob = sampleSpec().encode()
        #expect(blob.withUnsafeBytes { mr_spec_validate($0.baseAddress, $0.count) } == 0)
    }

    @Test func blobFieldsPointAtWhatWasEncoded() {
        let spec = sampleSpec()
        let blob = spec.encode()
        blob.withUnsafeBytes { raw in
            let header = raw.load(as: mr_spec.self)
            func string(_ offset: mr_off) -> String {
                String(cString: raw.baseAddress!.advanced(by: Int(offset)).assumingMemoryBound(to: CChar.self))
            }
            #expect(header.magic == MR_SPEC_MAGIC)
            #expect(header.size == UInt64(blob.count))
            #expect(string(header.hostname) == "box" && string(header.domainname) == "example.org")
            #expect(ProcessSpec().encode().withUnsafeBytes { $0.load(as: mr_spec.self).domainname } == 0, "0 keeps the namespace's")
            #expect(string(header.cwd) == "/w")
            #expect(header.uid == 1000 && header.ngroups == 2)
            #expect(header.set_caps == 1 && header.cap_bounding == Capabilities.defaultMask)
            #expect(header.seccomp_len == 2)
            #expect(header.nsteps == UInt32(spec.steps.count))
            let argv = raw.baseAddress!.advanced(by: Int(header.argv)).assumingMemoryBound(to: mr_off.self)
            #expect(string(argv[0]) == "sh" && string(argv[2]) == "echo hi" && argv[3] == 0)
            let steps = raw.baseAddress!.advanced(by: Int(header.steps)).assumingMemoryBound(to: mr_step.self)
            #expect(steps[0].kind == MR_STEP_CHDIR.rawValue && string(steps[0].target) == "/")
            #expect(steps[1].kind == MR_STEP_MOUNT.rawValue && string(steps[1].fstype) == "overlay")
            #expect(string(steps[1].data) == "lowerdir=/img,upperdir=/c/upper,workdir=/c/work")
            #expect(steps[2].kind == MR_STEP_PIVOT.rawValue && string(steps[2].target) == "/m")
            #expect(header.ncgroup_joins == 1)
            let join = raw.load(fromByteOffset: Int(header.cgroup_joins), as: mr_cgroup_join.self)
            #expect(join.dirfd == 11 && string(join.path) == "minirun-abc/tasks")
            #expect(header.netns_fd == 12 && header.loopback_up == 1)
            #expect(header.nrlimits == 1)
            let limit = raw.load(fromByteOffset: Int(header.rlimits), as: mr_rlimit.self)
            #expect(limit.resource == 7 && limit.soft == 100 && limit.hard == UInt64.max)
        }
    }

    /// The pty's window size goes to the child, which sets it before the command starts; none leaves it 0x0.
    @Test func aTerminalsWindowSizeIsEncoded() {
        var spec = sampleSpec()
        spec.tty = true
        spec.windowSize = WindowSize(rows: 33, columns: 101)
        let header = spec.encode().withUnsafeBytes { $0.load(as: mr_spec.self) }
        #expect(header.tty == 1 && header.tty_rows == 33 && header.tty_cols == 101)
        let unsized = ProcessSpec().encode().withUnsafeBytes { $0.load(as: mr_spec.self) }
        #expect(unsized.tty_rows == 0 && unsized.tty_cols == 0)
    }

    @Test func renumberingMovesAttachedMountsCgroupDirectoriesAndTheNetworkNamespace() {
        let moved = sampleSpec().renumberingFds([9: 4, 11: 5, 12: 6])
        #expect(moved.networkNamespaceFd == 6)
        #expect(ProcessSpec().encode().withUnsafeBytes { $0.load(as: mr_spec.self).netns_fd } == -1)
        #expect(moved.steps.first { $0.kind == .attach }?.fd == 4)
        #expect(moved.cgroupJoins == [ProcessSpec.CgroupJoin(directoryFd: 5, file: "minirun-abc/tasks")])
    }

    @Test func validationRejectsDamagedBlobs() {
        var blob = sampleSpec().encode()
        #expect(blob.withUnsafeBytes { mr_spec_validate($0.baseAddress, $0.count - 1) } != 0)
        blob.withUnsafeMutableBytes { raw in
            var header = raw.load(as: mr_spec.self)
            header.hostname = mr_off(raw.count + 10)  // points outside
            raw.storeBytes(of: header, as: mr_spec.self)
        }
        #expect(blob.withUnsafeBytes { mr_spec_validate($0.baseAddress, $0.count) } != 0)
        var outside = sampleSpec().encode()
        outside.withUnsafeMutableBytes { raw in
            var header = raw.load(as: mr_spec.self)
            header.ncgroup_joins = 1000  // runs past the end
            raw.storeBytes(of: header, as: mr_spec.self)
        }
        #expect(outside.withUnsafeBytes { mr_spec_validate($0.baseAddress, $0.count) } != 0)
        var domainOutside = sampleSpec().encode()
        domainOutside.withUnsafeMutableBytes { raw in
            var header = raw.load(as: mr_spec.self)
            header.domainname = mr_off(raw.count + 10)
            raw.storeBytes(of: header, as: mr_spec.self)
        }
        #expect(domainOutside.withUnsafeBytes { mr_spec_validate($0.baseAddress, $0.count) } != 0)
        var tooManyLimits = sampleSpec().encode()
        tooManyLimits.withUnsafeMutableBytes { raw in
            var header = raw.load(as: mr_spec.self)
            header.nrlimits = 1000
            raw.storeBytes(of: header, as: mr_spec.self)
        }
        #expect(tooManyLimits.withUnsafeBytes { mr_spec_validate($0.baseAddress, $0.count) } != 0)
        var empty = ProcessSpec()
        empty.arguments = []
        #expect(empty.encode().withUnsafeBytes { mr_spec_validate($0.baseAddress, $0.count) } != 0)
    }
}

struct MountPlanTests {
    @Test func mountsInsideTheContainerOnlyAfterPivotRoot() {
        let steps = MountPlan(lowerDirectories: ["/img"], layerRoot: "/", containerDirectory: "/c", mountPoint: "/m", etcFiles: [("hosts", 7)]).steps()
        let pivot = steps.firstIndex { $0.kind == .pivot }!
        #expect(pivot == 2 && steps[0].kind == .changeDirectory && steps[1].target == "/m")
        for step in steps[(pivot + 1)...] {
            #expect(!step.target.hasPrefix("/c"), "\(step.summary) resolves a host path")
        }
        let attach = steps.first { $0.kind == .attach }!
        #expect(attach.fd == 7 && attach.target == "/etc/hosts")
        #expect(attach.shellCommand == "mount --bind /c/hosts /etc/hosts")
    }

    @Test func privilegedDropsMaskedAndReadOnlyPaths() {
        var plan = MountPlan(lowerDirectories: ["/i"], layerRoot: "/", containerDirectory: "/c", mountPoint: "/m", etcFiles: [])
        #expect(plan.steps().contains { $0.kind == .mask && $0.target == "/proc/kcore" })
        #expect(plan.steps().contains { $0.kind == .readOnly && $0.target == "/proc/sys" })
        plan.privileged = true
        #expect(!plan.steps().contains { $0.kind == .mask || $0.kind == .readOnly })
    }

    /// /dev/shm's tmpfs: Docker's 64 MiB written as Docker writes it, or --shm-size's bytes.
    @Test func shmSizeIsWrittenInKiBWhenItCanBe() {
        var plan = MountPlan(lowerDirectories: ["/i"], layerRoot: "/", containerDirectory: "/c", mountPoint: "/m", etcFiles: [])
        func shm() -> String? { plan.steps().first { $0.kind == .mount && $0.target == "/dev/shm" }?.data }
        #expect(shm() == "mode=1777,size=65536k")
        plan.shmSize = 128 << 20
        #expect(shm() == "mode=1777,size=131072k")
        plan.shmSize = 1000
        #expect(shm() == "mode=1777,size=1000")
    }

    /// Docker's two defaults in a network namespace of the container's own (skipped where the kernel
    /// lacks them), --sysctl's values after them and over them, all before /proc/sys turns read-only.
    @Test func sysctlsAreWrittenBeforeProcSysIsReadOnly() {
        var plan = MountPlan(lowerDirectories: ["/i"], layerRoot: "/", containerDirectory: "/c", mountPoint: "/m", etcFiles: [])
        func writes() -> [String] {
            plan.steps().filter { $0.kind == .write }.map { "\($0.target)=\($0.data ?? "")\($0.optional ? "?" : "")" }
        }
        #expect(writes() == [], "none in a namespace the container does not own")
        plan.ownNetworkNamespace = true
        #expect(writes() == ["/proc/sys/net/ipv4/ping_group_range=0 2147483647?", "/proc/sys/net/ipv4/ip_unprivileged_port_start=0?"])
        plan.sysctls = ["net.ipv4.ip_unprivileged_port_start": "80", "kernel.shmmax": "1"]
        #expect(writes() == ["/proc/sys/net/ipv4/ping_group_range=0 2147483647?", "/proc/sys/kernel/shmmax=1",
                             "/proc/sys/net/ipv4/ip_unprivileged_port_start=80"])
        let steps = plan.steps()
        let lastWrite = steps.lastIndex { $0.kind == .write }!
        #expect(lastWrite < steps.firstIndex { $0.kind == .readOnly && $0.target == "/proc/sys" }!)
        #expect(lastWrite > steps.firstIndex { $0.kind == .mount && $0.target == "/proc" }!)
    }

    @Test func workingDirectoryIsCreatedStepByStep() {
        var plan = MountPlan(lowerDirectories: ["/i"], layerRoot: "/", containerDirectory: "/c", mountPoint: "/m", etcFiles: [])
        plan.workingDirectory = "/a/b"
        let made = plan.steps().filter { $0.kind == .makeDirectory }.map(\.target)
        #expect(made.suffix(2) == ["/a", "/a/b"])
    }

    @Test func stepsPrintAsShellCommands() {
        let proc = FilesystemStep.mount("proc", "proc", on: "/proc", flags: UInt(MS_NOSUID | MS_NODEV | MS_NOEXEC))
        #expect(proc.shellCommand == "mount -t proc -o nosuid,nodev,noexec proc /proc")
        #expect(FilesystemStep(.makeNode, target: "/dev/null", mode: UInt32(S_IFCHR) | 0o666, device: 0x103).shellCommand == "mknod -m 666 /dev/null c 1 3")
        #expect(FilesystemStep(.symlink, source: "pts/ptmx", target: "/dev/ptmx").shellCommand == "ln -s pts/ptmx /dev/ptmx")
    }
}
