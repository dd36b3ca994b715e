import Foundation
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// Imports point one way, minirun -> Runtime -> Netns -> CRuntimeShims: the CLI parses and prints,
/// the workflow (signals, the network namespace's thread, cleanup) lives in Runtime, where compose
/// and build can call it too.
struct ImportDirectionTests {
    static func swiftFiles(under directory: String) -> [String] {
        let walker = FileManager.default.enumerator(atPath: directory)
        var files: [String] = []
        while let relative = walker?.nextObject() as? String {
            if relative.hasSuffix(".swift") { files.append(directory + "/" + relative) }
        }
        return files
    }

    static func imports(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { $0.hasPrefix("import ") || $0.contains(" import ") }.map(String.init)
    }

    @Test func theCLIImportsNeitherTheCShimsNorNetns() throws {
        let files = Self.swiftFiles(under: packageRoot + "/Sources/minirun")
        #expect(files.count > 10, "Sources/minirun was not found")
        for file in files {
            let imports = try Self.imports(file)
            #expect(!imports.contains { $0.hasSuffix(" CRuntimeShims") || $0.hasSuffix(" Netns") },
                    "\(file): \(imports)")
        }
    }

    @Test func noModuleReexportsAnother() throws {
        for file in Self.swiftFiles(under: packageRoot + "/Sources") {
            #expect(!(try Self.imports(file)).contains { $0.contains("@_exported") }, "\(file)")
        }
    }

    /// Yams imports Foundation (ICU included): linked into minirun it made every `run` slower, so
    /// only minirun-yaml, the program compose calls to read and write YAML, may import either.
    @Test func nothingMinirunLinksImportsYamsOrFoundation() throws {
        for target in ["minirun", "Runtime", "Netns", "Compose", "JSONCodec", "GoTemplate"] {
            let files = Self.swiftFiles(under: packageRoot + "/Sources/" + target)
            #expect(!files.isEmpty, "Sources/\(target) was not found")
            for file in files {
                let imports = try Self.imports(file)
                #expect(!imports.contains { $0.hasSuffix(" Yams") || $0.hasSuffix(" Foundation") }, "\(file): \(imports)")
            }
        }
    }
}
