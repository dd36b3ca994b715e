import CRuntimeShims
import Glibc

/// Turns a profile into classic BPF through libseccomp (mr_seccomp_* in the shim), the way runc
/// builds its filters, so that containers behave as under Docker:
/// - the filter recognizes the native ABI plus the profile's other architectures;
/// - syscalls libseccomp does not know (newer than the library) are left out, so they get the default
///   action;
/// - a rule whose action is the default action is left out, since it changes nothing;
/// - the conditions of a rule must all hold, except that several conditions on the same argument are
///   alternatives (Docker's profiles rely on this), so each becomes a rule of its own;
/// - ERRNO and TRACE without a number use EPERM.
enum SeccompCompiler {
    /// The filter's instructions (struct sock_filter, 8 bytes each) for `target`.
    static func compile(_ profile: SeccompProfile, for target: SeccompTarget) throws -> [UInt8] {
        let defaultAction = try action(profile.defaultAction, profile.defaultErrnoRet)
        var message = [CChar](repeating: 0, count: 512)
        guard
            let filter = mr_seccomp_new(
                target.architecture.libseccompName, defaultAction.kind, defaultAction.value, &message, message.count)
        else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw RuntimeError(.system, "seccomp: " + reason)
        }
        defer { mr_seccomp_free(filter) }

        for architecture in profile.extraArchitectures(for: target) {
            let rc = mr_seccomp_add_arch(filter, architecture.libseccompName)
            if rc == -EDOM {
                throw RuntimeError(.system, "seccomp: libseccomp does not know the architecture \(architecture.rawValue)")
            }
            if rc != 0 { throw RuntimeError.system("seccomp: adding the architecture \(architecture.rawValue)", -rc) }
        }

        for rule in profile.rules(for: target) {
            let ruleAction = try action(rule.action, rule.errnoRet)
            if ruleAction == defaultAction { continue }
            for name in rule.names {
                var number: Int32 = 0
                if mr_seccomp_syscall(filter, name, &number) != 0 { continue }
                for conditions in alternatives(rule.args) {
                    let rc = conditions.withUnsafeBufferPointer {
                        mr_seccomp_add_rule(
                            filter, ruleAction.kind, ruleAction.value, number, $0.baseAddress, UInt32($0.count))
                    }
                    if rc != 0 { throw RuntimeError.system("seccomp: adding the rule for \(name)", -rc) }
                }
            }
        }

        var bpf: UnsafeMutablePointer<UInt8>?
        var length = 0
        let rc = mr_seccomp_export(filter, &bpf, &length)
        if rc != 0 { throw RuntimeError.system("seccomp: exporting the filter", -rc) }
        defer { free(bpf) }
        // An empty filter would mean no confinement, and the child passes the kernel the count as 16
        // bits: refuse both here rather than start a container less confined than asked.
        let instructions = length / 8
        guard length % 8 == 0, instructions > 0, instructions <= maxInstructions else {
            throw RuntimeError(.system,
                "seccomp: the filter has \(instructions) instructions, the kernel takes 1 to \(maxInstructions)")
        }
        return Array(UnsafeBufferPointer(start: bpf, count: length))
    }

    /// BPF_MAXINSNS: the most instructions the kernel accepts in one filter.
    static let maxInstructions = 4096

    /// An action as the shim takes it; equal values do the same.
    private struct Action: Equatable {
        var kind: UInt32
        var value: UInt32
    }

    private static func action(_ action: SeccompAction, _ errnoRet: UInt16?) throws -> Action {
        let code = UInt32(errnoRet ?? UInt16(EPERM))
        return switch action {
        case .kill, .killThread: Action(kind: MR_SECCOMP_KILL_THREAD.rawValue, value: 0)
        case .killProcess: Action(kind: MR_SECCOMP_KILL_PROCESS.rawValue, value: 0)
        case .trap: Action(kind: MR_SECCOMP_TRAP.rawValue, value: 0)
        case .errno: Action(kind: MR_SECCOMP_ERRNO.rawValue, value: code)
        case .trace: Action(kind: MR_SECCOMP_TRACE.rawValue, value: code)
        case .log: Action(kind: MR_SECCOMP_LOG.rawValue, value: 0)
        case .allow: Action(kind: MR_SECCOMP_ALLOW.rawValue, value: 0)
        case .notify: throw RuntimeError(.invalidArgument, "seccomp: " + SeccompAction.notifyRefusal)
        }
    }

    /// The condition lists a rule's arguments make: one list when each argument is compared once,
    /// else one list per comparison (runc's reading of repeated indexes).
    private static func alternatives(_ args: [SeccompArgument]) -> [[mr_seccomp_arg]] {
        let conditions = args.map {
            mr_seccomp_arg(index: $0.index, op: operatorCode($0.op), value: $0.value, value_two: $0.valueTwo)
        }
        let indexes = Set(args.map(\.index))
        return indexes.count == args.count ? [conditions] : conditions.map { [$0] }
    }

    private static func operatorCode(_ op: SeccompOperator) -> UInt32 {
        switch op {
        case .notEqual: MR_SECCOMP_NE.rawValue
        case .lessThan: MR_SECCOMP_LT.rawValue
        case .lessOrEqual: MR_SECCOMP_LE.rawValue
        case .equal: MR_SECCOMP_EQ.rawValue
        case .greaterOrEqual: MR_SECCOMP_GE.rawValue
        case .greaterThan: MR_SECCOMP_GT.rawValue
        case .maskedEqual: MR_SECCOMP_MASKED_EQ.rawValue
        }
    }
}
