@testable import Runtime
import Testing

/// `volume create -o`: the local driver's options as Docker checks them, and what minirun mounts.
struct LocalVolumeOptionsTests {
    func message(_ options: [String: String]) -> String? {
        do { _ = try LocalVolumeOptions(options); return nil } catch { return "\(error)" }
    }

    @Test func aBindOrATmpfsIsUnderstood() throws {
        #expect(try LocalVolumeOptions([:]) == nil)
        #expect(try LocalVolumeOptions(["type": "none", "o": "bind", "device": "/srv/data/"]) == .bind(device: "/srv/data", readOnly: false))
        #expect(try LocalVolumeOptions(["type": "none", "o": "rbind,ro", "device": "/srv"]) == .bind(device: "/srv", readOnly: true))
        #expect(try LocalVolumeOptions(["type": "tmpfs", "device": "tmpfs", "o": "size=64m,uid=1000"]) == .tmpfs(options: "size=64m,uid=1000"))
        #expect(try LocalVolumeOptions(["type": "tmpfs", "device": "tmpfs"]) == .tmpfs(options: ""))
    }

    @Test(arguments: [
        (["size": "1g"], "invalid option key: \"size\""),
        (["type": "tmpfs"], "missing required option: \"device\""),
        (["device": "/srv"], "missing required option: \"type\""),
        (["o": "bind"], "missing required option: \"device\""),
        (["type": "nfs", "device": ":/export"], "invalid option type=nfs: minirun's local volumes mount type=none (o=bind) or type=tmpfs"),
        (["type": "none", "device": "/srv"], "invalid option o=: minirun mounts type=none with o=bind, and ro or rw"),
        (["type": "none", "device": "/srv", "o": "bind,noexec"], "invalid option o=bind,noexec: minirun mounts type=none with o=bind, and ro or rw"),
        (["type": "none", "device": "srv", "o": "bind"], "invalid option device=srv: a bind volume's device is an absolute host path"),
        (["type": "tmpfs", "device": "tmpfs", "o": "size=lots"], "invalid tmpfs option \"size=lots\""),
    ])
    func badOptionsAreRefusedWithDockersWords(options: [String: String], reason: String) {
        #expect(message(options)?.hasPrefix(reason) == true, "\(message(options) ?? "accepted")")
    }
}
