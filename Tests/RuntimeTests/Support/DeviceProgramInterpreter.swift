@testable import Runtime

/// Runs a device program as the kernel would, for the instructions DeviceProgram emits, since the
/// kernel cannot test-run this program type (BPF_PROG_TEST_RUN gives ENOTSUPP for it). Strict where
/// the verifier is: registers are read only once written, the context only through r1 before r1 is
/// overwritten, jumps only forward and inside the program, and r0 is set before exit.
struct DeviceProgramInterpreter {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let program: [BPFInstruction]

    /// 1 to allow the access, 0 to deny it.
    func run(_ kind: DeviceRule.Kind, major: UInt32, minor: UInt32, access: DeviceAccess) throws -> UInt64 {
        let type: UInt32 = kind == .block ? 1 : 2
        let context: [Int16: UInt32] = [0: (access.rawValue << 16) | type, 4: major, 8: minor]
        var registers = [UInt64?](repeating: nil, count: 11)
        var contextPointer = true  // r1 holds the context until something is written to it
        var pc = 0
        func value(_ register: UInt8) throws -> UInt64 {
            guard let value = registers[Int(register)] else { throw Failure(description: "r\(register) read before written at \(pc)") }
            return value
        }
        while pc < program.count {
            let instruction = program[pc]
            let destination = Int(instruction.destination)
            pc += 1
            switch instruction.code {
            case BPFInstruction.loadWord:
                guard instruction.source == 1, contextPointer, let field = context[instruction.offset] else {
                    throw Failure(description: "bad load at \(pc - 1): \(instruction)")
                }
                registers[destination] = UInt64(field)
            case BPFInstruction.and32:
                registers[destination] = UInt64(UInt32(truncatingIfNeeded: try value(instruction.destination)) & UInt32(bitPattern: instruction.immediate))
            case BPFInstruction.shiftRight32:
                registers[destination] = UInt64(UInt32(truncatingIfNeeded: try value(instruction.destination)) >> UInt32(instruction.immediate))
            case BPFInstruction.move32:
                registers[destination] = UInt64(UInt32(truncatingIfNeeded: try value(instruction.source)))
            case BPFInstruction.moveImmediate:
                registers[destination] = UInt64(bitPattern: Int64(instruction.immediate))
            case BPFInstruction.jumpIfNotEqual32:
                guard instruction.offset >= 0, pc + Int(instruction.offset) < program.count else {
                    throw Failure(description: "jump out of bounds at \(pc - 1)")
                }
                if UInt32(truncatingIfNeeded: try value(instruction.destination)) != UInt32(bitPattern: instruction.immediate) {
                    pc += Int(instruction.offset)
                }
            case BPFInstruction.exit:
                return try value(0)
            default:
                throw Failure(description: "unknown instruction at \(pc - 1): \(instruction)")
            }
            if destination == 1 && instruction.code != BPFInstruction.jumpIfNotEqual32 { contextPointer = false }
        }
        throw Failure(description: "ran past the last instruction")
    }
}
