import Glibc
import Registry
import Runtime
import Synchronization

/// What `pull` shows: on a terminal, Docker's display (a line per layer, redrawn in place with its
/// progress bar); otherwise plain lines - "Pulling from", a "Pull complete" line per layer (or
/// "Already exists" for one the store had; none when it had the whole image), the digest and the
/// status - that a log or a test can read.
final class PullDisplay: PullObserver {
    private struct State {
        var layers: [String] = []
        var lines: [String: String] = [:]
        /// Layers the store had: not downloaded.
        var existing: Set<String> = []
    }

    private let terminal: Bool
    private let quiet: Bool
    /// Standard output, which is minirun's stderr when `run --pull` runs this program.
    private let output: Int32 = 1
    private let state = Mutex(State())

    /// Whether the name ends the lines (the `pull` command's last line).
    private let printsName: Bool

    init(quiet: Bool, printsName: Bool = true) {
        self.quiet = quiet
        self.printsName = printsName
        terminal = !quiet && isatty(output) == 1
    }

    func pulling(_ reference: RemoteReference, layers: [String]) {
        guard !quiet else { return }
        state.withLock { state in
            state.layers = layers
            var text = "\(reference.tag ?? reference.digest ?? "latest"): Pulling from \(reference.repository)\n"
            if terminal {
                for digest in layers {
                    state.lines[digest] = Self.short(digest) + ": Pulling fs layer"
                    text += state.lines[digest]! + "\n"
                }
            }
            write(text)
        }
    }

    func layer(_ digest: String, _ event: LayerEvent) {
        if event == .alreadyExists { state.withLock { _ = $0.existing.insert(digest) } }
        guard terminal else { return }
        let text: String
        switch event {
        case .waiting: text = "Waiting"
        case .downloading(let received, let total): text = "Downloading " + Self.bar(received, total)
        case .verifying: text = "Verifying Checksum"
        case .downloadComplete, .alreadyDownloaded: text = "Download complete"
        case .alreadyExists: text = "Already exists"
        }
        update(digest, text)
    }

    /// After the store took an image in: each layer's last line, then its digest.
    func pulled(digest: String) {
        guard !quiet else { return }
        let (layers, existing) = state.withLock { ($0.layers, $0.existing) }
        for layer in layers {
            let status = existing.contains(layer) ? "Already exists" : "Pull complete"
            if terminal { update(layer, status) } else { write(Self.short(layer) + ": " + status + "\n") }
        }
        state.withLock { $0 = State() }  // the next tag of `pull --all-tags` has lines of its own
        write("Digest: \(digest)\n")
    }

    /// Docker's closing lines, once every image is in: the status, then the fully qualified name
    /// (which is all that `--quiet` prints) unless `printsName` is false.
    func finished(name: String, canonical: String, upToDate: Bool) {
        if !quiet { write("Status: \(upToDate ? "Image is up to date for" : "Downloaded newer image for") \(name)\n") }
        if printsName { write(canonical + "\n") }
    }

    /// A line of its own, such as "Using default tag: latest".
    func say(_ line: String) {
        write(line + "\n")
    }

    /// Rewrites the layer's line in place: up to it, clear it, write, back down.
    private func update(_ digest: String, _ text: String) {
        state.withLock { state in
            guard let index = state.layers.firstIndex(of: digest) else { return }
            let line = Self.short(digest) + ": " + text
            guard state.lines[digest] != line else { return }
            state.lines[digest] = line
            let up = state.layers.count - index
            write("\u{1B}[\(up)A\r\u{1B}[2K" + line + "\u{1B}[\(up)B\r")
        }
    }

    /// "[=====>        ]  1.2MB/3.4MB", fifty characters wide as Docker's.
    static func bar(_ received: Int64, _ total: Int64) -> String {
        let width = 50
        let filled = total > 0 ? min(width, Int(Double(received) / Double(total) * Double(width))) : 0
        let arrow = filled < width ? String(repeating: "=", count: max(0, filled - 1)) + ">" : String(repeating: "=", count: width)
        let bar = "[" + arrow + String(repeating: " ", count: max(0, width - arrow.count)) + "]"
        return bar + "  " + HumanFormat.size(UInt64(max(0, received))) + "/" + HumanFormat.size(UInt64(max(0, total)))
    }

    static func short(_ digest: String) -> String { String(digest.dropFirst(7).prefix(12)) }

    private func write(_ text: String) {
        _ = try? FileSystem.writeAll(fd: output, Array(text.utf8), path: "output")
    }
}
