import CRuntimeShims

#if canImport(Glibc)
import Glibc
#endif

/// Secure extraction of image tarballs (plain, gzip, bzip2, xz, lzma or zstd) through libarchive,
/// which is loaded only when an archive is first extracted.
///
/// Nothing outside the destination is ever created or changed: absolute paths, `..` components,
/// paths through a symlink and hard links to outside targets are refused, as are device nodes when
/// `allowDevices` is false. Ownership (numeric ids, as root), modes, setuid bits, times, xattrs,
/// ACLs and file flags are kept. Neither the process's working directory nor its umask matters.
public enum ImageArchive {
    /// Why an extraction failed. `description` is one line naming the entry at fault, such as
    /// `refusing "../evil": path contains '..'`.
    public enum Error: Swift.Error, CustomStringConvertible, Equatable, Sendable {
        /// An entry would land outside the destination, or is not allowed (a device node).
        case refused(String)
        /// The input is not a readable tarball: unknown format, corrupt or truncated.
        case invalidArchive(String)
        /// A system error while reading the input or writing the files.
        case failed(String)
        /// libarchive.so.13 could not be loaded.
        case libarchiveUnavailable(String)

        public var description: String {
            switch self {
            case .refused(let message), .invalidArchive(let message), .failed(let message),
                .libarchiveUnavailable(let message):
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
        from fd: Int32, into directory: String, allowDevices: Bool = true
    ) throws -> ExtractedArchive {
        var digest = [CChar](repeating: 0, count: 65)
        var message = [CChar](repeating: 0, count: 1024)
        var unpacked: UInt64 = 0
        let status = mr_archive_extract(
            fd, directory, allowDevices ? 1 : 0, &digest, &unpacked, &message, message.count)
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        switch status {
        case Int32(MR_ARCHIVE_OK.rawValue):
            let hex = String(decoding: digest.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return ExtractedArchive(sha256: hex, unpackedBytes: unpacked)
        case Int32(MR_ARCHIVE_REFUSED.rawValue):
            throw Error.refused(text)
        case Int32(MR_ARCHIVE_INVALID.rawValue):
            throw Error.invalidArchive(text)
        case Int32(MR_ARCHIVE_UNAVAILABLE.rawValue):
            throw Error.libarchiveUnavailable(text)
        default:
            throw Error.failed(text)
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
