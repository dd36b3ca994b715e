import CRuntimeShims
import Glibc
import Synchronization

/// A layer unpacked while its blob still downloads: minirun-unpack --layer --follow reads the blob
/// file as the download writes it and extracts it into a layer directory of an image store staging
/// directory as it comes, hashing it (the blob's digest) and the tar it decompresses (the diff_id).
/// `finish` gives the `UnpackedLayer` for `IncomingLayer.unpacked`: `ImageStore.add` checks it
/// against the image's config and moves it into place instead of unpacking the blob after the
/// download. Until then it is only a directory of a staging directory, which goes with it.
///
/// The download never waits for the unpacking: it only says, with a byte on a socket that never
/// blocks it, that it wrote more. (It used to hand the bytes over through that socket, and each
/// write waited while minirun-unpack was busy: on a machine with two cores the two threads of
/// Swift's task pool waited so, and the other downloads stood still meanwhile.) The socket's end
/// says the blob is complete. A socket rather than a pipe, so that a word after the program stopped
/// (it refused an entry) fails with EPIPE (MSG_NOSIGNAL) instead of raising SIGPIPE.
///
/// A thread of its own spawns minirun-unpack and waits for it: the program gets SIGKILL when the
/// thread that spawned it ends (PR_SET_PDEATHSIG, so that it dies with a killed pull), and the
/// thread of a task may end while the program still reads. One task writes the blob and finishes it.
public final class StreamedLayerExtraction: @unchecked Sendable {
    /// The layer directory; the files go into its diff/.
    public let directory: String
    private var words: Int32
    private let waiter: Waiter
    /// Set once a word found the program gone: it stopped reading (`finish` says why).
    public private(set) var stopped = false

    /// Starts minirun-unpack on a new layer directory in `staging`, reading `blob` from its start:
    /// a file the caller writes (appending) and then calls `wrote()`, until `finish`.
    public init(in staging: ImageStaging, following blob: String, unpacker: String = Executables.besideThisProgram().unpack) throws {
        directory = staging.path + "/layer-" + Identifiers.newID().prefix(16)
        try FileSystem.makeDirectories(directory + "/diff", mode: 0o755)
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw RuntimeError.system("socketpair")
        }
        words = ends[0]
        waiter = Waiter(unpacker: unpacker, arguments: ["--layer", "--follow", blob, directory + "/diff"], input: ends[1])
        do {
            try waiter.start()
        } catch {
            close(ends[1])  // ours goes with deinit
            removeDirectory()
            throw error
        }
    }

    deinit {
        if words >= 0 { close(words) }
    }

    /// Tells minirun-unpack that the blob has more bytes; false (and ever after) once it stopped
    /// reading. Never waits: when the socket is full, words it has not read yet say the same.
    @discardableResult
    public func wrote() -> Bool {
        var word: UInt8 = 1
        while !stopped {
            if send(words, &word, 1, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) == 1 { break }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { break }
            stopped = true
        }
        return !stopped
    }

    /// Says the blob is complete and waits for minirun-unpack: the layer it extracted, or its error
    /// (the directory then removed).
    public func finish() async throws -> UnpackedLayer {
        closeWords()
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
        closeWords()
        _ = await waiter.output()
        removeDirectory()
    }

    private func closeWords() {
        if words >= 0 { close(words) }
        words = -1
    }

    private func removeDirectory() {
        try? ImageArchive.makeRemovable(directory)
        try? FileSystem.removeTree(directory)
    }

    /// The thread that runs minirun-unpack and waits for it, and its outcome.
    private final class Waiter: Sendable {
        let unpacker: String
        let arguments: [String]
        /// The program's end of the words' socket: its standard input, closed here once it is spawned.
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
