import TestSupport
import Testing

/// `ps --filter` with Docker's rules (moby's daemon/list.go): name and id as regular expressions,
/// exited, ancestor (the image and those built on it), before and since, status values Docker
/// takes, and its statuses for bad filters.
@Suite(.enabled(if: isRoot, "needs root"))
struct PsFilterTests {
    func names(_ box: Sandbox, _ filters: [String]) -> [String] {
        let listed = box.run(["ps", "-a", "--format", "{{.Names}}"] + filters.flatMap { ["--filter", $0] })
        #expect(listed.code == 0, "\(filters): \(listed)")
        return listed.out.split(separator: "\n").map(String.init).sorted()
    }

    /// `ps -s`: the writable layer's size, and with the image's as "virtual", in a SIZE column; "0B"
    /// without -s, as Docker's.
    @Test func sizeShowsTheWritableLayerAndTheWhole() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--name", "writer", "--net=none", "busybox", "sh", "-c", "head -c 5000 /dev/zero > /blob"]).code == 0)
        let imageSize = box.run(["images", "--format", "{{.Size}}", "busybox"]).out.trimmingCharacters(in: .newlines)
        let sized = box.run(["ps", "-a", "-s", "--format", "{{.Names}} {{.Size}}"]).out
        #expect(sized.hasPrefix("writer 5kB (virtual ") && sized.hasSuffix(")\n") && imageSize.hasSuffix("MB"), "\(sized) over \(imageSize)")
        let table = box.run(["ps", "-a", "--size"]).out.split(separator: "\n")
        #expect(table.first?.hasSuffix("NAMES     SIZE") == true && table.last?.hasSuffix("writer    \(sized.dropFirst(7).dropLast())") == true, "\(table)")
        #expect(box.run(["ps", "-a", "--format", "{{.Size}}"]).out == "0B\n")
    }

    /// `inspect -s` (and `container inspect --size`): SizeRw, the writable layer's bytes, and
    /// SizeRootFs, those and the image's; `ps -s -n 1` sizes the newest container.
    @Test func inspectSizeAndTheNewestOnesSize() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--name", "older", "--net=none", "busybox", "sh", "-c", "head -c 7000 /dev/zero > /blob"]).code == 0)
        #expect(box.run(["run", "--name", "writer", "--net=none", "busybox", "sh", "-c", "head -c 5000 /dev/zero > /blob"]).code == 0)
        let sizes = box.run(["inspect", "-s", "-f", "{{.SizeRw}} {{.SizeRootFs}}", "writer"]).out.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .newlines)) }
        #expect(sizes.count == 2 && sizes[0] == 5000 && sizes[1] > 1_000_000 + 5000, "\(sizes)")
        #expect(box.run(["container", "inspect", "--size", "-f", "{{.SizeRw}}", "writer"]).out == "5000\n")
        #expect(box.run(["inspect", "-f", "{{.SizeRw}}", "writer"]).out == "<nil>\n", "only with -s, a nil pointer as in Docker")
        #expect(box.run(["ps", "-a", "-s", "-n", "1", "--format", "{{.Names}} {{.Size}}"]).out.hasPrefix("writer 5kB (virtual "))
    }

    @Test func dockersKeysAndTheirMeanings() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["build", "-q", "-t", "child", "-"], stdin: "FROM busybox\nRUN echo built > /built\n").code == 0)
        // Created in this order: web, webapp (from child), failed (ran, exit 3), done (ran, exit 0).
        #expect(box.run(["create", "--name", "web", "busybox", "true"]).code == 0)
        #expect(box.run(["create", "--name", "webapp", "child", "true"]).code == 0)
        #expect(box.run(["run", "--name", "failed", "--net=none", "busybox", "sh", "-c", "exit 3"]).code == 3)
        #expect(box.run(["run", "--name", "done", "--net=none", "busybox", "true"]).code == 0)

        #expect(names(box, ["name=web"]) == ["web", "webapp"], "a substring")
        #expect(names(box, ["name=^web$"]) == ["web"], "anchored: exact")
        #expect(names(box, ["name=^/web$"]) == ["web"], "with the daemon's leading slash")
        #expect(names(box, ["name=^w.*p$"]) == ["webapp"])
        let id = box.run(["ps", "-aq", "--no-trunc", "--filter", "name=^failed$"]).out.split(separator: "\n").first.map(String.init) ?? ""
        #expect(id.count == 64)
        #expect(names(box, ["id=" + id.prefix(12)]) == ["failed"])
        #expect(names(box, ["exited=3"]) == ["failed"])
        #expect(names(box, ["exited=0"]) == ["done"], "a created container has exited with nothing")
        #expect(names(box, ["exited=0", "exited=3"]) == ["done", "failed"])
        #expect(names(box, ["ancestor=child"]) == ["webapp"])
        #expect(names(box, ["ancestor=busybox"]) == ["done", "failed", "web", "webapp"], "child is built on busybox")
        #expect(names(box, ["ancestor=nosuch"]) == [])
        #expect(names(box, ["before=failed"]) == ["web", "webapp"])
        #expect(names(box, ["since=webapp"]) == ["done", "failed"])
        #expect(names(box, ["since=web", "before=done"]) == ["failed", "webapp"])
        #expect(names(box, ["status=paused"]) == [])
        #expect(box.run(["ps", "--format", "{{.Names}}", "--filter", "exited=3"]).out == "", "without -a only running ones")

        for (filter, message) in [("colour=red", "invalid filter 'colour'"), ("exited=x", "invalid filter 'exited=x'"),
                                  ("status=sleeping", "invalid filter 'status=sleeping'")] {
            let bad = box.run(["ps", "--filter", filter])
            #expect(bad.code == 1 && bad.err == "minirun: \(message)\n", "\(filter): \(bad)")
        }
        let missing = box.run(["ps", "--filter", "since=nosuch"])
        #expect(missing.code == 1 && missing.err == "minirun: No such container: nosuch\n", "\(missing)")
        #expect(box.run(["ps", "--filter", "name"]).code == 125, "no '=': the CLI's flag error")
    }
}
