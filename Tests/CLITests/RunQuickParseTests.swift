import ArgumentParser
@testable import minirun
import Testing

/// Run.parseQuickly must give exactly what ArgumentParser gives, or leave the arguments to it.
struct RunQuickParseTests {
    func expectSameAsArgumentParser(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let quick = try #require(Run.parseQuickly(arguments), "not parsed quickly: \(arguments)", sourceLocation: sourceLocation)
        #expect(quick == (try Run.parse(arguments)).arguments, "\(arguments)", sourceLocation: sourceLocation)
    }

    @Test func defaultsMatch() throws {
        try expectSameAsArgumentParser(["busybox"])
        try expectSameAsArgumentParser(["busybox", "true"])
    }

    @Test func everyOptionByEveryNameMatches() throws {
        for option in Run.quickOptions {
            for name in option.names {
                let arguments = option.takesValue ? [name, "v1", name, "v2"] : [name]
                try expectSameAsArgumentParser(arguments + ["busybox", "sh", "-c", "echo hi"])
            }
        }
    }

    @Test func usualFormsMatch() throws {
        try expectSameAsArgumentParser(["--rm", "--net=none", "busybox", "true"])
        try expectSameAsArgumentParser(["-it", "--name", "box", "-e", "A=1", "busybox"])
        try expectSameAsArgumentParser(["-d", "-p", "8080:80", "--name=web", "busybox", "httpd", "-f", "-p", "80"])
        try expectSameAsArgumentParser(["busybox", "--rm", "-d"])  // after the image: the command's own
        try expectSameAsArgumentParser(["-w/tmp", "-uroot", "-p8080:80", "-dp", "81:80", "-m64m", "busybox"])  // joined, as pflag
    }

    /// docker's pflag takes a value joined to its letter even with "=" in it (-eA=1), and after flags
    /// (-dp8080:80); ArgumentParser reads "-eA=1" as an unknown option "-eA", so the quick parser
    /// alone takes these, as docker does.
    @Test func joinedValuesWithEqualsSignsAsDocker() throws {
        let env = try #require(Run.parseQuickly(["-eA=1", "-lkey=v", "busybox"]))
        #expect(env.container.env == ["A=1"] && env.container.labels == ["key=v"] && env.image == "busybox")
        let grouped = try #require(Run.parseQuickly(["-dp8080:80", "-ite", "B=2", "busybox", "-eC=3"]))
        #expect(grouped.detach && grouped.container.publish == ["8080:80"] && grouped.container.interactive && grouped.container.tty)
        #expect(grouped.container.env == ["B=2"] && grouped.command == ["-eC=3"], "after the image, the command's own")
    }

    /// "-p -1:80" and "--memory -1" are values to refuse with a reason, not a missing value (as
    /// they were): both parsers take them, as docker does, and a limit's "-1" often means unlimited.
    @Test func negativeNumbersAreValues() throws {
        for (names, value) in [(["-p", "--publish"], "-1:80"), (["-m", "--memory"], "-1"), (["--memory-swap"], "-1"),
                               (["--cpus"], "-1"), (["-c", "--cpu-shares"], "-1"), (["--pids-limit"], "-1")] {
            for name in names {
                try expectSameAsArgumentParser([name, value, "busybox", "true"])
            }
        }
        #expect(Run.parseQuickly(["--memory-swap", "-1", "-m", "64m", "busybox"])?.container.memorySwap == "-1")
    }

    @Test func unusualFormsAreLeftToArgumentParser() {
        for arguments in [
            ["--help"], ["-h"], ["--rm=true", "busybox"], ["--name", "-x", "busybox"], ["-e", "busybox"], ["--name=", "busybox"],
            ["--", "busybox"], ["-", "busybox"], ["--no-such-option", "busybox"], ["--name"], ["--rm"], [],
        ] {
            #expect(Run.parseQuickly(arguments) == nil, "\(arguments)")
        }
    }
}
