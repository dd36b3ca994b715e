import CRuntimeShims
import Glibc

/// A device allowlist as a cgroup v2 device program (BPF_PROG_TYPE_CGROUP_DEVICE). The kernel runs
/// it with a struct bpf_cgroup_dev_ctx - access_type (the device type in the low 16 bits, the access
/// asked for in the high ones), major, minor - and lets the access through when it returns 1.
///
/// The program splits the context into r2..r5, then tests each rule in turn, each test jumping
/// to the next rule when it fails; a rule whose tests all pass returns 1, and past the last rule it
/// returns 0:
///
///     r2 = type; r3 = access; r4 = major; r5 = minor
///     if r2 != 2 goto next            # c ... : a character device (block is 1; "a" tests no type)
///     r1 = r3; r1 &= ~rw; if r1 != 0 goto next   # asks for no more than the rule grants (not for rwm)
///     if r4 != 1 goto next            # the major, unless "*"
///     if r5 != 3 goto next            # the minor, unless "*"
///     r0 = 1; exit
///     next: ...
///     r0 = 0; exit                    # (left out after a rule with no test, which allows all)
public struct DeviceProgram: Sendable, Equatable {
    public var instructions: [BPFInstruction]

    /// bpf_cgroup_dev_ctx's fields and values (linux/bpf.h).
    static let accessTypeField: Int16 = 0, majorField: Int16 = 4, minorField: Int16 = 8
    static let blockType: Int32 = 1, charType: Int32 = 2

    public init(_ allowlist: DeviceAllowlist) {
        typealias I = BPFInstruction
        var program: [I] = [
            I(code: I.loadWord, destination: 2, source: 1, offset: Self.accessTypeField),
            I(code: I.and32, destination: 2, immediate: 0xffff),
            I(code: I.loadWord, destination: 3, source: 1, offset: Self.accessTypeField),
            I(code: I.shiftRight32, destination: 3, immediate: 16),
            I(code: I.loadWord, destination: 4, source: 1, offset: Self.majorField),
            I(code: I.loadWord, destination: 5, source: 1, offset: Self.minorField),
        ]
        for rule in allowlist.rules {
            // Tests first with the offset 0, each fixed once the rule's length is known.
            var block: [I] = []
            switch rule.kind {
            case .char: block.append(I(code: I.jumpIfNotEqual32, destination: 2, immediate: Self.charType))
            case .block: block.append(I(code: I.jumpIfNotEqual32, destination: 2, immediate: Self.blockType))
            case .all: break
            }
            if rule.access != .all {
                // Every bit the rule does not grant, so that an access kind a later kernel adds is denied too.
                block.append(I(code: I.move32, destination: 1, source: 3))
                block.append(I(code: I.and32, destination: 1, immediate: Int32(bitPattern: ~rule.access.rawValue)))
                block.append(I(code: I.jumpIfNotEqual32, destination: 1, immediate: 0))
            }
            if let major = rule.major {
                block.append(I(code: I.jumpIfNotEqual32, destination: 4, immediate: Int32(bitPattern: major)))
            }
            if let minor = rule.minor {
                block.append(I(code: I.jumpIfNotEqual32, destination: 5, immediate: Int32(bitPattern: minor)))
            }
            block.append(I(code: I.moveImmediate, destination: 0, immediate: 1))
            block.append(I(code: I.exit))
            // A jump at i lands on i + 1 + offset: the first instruction after the block's exit.
            let jumps = block.indices.filter { block[$0].code == I.jumpIfNotEqual32 }
            for index in jumps { block[index].offset = Int16(block.count - 1 - index) }
            program += block
            // A rule without a test ("a *:* rwm") allows everything: the verifier refuses code that
            // cannot be reached, so nothing may follow it.
            if jumps.isEmpty {
                instructions = program
                return
            }
        }
        program.append(I(code: I.moveImmediate, destination: 0, immediate: 0))
        program.append(I(code: I.exit))
        instructions = program
    }

    /// Loads the program into the kernel, whose verifier checks it first. Returns its fd, which the
    /// caller closes.
    public func load() throws -> Int32 {
        let bytes = instructions.flatMap(\.bytes)
        var log = [UInt8](repeating: 0, count: 16384)
        let program = bytes.withUnsafeBytes { code in
            log.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { text in
                    mr_bpf_load_device_program(code.baseAddress, UInt32(instructions.count), text.baseAddress, UInt32(text.count))
                }
            }
        }
        guard program >= 0 else {
            let reason = RuntimeError.system("load the device program (bpf BPF_PROG_LOAD)", -program)
            let said = String(decoding: log.prefix { $0 != 0 }, as: UTF8.self).split(separator: "\n").suffix(2).joined(separator: "; ")
            throw said.isEmpty ? reason : RuntimeError(.system, reason.description + "; the verifier said: " + said)
        }
        return program
    }

    /// Loads the program and attaches it to the cgroup v2 directory at `path`, where it binds every
    /// process of the cgroup and of the cgroups beneath it. The cgroup holds it until it is removed.
    public func attach(toCgroup path: String) throws {
        let program = try load()
        defer { close(program) }
        let directory = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { throw RuntimeError.system("open \(path)") }
        defer { close(directory) }
        let failure = mr_bpf_attach_device_program(directory, program)
        if failure != 0 {
            throw RuntimeError.system("attach the device program to \(path) (bpf BPF_PROG_ATTACH)", -failure)
        }
    }
}
