import Glibc

/// A variable of this process's environment.
func hostVariable(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}
