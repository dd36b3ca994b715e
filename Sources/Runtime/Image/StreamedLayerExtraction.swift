import CRuntimeShims
import Glibc
import Synchronization

/// A layer unpacked while its blob still downloads: minirun-unpack --layer reads the bytes `write`
/// hands it from a socket and extracts them into a layer directory of an image store staging
/// directory as they come, hashing them (the blob's digest) and the tar it decompresses (the
/// diff_id). `finish` gives the `UnpackedLayer` for `IncomingLayer.unpacked`: `ImageStore.add`
/// checks it against the image's config and moves it into place instead of unpacking the blob after
/// the download. Until then it is only a directory of a staging directory, which goes with it.
///
/// A thread of its own spawns minirun-unpack and waits for it: the program gets SIGKILL when the
/// thread that spawned it ends (PR_SET_PDEATHSIG, so that it dies with a killed pull), and the
/// thread of a task may end while the program still reads. The input is a socket rather than a pipe
/// so that a write after the program stopped reading (it refused an entry) fails with EPIPE
/// (MSG_NOSIGNAL) instead of raising SIGPIPE. One task feeds it and finishes it.
public final class StreamedLayerExtraction: @unchecked Sendable {
    /// The layer directory; the files go into its diff/.
    public let directory: String
    private var input: Int32
    private let waiter: Waiter
    /// Set by the first write that failed: the program stopped reading (`finish` says why).
    public private(set) var stopped = false

    /// Starts minirun-unpack on a new layer directory in `staging`.
    public init(in staging: ImageStaging, unpacker: String = Executables.besideThisProgram().unpack) throws {
        directory = staging.path + "/layer-" + Identifiers.newID().prefix(16)
        try FileSystem.makeDirectories(directory + "/diff", mode: 0o755)
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw RuntimeError.system("socketpair")
        }
        input = ends[0]
        waiter = Waiter(unpacker: unpacker, arguments: ["--layer", directory + "/diff"], input: ends[1])
        do {
            try waiter.start()
        } catch {
            close(ends[1])  // ours goes with deinit
            removeDirectory()
            throw error
        }
    }

    deinit {
        if input >= 0 { close(input) }
    }

    /// Hands the next bytes of the blob to minirun-unpack; false (and ever after) once it stopped
    /// reading them.
    @discardableResult
    public func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var done = 0
        while !stopped && done < bytes.count {
            let n = send(input, bytes.baseAddress! + done, bytes.count - done, Int32(MSG_NOSIGNAL))
            if n < 0 && errno == EINTR { continue }
            if n < 0 { stopped = true } else { done += n }
        }
        return !stopped
    }

    /// Ends the blob and waits for minirun-unpack: the layer it extracted, or its error (the
    /// directory then removed).
    public func finish() async throws -> UnpackedLayer {
        closeInput()
        do {
            let extracted = try ImageArchive.extractedLayer(try await waiter.output().get(), unpacker: waiter.unpacker)
            return UnpackedLayer(directory: directory, extracted: extracted)
        } catch {
            removeDirectory()
            throw error
        }
    }

    /// Ends the blob where it stands, waits for minirun-unpack (which then fails on the truncated
    /// input) and removes what it extracted.
    public func abandon() async {
        closeInput()
        _ = await waiter.output()
        removeDirectory()
    }

    private func closeInput() {
        if input >= 0 { close(input) }
        input = -1
    }

    private func removeDirectory() {
        try? ImageArchive.makeRemovable(directory)
        try? FileSystem.removeTree(directory)
    }

    /// The thread that runs minirun-unpack and waits for it, and its outcome.
    private final class Waiter: Sendable {
        let unpacker: String
        let arguments: [String]
        /// The program's end of the socket: its standard input, closed here once it is spawned.
        let input: Int32
        private struct State {
            var output: Result<String, any Error>?
            var waiting: CheckedContinuation<Result<String, any Error>, Never>?
        }
        private let state = Mutex(State())

        init(unpacker: String, arguments: [String], input: Int32) {
            self.unpacker = unpacker
            self.arguments = arguments
            self.input = input
        }

        func start() throws {
            var thread = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            let status = pthread_create(&thread, nil, { context in
                Unmanaged<Waiter>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, context)
            guard status == 0 else {
                Unmanaged<Waiter>.fromOpaque(context).release()
                throw RuntimeError.system("start a thread for \(unpacker)", status)
            }
            pthread_detach(thread)
        }

        private func run() {
            let output = Result {
                try ImageArchive.withArgv(unpacker, arguments) { argv in
                    var pid: pid_t = -1
                    var outFD: Int32 = -1
                    var errFD: Int32 = -1
                    var status = mr_spawn_collecting(unpacker, argv, input, &pid, &outFD, &errFD)
                    close(input)
                    if status == 0 { status = mr_wait_collected(pid, outFD, errFD) }
                    return try ImageArchive.unpackerOutput(unpacker, status: status, out: outFD, err: errFD)
                }
            }
            let waiting = state.withLock { state in
                state.output = output
                defer { state.waiting = nil }
                return state.waiting
            }
            waiting?.resume(returning: output)
        }

        /// What the program printed, or its error, once it has ended.
        func output() async -> Result<String, any Error> {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state in
                    if state.output == nil { state.waiting = continuation }
                    return state.output
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
