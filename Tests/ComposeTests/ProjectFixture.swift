import Compose
import Glibc
import Runtime

/// A directory of compose files for one test, removed by `remove()`.
struct ProjectFixture {
    let directory: String

    init(name: String = "app", files: [String: String]) throws {
        var template = Array("/tmp/compose-test.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw RuntimeError.system("mkdtemp") }
        directory = String(cString: made) + "/" + name
        try FileSystem.makeDirectories(directory, mode: 0o755)
        for (file, text) in files { try FileSystem.writeAtomically(directory + "/" + file, text, mode: 0o644) }
    }

    func load(files: [String] = [], projectName: String? = nil, environment: [String: String] = [:], profiles: [String] = [],
              envFiles: [String] = []) throws -> LoadedProject {
        var options = LoadOptions(currentDirectory: directory)
        options.files = files
        options.projectName = projectName
        options.profiles = profiles
        options.envFiles = envFiles
        options.environment = { environment[$0] }
        return try ProjectLoader.load(options)
    }

    /// The message of the error loading fails with ("" when it does not fail).
    func loadError(files: [String] = [], environment: [String: String] = [:]) -> String {
        do {
            _ = try load(files: files, environment: environment)
            return ""
        } catch {
            return "\(error)"
        }
    }

    func remove() {
        try? FileSystem.removeTree(String(directory[..<(directory.lastIndex(of: "/") ?? directory.endIndex)]))
    }
}
