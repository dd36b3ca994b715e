import Glibc
import JSONCodec
import Runtime

enum Output {
    static func json(_ value: some Encodable, indent: Bool = true) throws {
        let text = try GoJSON.encode(JSONValue(encoding: value, sortingMaps: true), indent: indent ? "  " : nil)
        print(text)
    }

    /// A JSON file, or stdin for "-".
    static func read<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        let bytes = path == "-" ? try FileSystem.readAll(fd: 0, path: "stdin") : try FileSystem.read(path)
        guard let bytes else { throw RuntimeError(.notFound, "\(path): no such file or directory") }
        do {
            return try JSONValue(parsing: bytes).decode(type)
        } catch {
            throw RuntimeError(.invalidArgument, "\(path): \(error)")
        }
    }
}
