import ArgumentParser
@testable import minirun
import Runtime
import Testing

/// minirun's, not Swift Testing's ExitStatus.
typealias Status = minirun.ExitStatus

/// Docker's exit statuses, from the one table in ExitStatus: every code on every kind of command.
struct ExitStatusTests {
    /// What docker says. A code added to RuntimeError.Code fails to compile in ExitStatus and fails
    /// here until it is given its status for each kind.
    static let expected: [RuntimeError.Code: [Status.CommandKind: Int32]] = [
        .invalidArgument: [.runOrCreate: 125, .exec: 126, .imageTransfer: 125, .other: 1],
        .notFound: [.runOrCreate: 125, .exec: 1, .imageTransfer: 125, .other: 1],
        .conflict: [.runOrCreate: 125, .exec: 1, .imageTransfer: 125, .other: 1],
        .system: [.runOrCreate: 125, .exec: 126, .imageTransfer: 125, .other: 1],
        .damaged: [.runOrCreate: 125, .exec: 126, .imageTransfer: 125, .other: 1],
        .commandNotFound: [.runOrCreate: 127, .exec: 127, .imageTransfer: 125, .other: 1],
        .commandNotExecutable: [.runOrCreate: 126, .exec: 126, .imageTransfer: 125, .other: 1],
        .notATerminal: [.runOrCreate: 1, .exec: 1, .imageTransfer: 125, .other: 1],
    ]

    @Test func everyCodeHasDockersStatusOnEveryKindOfCommand() {
        for code in RuntimeError.Code.allCases {
            for kind in Status.CommandKind.allCases {
                #expect(Status.of(code, in: kind) == Self.expected[code]?[kind], "\(code) on \(kind)")
            }
        }
    }

    @Test func theKindOfCommandIsTheOneParsed() throws {
        for (arguments, kind) in [
            (["run", "busybox", "true"], Status.CommandKind.runOrCreate), (["create", "busybox", "true"], .runOrCreate),
            (["exec", "c", "true"], .exec), (["ps"], .other), (["load", "-i", "x"], .imageTransfer), (["image", "save", "i"], .imageTransfer), (["start", "c"], .other), (["network", "rm", "n"], .other),
        ] {
            #expect(Status.CommandKind(try MiniRun.parseAsRoot(arguments)) == kind, "\(arguments)")
        }
    }
}
