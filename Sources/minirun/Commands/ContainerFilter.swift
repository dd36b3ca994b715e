import Runtime

/// `ps --filter`, with Docker's rules: every given key must match; several values of one key match
/// any of them. name and id are regular expressions found in the name or ID (`name=^web$` is exact).
struct ContainerFilter {
    var names: [String] = []
    var ids: [String] = []
    var statuses: [String] = []
    var exitCodes: [Int32] = []
    var networks: [String] = []
    /// label=KEY or label=KEY=VALUE.
    var labels: [String] = []
    /// health=starting|healthy|unhealthy, or none for a container without a health check.
    var healths: [String] = []
    /// ancestor=: the image IDs it lets through (each value's image and the images built on its
    /// layers); nil without the filter, empty when no value names an image.
    var ancestors: Set<String>?
    /// before= and since=: only containers created before (after) that one.
    var createdBefore: Timestamp?
    var createdAfter: Timestamp?

    /// Docker's states: minirun's containers are never paused, restarting or being removed, but the
    /// filter takes them.
    static let states = ["created", "restarting", "running", "removing", "paused", "exited", "dead"]

    init(_ filters: [String], engine: Engine, records: [ContainerRecord]) throws {
        for filter in filters {
            let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw UsageError("bad format of filter (expected name=value): \(filter)") }
            let value = parts[1]
            switch parts[0] {
            case "name": names.append(value)
            case "id": ids.append(value)
            case "status":
                guard Self.states.contains(value) else { throw FilterArgument.refused("invalid filter 'status=\(value)'") }
                statuses.append(value)
            case "exited":
                guard let code = Int32(value) else { throw FilterArgument.refused("invalid filter 'exited=\(value)'") }
                exitCodes.append(code)
            case "network": networks.append(value)
            case "health":
                guard ["starting", "healthy", "unhealthy", "none"].contains(value) else {
                    throw FilterArgument.refused("Unrecognised filter value for health: \(value)")
                }
                healths.append(value)
            case "label": labels.append(value)
            case "ancestor": ancestors = (ancestors ?? []).union(Self.imageAndDescendants(value, engine.images))
            case "before": createdBefore = try Self.created(value, engine: engine, records: records)
            case "since": createdAfter = try Self.created(value, engine: engine, records: records)
            default: throw FilterArgument.refused("invalid filter '\(parts[0])'")
            }
        }
    }

    /// The status filter also shows stopped containers without -a, as docker does.
    var status: [String]? { statuses.isEmpty ? nil : statuses }

    func matches(_ record: ContainerRecord, health: HealthState?) -> Bool {
        let state = record.state
        return matches(name: record.name, id: record.id)
            && (healths.isEmpty || healths.contains(health?.status.rawValue ?? "none"))
            && (statuses.isEmpty || statuses.contains(state.shownStatus))
            // As Docker: an exit code only of a container that ran and stopped.
            && (exitCodes.isEmpty || (state.status == .exited && !state.startedAt.isZero && exitCodes.contains(state.exitCode)))
            && (networks.isEmpty || networks.contains { record.config.networks.contains($0) || record.config.network.description == $0 })
            && labels.allSatisfy { FilterArgument.label($0, matches: record.config.labels) }
            && (ancestors?.contains(record.config.imageID) ?? true)
            && createdBefore.map { record.config.created < $0 } ?? true
            && createdAfter.map { record.config.created > $0 } ?? true
    }

    /// A container whose record is damaged has no known network, image or creation, and its status is "dead".
    func matches(_ container: DamagedContainer) -> Bool {
        matches(name: container.name, id: container.id)
            && (statuses.isEmpty || statuses.contains("dead")) && exitCodes.isEmpty && networks.isEmpty && labels.isEmpty
            && healths.isEmpty && ancestors == nil && createdBefore == nil && createdAfter == nil
    }

    /// Docker matches names with and without the leading "/" its daemon keeps them with.
    private func matches(name: String?, id: String) -> Bool {
        (names.isEmpty || names.contains { pattern in
            name.map { FilterArgument.matches(pattern, $0) || FilterArgument.matches(pattern, "/" + $0) } ?? false
        }) && (ids.isEmpty || ids.contains { FilterArgument.matches($0, id) })
    }

    /// The image `reference` names and every image built on it (whose layers start with all of its
    /// own); none when it names no image, which then matches no container, as in Docker.
    static func imageAndDescendants(_ reference: String, _ images: ImageStore) -> Set<String> {
        guard let ancestor = try? images.resolve(reference) else { return [] }
        var ids: Set<String> = [ancestor.id]
        guard let base = (try? images.content(of: ancestor.id)) ?? nil, let top = base.layers.last?.chainID else { return ids }
        let depth = base.layers.count
        for image in (try? images.list()) ?? [] where !ids.contains(image.id) {
            guard let layers = (try? images.content(of: image.id))??.layers, layers.count >= depth else { continue }
            if layers[depth - 1].chainID == top { ids.insert(image.id) }
        }
        return ids
    }

    /// When the container `reference` names was created (before= and since=).
    private static func created(_ reference: String, engine: Engine, records: [ContainerRecord]) throws -> Timestamp {
        let id = try engine.containers.resolve(reference)
        guard let record = records.first(where: { $0.id == id }) else { throw RuntimeError.notFound("container", reference) }
        return record.config.created
    }
}
