import Foundation
import TestSupport
import Testing

/// Independent stages of a multi-stage build run at once, each step's output kept whole and
/// together in the progress; a failing stage cancels the others, and an interrupted or killed
/// parallel build leaves nothing behind.
@Suite(.enabled(if: isRoot, "needs root"), .serialized)
struct BuildParallelTests {
    /// The listener's RUN ends only when the talker's RUN has reached it over loopback (the build's
    /// --network host): built one after the other, the listener would wait out its minute and fail.
    @Test func independentStagesRunAtOnceAndTheirOutputStaysWhole() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let port = Int.random(in: 40000...59999)
        let listen = "echo listener starts; timeout 60 nc -l -p \(port) > /heard; echo listener heard $(cat /heard)"
        // The message comes from a file, not `echo hello |`: busybox's nc ends when its peer ends its
        // side, which the listener does at once (its stdin is empty), and a pipe's writer may not have
        // written by then, so the talker sometimes sent nothing (seen once in CI).
        let talk = "echo talker starts; echo hello > /message; for i in $(seq 600); do nc 127.0.0.1 \(port) < /message 2>/dev/null && echo talker done && exit 0; sleep 0.1; done; exit 1"
        let context = try BuildTests.context(box, ["Dockerfile": """
            FROM busybox AS listener
            RUN \(listen)
            FROM busybox AS talker
            RUN \(talk)
            FROM busybox
            COPY --from=listener /heard /heard
            COPY --from=talker /etc/hostname /talker-hostname
            """])
        let built = box.run(["build", "--progress", "plain", "--network", "host", "-t", "parallel", context])
        #expect(built.code == 0, "\(built.err)")
        #expect(box.run(["run", "--rm", "--net=none", "parallel", "cat", "/heard"]).out == "hello\n")
        // Each step's lines follow its own step line, whatever ran meanwhile.
        #expect(built.err.contains("[listener 2/2] RUN \(listen)\nlistener starts\nlistener heard hello\n DONE "), "\(built.err)")
        #expect(built.err.contains("[talker 2/2] RUN \(talk)\ntalker starts\ntalker done\n DONE "), "\(built.err)")
        #expect(built.err.contains("[stage-2 2/3] COPY --from=listener /heard /heard\n DONE "), "\(built.err)")
        // Cached, the stages give the same lines.
        let again = box.run(["build", "--progress", "plain", "--network", "host", "-t", "parallel", context])
        #expect(again.code == 0 && again.err.contains("[listener 2/2] RUN \(listen)\n CACHED\n") && again.err.contains("[talker 2/2] RUN \(talk)\n CACHED\n"), "\(again.err)")
        #expect(box.containerIDs.isEmpty && box.mounts.isEmpty)
    }

    /// The stage that fails names the error; the other stage's RUN is killed, not waited for.
    @Test func aFailingStageCancelsTheOthers() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try BuildTests.context(box, ["Dockerfile": """
            FROM busybox AS slow
            RUN sleep 600
            FROM busybox AS failing
            RUN sleep 1; echo failing now; exit 3
            FROM busybox
            COPY --from=slow /etc/hostname /slow
            COPY --from=failing /etc/hostname /failing
            """])
        let process = try box.start(["build", "--progress", "plain", "--network", "none", "-t", "failed", context])
        #expect(eventually(120) { !process.isRunning }, "the sleeping stage was cancelled")
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(BuildTests.imageID(box, "failed").isEmpty)
        #expect(eventually(10) { box.containerIDs.isEmpty && box.mounts.isEmpty })
        #expect(box.run(["ps", "-a", "-q"]).out.isEmpty)
    }

    @Test func anInterruptedParallelBuildLeavesNothing() throws {
        for signal in [SIGINT, SIGKILL] {
            let box = try Sandbox()
            defer { box.finish() }
            let context = try BuildTests.context(box, ["Dockerfile": """
                FROM busybox AS one
                RUN sleep 600
                FROM busybox AS two
                RUN sleep 600
                FROM busybox
                COPY --from=one /etc/hostname /one
                COPY --from=two /etc/hostname /two
                """])
            let process = try box.start(["build", "--network", "none", "-t", "interrupted", context])
            // Both stages' RUN containers run at once.
            #expect(eventually(60) { box.run(["ps", "-q"]).out.split(separator: "\n").count == 2 }, "signal \(signal)")
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            #expect(process.terminationStatus == (signal == SIGKILL ? 9 : 1), "signal \(signal)")
            #expect(eventually(10) { box.run(["ps", "-q"]).out.isEmpty }, "the RUN containers die with their build (signal \(signal))")
            #expect(BuildTests.imageID(box, "interrupted").isEmpty)
            if signal == SIGINT {
                #expect(box.containerIDs.isEmpty && box.mounts.isEmpty)
            } else {
                // The next build removes what a killed one left.
                let next = try BuildTests.context(box, ["Dockerfile": "FROM busybox\nENV A=1\n"])
                #expect(box.run(["build", "-t", "next", next]).code == 0)
                #expect(box.run(["ps", "-a", "-q"]).out.isEmpty && box.containerIDs.isEmpty)
            }
        }
    }
}
