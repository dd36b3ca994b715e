/// A value JSON cannot hold (NaN, infinities), worded as Go's encoding/json words it.
public struct JSONWriteError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
