import Foundation
import TestSupport
import Testing

/// A bundle's user namespace with uid and gid maps: root in the container is an unprivileged id on
/// the host. Each case runs with runc too.
@Suite(.enabled(if: isRoot, "needs root"), .serialized)
struct OCIUserNamespaceTests {
    static let runtimes = OCIRuntimeUnderTest.all()

    /// A bundle in a new user namespace mapping 0-65535 to 100000-165535, for uids and gids; its
    /// directory searchable by others, as the container's root is one of them on the host.
    static func mappedBundle(_ runtime: OCIRuntimeUnderTest, args: [String]) throws -> OCITestBundle {
        let bundle = try OCITestBundle(runtime: runtime, args: args)
        chmod(bundle.directory, 0o755)
        var namespaces = bundle.linux["namespaces"] as? [[String: Any]] ?? []
        namespaces.append(["type": "user"])
        bundle.linux["namespaces"] = namespaces
        bundle.linux["uidMappings"] = [["containerID": 0, "hostID": 100000, "size": 65536]]
        bundle.linux["gidMappings"] = [["containerID": 0, "hostID": 100000, "size": 65536]]
        return bundle
    }

    @Test(arguments: runtimes) func rootInTheContainerIsTheMappedIdOnTheHost(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let shared = try Sandbox.makeTemporaryDirectory(prefix: "minirun-oci-shared")
        defer { try? FileManager.default.removeItem(atPath: shared) }
        chmod(shared, 0o777)  // owned by the host's root, whom the container cannot act for
        let bundle = try Self.mappedBundle(runtime, args: ["sh", "-c", "id -u; id -g; cat /proc/self/uid_map; touch /shared/made-inside; cat /sys/class/net/lo/flags"])
        defer { bundle.remove() }
        var mounts = bundle.config["mounts"] as? [[String: Any]] ?? []
        mounts.append(["destination": "/shared", "type": "bind", "source": shared, "options": ["rbind", "rw"]])
        bundle.config["mounts"] = mounts
        // The mount point made beforehand: the container's root is not root on the host, so it cannot
        // make it in a root-owned rootfs (runc cannot either).
        try FileManager.default.createDirectory(atPath: bundle.directory + "/rootfs/shared", withIntermediateDirectories: false)
        try bundle.write()
        let result = runtime.run(["run", "--bundle", bundle.directory, "u1"])
        try #require(result.code == 0, "run: \(result.err)")
        let lines = result.out.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        try #require(lines.count >= 4, "output: \(result.out)")
        #expect(lines[0] == "0")
        #expect(lines[1] == "0")
        #expect(lines[2] == "0 100000 65536")
        // lo is up (IFF_UP | IFF_LOOPBACK): the network namespace is the user namespace's, whose root set it up.
        #expect(lines[3] == "0x9")
        let attributes = try FileManager.default.attributesOfItem(atPath: shared + "/made-inside")
        #expect((attributes[.ownerAccountID] as? NSNumber)?.intValue == 100000)
        #expect((attributes[.groupOwnerAccountID] as? NSNumber)?.intValue == 100000)
        #expect(runtime.run(["list", "-q"]).out == "")
    }

    /// exec joins the container's user namespace too: the same root, the same map.
    @Test(arguments: runtimes) func execJoinsTheUserNamespace(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let bundle = try Self.mappedBundle(runtime, args: ["sleep", "100"])
        defer { bundle.remove() }
        try bundle.write()
        try #require(runtime.runToFile(["run", "--detach", "--bundle", bundle.directory, "u2"], output: "/dev/null").code == 0)
        let exec = runtime.run(["exec", "u2", "sh", "-c", "id -u; cat /proc/self/uid_map"])
        #expect(exec.code == 0, "exec: \(exec.err)")
        let lines = exec.out.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines == ["0", "0 100000 65536"])
        #expect(runtime.run(["delete", "--force", "u2"]).code == 0)
    }

    /// A malformed map is refused before anything is made: one line, nothing left in the root.
    @Test(arguments: runtimes) func malformedMappingIsRefused(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let bundle = try Self.mappedBundle(runtime, args: ["true"])
        defer { bundle.remove() }
        bundle.linux["uidMappings"] = [["containerID": 0, "hostID": 100000, "size": 65536], ["containerID": 1000, "hostID": 300000, "size": 10]]
        try bundle.write()
        let result = runtime.run(["run", "--bundle", bundle.directory, "u3"])
        #expect(result.code != 0)
        if path.hasSuffix("/minirun-oci") {
            let lines = result.err.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains("linux.uidMappings[1] overlaps an earlier mapping"), "\(result.err)")
            #expect((try? FileManager.default.contentsOfDirectory(atPath: runtime.root).filter { !$0.hasPrefix(".") }) ?? [] == [])
        }
        #expect(runtime.run(["list", "-q"]).out == "")
    }
}
