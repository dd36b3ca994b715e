import Netns
@testable import Runtime
import Testing

/// `network create -o`: the bridge driver's options as Docker names and reads them.
struct BridgeOptionsTests {
    @Test func eachOptionIsRead() throws {
        let options = try BridgeOptions(parsing: [
            "com.docker.network.bridge.name": "apps0", "com.docker.network.driver.mtu": "1400",
            "com.docker.network.bridge.enable_icc": "false", "com.docker.network.bridge.enable_ip_masquerade": "F",
            "com.docker.network.bridge.host_binding_ipv4": "127.0.0.1", "vendor.note": "kept",
        ])
        #expect(options.bridgeName == "apps0" && options.mtu == 1400)
        #expect(!options.interContainerTraffic && !options.masquerade)
        #expect(options.hostBindingAddress == IPv4Address("127.0.0.1"))
        #expect(options.given["vendor.note"] == "kept", "another driver's option is kept, as Docker keeps it")
        let defaults = try BridgeOptions(parsing: [:])
        #expect(defaults == BridgeOptions() && defaults.interContainerTraffic && defaults.masquerade && defaults.mtu == nil)
    }

    @Test(arguments: [
        ("com.docker.network.driver.mtu", "67", "invalid MTU number: 67"),
        ("com.docker.network.driver.mtu", "big", "invalid MTU number: big"),
        ("com.docker.network.bridge.enable_icc", "yes", "strconv.ParseBool: parsing \"yes\": invalid syntax"),
        ("com.docker.network.bridge.host_binding_ipv4", "::1", "an IPv4 address"),
        ("com.docker.network.bridge.name", "a/b", "invalid bridge name"),
        ("com.docker.network.bridge.gateway_mode_ipv4", "routed", "unsupported network option com.docker.network.bridge.gateway_mode_ipv4"),
    ])
    func badValuesAreRefused(key: String, value: String, reason: String) {
        #expect(throws: RuntimeError.self) { try BridgeOptions(parsing: [key: value]) }
        do { _ = try BridgeOptions(parsing: [key: value]) } catch {
            #expect("\(error)".contains(reason), "\(error)")
        }
    }
}
