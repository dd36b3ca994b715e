/// `--log-driver` and `--log-opt` (compose's `logging`), as far as minirun's log goes: json-file,
/// Docker's default, and local are the monitor's container.log, kept under `max-size` bytes in at
/// most `max-file` files (rotated as Docker's json-file rotates them; local has Docker's local
/// driver's limits, 20 MB in 5 files, unless told otherwise); none keeps nothing.
public struct LogConfig: Codable, Sendable, Equatable, HasEmptyValue {
    public var driver: String
    public var options: [String: String]

    public static let drivers = ["json-file", "local", "none"]

    /// Docker's default: json-file, without limits.
    public init() {
        self.init(driver: "json-file", options: [:])
    }

    public init(driver: String, options: [String: String]) {
        self.driver = driver
        self.options = options
    }

    /// The driver and KEY=VALUE options as given, checked with Docker's messages.
    public init(driver: String?, options texts: [String]) throws {
        var options: [String: String] = [:]
        for text in texts {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw RuntimeError(.invalidArgument, "invalid key value pair format in log-opt: \(Identifiers.printable(text))") }
            options[parts[0]] = parts[1]
        }
        try self.init(checking: driver ?? "json-file", options: options)
    }

    public init(checking driver: String, options: [String: String]) throws {
        guard Self.drivers.contains(driver) else {
            throw RuntimeError(.invalidArgument, "logging driver \(Identifiers.printable(driver)) is not supported by minirun (json-file, local or none)")
        }
        let known = driver == "json-file" ? ["max-size", "max-file"] + Self.attributeOptions : driver == "local" ? ["max-size", "max-file"] : []
        for key in options.keys.sorted() where !known.contains(key) {
            throw RuntimeError(.invalidArgument, "unknown log opt '\(Identifiers.printable(key))' for \(driver) log driver")
        }
        self.init(driver: driver, options: options)
        _ = try rotation
        for key in ["labels-regex", "env-regex"] {
            guard let pattern = options[key] else { continue }
            do { _ = try Regex(pattern) } catch { throw RuntimeError(.invalidArgument, "invalid \(key) \(Identifiers.printable(pattern)): not a regular expression") }
        }
    }

    /// json-file's options naming the container's labels and environment variables that each log
    /// line carries as attributes (what `logs --details` shows).
    static let attributeOptions = ["labels", "labels-regex", "env", "env-regex"]

    /// The attributes of the container's log lines, as Docker's json-file driver gathers them: the
    /// labels named by `labels` or matched by `labels-regex`, the environment variables named by
    /// `env` or matched by `env-regex`.
    public func attributes(labels: [String: String], environment: [String]) -> [String: String] {
        var variables: [String: String] = [:]
        for entry in environment {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if parts.count == 2 { variables[parts[0]] = parts[1] }
        }
        var attributes: [String: String] = [:]
        for (names, regexKey, values) in [("labels", "labels-regex", labels), ("env", "env-regex", variables)] {
            for name in (options[names] ?? "").split(separator: ",").map(String.init) {
                if let value = values[name] { attributes[name] = value }
            }
            if let pattern = options[regexKey], let regex = try? Regex(pattern) {
                for (name, value) in values where name.contains(regex) { attributes[name] = value }
            }
        }
        return attributes
    }

    /// The monitor's limits: bytes per file (0 for none) and how many files, nil for no log at all.
    public var rotation: (maxSize: Int64, maxFiles: Int)? {
        get throws {
            guard driver != "none" else { return nil }
            let local = driver == "local"
            var maxSize: Int64 = local ? 20_000_000 : 0
            if let text = options["max-size"] {
                maxSize = text == "-1" ? 0 : try ResourceLimits.parseBytes(text)
            }
            var maxFiles = local ? 5 : 1
            if let text = options["max-file"] {
                guard let count = Int(text), count >= 1 else { throw RuntimeError(.invalidArgument, "max-file cannot be less than 1") }
                guard maxSize > 0 || count == 1 else { throw RuntimeError(.invalidArgument, "max-file cannot be set when max-size is not set") }
                maxFiles = count
            }
            return (maxSize, maxFiles)
        }
    }
}
