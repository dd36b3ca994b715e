import Foundation
import TestSupport
import Testing

/// `--log-driver` and `--log-opt` as Docker's json-file and none drivers: the log kept under
/// max-size in at most max-file files, `logs` reading them oldest first, `logs -f` following the
/// output across a rotation; none keeping nothing.
@Suite(.enabled(if: isRoot, "needs root"))
struct LogRotationTests {
    func logFiles(of container: String, in box: Sandbox) -> [String: Int] {
        let directory = box.root + "/containers/" + box.run(["inspect", "-f", "{{.Id}}", container]).out.trimmingCharacters(in: .newlines)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix("container.log") }
        return Dictionary(uniqueKeysWithValues: names.map { ($0, ((try? FileManager.default.attributesOfItem(atPath: directory + "/" + $0))?[.size] as? Int) ?? -1) })
    }

    @Test func theLogIsKeptUnderItsSizeInItsFiles() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let lines = "i=1; while [ $i -le 100 ]; do echo line-$i; i=$((i+1)); done"
        // Detached: the monitor keeps the log.
        #expect(box.run(["run", "-d", "--name", "rotated", "--net=none", "--log-opt", "max-size=1k", "--log-opt", "max-file=3", "busybox", "sh", "-c", lines]).code == 0)
        #expect(box.run(["wait", "rotated"]).out == "0\n")
        let files = logFiles(of: "rotated", in: box)
        #expect(Set(files.keys) == ["container.log", "container.log.1", "container.log.2"] && files.values.allSatisfy { $0 <= 1024 }, "\(files)")
        let shown = box.run(["logs", "rotated"]).out.split(separator: "\n").map(String.init)
        let first = Int(shown.first?.dropFirst(5) ?? "") ?? 0
        #expect(first > 1 && shown == (first...100).map { "line-\($0)" }, "the newest lines, oldest first, none missing between: \(shown)")
        #expect(box.run(["inspect", "-f", "{{.HostConfig.LogConfig.Type}} {{index .HostConfig.LogConfig.Config \"max-size\"}}", "rotated"]).out == "json-file 1k\n")

        #expect(box.run(["run", "-d", "--name", "emptied", "--net=none", "--log-opt", "max-size=1k", "busybox", "sh", "-c", lines]).code == 0)
        #expect(box.run(["wait", "emptied"]).out == "0\n")
        let single = logFiles(of: "emptied", in: box)
        #expect(Array(single.keys) == ["container.log"] && single.values.allSatisfy { $0 <= 1024 }, "max-file 1: the file is emptied: \(single)")
        #expect(box.run(["logs", "--tail", "1", "emptied"]).out == "line-100\n")
    }

    @Test func followingGoesOnInTheNewFile() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // About 40 lines a file, a line every 20 ms: the follower, polling every 50 ms, sees each file.
        #expect(box.run(["run", "-d", "--name", "slow", "--net=none", "--log-opt", "max-size=2k", "--log-opt", "max-file=2", "busybox", "sh", "-c",
                         "i=1; while [ $i -le 150 ]; do echo line-$i; i=$((i+1)); usleep 20000; done"]).code == 0)
        let followed = box.run(["logs", "-f", "slow"])
        #expect(followed.out == (1...150).map { "line-\($0)\n" }.joined(), "every line once, in order: \(followed.out.suffix(200)) \(followed.err)")
        #expect(logFiles(of: "slow", in: box).count == 2)
    }

    /// `logs --details`: each line after its time, its attributes and a space, as Docker's.
    @Test func detailsShowTheAttributesTheLogOptionsName() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--name", "detailed", "--net=none", "-l", "tier=web", "-e", "STAGE=a b", "--log-opt", "labels=tier",
                         "--log-opt", "env=STAGE", "busybox", "echo", "hello"]).code == 0)
        #expect(box.run(["logs", "--details", "detailed"]).out == "STAGE=a+b,tier=web hello\n")
        let stamped = box.run(["logs", "--details", "-t", "detailed"]).out
        #expect(stamped.hasSuffix("Z STAGE=a+b,tier=web hello\n") && stamped.hasPrefix("20"), "\(stamped)")
        #expect(box.run(["run", "--name", "bare", "--net=none", "busybox", "echo", "hi"]).code == 0)
        #expect(box.run(["logs", "--details", "bare"]).out == " hi\n", "no attributes: a space alone")
        #expect(box.run(["logs", "bare"]).out == "hi\n")
    }

    @Test func noneKeepsNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "quiet", "--net=none", "--log-driver", "none", "busybox", "echo", "unseen"]).code == 0)
        #expect(box.run(["wait", "quiet"]).out == "0\n")
        let logs = box.run(["logs", "quiet"])
        #expect(logs.code == 1 && logs.err == "minirun: configured logging driver does not support reading\n")
        #expect(logFiles(of: "quiet", in: box).isEmpty)
        for (arguments, message) in [
            (["--log-driver", "syslog"], "logging driver syslog is not supported by minirun (json-file, local or none)"),
            (["--log-opt", "max-file=2"], "max-file cannot be set when max-size is not set"),
            (["--log-opt", "colour=red"], "unknown log opt 'colour' for json-file log driver"),
            (["--log-driver", "none", "--log-opt", "max-size=1m"], "unknown log opt 'max-size' for none log driver"),
        ] {
            let result = box.run(["run", "--rm", "--net=none"] + arguments + ["busybox", "true"])
            #expect(result.code == 125 && result.err == "minirun: \(message)\n", "\(arguments): \(result.err)")
        }
    }
}
