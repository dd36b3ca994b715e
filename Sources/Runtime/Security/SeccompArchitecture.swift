/// A syscall ABI a filter recognizes, named as in Docker's profiles (runtime-spec's Arch). A filter
/// lists every ABI a container's programs may use: on x86_64 also the 32-bit (x86) and x32 ones,
/// whose syscall numbers differ.
public enum SeccompArchitecture: String, Codable, Sendable {
    case x86 = "SCMP_ARCH_X86"
    case x86_64 = "SCMP_ARCH_X86_64"
    case x32 = "SCMP_ARCH_X32"
    case arm = "SCMP_ARCH_ARM"
    case aarch64 = "SCMP_ARCH_AARCH64"
    case mips = "SCMP_ARCH_MIPS"
    case mips64 = "SCMP_ARCH_MIPS64"
    case mips64n32 = "SCMP_ARCH_MIPS64N32"
    case mipsel = "SCMP_ARCH_MIPSEL"
    case mipsel64 = "SCMP_ARCH_MIPSEL64"
    case mipsel64n32 = "SCMP_ARCH_MIPSEL64N32"
    case ppc = "SCMP_ARCH_PPC"
    case ppc64 = "SCMP_ARCH_PPC64"
    case ppc64le = "SCMP_ARCH_PPC64LE"
    case s390 = "SCMP_ARCH_S390"
    case s390x = "SCMP_ARCH_S390X"
    case parisc = "SCMP_ARCH_PARISC"
    case parisc64 = "SCMP_ARCH_PARISC64"
    case riscv64 = "SCMP_ARCH_RISCV64"
    case loongarch64 = "SCMP_ARCH_LOONGARCH64"
    case m68k = "SCMP_ARCH_M68K"
    case sh = "SCMP_ARCH_SH"
    case sheb = "SCMP_ARCH_SHEB"

    public init(from decoder: any Decoder) throws {
        self = try SeccompKeyword.decode(from: decoder, kind: "architecture")
    }

    /// The architecture minirun was built for, which is the one its containers run.
    static var native: SeccompArchitecture {
        #if arch(x86_64)
        .x86_64
        #elseif arch(arm64)
        .aarch64
        #elseif arch(i386)
        .x86
        #elseif arch(arm)
        .arm
        #elseif arch(powerpc64le)
        .ppc64le
        #elseif arch(powerpc64)
        .ppc64
        #elseif arch(s390x)
        .s390x
        #elseif arch(riscv64)
        .riscv64
        #else
        #error("no seccomp architecture for this target")
        #endif
    }

    /// libseccomp's name for it: "x86_64", "aarch64", "mipsel64n32".
    var libseccompName: String {
        String(rawValue.dropFirst("SCMP_ARCH_".count)).lowercased()
    }

    /// The name `includes.arches` and `excludes.arches` of a profile match: Docker compares them with
    /// Go's name of the machine ("amd64", "arm64"), not with SCMP_ARCH_ names.
    var dockerName: String {
        switch self {
        case .x86_64: "amd64"
        case .aarch64: "arm64"
        default: libseccompName
        }
    }
}
