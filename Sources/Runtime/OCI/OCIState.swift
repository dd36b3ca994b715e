/// What `state` prints (the runtime-spec's state plus runc's `created` and `owner`), and the hooks'
/// stdin.
public struct OCIState: Codable, Sendable {
    public var ociVersion: String
    public var id: String
    public var status: String
    public var pid: Int32
    public var bundle: String
    public var rootfs: String
    public var created: String
    public var owner: String
    public var annotations: [String: String]?
}

/// One container under --root: root/ID/state.json. Written before anything of the container is
/// made (pid 0 until its process exists, the cgroup directories before they are made), so that
/// `delete` of a container whose create was killed at any point finds and removes what there is.
struct OCIRecord: Codable, Sendable {
    var id: String
    var bundle: String
    var rootfs: String
    var pid: Int32 = 0
    var startTime: UInt64 = 0
    var created: Timestamp
    var owner: String
    var annotations: [String: String]?
    var cgroup: OCICgroup?
    var hooks: OCIHooks?

    var process: ProcessIdentity? { pid > 0 ? ProcessIdentity(pid: pid, startTime: startTime) : nil }
}

/// runc's status names.
public enum OCIStatus: String, Sendable {
    case creating, created, running, paused, stopped
}
