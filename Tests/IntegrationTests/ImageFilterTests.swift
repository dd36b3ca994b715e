import Foundation
import TestSupport
import Testing

/// `images --filter` with Docker's keys (dangling, reference, before, since, label), several
/// filters together, with -q, and Docker's errors and exit statuses for bad ones (checked against
/// dockerd 20.10); `rmi --no-prune`.
@Suite(.enabled(if: isRoot, "needs root"))
struct ImageFilterTests {
    /// Three imports of busybox, made one after another (so created in that order): first
    /// (tier=web), second (tier=db, owner=ops), third (tier=web, owner=ops).
    func makeImages(_ box: Sandbox) throws {
        let tarball = try BusyboxImage.tarball()
        for (name, labels) in [("first", ["tier=web"]), ("second", ["tier=db", "owner=ops"]), ("third", ["tier=web", "owner=ops"])] {
            let changes = labels.flatMap { ["-c", "LABEL " + $0] }
            let imported = box.run(["image", "import"] + changes + [tarball, name])
            try #require(imported.code == 0, "\(imported)")
        }
    }

    func names(_ box: Sandbox, _ filters: [String]) -> [String] {
        let listed = box.run(["images", "--format", "{{.Repository}}"] + filters.flatMap { ["--filter", $0] })
        #expect(listed.code == 0, "\(filters): \(listed)")
        return listed.out.split(separator: "\n").map(String.init).sorted()
    }

    @Test func beforeSinceLabelAndTheirCombinations() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        try makeImages(box)
        #expect(names(box, ["before=second"]) == ["first"])
        #expect(names(box, ["since=second"]) == ["third"])
        #expect(names(box, ["since=first", "before=third"]) == ["second"])
        #expect(names(box, ["label=owner"]) == ["second", "third"])
        #expect(names(box, ["label=tier=web"]) == ["first", "third"])
        #expect(names(box, ["label=tier=web", "label=owner=ops"]) == ["third"])
        #expect(names(box, ["label=tier=db", "since=second"]) == [])
        #expect(names(box, ["label=nothing"]) == [])
        #expect(names(box, ["reference=th*", "reference=fir*"]) == ["first", "third"])
        #expect(names(box, ["reference=th*", "label=tier=db"]) == [])
        #expect(names(box, ["dangling=false", "since=first"]) == ["second", "third"])
        // `images REPOSITORY[:TAG]`, as Docker's CLI: one more reference filter.
        let listed = box.run(["images", "--format", "{{.Repository}}:{{.Tag}}", "th*", "--filter", "label=owner=ops"])
        #expect(listed.code == 0 && listed.out == "third:latest\n", "\(listed)")
        #expect(box.run(["images", "-q", "second:latest"]).out.count == 13)
        #expect(box.run(["images", "-q", "second:other"]).out.isEmpty)

        // -q prints the IDs of the rows the filters keep.
        let third = box.run(["image", "inspect", "-f", "{{.Id}}", "third"]).out.dropFirst("sha256:".count).prefix(12)
        #expect(box.run(["images", "-q", "--filter", "label=owner=ops", "--filter", "since=second"]).out == "\(third)\n")

        // An untagged image is dangling (one a container keeps after its name went), and only
        // dangling=true or no dangling filter shows it.
        let container = box.run(["create", "--net=none", "third", "true"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(box.run(["rmi", "-f", "third"]).code == 0)
        let dangling = box.run(["images", "-q", "--filter", "dangling=true"]).out
        #expect(dangling == "\(third)\n", "\(box.run(["images"]).out)")
        #expect(names(box, ["dangling=true", "label=tier=web"]) == ["<none>"])
        #expect(names(box, ["dangling=true", "label=tier=db"]) == [])
        #expect(names(box, ["dangling=false"]) == ["first", "second"])
        #expect(box.run(["rm", container]).code == 0)
    }

    @Test func badFiltersAreDockersErrors() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        try makeImages(box)
        let cases: [([String], Int32, String)] = [
            (["colour=red"], 1, "minirun: Invalid filter 'colour'\n"),
            (["dangling=maybe"], 1, "minirun: Invalid filter 'dangling=[maybe]'\n"),
            (["dangling=1"], 1, "minirun: Invalid filter 'dangling=[1]'\n"),
            (["before=nosuch"], 1, "minirun: No such image: nosuch:latest\n"),
            (["since=first", "since=nosuch:2"], 1, "minirun: No such image: nosuch:2\n"),
            (["label"], 125, ""),
        ]
        for (filters, code, message) in cases {
            let listed = box.run(["images"] + filters.flatMap { ["--filter", $0] })
            #expect(listed.code == code && listed.out == "", "\(filters): \(listed)")
            if !message.isEmpty { #expect(listed.err == message, "\(filters)") }
        }
        #expect(box.run(["images", "--filter", "label"]).err.contains("bad format of filter (expected name=value)"))
    }

    /// `image prune --filter`: until, label and label! choose among the images prune would take;
    /// dangling=false is -a; a bad filter removes nothing.
    @Test func pruneFiltersChooseWhatGoes() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        try makeImages(box)
        func prune(_ arguments: [String]) -> [String] {
            let pruned = box.run(["image", "prune", "-f"] + arguments)
            #expect(pruned.code == 0, "\(arguments): \(pruned)")
            return pruned.out.split(separator: "\n").filter { $0.hasPrefix("untagged: ") }.map { String($0.dropFirst(10)) }
        }
        let bad = box.run(["image", "prune", "-af", "--filter", "colour=red"])
        #expect(bad.code == 1 && bad.err == "minirun: Invalid filter 'colour'\n", "\(bad)")
        #expect(box.run(["image", "prune", "-af", "--filter", "dangling=maybe"]).code == 1)
        #expect(prune(["-a", "--filter", "until=2000-01-01T00:00:00Z"]) == [])
        #expect(prune(["--filter", "label=tier=web"]) == [], "none is dangling")
        #expect(prune(["-a", "--filter", "label=owner=ops", "--filter", "label!=tier=db"]) == ["third:latest"])
        #expect(prune(["--filter", "dangling=false", "--filter", "label=tier=web"]) == ["first:latest"])
        #expect(names(box, []) == ["second"])
        #expect(prune(["-a", "--filter", "until=0s"]) == ["second:latest"])
        #expect(names(box, []) == [])
    }

    /// minirun's images have no parent images to prune: --no-prune removes as rmi does, and the
    /// build cache's steps stay either way.
    @Test func rmiNoPruneRemovesTheImageAsRmiDoes() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        try makeImages(box)
        let id = box.run(["image", "inspect", "-f", "{{.Id}}", "second"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let removed = box.run(["rmi", "--no-prune", "second"])
        #expect(removed.code == 0, "\(removed)")
        #expect(removed.out.hasPrefix("Untagged: second:latest\nDeleted: \(id)\n"), "\(removed.out)")
        #expect(names(box, []) == ["first", "third"])
    }
}
