/// One container as stored in containers/<id>/container.json.
public struct ContainerRecord: Codable, Sendable, Equatable {
    public var config: ContainerConfig
    public var state: ContainerState

    public init(config: ContainerConfig, state: ContainerState = ContainerState()) {
        self.config = config
        self.state = state
    }

    public var id: String { config.id }
    public var name: String { config.name }
}
