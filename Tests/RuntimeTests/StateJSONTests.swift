import Foundation
@testable import Runtime
import Testing

/// minirun's files are written and read through StateJSON; those of earlier versions were written by
/// Foundation's JSONEncoder, and both must read back the same records.
struct StateJSONTests {
    /// Records written by minirun through Foundation's JSONEncoder: a bridged container with a
    /// published port, limits, a volume, a tmpfs, a capability, a restart policy and an environment
    /// with quotes, a backslash and non-ASCII text; and a container with a link and its own seccomp
    /// profile (an enum with an associated value).
    static let recordsFoundationWrote = [
        #"{"state":{"stoppedByUser":false,"process":{"startTime":1854675,"pid":19311},"status":"running","exitCode":0,"finishedAt":"0001-01-01T00:00:00Z","interfaces":{"bridge":{"subnet":"172.18.0.0\/16","name":"eth0","gateway":"172.18.0.1","bridge":"mrc9051f4c","hostVeth":"veth0b4dec7","address":"172.18.0.2","macAddress":"02:42:ac:12:00:02"}},"ports":["18080:80\/tcp"],"cgroup":{"directories":[{"version":"v1","controllers":["pids"],"path":"\/sys\/fs\/cgroup\/pids\/minirun-54512db0bb7c"},{"version":"v1","controllers":["memory"],"path":"\/sys\/fs\/cgroup\/memory\/process_api\/5d789395213a6f9a2fd66e4ab976f6d3\/minirun-54512db0bb7c"},{"version":"v1","controllers":["cpuacct"],"path":"\/sys\/fs\/cgroup\/cpuacct\/minirun-54512db0bb7c"},{"version":"v1","controllers":["cpu"],"path":"\/sys\/fs\/cgroup\/cpu\/minirun-54512db0bb7c"}]},"monitor":{"startTime":1854675,"pid":19310},"oomKilled":false,"restartCount":0,"startedAt":"2026-11-27T09:09:07.233890377Z"},"config":{"env":["A=b \"q\" \\ é 😀"],"tmpfs":[{"target":"\/run","options":""}],"resources":{"cpus":0.5,"memory":67108864},"readOnlyRoot":false,"created":"2026-11-27T09:09:07.219456534Z","workingDir":"\/tmp","image":"busybox","name":"web1","imageID":"862431e45c70d95560e569c16229241dc2d29fbec642e17e82d288e0c3296b7d","network":"bridge","user":"","id":"54512db0bb7c818fd4d17184f9628ca22674b1a1b3fcf4c9575f6ab5267361e4","interactive":false,"networks":["bridge"],"links":[],"ports":["18080:80\/tcp"],"restartPolicy":{"name":"on-failure","maximumRetryCount":3},"cgroupsEnabled":true,"tty":false,"volumes":[{"source":"\/tmp\/vol","target":"\/data","readOnly":true}],"hostname":"hx","command":["sleep","30"],"autoRemove":false,"security":{"privileged":false,"seccomp":{"default":{}},"noNewPrivileges":false,"capDrop":[],"capAdd":["NET_ADMIN"]}}}"#,
        #"{"config":{"network":"bridge","imageID":"862431e45c70d95560e569c16229241dc2d29fbec642e17e82d288e0c3296b7d","user":"","name":"web2","restartPolicy":{"maximumRetryCount":0,"name":"no"},"created":"2026-11-27T09:09:07.281434141Z","id":"346657e961fdaa53dc46cbc477ba280eb3d185b2a6f0034ee1c12758feb6654d","env":[],"autoRemove":false,"ports":[],"cgroupsEnabled":true,"security":{"capAdd":[],"noNewPrivileges":false,"capDrop":[],"privileged":false,"seccomp":{"profile":{"_0":{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO"}]}}}},"volumes":[],"tmpfs":[],"interactive":false,"networks":["bridge"],"links":[{"name":"web1","alias":"db"}],"tty":false,"workingDir":"","hostname":"346657e961fd","command":["sleep","30"],"resources":{},"readOnlyRoot":false,"image":"busybox"},"state":{"process":{"pid":19317,"startTime":1854680},"interfaces":{"bridge":{"bridge":"mrc9051f4c","name":"eth0","subnet":"172.18.0.0\/16","macAddress":"02:42:ac:12:00:03","hostVeth":"veth7390038","gateway":"172.18.0.1","address":"172.18.0.3"}},"ports":[],"stoppedByUser":false,"oomKilled":false,"exitCode":0,"monitor":{"pid":19316,"startTime":1854680},"status":"running","restartCount":0,"finishedAt":"0001-01-01T00:00:00Z","startedAt":"2026-11-27T09:09:07.284709223Z","cgroup":{"directories":[{"version":"v1","controllers":["pids"],"path":"\/sys\/fs\/cgroup\/pids\/minirun-346657e961fd"},{"path":"\/sys\/fs\/cgroup\/memory\/process_api\/5d789395213a6f9a2fd66e4ab976f6d3\/minirun-346657e961fd","version":"v1","controllers":["memory"]},{"path":"\/sys\/fs\/cgroup\/cpuacct\/minirun-346657e961fd","version":"v1","controllers":["cpuacct"]},{"path":"\/sys\/fs\/cgroup\/cpu\/minirun-346657e961fd","version":"v1","controllers":["cpu"]}]}}}"#,
    ]

    @Test(arguments: recordsFoundationWrote)
    func readsRecordsFoundationWrote(json: String) throws {
        let expected = try JSONDecoder().decode(ContainerRecord.self, from: Data(json.utf8))
        #expect(try StateJSON.decode(ContainerRecord.self, from: Array(json.utf8)) == expected)
    }

    @Test(arguments: recordsFoundationWrote)
    func writesRecordsThatReadBackTheSame(json: String) throws {
        let record = try JSONDecoder().decode(ContainerRecord.self, from: Data(json.utf8))
        for written in [try StateJSON.encode(record), try StateJSON.encode(record, indented: true)] {
            #expect(try JSONDecoder().decode(ContainerRecord.self, from: Data(written)) == record)
            #expect(try StateJSON.decode(ContainerRecord.self, from: written) == record)
        }
    }
}
