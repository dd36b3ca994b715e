import CRuntimeShims

#if canImport(Glibc)
import Glibc
#endif

/// Secure extraction of image tarballs (plain, gzip, bzip2, xz, lzma or zstd) through libarchive,
/// in the program minirun-unpack beside minirun: the static minirun cannot load libarchive (a shared
/// library in a static executable runs on a second glibc, which crashes in iconv on PAX headers).
///
/// Nothing outside the destination is ever created or changed: absolute paths, `..` components,
/// paths through a symlink, paths deeper than 256 directories and hard links to outside targets are
/// refused, as are device nodes when `allowDevices` is false. Ownership (numeric ids, as root), modes,
/// setuid bits, times, xattrs, ACLs and file flags are kept. Neither the process's working directory
/// nor its umask matters.
public enum ImageArchive {
    /// Why an extraction failed. `description` is one line naming the entry at fault, such as
    /// `refusing "../evil": path contains '..'`.
    public enum Error: Swift.Error, CustomStringConvertible, Equatable, Sendable {
        /// An entry would land outside the destination, or is not allowed (a device node).
        case refused(String)
        /// The input is not a readable tarball: unknown format, corrupt or truncated.
        case invalidArchive(String)
        /// A system error while reading the input or writing the files, or minirun-unpack could not run.
        case failed(String)

        public var description: String {
            switch self {
            case .refused(let message), .invalidArchive(let message), .failed(let message):
                return message
            }
        }
    }

    /// Reads a tarball from `fd` to its end (the descriptor stays open) and extracts it into
    /// `directory`, which must exist. An entry `./` applies its owner, mode and times to
    /// `directory` itself.
    ///
    /// On failure the directory holds whatever was extracted so far and is left removable
    /// (immutable and append-only flags cleared); deleting it is the caller's job.
    public static func extract(
        from fd: Int32, into directory: String, allowDevices: Bool = true,
        unpacker: String = Executables.besideThisProgram().unpack
    ) throws -> ExtractedArchive {
        let output = try runUnpacker(unpacker, (allowDevices ? ["--allow-devices"] : []) + [directory], input: fd)
        let fields = output.split(separator: " ")
        guard fields.count == 2, fields[0].utf8.count == 64, let unpacked = UInt64(fields[1]) else {
            throw Error.failed("\(unpacker) printed no digest: \(Identifiers.printable(output))")
        }
        return ExtractedArchive(sha256: String(fields[0]), unpackedBytes: unpacked)
    }

    /// What `extractLayer` learned: "sha256:<hex>" digests of the blob as read and of its
    /// uncompressed tar (the diff_id), and the bytes of file data written.
    public struct ExtractedLayer: Sendable, Equatable {
        public var digest: String
        public var diffID: String
        public var unpackedBytes: UInt64
    }

    /// Extracts an image layer (a tar, plain or compressed) from `fd` into `directory` with the same
    /// refusals as `extract`, its OCI whiteouts made overlayfs whiteouts. `tarCopy`, a path that must
    /// not exist, gets the uncompressed tar. Device nodes are refused unless allowed, as `image import`
    /// refuses them.
    public static func extractLayer(
        from fd: Int32, into directory: String, tarCopy: String? = nil, allowDevices: Bool = false,
        unpacker: String = Executables.besideThisProgram().unpack
    ) throws -> ExtractedLayer {
        let arguments = ["--layer"] + (allowDevices ? ["--allow-devices"] : []) + (tarCopy.map { ["--tar-copy", $0] } ?? [])
        return try extractedLayer(try runUnpacker(unpacker, arguments + [directory], input: fd), unpacker: unpacker)
    }

    /// What minirun-unpack --layer printed, read.
    static func extractedLayer(_ output: String, unpacker: String) throws -> ExtractedLayer {
        let fields = output.split(separator: " ")
        guard fields.count == 3, fields[0].utf8.count == 64, fields[1].utf8.count == 64, let unpacked = UInt64(fields[2]) else {
            throw Error.failed("\(unpacker) printed no digests: \(Identifiers.printable(output))")
        }
        return ExtractedLayer(digest: "sha256:" + fields[0], diffID: "sha256:" + fields[1], unpackedBytes: unpacked)
    }

    /// Runs minirun-unpack with `arguments`, `input` as its standard input; its output line (without
    /// the newline), or the error its exit status and message say.
    static func runUnpacker(_ unpacker: String, _ arguments: [String], input fd: Int32) throws -> String {
        try withArgv(unpacker, arguments) { argv in
            var outFD: Int32 = -1
            var errFD: Int32 = -1
            let status = mr_run_collecting_fd(unpacker, argv, fd, &outFD, &errFD)
            return try unpackerOutput(unpacker, status: status, out: outFD, err: errFD)
        }
    }

    /// `body` with a C argument vector of the program and its arguments.
    static func withArgv<T>(_ program: String, _ arguments: [String], _ body: ([UnsafeMutablePointer<CChar>?]) throws -> T) rethrows -> T {
        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        return try body(argv)
    }

    /// The output line (without the newline) of minirun-unpack, which ended with the wait `status`
    /// (or could not run: -errno) and wrote to the memfds `outFD` and `errFD` (closed here), or the
    /// error its exit status and message say.
    static func unpackerOutput(_ unpacker: String, status: Int32, out outFD: Int32, err errFD: Int32) throws -> String {
        guard status >= 0 else {
            throw Error.failed("cannot run \(unpacker): \(String(cString: strerror(-status)))")
        }
        defer {
            close(outFD)
            close(errFD)
        }
        let output = String(decoding: try FileSystem.readAll(fd: outFD, path: "the output of \(unpacker)"), as: UTF8.self)
        let message = String(decoding: try FileSystem.readAll(fd: errFD, path: "the errors of \(unpacker)"), as: UTF8.self)
            .split(separator: "\n").first.map(String.init) ?? ""
        // The wait status: exit code in bits 8-15 when the low 7 bits are 0, otherwise the signal number.
        let signal = status & 0x7F
        guard signal == 0 else {
            throw Error.failed("\(unpacker) was killed by signal \(signal)")
        }
        switch (status >> 8) & 0xFF {
        case Int32(MR_ARCHIVE_OK.rawValue):
            return output.filter { $0 != "\n" }
        case Int32(MR_ARCHIVE_REFUSED.rawValue):
            throw Error.refused(message)
        case Int32(MR_ARCHIVE_INVALID.rawValue):
            throw Error.invalidArchive(message)
        default:
            throw Error.failed(message.isEmpty ? "\(unpacker) failed with status \((status >> 8) & 0xFF)" : message)
        }
    }

    /// Opens the tarball at `path` (`-` for standard input) and extracts it into `directory`.
    public static func extract(
        fileAt path: String, into directory: String, allowDevices: Bool = true
    ) throws -> ExtractedArchive {
        if path == "-" {
            return try extract(from: STDIN_FILENO, into: directory, allowDevices: allowDevices)
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw Error.failed("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        return try extract(from: fd, into: directory, allowDevices: allowDevices)
    }

    /// Clears the immutable and append-only flags of everything below `directory` (an extracted
    /// image may carry them) and makes its directories owner-writable, so that it can be deleted.
    /// Symlinks are not followed and mount points not crossed.
    public static func makeRemovable(_ directory: String) throws {
        if mr_archive_make_removable(directory) != 0 {
            throw Error.failed("cannot walk \(directory): \(String(cString: strerror(errno)))")
        }
    }
}
