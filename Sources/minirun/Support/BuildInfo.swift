import CBuildInfo

/// What this minirun binary is: its version (defined here only), the commit and the compiler it was built with.
enum BuildInfo {
    static let version = "0.1.0"

    /// The commit scripts/build-release built, or "unknown" for builds that were not told (see Package.swift).
    static var gitCommit: String {
        let commit = String(cString: minirun_git_commit())
        return commit.isEmpty ? "unknown" : commit
    }

    /// The Swift compiler's version, as far as `#if compiler` tells it (major.minor).
    static var swiftVersion: String {
        #if compiler(>=7.0)
        return "7.0 or later"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    /// Docker's (Go's) name for the machine's architecture.
    static var architecture: String {
        #if arch(x86_64)
        return "amd64"
        #elseif arch(arm64)
        return "arm64"
        #elseif arch(i386)
        return "386"
        #else
        return "unknown"
        #endif
    }
}
