import ArgumentParser
import JSONCodec
import Runtime

/// `volume inspect`: volumes as JSON, with Docker's fields, or each through a Go template.
struct VolumeInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show volumes as JSON.")

    @Option(name: [.customShort("f", allowingJoined: true), .customLong("format")], help: "A Go template, e.g. '{{.Mountpoint}}'.")
    var format: String?

    @Argument(help: "Volume names.")
    var volumes: [String]

    func validate() throws {
        if volumes.isEmpty { throw ValidationError("inspect requires at least 1 argument") }
    }

    struct Inspection: Encodable {
        var CreatedAt: String
        var Driver = "local"
        var Labels: [String: String]?
        var Mountpoint: String
        var Name: String
        var Options: [String: String]? = nil
        var Scope = "local"

        init(_ volume: VolumeRecord) {
            CreatedAt = volume.created.secondsDescription
            Labels = volume.labels.isEmpty ? nil : volume.labels
            Mountpoint = volume.mountpoint
            Name = volume.name
            Options = volume.options.isEmpty ? nil : volume.options
        }

        enum CodingKeys: String, CodingKey { case CreatedAt, Driver, Labels, Mountpoint, Name, Options, Scope }

        /// Docker writes null for no labels and no options, as Go does for nil maps.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(CreatedAt, forKey: .CreatedAt)
            try container.encode(Driver, forKey: .Driver)
            if let Labels { try container.encode(Labels, forKey: .Labels) } else { try container.encodeNil(forKey: .Labels) }
            try container.encode(Mountpoint, forKey: .Mountpoint)
            try container.encode(Name, forKey: .Name)
            if let Options { try container.encode(Options, forKey: .Options) } else { try container.encodeNil(forKey: .Options) }
            try container.encode(Scope, forKey: .Scope)
        }
    }

    func run() throws {
        let engine = makeEngine()
        try InspectPrinter(format: format).print(volumes) { try JSONValue(encoding: Inspection(try engine.volume(named: $0))) }
    }
}
