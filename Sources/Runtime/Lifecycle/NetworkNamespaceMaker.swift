import CRuntimeShims
import Glibc

/// A container's network namespace, made by a thread of its own (mr_netns_make_begin) while the
/// caller goes on. The kernel takes half a millisecond to make one, most of it registering the
/// namespace's sysctls: `run` begins it before it creates the container, so that it is ready by the
/// time the child is cloned. Begun only after signals are blocked, which the thread inherits.
public final class NetworkNamespaceMaker {
    private var maker: OpaquePointer?

    public init() {
        maker = mr_netns_make_begin()
    }

    /// The namespace's fd, which the caller then owns, or -errno; nil when no thread could be
    /// started (the child's clone then makes the namespace itself) or it was taken already.
    func finish() -> Int32? {
        guard let maker else { return nil }
        self.maker = nil
        return mr_netns_make_end(maker)
    }

    /// A namespace nobody took goes with its fd.
    deinit {
        if let fd = finish(), fd >= 0 { close(fd) }
    }
}
