/// The shape of a container.json record (Runtime's ContainerRecord, which this benchmark does not
/// link so that only JSONCodec is built): the same keys, nesting and value types as
/// bench/JSONBench/container.json, taken from a `minirun run -d` state root.
struct Record: Codable, Equatable {
    struct Config: Codable, Equatable {
        struct RestartPolicy: Codable, Equatable {
            var name: String
            var maximumRetryCount: Int
        }
        struct Resources: Codable, Equatable {
            var memory: Int?
            var cpus: Double?
        }
        struct Security: Codable, Equatable {
            var capAdd: [String]
            var capDrop: [String]
            var privileged: Bool
            var seccomp: [String: [String: String]]
            var noNewPrivileges: Bool
        }
        var id, name, image, imageID, created: String
        var command, env: [String]
        var workingDir, user, hostname: String
        var tty, interactive, autoRemove: Bool
        var network: String
        var networks, links, ports: [String]
        var restartPolicy: RestartPolicy
        var resources: Resources
        var cgroupsEnabled: Bool
        var security: Security
        var volumes, tmpfs: [String]
        var readOnlyRoot: Bool
    }
    struct State: Codable, Equatable {
        struct Process: Codable, Equatable {
            var pid: Int32
            var startTime: UInt64
        }
        var status: String
        var process: Process?
        var exitCode: Int32?
        var oomKilled: Bool
        var startedAt, finishedAt: String?
        var restartCount: Int
        var stoppedByUser: Bool
        var interfaces: [String: String]
        var ports: [String]
    }
    var config: Config
    var state: State
}
