/// The interface names Netns writes into nft scripts and /proc/sys paths, and the bridge names
/// `network create -o com.docker.network.bridge.name` takes.
public enum InterfaceName {
    /// 1 to 15 bytes (IFNAMSIZ - 1) of ASCII letters, digits, '_', '-' and '.', and never "." or "..":
    /// nothing that could end nft's quotes or step out of a directory under /proc/sys. Stricter than the
    /// kernel, which allows any byte but '/', ':' and white space; minirun's own names all fit.
    public static func isSafe(_ name: String) -> Bool {
        (1...15).contains(name.utf8.count) && name != "." && name != ".."
            && name.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "_-.".utf8.contains(byte)
            }
    }
}
