import Glibc

/// A config.json mount's options as runc reads them: mount(2) flags, propagation flags (applied by a
/// second mount call), bind or rbind, and the rest passed as the filesystem's data.
struct OCIMountOptions: Equatable {
    var flags: UInt = 0
    var propagation: UInt = 0
    var bind = false
    var recursive = false
    var data: [String] = []

    /// name -> (clear, flag): "rw" clears MS_RDONLY, "ro" sets it.
    private static let flagTable: [String: (clear: Bool, flag: UInt)] = [
        "ro": (false, UInt(MS_RDONLY)), "rw": (true, UInt(MS_RDONLY)),
        "nosuid": (false, UInt(MS_NOSUID)), "suid": (true, UInt(MS_NOSUID)),
        "nodev": (false, UInt(MS_NODEV)), "dev": (true, UInt(MS_NODEV)),
        "noexec": (false, UInt(MS_NOEXEC)), "exec": (true, UInt(MS_NOEXEC)),
        "sync": (false, UInt(MS_SYNCHRONOUS)), "async": (true, UInt(MS_SYNCHRONOUS)),
        "dirsync": (false, UInt(MS_DIRSYNC)), "mand": (false, UInt(MS_MANDLOCK)), "nomand": (true, UInt(MS_MANDLOCK)),
        "noatime": (false, UInt(MS_NOATIME)), "atime": (true, UInt(MS_NOATIME)),
        "nodiratime": (false, UInt(MS_NODIRATIME)), "diratime": (true, UInt(MS_NODIRATIME)),
        "relatime": (false, UInt(MS_RELATIME)), "norelatime": (true, UInt(MS_RELATIME)),
        "strictatime": (false, UInt(MS_STRICTATIME)), "nostrictatime": (true, UInt(MS_STRICTATIME)),
        "remount": (false, UInt(MS_REMOUNT)),
    ]

    static let propagationTable: [String: UInt] = [
        "private": UInt(MS_PRIVATE), "rprivate": UInt(MS_PRIVATE | MS_REC),
        "shared": UInt(MS_SHARED), "rshared": UInt(MS_SHARED | MS_REC),
        "slave": UInt(MS_SLAVE), "rslave": UInt(MS_SLAVE | MS_REC),
        "unbindable": UInt(MS_UNBINDABLE), "runbindable": UInt(MS_UNBINDABLE | MS_REC),
    ]

    init(_ options: [String]) {
        for option in options {
            if option == "bind" {
                bind = true
            } else if option == "rbind" {
                bind = true
                recursive = true
            } else if let entry = Self.flagTable[option] {
                if entry.clear { flags &= ~entry.flag } else { flags |= entry.flag }
            } else if let flag = Self.propagationTable[option] {
                propagation |= flag
            } else {
                data.append(option)
            }
        }
    }

    var dataString: String? { data.isEmpty ? nil : data.joined(separator: ",") }
}
