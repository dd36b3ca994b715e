import CRuntimeShims
import Glibc

/// `--pid`, `--ipc`, `--uts` and `--cgroupns`: which of a container's namespaces are its own, the host's or
/// another container's, as Docker's. Sharing the host's namespace of a kind means not making one;
/// sharing a container's means joining its process's (/proc/PID/ns/KIND), so that container must
/// be running when this one starts. With `--ipc` the /dev/shm of the shared namespace comes along,
/// bind-mounted: the host's, or the one a `shareable` container has on the host - as Docker's, a
/// tmpfs mounted in its directory when it starts and unmounted when it stops, since a mount in
/// another container's mount namespace is out of reach of any bind. `--ipc=none` has no /dev/shm.
extension Engine {
    /// Checks the modes against the other options; a container named becomes its ID.
    func resolveSharedNamespaces(_ options: inout CreateOptions) throws {
        if options.utsMode.isHost && options.hostname != nil {
            throw RuntimeError(.invalidArgument, "conflicting options: hostname and the UTS mode")
        }
        if options.utsMode.isHost && options.domainname != nil {
            throw RuntimeError(.invalidArgument, "conflicting options: domainname and the UTS mode")
        }
        if let target = options.pidMode.container { options.pidMode = .container(try containers.resolve(target)) }
        if let target = options.ipcMode.container {
            let donor = try containers.load(try containers.resolve(target))
            guard donor.config.ipcMode.isShareable else {
                throw RuntimeError(.invalidArgument, "non-shareable IPC (hint: use IpcMode:shareable for the donor container)")
            }
            options.ipcMode = .container(donor.id)
        }
    }

    /// The clone flags and namespace paths of the container's first process, and its hostname.
    func applySharedNamespaces(_ config: ContainerConfig, to spec: inout ProcessSpec) throws {
        if !config.pidMode.isOwn { spec.cloneFlags &= ~UInt64(CLONE_NEWPID) }
        if !config.ipcMode.isOwn { spec.cloneFlags &= ~UInt64(CLONE_NEWIPC) }
        spec.newCgroupNamespace = !config.cgroupnsMode.isHost
        if config.utsMode.isHost {
            spec.cloneFlags &= ~UInt64(CLONE_NEWUTS)
            spec.hostname = nil
            spec.domainname = nil
        }
        if let target = config.pidMode.container {
            spec.joinNamespaces[Int(MR_NS_PID.rawValue)] = try namespacePath(ofContainer: target, "pid", shown: "PID")
        }
        if let target = config.ipcMode.container {
            spec.joinNamespaces[Int(MR_NS_IPC.rawValue)] = try namespacePath(ofContainer: target, "ipc", shown: "IPC")
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

    /// The host directory bind-mounted as the container's /dev/shm, nil when it mounts a tmpfs of
    /// its own there (or, --ipc=none, nothing): the host's /dev/shm, the donor's shared one, or
    /// for a shareable container its own, mounted now.
    func sharedShmSource(_ record: ContainerRecord) throws -> String? {
        let config = record.config
        if config.ipcMode.isHost { return "/dev/shm" }
        if let donor = config.ipcMode.container {
            _ = try namespacePath(ofContainer: donor, "ipc", shown: "IPC")  // it runs, so its /dev/shm is mounted
            return shareableShm(of: donor)
        }
        guard config.ipcMode.isShareable else { return nil }
        let path = shareableShm(of: record.id)
        try FileSystem.makeDirectories(path, mode: 0o755)
        let options = "mode=1777,size=" + MountPlan.tmpfsSize(config.shmSize ?? MountPlan.defaultShmSize)
        explainer.note("--ipc=shareable: its /dev/shm is mounted on the host, where containers joining its IPC namespace bind it from")
        explainer.command("mount -t tmpfs -o nosuid,nodev,noexec,\(options) shm \(path)")
        if !FileSystem.isMountPoint(path) && mount("shm", path, "tmpfs", UInt(MS_NOSUID | MS_NODEV | MS_NOEXEC), options) != 0 {
            throw RuntimeError.system("mount the shareable /dev/shm on \(path)")
        }
        return path
    }

    /// A shareable container's /dev/shm on the host, unmounted once it has stopped (those that
    /// joined it keep their binds); idempotent, as what a killed minirun left is unmounted too.
    func unmountShareableShm(_ record: ContainerRecord) {
        guard record.config.ipcMode.isShareable else { return }
        let path = shareableShm(of: record.id)
        explainer.command("umount -l \(path)")
        while FileSystem.isMountPoint(path) && umount2(path, Int32(MNT_DETACH)) == 0 {}
    }

    private func shareableShm(of id: String) -> String {
        containers.directory(id) + "/shm"
    }
}
