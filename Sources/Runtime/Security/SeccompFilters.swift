/// Seccomp filters for containers, compiled in the parent and kept in a cache on disk.
///
/// Compiling loads libseccomp and costs milliseconds; a container started again with the same
/// profile and capabilities only reads a small file, named after the SHA-256 of what the filter is
/// made from: the digest of the profile's canonical JSON, the capabilities, the architecture and the kernel version
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

    /// Docker's default profile, the one nearly every container gets: its cached filter is found
    /// through `SeccompProfile.dockerDigest`, without building the profile and its JSON (0.2 ms).
    public static func dockerFilter(capabilities: UInt64, cacheDirectory: String) throws -> [UInt8] {
        try filter(profileDigest: SeccompProfile.dockerDigest, profile: { .docker },
                   target: .native(capabilities: capabilities), cacheDirectory: cacheDirectory)
    }

    static func filter(for profile: SeccompProfile, target: SeccompTarget, cacheDirectory: String) throws -> [UInt8] {
        try filter(profileDigest: digest(profile), profile: { profile }, target: target, cacheDirectory: cacheDirectory)
    }

    private static func filter(profileDigest: String, profile: () -> SeccompProfile, target: SeccompTarget,
                               cacheDirectory: String) throws -> [UInt8] {
        let path = cacheDirectory + "/" + cacheKey(profileDigest: profileDigest, target) + ".bpf"
        if let file = try FileSystem.read(path), let bpf = SeccompCacheFile.decode(file) {
            return bpf
        }
        let bpf = try SeccompCompiler.compile(profile(), for: target)
        try FileSystem.makeDirectories(cacheDirectory, mode: 0o700)
        try FileSystem.writeAtomically(path, SeccompCacheFile.encode(bpf), mode: 0o600)
        return bpf
    }

    /// The SHA-256 of the profile's canonical JSON.
    static func digest(_ profile: SeccompProfile) -> String {
        SeccompCacheFile.digest(profile.canonicalJSON)
    }

    /// The name of the cached filter for `profile` and `target`, 64 hex digits.
    static func cacheKey(_ profile: SeccompProfile, _ target: SeccompTarget) -> String {
        cacheKey(profileDigest: digest(profile), target)
    }

    private static func cacheKey(profileDigest: String, _ target: SeccompTarget) -> String {
        let inputs = "\(profileDigest)\n\(String(target.capabilities, radix: 16))\n\(target.architecture.rawValue)\n\(target.kernel)\n"
        return SeccompCacheFile.digest(Array(inputs.utf8))
    }
}
