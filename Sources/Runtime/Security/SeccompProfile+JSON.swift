import FoundationEssentials
import Glibc

extension SeccompProfile {
    /// Parses a profile in Docker's JSON format. Errors are one line that starts with `source` (the
    /// file's path) and says where the profile is wrong: "seccomp profile p.json: syscalls[3].action:
    /// unknown action \"SCMP_ACT_FOO\"".
    /// Through Foundation's JSONDecoder, not JSONCodec: an argument's value is a full UInt64 (masks
    /// such as 0xFFFFFFFF00000000), and JSONValue holds integers as Int, larger ones as Double,
    /// which would round them. Only `--security-opt seccomp=FILE` reads a profile.
    public init(json: [UInt8], source: String) throws {
        do {
            self = try JSONDecoder().decode(SeccompProfile.self, from: Data(json))
        } catch let error as DecodingError {
            throw RuntimeError(.invalidArgument, "seccomp profile \(source): \(Self.reason(error))")
        }
    }

    /// Reads and parses the profile file at `path`.
    public static func load(path: String) throws -> SeccompProfile {
        guard let bytes = try FileSystem.read(path) else {
            throw RuntimeError.system("open seccomp profile \(path)", ENOENT)
        }
        return try SeccompProfile(json: bytes, source: path)
    }

    /// One line for a decoding error: where in the profile, then what is wrong.
    private static func reason(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "not valid JSON"
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            return location(context.codingPath) + context.debugDescription
        case .keyNotFound(let key, let context):
            return location(context.codingPath) + "\(key.stringValue) is missing"
        @unknown default:
            return "\(error)"
        }
    }

    /// "syscalls[3].args[0]: ", or nothing at the top.
    private static func location(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? "" : text + ": "
    }
}
