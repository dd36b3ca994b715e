import Glibc

/// A terminal's size in characters, as TIOCGWINSZ reports it.
public struct WindowSize: Sendable, Equatable {
    public var rows: UInt16
    public var columns: UInt16

    public init(rows: UInt16, columns: UInt16) {
        self.rows = rows
        self.columns = columns
    }

    /// The size of the terminal `fd` is, or nil when it is none or has no size (0x0).
    public static func of(_ fd: Int32) -> WindowSize? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return nil }
        return WindowSize(rows: size.ws_row, columns: size.ws_col)
    }
}
