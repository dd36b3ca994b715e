import Glibc
import Netns

/// The library's one error type: what kind of failure it is (the code - the CLI picks Docker's exit
/// status from it), the one line a user reads, and the error underneath when there is one
/// (a NetlinkError, a FirewallError, ...), kept so that its detail is not lost.
public struct RuntimeError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable, CaseIterable {
        /// The input is wrong: a flag's value, a reference that does not parse, options that conflict.
        case invalidArgument
        /// A container, image or network that does not exist.
        case notFound
        /// It exists, but its state forbids the request: a name in use, a container not running,
        /// a network with endpoints.
        case conflict
        /// The machine refused: a system call, netlink, the firewall, cgroups, the container's setup.
        case system
        /// Stored state that cannot be read back.
        case damaged
        /// The container's command does not exist (Docker's 127).
        case commandNotFound
        /// The container's command exists but cannot be executed (Docker's 126).
        case commandNotExecutable
        /// `-it` with a standard input that is not a terminal.
        case notATerminal
    }

    public let code: Code
    /// What was being done, or what is wrong; empty for an error that only gives its cause a code.
    public let message: String
    public let cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message, followed by the cause's own words when there is a cause (the cause alone when
    /// the message is empty: an error that only gives another one a code).
    public var description: String {
        guard let cause else { return message }
        return message.isEmpty ? "\(cause)" : "\(message): \(cause)"
    }

    /// `error` as a RuntimeError, kept as the cause, with the code its kind calls for: what Runtime
    /// gets from Netns and the image archive does not leave the library raw. `context` says what was
    /// being done; without it the cause's words are the whole message. A RuntimeError stays as it is.
    public static func wrapping(_ error: any Error, _ context: String? = nil) -> RuntimeError {
        if let error = error as? RuntimeError { return error }
        return RuntimeError(code(of: error), context ?? "", cause: error)
    }

    /// Runs `body`, which calls into Netns or the image archive, and throws what it throws as `wrapping` does.
    static func wrappingErrors<T>(of body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw wrapping(error)
        }
    }

    /// The kind of a library error that is not a RuntimeError.
    private static func code(of error: any Error) -> Code {
        switch error {
        case is AddressParseError, is PortParseError: .invalidArgument
        case let error as IPAllocator.Failure:
            switch error {
            case .taken: .conflict
            case .outside, .reserved: .invalidArgument
            case .exhausted: .system
            }
        case let error as PortReservationError:
            switch error {
            case .inUse: .conflict
            case .addressNotAvailable: .invalidArgument
            case .system: .system
            }
        case let error as ImageArchive.Error:
            switch error {
            case .refused, .invalidArchive: .invalidArgument
            case .failed: .system
            }
        default: .system  // netlink, the firewall, system calls
        }
    }

    /// A failed system call: "open /x: No such file or directory".
    public static func system(_ operation: String, _ errnoValue: Int32 = errno) -> RuntimeError {
        RuntimeError(.system, "\(operation): \(String(cString: strerror(errnoValue)))")
    }

    public static func notFound(_ kind: String, _ reference: String) -> RuntimeError {
        RuntimeError(.notFound, "No such \(kind): \(reference)")
    }

    public static func invalid(_ message: String) -> RuntimeError {
        RuntimeError(.invalidArgument, message)
    }
}
