import Foundation
import TestSupport
import Testing

/// Docker's `volume` commands over the volumes `-v NAME:/path`, `-v /path` and `volume create` make:
/// create (labels, a random name, invalid names), ls (filters, natural order, JSON), inspect, rm
/// (refused while a container mounts the volume), and prune (anonymous volumes, or with -a all,
/// with its prompt and the space it reclaimed).
@Suite(.enabled(if: isRoot, "needs root"))
struct VolumeCommandTests {
    @Test func createListInspectRemoveAndPrune() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["volume", "create", "--label", "tier=db", "data10"]).out == "data10\n")
        #expect(box.run(["volume", "create", "data10"]).code == 0, "an existing volume is left as it is")
        let random = box.run(["volume", "create"]).out.split(separator: "\n").first.map(String.init) ?? ""
        #expect(random.count == 64 && random.allSatisfy(\.isHexDigit))
        let bad = box.run(["volume", "create", "a/b"])
        #expect(bad.code == 1 && bad.err.hasPrefix("minirun: create a/b: \"a/b\" includes invalid characters for a local volume name"))
        // data9 by `-v NAME:`, written 5000 bytes; an anonymous one by `-v /path`, 3 bytes; the mounting container kept.
        #expect(box.run(["run", "--rm", "--net=none", "-v", "data9:/d", "busybox", "sh", "-c", "head -c 5000 /dev/zero > /d/f"]).code == 0)
        #expect(box.run(["run", "--name", "anon", "--net=none", "-v", "/anon", "busybox", "sh", "-c", "echo hi > /anon/f"]).code == 0)
        let anonymous = box.run(["inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", "anon"]).out.split(separator: "\n").first.map(String.init) ?? ""
        #expect(anonymous.count == 64)
        #expect(box.run(["create", "--name", "user", "-v", "data10:/d", "busybox", "true"]).code == 0)

        #expect(box.run(["volume", "ls", "--format", "{{.Name}}", "--filter", "name=^data"]).out == "data9\ndata10\n", "natural order")
        let table = box.run(["volume", "ls"]).out.split(separator: "\n").map(String.init)
        #expect(table.first == "DRIVER    VOLUME NAME" && table.contains("local     data10"), "\(table)")
        #expect(box.run(["volume", "ls", "-q", "--filter", "label=tier=db"]).out == "data10\n")
        #expect(Set(box.run(["volume", "ls", "-q", "--filter", "dangling=true"]).out.split(separator: "\n")) == ["data9", Substring(random)],
                "not mounted by any container, running or not")
        #expect(box.run(["volume", "ls", "-q", "--filter", "label=com.docker.volume.anonymous"]).out == anonymous + "\n")
        let json = box.run(["volume", "ls", "--format", "json", "--filter", "name=^data10$"]).out
        let row = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        #expect(row["Driver"] == "local" && row["Labels"] == "tier=db" && row["Mountpoint"] == box.root + "/volumes/data10/_data")
        let inspected = box.run(["volume", "inspect", "data10"]).out
        let object = try #require((try JSONSerialization.jsonObject(with: Data(inspected.utf8)) as? [[String: Any]])?.first)
        #expect(Set(object.keys) == ["CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"])
        #expect(object["Labels"] as? [String: String] == ["tier": "db"] && object["Options"] is NSNull)
        #expect((object["CreatedAt"] as? String)?.hasSuffix("Z") == true)
        let missing = box.run(["volume", "inspect", "nosuch"])
        #expect(missing.code == 1 && missing.err == "minirun: No such volume: nosuch\n")

        let used = box.run(["volume", "rm", "data10"])
        #expect(used.code == 1 && used.err.hasPrefix("minirun: remove data10: volume is in use - ["), "\(used)")
        let some = box.run(["volume", "rm", random, "nosuch"])
        #expect(some.code == 1 && some.out == random + "\n" && some.err == "minirun: get nosuch: no such volume\n")
        #expect(box.run(["volume", "rm", "-f", "nosuch"]).code == 0)

        #expect(box.run(["rm", "anon"]).code == 0, "without -v its anonymous volume stays")
        #expect(box.run(["volume", "prune"], stdin: "").out.hasPrefix("WARNING! This will remove anonymous local volumes not used by at least one container."))
        #expect(box.run(["volume", "prune", "-f"]).out == "Deleted Volumes:\n\(anonymous)\n\nTotal reclaimed space: 3B\n", "anonymous ones only")
        #expect(box.run(["volume", "prune", "-af", "--filter", "label=tier"]).out == "Total reclaimed space: 0B\n", "data10 is in use")
        #expect(box.run(["volume", "prune", "-af"]).out == "Deleted Volumes:\ndata9\n\nTotal reclaimed space: 5kB\n")
        #expect(box.run(["volume", "prune", "-f", "--filter", "until=1h"]).code == 1, "Docker's volume prune takes no until")
        #expect(box.run(["volume", "ls", "-q"]).out == "data10\n")
    }

    /// `inspect` finds networks and volumes too, after containers and images, as Docker's does.
    @Test func inspectFindsNetworksAndVolumes() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let net = box.uniqueName("objects")
        #expect(box.run(["network", "create", "--subnet", box.subnet(13), net]).code == 0)
        #expect(box.run(["volume", "create", "stash"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{.Driver}} {{.Name}}", net, "stash"]).out == "bridge \(net)\nlocal stash\n")
        #expect(box.run(["inspect", "--type", "volume", "-f", "{{.Mountpoint}}", "stash"]).out == box.root + "/volumes/stash/_data\n")
        #expect(box.run(["inspect", "--type", "network", "-f", "{{.Name}}", net]).out == net + "\n")
        let wrongKind = box.run(["inspect", "--type", "network", "stash"])
        #expect(wrongKind.code == 1 && wrongKind.err == "minirun: network stash not found\n", "\(wrongKind)")
        let nothing = box.run(["inspect", "nosuch"])
        #expect(nothing.code == 1 && nothing.err == "minirun: No such object: nosuch\n" && nothing.out == "[]\n", "\(nothing)")
        #expect(box.run(["inspect", "--type", "plugin", "x"]).code == 125)
    }
}
