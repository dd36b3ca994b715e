/// What a pull reports as it goes, for a display (Docker's progress lines or plain lines).
public protocol PullObserver: Sendable {
    /// The manifest is known: these layers (unique digests, bottom first) come next.
    func pulling(_ reference: RemoteReference, layers: [String])
    func layer(_ digest: String, _ event: LayerEvent)
}

public enum LayerEvent: Sendable, Equatable {
    /// Another pull is downloading it; this one waits for its result.
    case waiting
    case downloading(received: Int64, total: Int64)
    case verifying
    case downloadComplete
    /// A blob already downloaded (by a pull running at the same time, or a killed one).
    case alreadyDownloaded
    /// A layer the image store has already: not downloaded at all.
    case alreadyExists
}
