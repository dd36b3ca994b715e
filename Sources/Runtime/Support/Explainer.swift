import Glibc

/// `--explain`: every step minirun performs, printed in order as the command (iproute2, nft, mount,
/// ...) that would do the same by hand, with a comment saying why. Silent unless enabled.
public final class Explainer: @unchecked Sendable {
    public let isEnabled: Bool
    private let write: (String) -> Void

    public init(enabled: Bool, write: @escaping (String) -> Void = { text in
        _ = try? FileSystem.writeAll(fd: 2, Array(text.utf8), path: "stderr")
    }) {
        self.isEnabled = enabled
        self.write = write
    }

    public static let silent = Explainer(enabled: false)

    /// A comment line: "# create the bridge".
    public func note(_ text: @autoclosure () -> String) {
        if isEnabled { write("# " + text() + "\n") }
    }

    /// A command line as a learner would type it.
    public func command(_ text: @autoclosure () -> String) {
        if isEnabled { write(text() + "\n") }
    }
}
