/// One eBPF instruction (struct bpf_insn): an opcode, destination and source registers, a jump
/// offset and an immediate. Only the few kinds a device program needs are named here.
public struct BPFInstruction: Sendable, Equatable, CustomStringConvertible {
    public var code: UInt8
    public var destination: UInt8
    public var source: UInt8
    public var offset: Int16
    public var immediate: Int32

    public init(code: UInt8, destination: UInt8 = 0, source: UInt8 = 0, offset: Int16 = 0, immediate: Int32 = 0) {
        self.code = code
        self.destination = destination
        self.source = source
        self.offset = offset
        self.immediate = immediate
    }

    // Opcodes: class | operation | operand source (linux/bpf.h, linux/bpf_common.h).
    public static let loadWord: UInt8 = 0x61  // BPF_LDX | BPF_MEM | BPF_W: dst = *(u32 *)(src + off)
    public static let and32: UInt8 = 0x54  // BPF_ALU | BPF_AND | BPF_K: dst = (u32)dst & imm
    public static let shiftRight32: UInt8 = 0x74  // BPF_ALU | BPF_RSH | BPF_K: dst = (u32)dst >> imm
    public static let move32: UInt8 = 0xbc  // BPF_ALU | BPF_MOV | BPF_X: dst = (u32)src
    public static let moveImmediate: UInt8 = 0xb7  // BPF_ALU64 | BPF_MOV | BPF_K: dst = imm
    public static let jumpIfNotEqual32: UInt8 = 0x56  // BPF_JMP32 | BPF_JNE | BPF_K: if (u32)dst != imm goto +off
    public static let exit: UInt8 = 0x95  // BPF_JMP | BPF_EXIT: return r0

    /// The 8 bytes the kernel reads, little-endian as on every machine Swift on Linux runs on (BPF
    /// uses the host's order): the destination register in the low nibble of the second byte.
    public var bytes: [UInt8] {
        let off = UInt16(bitPattern: offset), imm = UInt32(bitPattern: immediate)
        return [code, (source << 4) | (destination & 0xf)]
            + withUnsafeBytes(of: off.littleEndian, Array.init) + withUnsafeBytes(of: imm.littleEndian, Array.init)
    }

    public var description: String {
        "code=0x\(String(code, radix: 16)) dst=r\(destination) src=r\(source) off=\(offset) imm=\(immediate)"
    }
}
