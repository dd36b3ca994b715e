@testable import Runtime
import Testing

/// --ulimit and --sysctl read as Docker's CLI reads them.
struct UlimitParsingTests {
    @Test func readsSoftAndHardAsDockerDoes() throws {
        #expect(try Ulimit(parsing: "nofile=1024:2048") == Ulimit(name: "nofile", soft: 1024, hard: 2048))
        #expect(try Ulimit(parsing: "nproc=10") == Ulimit(name: "nproc", soft: 10, hard: 10), "the hard limit is the soft one")
        #expect(try Ulimit(parsing: "core=-1") == Ulimit(name: "core", soft: -1, hard: -1))
        #expect(try Ulimit(parsing: "stack=5:-1") == Ulimit(name: "stack", soft: 5, hard: -1))
    }

    @Test func aLaterLimitOfTheSameNameReplacesTheEarlierInItsPlace() throws {
        let limits = try Ulimit.parse(["nofile=1:2", "core=0", "nofile=3:4"])
        #expect(limits == [Ulimit(name: "nofile", soft: 3, hard: 4), Ulimit(name: "core", soft: 0, hard: 0)])
    }

    @Test func unlimitedIsRlimInfinityAndNamesAreLinuxsNumbers() throws {
        let limit = try Ulimit(parsing: "nofile=-1").resourceLimit
        #expect(limit == ProcessSpec.ResourceLimit(resource: 7, soft: .max, hard: .max))
        #expect(try Ulimit(parsing: "rttime=1").resourceLimit.resource == 15)
        #expect(try Ulimit(parsing: "cpu=1").resourceLimit.resource == 0)
    }

    @Test func refusesWhatDockerRefuses() {
        for text in ["nofile", "=1", "as=1", "NOFILE=1", "nofile=", "nofile=1:", "nofile=x", "nofile=1:2:3", "nofile=3:2", "nofile=-1:2"] {
            #expect(throws: RuntimeError.self, "\(text)") { try Ulimit(parsing: text) }
        }
    }
}

struct SysctlParsingTests {
    @Test func takesTheNamespacedKeysDockerAllows() throws {
        let parsed = try Sysctls.parse(["net.ipv4.ip_forward=1", "kernel.sem=250 32000 32 128", "fs.mqueue.msg_max=20",
                                        "net.core.somaxconn=1=2", "net.ipv4.ip_forward=0"])
        #expect(parsed == ["net.ipv4.ip_forward": "0", "kernel.sem": "250 32000 32 128", "fs.mqueue.msg_max": "20", "net.core.somaxconn": "1=2"])
        #expect(Sysctls.path(of: "net.ipv4.ip_forward") == "/proc/sys/net/ipv4/ip_forward")
    }

    @Test func refusesTheHostsKernelAndPathTricks() {
        for text in ["kernel.hostname=x", "vm.swappiness=1", "net.ipv4.ip_forward", "fs.file-max=1", "net/ipv4/ip_forward=1",
                     "net.ipv4..conf=1", "net.x/../../../kernel/core_pattern=|x"] {
            #expect(throws: RuntimeError.self, "\(text)") { try Sysctls.parse([text]) }
        }
    }

    @Test func networkKeysNeedANamespaceOfTheContainers() throws {
        #expect(throws: RuntimeError.self) { try Sysctls.checkNetworkNamespace(["net.ipv4.ip_forward": "1"], network: .host) }
        try Sysctls.checkNetworkNamespace(["kernel.shmmax": "1"], network: .host)
        try Sysctls.checkNetworkNamespace(["net.ipv4.ip_forward": "1"], network: .none)
    }
}
