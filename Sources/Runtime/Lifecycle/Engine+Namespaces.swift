import CRuntimeShims
import Glibc

/// `--pid`, `--ipc` and `--uts`: which of a container's namespaces are its own, the host's or
/// (PID) another container's, as Docker's. Sharing the host's namespace of a kind means not making
/// one; sharing a container's means joining its process's (/proc/PID/ns/pid), so that container
/// must be running when this one starts. With `--ipc=host` the host's /dev/shm comes along,
/// bind-mounted; `--ipc=none` has no /dev/shm at all.
extension Engine {
    /// Checks the modes against the other options; a container named becomes its ID.
    func resolveSharedNamespaces(_ options: inout CreateOptions) throws {
        if options.utsMode.isHost && options.hostname != nil {
            throw RuntimeError(.invalidArgument, "conflicting options: hostname and the UTS mode")
        }
        if let target = options.pidMode.container { options.pidMode = .container(try containers.resolve(target)) }
    }

    /// The clone flags and namespace paths of the container's first process, and its hostname.
    func applySharedNamespaces(_ config: ContainerConfig, to spec: inout ProcessSpec) throws {
        if !config.pidMode.isOwn { spec.cloneFlags &= ~UInt64(CLONE_NEWPID) }
        if !config.ipcMode.isOwn { spec.cloneFlags &= ~UInt64(CLONE_NEWIPC) }
        if config.utsMode.isHost {
            spec.cloneFlags &= ~UInt64(CLONE_NEWUTS)
            spec.hostname = nil
        }
        if let target = config.pidMode.container {
            spec.joinNamespaces[Int(MR_NS_PID.rawValue)] = try namespacePath(ofContainer: target, "pid", shown: "PID")
        }
    }

    /// /proc/PID/ns/NAME of the running container `id`, whose namespace another joins.
    func namespacePath(ofContainer id: String, _ name: String, shown: String) throws -> String {
        let target = try? inspect(id)
        guard let target, target.state.status == .running, let process = target.state.process else {
            throw RuntimeError(.conflict, "cannot join \(shown) of a non running container: \(target?.name ?? Identifiers.short(id))")
        }
        return "/proc/\(process.pid)/ns/\(name)"
    }
}
