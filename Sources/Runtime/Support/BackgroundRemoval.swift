import CRuntimeShims

/// A tree removed by a thread of its own (mr_task_begin) while the caller goes on: what the
/// disk waits for then overlaps with the caller's work. Done once `finish()` returns, or this is
/// released. Best effort, like the removals it stands for: what is left is removed next time.
///
/// Finish it before a container's child is cloned. glibc in the child still counts the thread and
/// would wait for it forever in setresuid and friends, which it applies to every thread, and a lock
/// the thread held at the clone would stay held in the child.
public final class BackgroundRemoval {
    private var task: OpaquePointer?

    /// Removes `path` on a thread, or here and now when no thread can be started.
    init(_ path: String) {
        task = mr_task_begin(mr_remove_tree, path)
        if task == nil { _ = mr_remove_tree(path) }
    }

    public func finish() {
        guard let task else { return }
        self.task = nil
        _ = mr_task_end(task)
    }

    deinit {
        finish()
    }
}
