/// A whole project: its name, where it lives, and its services, networks and volumes by their keys.
public struct ComposeProject: Encodable, Sendable, Equatable {
    public var name: String
    /// The project directory: relative paths in the files are taken from here.
    public var workingDirectory: String
    public var configFiles: [String]
    public var services: [String: ComposeService]
    public var networks: [String: ComposeNetwork]
    public var volumes: [String: ComposeVolume]

    /// The services in the order of their names.
    public var serviceList: [ComposeService] { services.keys.sorted().compactMap { services[$0] } }

    /// The container, network and volume names minirun gives the project's things.
    public func containerName(service: String, number: Int) -> String { "\(name)-\(service)-\(number)" }

    public func networkName(_ key: String) -> String { networks[key]?.name ?? "\(name)_\(key)" }

    public func volumeName(_ key: String) -> String { volumes[key]?.name ?? "\(name)_\(key)" }

    /// The image a service runs: its `image:`, else the one `build:` makes, `<project>-<service>`.
    public func imageName(of service: ComposeService) -> String { service.image ?? "\(name)-\(service.name)" }
}

public struct ComposeNetwork: Codable, Sendable, Equatable {
    /// The network's own name: `<project>_<key>`, or `name:` / external's name.
    public var name: String
    public var external = false
    public var isInternal = false
    public var isAttachable = false
    public var subnet: String?
    public var gateway: String?
    /// `ipam.config[0].ip_range` and `aux_addresses`, as `network create --ip-range`/`--aux-address`.
    public var ipRange: String?
    public var auxiliaryAddresses: [String: String] = [:]
    public var labels: [String: String] = [:]
    /// `driver_opts`: the bridge driver's options, as `network create -o` (BridgeOptions).
    public var driverOptions: [String: String] = [:]
    /// `ipam.options`, as `network create --ipam-opt`: kept and shown, as the default IPAM driver keeps them.
    public var ipamOptions: [String: String] = [:]

    enum CodingKeys: String, CodingKey {
        case name, external, subnet, gateway, isInternal = "internal", isAttachable = "attachable", ipRange = "ip_range",
             auxiliaryAddresses = "aux_addresses", labels, driverOptions = "driver_opts", ipamOptions = "ipam_options"
    }
}

public struct ComposeVolume: Codable, Sendable, Equatable {
    public var name: String
    public var external = false
    public var labels: [String: String] = [:]
    /// `driver_opts`: the local driver's options, as `volume create -o`.
    public var driverOptions: [String: String] = [:]
}
