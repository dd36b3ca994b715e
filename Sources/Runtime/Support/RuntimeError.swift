import Glibc

/// An error of the runtime, with the one line a user reads and the exit code Docker would give.
public struct RuntimeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public let exitCode: Int32

    public init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }

    /// A failed system call: "open /x: No such file or directory".
    public static func system(_ operation: String, _ errnoValue: Int32 = errno) -> RuntimeError {
        RuntimeError("\(operation): \(String(cString: strerror(errnoValue)))")
    }

    public static func notFound(_ kind: String, _ reference: String) -> RuntimeError {
        RuntimeError("No such \(kind): \(reference)")
    }

    public static func invalid(_ message: String) -> RuntimeError {
        RuntimeError(message)
    }
}
