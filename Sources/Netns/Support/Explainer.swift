import Glibc

/// `--explain`: every step minirun performs, printed in order as the command (iproute2, nft, mount,
/// ...) that would do the same by hand, with a comment saying why. Silent unless enabled.
public final class Explainer: @unchecked Sendable {
    public let isEnabled: Bool
    private let write: (String) -> Void

    public init(enabled: Bool, write: @escaping (String) -> Void = { text in
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + done, $0.count - done) }
            if n <= 0 { break }
            done += n
        }
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
