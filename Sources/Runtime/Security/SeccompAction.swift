/// What a seccomp rule, or a profile by default, does with a syscall (runtime-spec's
/// LinuxSeccompAction). ERRNO and TRACE carry a number: the rule's `errnoRet`, EPERM when absent.
public enum SeccompAction: String, Codable, Sendable {
    /// Kills the thread, as SCMP_ACT_KILL_THREAD.
    case kill = "SCMP_ACT_KILL"
    case killProcess = "SCMP_ACT_KILL_PROCESS"
    case killThread = "SCMP_ACT_KILL_THREAD"
    /// Sends SIGSYS.
    case trap = "SCMP_ACT_TRAP"
    /// Fails the syscall with an errno.
    case errno = "SCMP_ACT_ERRNO"
    /// Notifies a ptrace tracer; fails with ENOSYS when there is none.
    case trace = "SCMP_ACT_TRACE"
    case allow = "SCMP_ACT_ALLOW"
    /// Allows the syscall and logs it.
    case log = "SCMP_ACT_LOG"
    /// Hands the syscall to a user-space agent. Part of the format, but minirun has no agent: profiles
    /// using it are refused.
    case notify = "SCMP_ACT_NOTIFY"

    public init(from decoder: any Decoder) throws {
        self = try SeccompKeyword.decode(from: decoder, kind: "action")
    }

    /// Why a profile with SCMP_ACT_NOTIFY is refused.
    static let notifyRefusal = "SCMP_ACT_NOTIFY needs a seccomp agent, which minirun does not support"
}
