/// Cuts bytes read from a growing file into lines. A last line without its newline is kept until
/// the rest arrives: the monitor may be halfway through writing it (or died there, in which case
/// it is never shown).
struct LogLineSplitter {
    private var unfinished: [UInt8] = []

    /// Calls `body` with each complete line in `bytes` (after what was left over), newline removed.
    mutating func append(_ bytes: ArraySlice<UInt8>, _ body: (ArraySlice<UInt8>) throws -> Void) rethrows {
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            if unfinished.isEmpty {
                try body(bytes[start..<newline])
            } else {
                unfinished += bytes[start..<newline]
                try body(unfinished[...])
                unfinished = []
            }
            start = newline + 1
        }
        unfinished += bytes[start...]
    }
}
