import CRuntimeShims
import Glibc

/// Runs a config.json hook as the runtime-spec says: its path with its args and env, the container's
/// state as JSON on its stdin, in the runtime's namespaces (createContainer hooks: in the container's
/// mount namespace, where their root is the host's, see child.c, and as root of its user namespace); a non-zero exit or its timeout
/// fails, and the hooks after it do not run. startContainer hooks are the container process's own
/// (child.c run_start_hooks).
enum OCIHookRunner {
    static func run(_ hooks: [OCIHook]?, kind: String, state: OCIState, mountNamespaceOf pid: Int32? = nil) throws {
        guard let hooks, !hooks.isEmpty else { return }
        let input = try StateJSON.encode(state)
        var namespaces: [Int32] = [-1, -1]  // mount, user (the container's own, which owns its mounts)
        defer { for fd in namespaces where fd >= 0 { close(fd) } }
        if let pid {
            namespaces[0] = open("/proc/\(pid)/ns/mnt", O_RDONLY | O_CLOEXEC)
            if namespaces[0] < 0 { throw RuntimeError.system("open the mount namespace of \(pid)") }
            if let user = OCIRuntime.namespaceNotShared("user", of: pid) {
                namespaces[1] = open(user, O_RDONLY | O_CLOEXEC)
                if namespaces[1] < 0 { throw RuntimeError.system("open the user namespace of \(pid)") }
            }
        }
        for (index, hook) in hooks.enumerated() {
            let status = try runOne(hook, input: input, namespaces: namespaces)
            if status != 0 {
                let outcome = status < 0 ? "timed out after \(hook.timeout ?? 0) s" : "exit status \(status)"
                throw RuntimeError(.system, "\(kind) hook #\(index) (\(hook.path)) failed: \(outcome)")
            }
        }
    }

    /// The hook's exit status (128+N for signal N), or -1 when it timed out and was killed.
    private static func runOne(_ hook: OCIHook, input: [UInt8], namespaces: [Int32]) throws -> Int32 {
        var pipeFds: [Int32] = [-1, -1]
        guard pipe(&pipeFds) == 0 else { throw RuntimeError.system("pipe") }
        for fd in pipeFds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let argv = (hook.args?.isEmpty == false ? hook.args! : [hook.path]).map { strdup($0) } + [nil]
        let envp = (hook.env ?? []).map { strdup($0) } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        let pid = mr_hook_spawn(hook.path, argv, envp, pipeFds[0], namespaces[0], namespaces[1])
        close(pipeFds[0])
        if pid < 0 {
            close(pipeFds[1])
            throw RuntimeError.system("hook \(hook.path)", -pid)
        }
        // A hook that does not read its stdin closes the pipe: no SIGPIPE here (it is ignored), an error we drop.
        _ = try? FileSystem.writeAll(fd: pipeFds[1], input, path: "hook stdin")
        close(pipeFds[1])
        return mr_hook_wait(pid, Int32(clamping: max(0, hook.timeout ?? 0)))
    }
}
