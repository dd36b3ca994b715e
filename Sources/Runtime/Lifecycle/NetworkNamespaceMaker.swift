import CRuntimeShims
import Glibc

/// A container's network namespace, made by a thread of its own (mr_netns_make) while the
/// caller goes on. The kernel takes half a millisecond to make one, most of it registering the
/// namespace's sysctls: `run` begins it before it creates the container, so that it is ready by the
/// time the child is cloned. Begun only after signals are blocked, which the thread inherits.
final class NetworkNamespaceMaker {
    private var task: OpaquePointer?

    init() {
        task = mr_task_begin(mr_netns_make, nil)
    }

    /// The namespace's fd, which the caller then owns, or -errno; nil when no thread could be
    /// started (the child's clone then makes the namespace itself) or it was taken already.
    func finish() -> Int32? {
        guard let task else { return nil }
        self.task = nil
        return mr_task_end(task)
    }

    /// A namespace nobody took goes with its fd.
    deinit {
        if let fd = finish(), fd >= 0 { close(fd) }
    }
}
