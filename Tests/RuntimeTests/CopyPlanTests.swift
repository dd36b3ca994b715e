@testable import Runtime
import Testing

/// `cp`'s names as Docker's archive package gives them (SplitPathDirEntry, PrepareArchiveCopy).
struct CopyPlanTests {
    @Test func splitsAsGoCleansAndKeepsATrailingDot() {
        #expect(CopyPlan.split("/data/a.txt") == ("/data", "a.txt"))
        #expect(CopyPlan.split("/data/") == ("/", "data"))
        #expect(CopyPlan.split("/data/.") == ("/data", "."))
        #expect(CopyPlan.split("/a/../b//c") == ("/b", "c"))
        #expect(CopyPlan.split("/") == ("/", "/"))
        #expect(CopyPlan.inContainer("tmp/x") == "/tmp/x" && CopyPlan.inContainer("/tmp/x") == "/tmp/x")
    }

    @Test func targetsFollowDockersRules() throws {
        func target(_ isDirectory: Bool, _ base: String, _ destination: String, _ kind: CopyPlan.Kind) throws -> CopyPlan.Target {
            try CopyPlan.target(sourceIsDirectory: isDirectory, sourceBase: base, destination: destination, kind: kind)
        }
        // Into an existing directory, under the source's name ("." is its contents).
        #expect(try target(false, "a.txt", "/out", .directory) == CopyPlan.Target(directory: "/out", name: "a.txt"))
        #expect(try target(true, ".", "/out", .directory) == CopyPlan.Target(directory: "/out", name: "."))
        // Over a file, or to a new path: the destination's name, in its directory.
        #expect(try target(false, "a.txt", "/out/b.txt", .file) == CopyPlan.Target(directory: "/out", name: "b.txt"))
        #expect(try target(true, "data", "/out/new", .missing) == CopyPlan.Target(directory: "/out", name: "new"))
        #expect(try target(true, "data", "/out/new/", .missing) == CopyPlan.Target(directory: "/out", name: "new"))
        #expect(try target(false, "a.txt", "/out/new", .missing) == CopyPlan.Target(directory: "/out", name: "new"))
        // Refused: a directory over a file, a file where a directory is asserted, no parent.
        #expect(throws: RuntimeError.self) { try target(true, "data", "/out/b.txt", .file) }
        #expect(throws: RuntimeError.self) { try target(false, "a.txt", "/out/new/", .missing) }
        #expect(throws: RuntimeError.self) { try target(false, "a.txt", "/none/new", .missingParent) }
    }

    @Test func readsWhatTheUnpackerSays() {
        #expect(CopyPlan.Kind(statLine: "dir") == .directory)
        #expect(CopyPlan.Kind(statLine: "link ../x y") == .symlink(target: "../x y"))
        #expect(CopyPlan.Kind(statLine: "missing-parent") == .missingParent)
        #expect(CopyPlan.Kind(statLine: "socket") == nil)
        #expect(CopyPlan.resolve(link: "/data/link", target: "../etc/x") == "/data/../etc/x")
        #expect(CopyPlan.resolve(link: "/data/link", target: "/etc/x") == "/etc/x")
    }
}
