import Foundation

/// A program of the package (a test probe, minirun-unpack...) where SwiftPM builds it: beside the
/// test runner that is running.
public enum BuiltProgram {
    public static func path(_ name: String) -> String {
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return (runner as NSString).deletingLastPathComponent + "/" + name
    }
}
