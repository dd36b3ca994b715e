import Glibc

/// A terminal's size in characters, as TIOCGWINSZ reports it.
public struct WindowSize: Sendable, Equatable {
    public var rows: UInt16
    public var columns: UInt16

    public init(rows: UInt16, columns: UInt16) {
        self.rows = rows
        self.columns = columns
    }

    /// The size of the terminal `fd` is (0x0 when none was set: the child then leaves a pty's
    /// alone), or nil when `fd` is no terminal.
    public static func of(_ fd: Int32) -> WindowSize? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 else { return nil }
        return WindowSize(rows: size.ws_row, columns: size.ws_col)
    }
}
