@testable import Runtime
import Testing

struct ContainerCgroupStatsTests {
    @Test func v1StatsComeFromCpuacctMemoryAndPids() throws {
        let machine = try FakeCgroupMachine.hybrid()
        let cgroup = try machine.plan()
        let memory = "/sys/fs/cgroup/memory/process_api/e30cdb98/" + fakeCgroupName
        try machine.write("123456789\n", to: "/sys/fs/cgroup/cpuacct/\(fakeCgroupName)/cpuacct.usage")
        try machine.write("10485760\n", to: memory + "/memory.usage_in_bytes")
        try machine.write("cache 4096\ninactive_file 8192\ntotal_inactive_file 1048576\n", to: memory + "/memory.stat")
        try machine.write("9223372036854771712\n", to: memory + "/memory.limit_in_bytes")
        try machine.write("3\n", to: "/sys/fs/cgroup/pids/\(fakeCgroupName)/pids.current")

        #expect(cgroup.stats() == CgroupStats(
            cpuNanoseconds: 123_456_789, memoryUsage: 9_437_184, memoryLimit: nil, pids: 3))
        try machine.write("33554432\n", to: memory + "/memory.limit_in_bytes")
        #expect(cgroup.stats().memoryLimit == 33_554_432)
    }

    @Test func v2StatsComeFromCPUStatMemoryCurrentAndPids() throws {
        let machine = try FakeCgroupMachine.unified(delegated: "memory pids\n")
        let cgroup = try machine.plan()
        let directory = "/sys/fs/cgroup/user.slice/user-0.slice/session-3.scope/" + fakeCgroupName
        try machine.write("usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n", to: directory + "/cpu.stat")
        try machine.write("2097152\n", to: directory + "/memory.current")
        try machine.write("anon 1048576\ninactive_file 4096\nactive_file 8192\n", to: directory + "/memory.stat")
        try machine.write("max\n", to: directory + "/memory.max")
        try machine.write("1\n", to: directory + "/pids.current")

        #expect(cgroup.stats() == CgroupStats(
            cpuNanoseconds: 1_500_000, memoryUsage: 2_093_056, memoryLimit: nil, pids: 1))
        try machine.write("33554432\n", to: directory + "/memory.max")
        #expect(cgroup.stats().memoryLimit == 33_554_432)
    }

    @Test func statsOfControllersThatAreNotThereAreNil() throws {
        let machine = try FakeCgroupMachine.unified(delegated: "")
        let cgroup = try machine.plan()
        let directory = "/sys/fs/cgroup/user.slice/user-0.slice/session-3.scope/" + fakeCgroupName
        try machine.write("usage_usec 7\n", to: directory + "/cpu.stat")
        try machine.write("5\n", to: directory + "/memory.current")
        #expect(cgroup.stats() == CgroupStats(cpuNanoseconds: 7000))
    }

    @Test func oomKillsAreCountedInOOMControlOnV1AndMemoryEventsOnV2() throws {
        let v1 = try FakeCgroupMachine.hybrid()
        let v1Cgroup = try v1.plan()
        let control = "/sys/fs/cgroup/memory/process_api/e30cdb98/\(fakeCgroupName)/memory.oom_control"
        #expect(!v1Cgroup.oomKilled())
        try v1.write("oom_kill_disable 1\nunder_oom 1\noom_kill 0\n", to: control)
        #expect(!v1Cgroup.oomKilled())
        try v1.write("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n", to: control)
        #expect(v1Cgroup.oomKilled())

        let v2 = try FakeCgroupMachine.unified(delegated: "memory\n")
        let v2Cgroup = try v2.plan()
        let events = "/sys/fs/cgroup/user.slice/user-0.slice/session-3.scope/\(fakeCgroupName)/memory.events"
        try v2.write("low 0\nhigh 0\nmax 12\noom 1\noom_kill 0\noom_group_kill 1\n", to: events)
        #expect(!v2Cgroup.oomKilled())
        try v2.write("low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n", to: events)
        #expect(v2Cgroup.oomKilled())
    }
}
