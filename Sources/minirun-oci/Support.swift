import Glibc
import Runtime

/// runc's `events` record of one container's resource usage.
struct StatsEvent: Encodable {
    var type = "stats"
    var id: String
    var data: Data

    struct Data: Encodable {
        var cpu: CPU
        var memory: Memory
        var pids: Pids
    }
    struct CPU: Encodable { var usage: [String: UInt64] }
    struct Memory: Encodable { var usage: [String: UInt64] }
    struct Pids: Encodable { var current: UInt64 }

    init(id: String, stats: CgroupStats) {
        self.id = id
        data = Data(
            cpu: CPU(usage: ["total": stats.cpuNanoseconds ?? 0]),
            memory: Memory(usage: ["usage": stats.memoryUsage ?? 0, "limit": stats.memoryLimit ?? 0]),
            pids: Pids(current: stats.pids ?? 0))
    }
}

/// The host's ps, whose rows `ps ID` filters.
enum PsCommand {
    static func run(_ arguments: [String]) throws -> String {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw RuntimeError.system("pipe") }
        let argv = (["ps"] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "ps", &actions, nil, argv, environ)
        close(fds[1])
        defer { close(fds[0]) }
        if rc != 0 { throw RuntimeError.system("exec ps", rc) }
        let output = try FileSystem.readAll(fd: fds[0], path: "ps")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else { throw RuntimeError(.system, "ps failed: exit status \(status >> 8)") }
        return String(decoding: output, as: UTF8.self)
    }
}
