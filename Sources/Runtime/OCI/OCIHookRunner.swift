import CRuntimeShims
import Glibc

/// Runs a config.json hook as the runtime-spec says: its path with its args and env, the container's
/// state as JSON on its stdin, in the runtime's namespaces; a non-zero exit or its timeout fails.
enum OCIHookRunner {
    static func run(_ hooks: [OCIHook]?, kind: String, state: OCIState) throws {
        guard let hooks, !hooks.isEmpty else { return }
        let input = try StateJSON.encode(state)
        for hook in hooks {
            let status = try runOne(hook, input: input)
            if status != 0 {
                throw RuntimeError(.system, "\(kind) hook #\(hooks.firstIndex { $0.path == hook.path } ?? 0) (\(hook.path)) failed: exit status \(status)")
            }
        }
    }

    private static func runOne(_ hook: OCIHook, input: [UInt8]) throws -> Int32 {
        var pipeFds: [Int32] = [-1, -1]
        guard pipe(&pipeFds) == 0 else { throw RuntimeError.system("pipe") }
        for fd in pipeFds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let argv = (hook.args?.isEmpty == false ? hook.args! : [hook.path]).map { strdup($0) } + [nil]
        let envp = (hook.env ?? []).map { strdup($0) } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFds[0], 0)
        // Our signals may be blocked (for mr_supervise): the hook starts with none blocked.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, hook.path, &actions, &attributes, argv, envp)
        close(pipeFds[0])
        if rc != 0 {
            close(pipeFds[1])
            throw RuntimeError.system("hook \(hook.path)", rc)
        }
        _ = try? FileSystem.writeAll(fd: pipeFds[1], input, path: "hook stdin")
        close(pipeFds[1])
        let identity = ProcessIdentity(pid: pid)
        if let timeout = hook.timeout, timeout > 0, let identity, !identity.waitForExit(seconds: Double(timeout)) {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            throw RuntimeError(.system, "hook \(hook.path) timed out after \(timeout) s")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }
}
