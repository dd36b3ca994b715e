import Netns
import Runtime

/// What must hold across the project before anything is made: every service, network and volume a
/// service names exists, no dependency cycle, addresses and names that minirun can take.
enum ProjectValidation {
    /// The services whose volumes volumes_from takes (not a container:NAME).
    static func volumesFromServices(of service: ComposeService) -> [String] {
        service.volumesFrom.filter { !$0.hasPrefix("container:") }.map { String($0.split(separator: ":").first ?? "") }
    }

    static func check(_ project: ComposeProject) throws {
        for service in project.serviceList {
            let path = "services." + service.name
            for dependency in service.dependsOn.keys.sorted() where project.services[dependency] == nil {
                if service.dependsOn[dependency]?.required == false { continue }
                throw RuntimeError(.invalidArgument, "service \"\(service.name)\" depends on undefined service \"\(dependency)\"")
            }
            for link in service.links {
                let target = String(link.split(separator: ":").first ?? "")
                if project.services[target] == nil {
                    throw RuntimeError(.invalidArgument, "service \"\(service.name)\" links to undefined service \"\(target)\"")
                }
            }
            for (key, network) in service.networks ?? [:] {
                guard project.networks[key] != nil else {
                    throw RuntimeError(.invalidArgument, "service \"\(service.name)\" refers to undefined network \(key)")
                }
                if let address = network.ipv4Address, (try? IPv4Address(parsing: address)) == nil {
                    throw RuntimeError(.invalidArgument, "\(path).networks.\(key).ipv4_address: \"\(address)\" is not an IPv4 address")
                }
            }
            for source in ProjectValidation.volumesFromServices(of: service) where project.services[source] == nil {
                throw RuntimeError(.invalidArgument, "service \"\(service.name)\" takes the volumes of undefined service \"\(source)\"")
            }
            if let mode = service.networkMode, mode.hasPrefix("service:"), project.services[String(mode.dropFirst(8))] == nil {
                throw RuntimeError(.invalidArgument, "service \"\(service.name)\" uses the network of undefined service \"\(mode.dropFirst(8))\"")
            }
            for volume in service.volumes where volume.type == .volume {
                if let source = volume.source, project.volumes[source] == nil {
                    throw RuntimeError(.invalidArgument, "service \"\(service.name)\" refers to undefined volume \(source)")
                }
            }
            if let name = service.containerName {
                try Identifiers.validateName(name)
                if service.replicas > 1 {
                    throw RuntimeError(.invalidArgument, "service \"\(service.name)\" has container_name \(name) and \(service.replicas) replicas: names are unique")
                }
            }
            if service.replicas < 0 { throw RuntimeError(.invalidArgument, "\(path).deploy.replicas: must not be negative") }
        }
        for (key, network) in project.networks {
            let pool = "networks.\(key).ipam.config[0]."
            for (field, value) in [("subnet", network.subnet), ("ip_range", network.ipRange)] {
                guard let value, (try? IPv4Network(parsing: value)) == nil else { continue }
                throw RuntimeError(.invalidArgument, pool + "\(field): \"\(value)\" is not an IPv4 subnet")
            }
            let addresses = [("gateway", network.gateway)] + network.auxiliaryAddresses.sorted { $0.key < $1.key }.map { ("aux_addresses.\($0.key)", $0.value) }
            for (field, value) in addresses {
                guard let value, (try? IPv4Address(parsing: value)) == nil else { continue }
                throw RuntimeError(.invalidArgument, pool + "\(field): \"\(value)\" is not an IPv4 address")
            }
        }
        _ = try DependencyOrder.sorted(project)
    }
}

/// The services in the order `up` starts them: each after what it depends on (depends_on, links,
/// network_mode service:, volumes_from), by name among equals; `down` goes the other way.
public enum DependencyOrder {
    public static func sorted(_ project: ComposeProject) throws -> [ComposeService] {
        var order: [ComposeService] = []
        var state: [String: Bool] = [:]  // false while being visited, true once placed
        func visit(_ name: String, _ trail: [String]) throws {
            if state[name] == true { return }
            if state[name] == false {
                let cycle = trail[(trail.firstIndex(of: name) ?? 0)...] + [name]
                throw RuntimeError(.invalidArgument, "dependency cycle detected: \(cycle.joined(separator: " -> "))")
            }
            guard let service = project.services[name] else { return }
            state[name] = false
            for dependency in dependencies(of: service) { try visit(dependency, trail + [name]) }
            state[name] = true
            order.append(service)
        }
        for name in project.services.keys.sorted() { try visit(name, []) }
        return order
    }

    /// The services `service` needs started first.
    public static func dependencies(of service: ComposeService) -> [String] {
        var names = service.dependsOn.keys.sorted() + service.links.map { String($0.split(separator: ":").first ?? "") }
        if let mode = service.networkMode, mode.hasPrefix("service:") { names.append(String(mode.dropFirst(8))) }
        return names + ProjectValidation.volumesFromServices(of: service)
    }
}
