import CRuntimeShims
import Glibc

/// The staging directory of one load or add, images/.staging-<random>: what it unpacks before it
/// is renamed into place, and `uses`, the layers and blobs it is about to use (recorded before it
/// looks for them). Locked by its maker until `finish`; one whose lock no process holds is what a
/// killed command left, and the next removal of unused content deletes it. The tasks of a pull
/// share one, each unpacking a layer into it; only its maker finishes it.
public final class ImageStaging: @unchecked Sendable {
    public let path: String
    private let lock: FileLock

    init(path: String, lock: FileLock) {
        self.path = path
        self.lock = lock
    }

    static let prefix = ".staging-"

    /// Records that the add uses this layer and blob: a removal keeps them while it runs.
    func record(chainID: String, blob: String) throws {
        guard let layer = Digest.hex(chainID), let blob = Digest.hex(blob) else { return }
        let fd = open(path + "/uses", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        if fd < 0 { throw RuntimeError.system("open \(path)/uses") }
        defer { close(fd) }
        try FileSystem.writeAll(fd: fd, Array("layer \(layer)\nblob \(blob)\n".utf8), path: path + "/uses")
    }

    /// The layers and blobs (hex digests) a live staging directory at `path` uses.
    static func uses(_ path: String) -> (layers: Set<String>, blobs: Set<String>) {
        var layers: Set<String> = []
        var blobs: Set<String> = []
        for line in ((try? FileSystem.readString(path + "/uses")) ?? nil)?.split(separator: "\n") ?? [] {
            let fields = line.split(separator: " ")
            guard fields.count == 2 else { continue }
            if fields[0] == "layer" { layers.insert(String(fields[1])) } else { blobs.insert(String(fields[1])) }
        }
        return (layers, blobs)
    }

    /// Removes the directory and lets its lock go.
    public func finish() {
        _ = mr_archive_make_removable(path)
        try? FileSystem.removeTree(path)
        lock.unlock()
    }
}
