import Foundation
import TestSupport

/// A loop device over a scratch file of the test's own under /var/tmp: a host block device a
/// container must not reach by default. The file starts with `marker`, so a test sees whether a
/// container read it. `detach()` (or the end of the value) detaches it and removes the file.
final class LoopDevice {
    static let marker = "MINIRUN-DEVICE-MARKER"
    let path: String
    let file: String
    let major: Int
    let minor: Int

    init() throws {
        file = try Sandbox.makeTemporaryDirectory(prefix: "minirun-loop") + "/disk.img"
        let bytes = Data(Self.marker.utf8) + Data(count: (1 << 20) - Self.marker.utf8.count)
        try bytes.write(to: URL(fileURLWithPath: file))
        let attached = Command.run("/sbin/losetup", ["--find", "--show", file])
        guard attached.code == 0, case let device = attached.out.trimmingCharacters(in: .whitespacesAndNewlines),
              !device.isEmpty
        else {
            try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent)
            throw LoopError(message: "losetup --find --show: \(attached.err)")
        }
        path = device
        var status = stat()
        guard stat(device, &status) == 0 else { throw LoopError(message: "stat \(device): \(errno)") }
        major = Int((status.st_rdev >> 8) & 0xfff)
        minor = Int((status.st_rdev & 0xff) | ((status.st_rdev >> 12) & 0xfff00))
    }

    struct LoopError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The first bytes of the scratch file, to see whether a container wrote to the device.
    var head: String {
        let data = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: file)).read(upToCount: Self.marker.utf8.count)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private var detached = false

    func detach() {
        guard !detached else { return }
        detached = true
        _ = Command.run("/sbin/losetup", ["--detach", path])
        try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent)
    }

    deinit { detach() }
}
