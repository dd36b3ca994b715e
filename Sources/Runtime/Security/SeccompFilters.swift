/// Seccomp filters for containers, compiled in the parent and kept in a cache on disk.
///
/// Compiling loads libseccomp and costs milliseconds; a container started again with the same
/// profile and capabilities only reads a small file, named after the SHA-256 of what the filter is
/// made from: the profile's canonical JSON, the capabilities, the architecture and the kernel version
/// (`minKernel` rules depend on it). Files are written atomically, so parallel runs that compile
/// the same filter both succeed, and a damaged file is compiled again.
public enum SeccompFilters {
    /// The filter `profile` gives a container with `capabilities` (bit N = capability N) on this
    /// machine, as struct sock_filter instructions for ProcessSpec.seccompFilter. `cacheDirectory`
    /// (StateRoot.seccomp) is created when missing.
    public static func filter(for profile: SeccompProfile, capabilities: UInt64, cacheDirectory: String) throws
        -> [UInt8]
    {
        try filter(for: profile, target: .native(capabilities: capabilities), cacheDirectory: cacheDirectory)
    }

    static func filter(for profile: SeccompProfile, target: SeccompTarget, cacheDirectory: String) throws -> [UInt8] {
        let path = cacheDirectory + "/" + cacheKey(profile, target) + ".bpf"
        if let file = try FileSystem.read(path), let bpf = SeccompCacheFile.decode(file) {
            return bpf
        }
        let bpf = try SeccompCompiler.compile(profile, for: target)
        try FileSystem.makeDirectories(cacheDirectory, mode: 0o700)
        try FileSystem.writeAtomically(path, SeccompCacheFile.encode(bpf), mode: 0o600)
        return bpf
    }

    /// The name of the cached filter for `profile` and `target`, 64 hex digits.
    static func cacheKey(_ profile: SeccompProfile, _ target: SeccompTarget) -> String {
        let inputs = "\n\(String(target.capabilities, radix: 16))\n\(target.architecture.rawValue)\n\(target.kernel)\n"
        return SeccompCacheFile.digest(profile.canonicalJSON + Array(inputs.utf8))
    }
}
