import Netns
import Runtime
import Testing

/// Errors of Netns and of the image archive leave the library as RuntimeErrors with a code for their
/// kind, and themselves kept as the cause.
struct RuntimeErrorTests {
    @Test func aRuntimeErrorIsWrappedAsItIs() {
        let original = RuntimeError(.notFound, "No such container: x")
        let wrapped = RuntimeError.wrapping(original, "context")
        #expect(wrapped.code == .notFound && wrapped.description == "No such container: x" && wrapped.cause == nil)
    }

    @Test func otherErrorsGetTheCodeOfTheirKind() throws {
        let address = try IPv4Address(parsing: "10.0.0.2")
        let port = try PublishedPort(parsing: "8080:80")
        let cases: [(any Error, RuntimeError.Code)] = [
            (AddressParseError.invalidIPv4Address("x"), .invalidArgument),
            (PortParseError.invalidPort("x"), .invalidArgument),
            (IPAllocator.Failure.taken(address), .conflict),
            (PortReservationError.inUse(port), .conflict),
            (NetlinkMessageError.invalidLinkName("x"), .system),
            (FirewallError.invalidTableName("x"), .system),
            (ImageArchive.Error.refused("refusing \"../x\""), .invalidArgument),
            (ImageArchive.Error.failed("write x: No space left on device"), .system),
        ]
        for (error, code) in cases {
            let wrapped = RuntimeError.wrapping(error)
            #expect(wrapped.code == code, "\(error)")
            #expect(wrapped.cause.map { "\($0)" } == "\(error)")
        }
    }

    @Test func theDescriptionIsTheContextThenTheCause() {
        let cause = NetlinkMessageError.invalidLinkName("x")
        #expect(RuntimeError.wrapping(cause).description == cause.description, "no context: the cause's words alone")
        #expect(RuntimeError.wrapping(cause, "network rm n").description == "network rm n: \(cause)")
    }

    /// A real case through Engine: two publications of one host port, refused by Netns's
    /// PublishedPort.distinct before anything exists.
    @Test func aNetnsErrorThroughEngineIsARuntimeErrorWithTheOriginalAsCause() throws {
        let directory = try TemporaryDirectory()
        let engine = Engine(root: StateRoot.resolve(root: directory.path, environment: { _ in nil }))
        var options = CreateOptions(image: "busybox", command: ["true"])
        options.network = .none
        options.ports = [try PublishedPort(parsing: "8080:80"), try PublishedPort(parsing: "8080:81")]
        let error = #expect(throws: RuntimeError.self) { try engine.create(options) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.cause as? PortParseError == .conflict("8080:80/tcp", "8080:81/tcp"), "\(String(describing: error?.cause))")
        #expect(error?.description.contains("conflicting port publications") == true, "\(String(describing: error))")
    }
}
