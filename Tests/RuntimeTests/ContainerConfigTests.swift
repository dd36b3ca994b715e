@testable import Runtime
import Testing

/// CreateOptions is what every front end produces; ContainerConfig is what is kept of it.
struct ContainerConfigTests {
    /// The names of a value's stored properties (a property wrapper's `_` taken off).
    func fieldNames(_ value: Any) -> Set<String> {
        Set(Mirror(reflecting: value).children.compactMap { $0.label.map { $0.hasPrefix("_") ? String($0.dropFirst()) : $0 } })
    }

    @Test func everyCreateOptionIsKeptInTheConfig() {
        let options = CreateOptions(image: "busybox", command: ["true"])
        let config = ContainerConfig(id: String(repeating: "ab", count: 32), name: "box", hostname: "box",
                                     imageID: String(repeating: "cd", count: 32), created: .now(), options: options)
        let missing = fieldNames(options).subtracting(fieldNames(config))
        #expect(missing.isEmpty, "CreateOptions fields ContainerConfig does not keep: \(missing.sorted())")
        #expect(fieldNames(options).count > 20, "Mirror sees the fields")
    }

    @Test func theConfigHoldsWhatWasAskedFor() {
        var options = CreateOptions(image: "busybox", command: ["sh", "-c", "true"])
        options.env = ["A=1"]
        options.workingDir = "/tmp"
        options.readOnlyRoot = true
        options.network = .host
        options.deviceCgroupRules = [try! DeviceRule(parsing: "c 1:3 rwm")]
        let config = ContainerConfig(id: "id", name: "box", hostname: "host", imageID: "image", created: .now(), options: options)
        #expect(config.command == options.command && config.env == options.env && config.workingDir == "/tmp")
        #expect(config.readOnlyRoot && config.network == .host && config.networks.isEmpty)
        #expect(config.deviceCgroupRules == options.deviceCgroupRules)
    }
}
