import Foundation
import Testing
import TestSupport

/// HEALTHCHECK and ONBUILD in `minirun build`: stored in the image's config as Docker stores them,
/// and the triggers run by a build FROM the image (not by one FROM that build's result).
@Suite(.enabled(if: isRoot, "needs root"))
struct BuildTriggerTests {
    @Test func healthcheckAndOnbuildAreStoredAndTheTriggersRunInAChildBuild() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let parent = try BuildTests.context(box, ["Dockerfile": """
            FROM busybox
            HEALTHCHECK --interval=1s --timeout=2s --start-period=3s --retries=4 CMD ["test", "-f", "/onbuild"]
            ONBUILD RUN echo triggered > /onbuild
            ONBUILD COPY note.txt /note.txt
            """])
        let built = box.run(["build", "-t", "parent", parent])
        #expect(built.code == 0, "\(built.err)")
        let config = try #require(try BuildTests.config(box, "parent")["config"] as? [String: Any])
        let healthcheck = try #require(config["Healthcheck"] as? [String: Any])
        #expect(healthcheck["Test"] as? [String] == ["CMD", "test", "-f", "/onbuild"])
        #expect(healthcheck["Interval"] as? Int == 1_000_000_000 && healthcheck["Timeout"] as? Int == 2_000_000_000)
        #expect(healthcheck["StartPeriod"] as? Int == 3_000_000_000 && healthcheck["Retries"] as? Int == 4)
        #expect(config["OnBuild"] as? [String] == ["RUN echo triggered > /onbuild", "COPY note.txt /note.txt"])
        #expect(box.run(["image", "inspect", "-f", "{{json .Config.OnBuild}}", "parent"]).out
            == "[\"RUN echo triggered > /onbuild\",\"COPY note.txt /note.txt\"]\n")
        #expect(box.run(["run", "--rm", "parent", "test", "-f", "/onbuild"]).code == 1, "triggers do not run in their own build")

        let child = try BuildTests.context(box, ["Dockerfile": "FROM parent\nRUN cat /onbuild /note.txt > /both\n", "note.txt": "a note\n"])
        let childBuild = box.run(["build", "-t", "child", child])
        #expect(childBuild.code == 0, "\(childBuild.err)")
        #expect((childBuild.out + childBuild.err).contains("# Executing 2 build triggers"))
        #expect(box.run(["run", "--rm", "child", "cat", "/both"]).out == "triggered\na note\n")
        let childConfig = try #require(try BuildTests.config(box, "child")["config"] as? [String: Any])
        #expect(childConfig["OnBuild"] == nil, "a child does not pass the triggers on")
        #expect((childConfig["Healthcheck"] as? [String: Any])?["Retries"] as? Int == 4, "the health check is inherited")

        let grandchild = try BuildTests.context(box, ["Dockerfile": "FROM child\nHEALTHCHECK NONE\n"])
        let grandchildBuild = box.run(["build", "-t", "grandchild", grandchild])
        #expect(grandchildBuild.code == 0 && !(grandchildBuild.out + grandchildBuild.err).contains("Executing"))
        let last = try #require(try BuildTests.config(box, "grandchild")["config"] as? [String: Any])
        #expect((last["Healthcheck"] as? [String: Any])?["Test"] as? [String] == ["NONE"])
    }

    @Test func badHealthcheckAndOnbuildNameTheirLine() throws {
        let box = try Sandbox()
        defer { box.finish() }
        for (line, message) in [("HEALTHCHECK --interval=1s NONE", "HEALTHCHECK NONE takes no arguments"),
                                ("HEALTHCHECK RUN true", "Unknown type \"RUN\" in HEALTHCHECK (try CMD)"),
                                ("ONBUILD ONBUILD RUN true", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
                                ("ONBUILD FROM busybox", "FROM isn't allowed as an ONBUILD trigger")] {
            let context = try BuildTests.context(box, ["Dockerfile": "FROM busybox\n\(line)\n"])
            let result = box.run(["build", context])
            #expect(result.code == 1 && result.err.contains("Dockerfile:2") && result.err.contains(message), "\(line): \(result.err)")
        }
    }
}
