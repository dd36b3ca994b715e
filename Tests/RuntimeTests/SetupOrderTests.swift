import Foundation
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The setup order at the top of child.c names the file and function of every step: a function that
/// is renamed or moved must take the list with it.
@Suite("setup order")
struct SetupOrderTests {
    /// Words of the list in snake_case that name what the kernel calls something, not a function of ours.
    static let kernelTerms: Set<String> = ["pivot_root", "no_new_privs"]

    @Test("every file and function the setup order in child.c names exists")
    func everyNamedFunctionExists() throws {
        let list = try Self.setupOrder()
        #expect(list.contains("mr_spawn"), "the setup order was not found at the top of child.c")
        let sources = Self.sourceFiles()

        // "spawn.c mr_spawn", "LaunchPlan.swift prepareLaunch": a function defined in that file.
        for pair in Self.matches(of: #"([A-Za-z0-9_+\-/]+\.(?:swift|c)) ([A-Za-z_][A-Za-z0-9_]*)"#, in: list) {
            let (file, function) = (pair[1], pair[2])
            let found = sources.filter { $0.hasSuffix("/" + file) }
            #expect(found.count == 1, "\(file) (named before \(function)) is not one file under Sources")
            guard let path = found.first else { continue }
            #expect(Self.defines(try String(contentsOfFile: path, encoding: .utf8), function, swift: file.hasSuffix(".swift")),
                    "\(file) defines no \(function)")
        }
        // A file named alone: "NetworkNamespaceMaker.swift".
        for file in Self.matches(of: #"[A-Za-z0-9_+\-/]+\.(?:swift|c)\b"#, in: list).map({ $0[0] }) {
            #expect(sources.contains { $0.hasSuffix("/" + file) }, "\(file) is not under Sources")
        }
        // The C functions named without their file ("join_netns", "run_step"): defined in the C sources.
        let cSources = try sources.filter { $0.hasSuffix(".c") }.map { try String(contentsOfFile: $0, encoding: .utf8) }
        for name in Set(Self.matches(of: #"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b(?!\.c\b)"#, in: list).map({ $0[0] }))
        where !Self.kernelTerms.contains(name) {
            #expect(cSources.contains { Self.defines($0, name, swift: false) }, "no C source defines \(name)")
        }
    }

    /// The comment from "The whole setup" to the paragraph after the list.
    static func setupOrder() throws -> String {
        let text = try String(contentsOfFile: packageRoot + "/Sources/CRuntimeShims/child.c", encoding: .utf8)
        guard let start = text.range(of: "The whole setup"), let end = text.range(of: "mr_child_begin runs in a copy") else {
            return ""
        }
        return String(text[start.lowerBound..<end.lowerBound])
    }

    static func sourceFiles() -> [String] {
        let root = packageRoot + "/Sources"
        let walker = FileManager.default.enumerator(atPath: root)
        var files: [String] = []
        while let relative = walker?.nextObject() as? String {
            if relative.hasSuffix(".swift") || relative.hasSuffix(".c") { files.append(root + "/" + relative) }
        }
        return files
    }

    /// Whether `source` defines `name`: `func name` in Swift; in C a definition at the start of a line
    /// ("static int name(...)", "__attribute__((noreturn)) void name(...)"), not a declaration.
    static func defines(_ source: String, _ name: String, swift: Bool) -> Bool {
        let pattern = swift
            ? #"\bfunc \#(name)\b"#
            : #"(?m)^[A-Za-z_][^;\n]*\b\#(name)\([^;\n]*$"#
        return source.range(of: pattern, options: .regularExpression) != nil
    }

    static func matches(of pattern: String, in text: String) -> [[String]] {
        let regex = try! NSRegularExpression(pattern: pattern)
        let string = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: string.length)).map { match in
            (0..<match.numberOfRanges).map { string.substring(with: match.range(at: $0)) }
        }
    }
}
