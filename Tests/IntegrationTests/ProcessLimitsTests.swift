import Foundation
import TestSupport
import Testing

/// Whether this process may raise a hard resource limit (CAP_SYS_RESOURCE, bit 24 of CapEff): some
/// sandboxes run root without it.
let canRaiseHardLimits: Bool = {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("CapEff:") }
    let mask = line.flatMap { UInt64($0.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16) } ?? 0
    return mask & (1 << 24) != 0
}()

/// --ulimit, --sysctl and --group-add, as Docker's: set in the container's process and in exec's,
/// shown by inspect, and refused with Docker's messages when they do not parse.
@Suite(.enabled(if: isRoot, "needs root"))
struct ProcessLimitsTests {
    @Test func ulimitsApplyToTheContainerAndToExec() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let shown = box.run(["run", "--rm", "--net=none", "--ulimit", "nofile=100:200", "--ulimit", "core=0", "--ulimit", "nofile=150:300",
                             "busybox", "sh", "-c", "ulimit -n; ulimit -Hn; ulimit -c"])
        #expect(shown.out == "150\n300\n0\n", "the later nofile wins: \(shown.err)")

        #expect(box.run(["run", "-d", "--name", "limited", "--net=none", "--ulimit", "nproc=50:60", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["exec", "limited", "sh", "-c", "ulimit -u; ulimit -Hu"]).out == "50\n60\n", "exec gets them too")
        #expect(box.run(["inspect", "-f", "{{json .HostConfig.Ulimits}}", "limited"]).out == "[{\"Name\":\"nproc\",\"Hard\":60,\"Soft\":50}]\n")
        #expect(box.run(["rm", "-f", "limited"]).code == 0)
    }

    @Test(.enabled(if: canRaiseHardLimits, "needs CAP_SYS_RESOURCE, which this machine's root lacks"))
    func unlimitedRaisesTheHardLimit() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let shown = box.run(["run", "--rm", "--net=none", "--ulimit", "nproc=-1", "busybox", "sh", "-c", "ulimit -u; ulimit -Hu"])
        #expect(shown.out == "unlimited\nunlimited\n", "\(shown.err)")
    }

    @Test func aLimitTheKernelRefusesFailsTheRun() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // Above fs.nr_open no process may set nofile, whatever its capabilities.
        let refused = box.run(["run", "--rm", "--net=none", "--ulimit", "nofile=2147483647", "busybox", "true"])
        #expect(refused.code == 125)
        #expect(refused.err.contains("error setting rlimit type 7: operation not permitted"), "\(refused.err)")
    }

    @Test func sysctlsAreWrittenInTheContainersNamespaces() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let written = box.run(["run", "--rm", "--sysctl", "net.ipv4.ip_forward=1", "--sysctl", "kernel.shmmax=1000000",
                               "busybox", "cat", "/proc/sys/net/ipv4/ip_forward", "/proc/sys/kernel/shmmax"])
        #expect(written.out == "1\n1000000\n", "\(written.err)")
        #expect(box.run(["create", "--name", "tuned", "--sysctl", "net.core.somaxconn=512", "busybox", "true"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{json .HostConfig.Sysctls}}", "tuned"]).out == "{\"net.core.somaxconn\":\"512\"}\n")
        #expect(box.run(["create", "--name", "plain", "busybox", "true"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{json .HostConfig.Sysctls}} {{json .HostConfig.GroupAdd}} {{json .HostConfig.Ulimits}}", "plain"]).out
            == "null null []\n", "left out when none, as Docker's")
    }

    /// Docker's defaults in a network namespace of the container's own: any user may listen on a
    /// port below 1024 and open ping sockets. The host's namespace keeps its own settings.
    @Test func anyUserMayBindLowPortsInItsOwnNetworkNamespace() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let bound = box.run(["run", "--rm", "--net=none", "-u", "65534", "busybox", "sh", "-c",
                             "httpd -p 80 && echo bound; cat /proc/sys/net/ipv4/ping_group_range"])
        #expect(bound.out == "bound\n0\t2147483647\n", "\(bound.err)")
        let overridden = box.run(["run", "--rm", "--net=none", "-u", "65534", "--sysctl", "net.ipv4.ip_unprivileged_port_start=1024",
                                  "busybox", "httpd", "-p", "80"])
        #expect(overridden.code != 0 && overridden.err.contains("Permission denied"), "--sysctl goes over the default: \(overridden.err)")
        let host = try String(contentsOfFile: "/proc/sys/net/ipv4/ip_unprivileged_port_start", encoding: .utf8)
        #expect(box.run(["run", "--rm", "--net=host", "busybox", "cat", "/proc/sys/net/ipv4/ip_unprivileged_port_start"]).out == host)
    }

    @Test func groupAddAddsSupplementaryGroups() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // As Docker's: the primary group first, then the added ones (a number the image lacks is fine).
        #expect(box.run(["run", "--rm", "--net=none", "--group-add", "root", "--group-add", "4321", "busybox", "id", "-G"]).out == "0 4321\n")
        #expect(box.run(["run", "-d", "--name", "grouped", "--net=none", "--group-add", "4321", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["exec", "grouped", "id", "-G"]).out == "0 4321\n", "exec gets them too")
        #expect(box.run(["exec", "-u", "65534", "grouped", "id", "-G"]).out == "65534 4321\n")
        #expect(box.run(["inspect", "-f", "{{json .HostConfig.GroupAdd}}", "grouped"]).out == "[\"4321\"]\n")
        #expect(box.run(["rm", "-f", "grouped"]).code == 0)
    }

    @Test func badValuesAreRefusedAndChangeNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        for (arguments, message) in [
            (["--ulimit", "nofile"], "invalid argument \"nofile\" for \"--ulimit\" flag: invalid ulimit argument: nofile"),
            (["--ulimit", "files=1"], "invalid ulimit type: files"),
            (["--ulimit", "as=1"], "invalid ulimit type: as"),
            (["--ulimit", "nofile=2:1"], "ulimit soft limit must be less than or equal to hard limit: 2 > 1"),
            (["--ulimit", "nofile=-1:5"], "soft: -1 (unlimited), hard: 5"),
            (["--ulimit", "nofile=many"], "strconv.ParseInt: parsing \"many\": invalid syntax"),
            (["--ulimit", "nofile=1:2:3"], "too many limit value arguments - 1:2:3"),
            (["--sysctl", "kernel.hostname=x"], "sysctl 'kernel.hostname=x' is not allowed"),
            (["--sysctl", "net.ipv4.ip_forward"], "sysctl 'net.ipv4.ip_forward' is not allowed"),
            (["--sysctl", "net.ipv4/../../kernel/core_pattern=x"], "is not allowed"),
            (["--net=host", "--sysctl", "net.ipv4.ip_forward=1"], "sysctl \"net.ipv4.ip_forward\" not allowed in host network namespace"),
            (["--group-add", "ghosts"], "Unable to find group ghosts"),
        ] {
            let result = box.run(["run", "--rm", "--name", "refused"] + arguments + ["busybox", "true"])
            #expect(result.code == 125, "\(arguments)")
            #expect(result.err.contains(message) && result.err.split(separator: "\n").count == 1, "\(arguments): \(result.err)")
        }
        #expect(box.run(["ps", "-a", "-q"]).out == "", "no container was made")
    }
}
