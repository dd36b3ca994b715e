/// What a build shows as it goes, drawn by its caller: the CLI's plain lines, its folded terminal
/// display, or nothing (-q). Called from the build's thread, but for `output`, which a thread of the
/// build calls while the step runs and the build's thread waits for it: never two calls at once.
public protocol BuildProgress: AnyObject, Sendable {
    /// Where a step's output (a RUN container's, a pull's) is written as it comes; nil to have the
    /// build read it and hand it to `output`.
    var outputFD: Int32? { get }
    /// A step begins: "[2/5] RUN apt-get update".
    func started(_ step: String)
    /// What the running step printed, as it came.
    func output(_ bytes: ArraySlice<UInt8>)
    /// The step ended: answered by the cache, or run in `seconds`.
    func finished(cached: Bool, seconds: Double)
    /// The running step failed; the build's error follows.
    func failed()
    /// A line outside the steps: a warning, "writing image sha256:...", "naming to ...".
    func note(_ line: String)
}
