import Glibc

/// What uname(2) says of this machine, as `version` and `info` show it.
struct Uname {
    /// The kernel's release (`uname -r`), its machine (`uname -m`: x86_64) and its node name.
    let release, machine, nodename: String

    static var current: Uname {
        var name = utsname()
        guard uname(&name) == 0 else { return Uname(release: "unknown", machine: "unknown", nodename: "unknown") }
        return Uname(release: string(name.release), machine: string(name.machine), nodename: string(name.nodename))
    }

    /// A field of utsname: a NUL-terminated C string in a fixed-size array.
    private static func string<Field>(_ field: Field) -> String {
        withUnsafeBytes(of: field) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
    }
}
