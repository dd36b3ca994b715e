import Runtime

/// What selects and shapes a project, as `minirun compose`'s global options give it.
public struct LoadOptions: Sendable {
    /// -f: the files in order; empty to look for compose.yaml and its kin.
    public var files: [String] = []
    /// -p
    public var projectName: String?
    /// --project-directory: else the first file's directory.
    public var projectDirectory: String?
    /// --env-file: instead of the project directory's .env.
    public var envFiles: [String] = []
    /// --profile: services with these profiles are enabled besides those without any.
    public var profiles: [String] = []
    /// The directory the command runs in, where files are looked for.
    public var currentDirectory: String
    /// The shell's environment.
    public var environment: @Sendable (String) -> String? = hostVariable
    /// minirun-yaml, which parses the files.
    public var yaml = Executables.besideThisProgram().yaml

    public init(currentDirectory: String) {
        self.currentDirectory = currentDirectory
    }
}

/// A loaded project and what loading it had to say.
public struct LoadedProject: Sendable {
    public var project: ComposeProject
    /// Lines for stderr: the obsolete `version:`, variables used but not set, keys minirun ignores.
    public var warnings: [String]
}

/// Finds the files, reads the variables, then parses, interpolates and checks each file, merges
/// them and reads the result as a ComposeProject, refusing anything it cannot carry out before
/// anything is made.
public enum ProjectLoader {
    public static func load(_ options: LoadOptions) throws -> LoadedProject {
        let files = try ComposeFiles.resolve(options)
        let directory = options.projectDirectory.map { ProjectPaths.absolute($0, in: options.currentDirectory) }
            ?? String(files[0][..<(files[0].lastIndex(of: "/") ?? files[0].startIndex)])
        let fileVariables = try readEnvFiles(options, directory: directory)
        let lookup: (String) -> String? = { name in options.environment(name) ?? fileVariables[name] }
        var warnings: [String] = []
        var interpolation = Interpolation(lookup: lookup)
        var merged: ComposeNode?
        for file in files {
            guard let text = try FileSystem.readString(file) else { throw RuntimeError(.notFound, "open \(file): no such file or directory") }
            let tree = try ComposeNode.parse(text, file: file, yaml: options.yaml).interpolated(&interpolation)
            try Schema.project.validate(tree, path: "")
            if tree["version"] != nil {
                warnings.append("\(file): the attribute `version` is obsolete, it will be ignored")
            }
            merged = merged.map { $0.merged(with: tree) } ?? tree
        }
        for name in interpolation.unset {
            warnings.append("The \"\(name)\" variable is not set. Defaulting to a blank string.")
        }
        guard let root = merged else { throw RuntimeError(.invalidArgument, "no configuration file provided") }
        let name = try ProjectName.choose(option: options.projectName, variable: lookup("COMPOSE_PROJECT_NAME"),
                                          fromFile: try root["name"]?.string("name"), directory: directory)
        let profiles = options.profiles.isEmpty
            ? (lookup("COMPOSE_PROFILES") ?? "").split(separator: ",").map(String.init) : options.profiles
        var project = ComposeProject(name: name, workingDirectory: directory, configFiles: files, services: [:],
                                     networks: try readNetworks(root["networks"], project: name),
                                     volumes: try readVolumes(root["volumes"], project: name))
        let reader = ServiceReader(directory: directory, lookup: lookup)
        for (key, node, _) in root["services"]?.entries ?? [] {
            let service = try reader.read(key, node)
            if service.profiles.isEmpty || service.profiles.contains(where: profiles.contains) {
                project.services[key] = service
            }
        }
        try ProjectValidation.check(project)
        return LoadedProject(project: project, warnings: warnings)
    }

    /// --env-file, else the project directory's .env when there is one.
    private static func readEnvFiles(_ options: LoadOptions, directory: String) throws -> [String: String] {
        let paths = options.envFiles.isEmpty ? [directory + "/.env"] : options.envFiles.map { ProjectPaths.absolute($0, in: options.currentDirectory) }
        var variables: [String: String] = [:]
        for path in paths {
            guard let text = try FileSystem.readString(path) else {
                if options.envFiles.isEmpty { continue }
                throw RuntimeError(.notFound, "couldn't find env file: \(path)")
            }
            for (key, value) in try DotEnv.parse(text, file: path) { variables[key] = value }
        }
        return variables
    }

    private static func readNetworks(_ node: ComposeNode?, project: String) throws -> [String: ComposeNetwork] {
        var networks = ["default": ComposeNetwork(name: "\(project)_default")]
        for (key, value, _) in node?.entries ?? [] {
            let path = "networks." + key
            var network = ComposeNetwork(name: try value["name"]?.string(path + ".name") ?? "\(project)_\(key)")
            if let external = value["external"] {
                network.external = external.entries != nil ? true : try external.bool(path + ".external")
                if let name = try external["name"]?.string(path + ".external.name") { network.name = name }
                else if network.external && value["name"] == nil { network.name = key }
            }
            network.isInternal = try value["internal"]?.bool(path + ".internal") ?? false
            network.isAttachable = try value["attachable"]?.bool(path + ".attachable") ?? false
            network.labels = try value["labels"]?.stringMap(path + ".labels") ?? [:]
            if try value["enable_ipv6"]?.bool(path + ".enable_ipv6") == true {
                throw value.fail(path + ".enable_ipv6", "minirun's networks are IPv4 only")
            }
            network.driverOptions = try value["driver_opts"]?.stringMap(path + ".driver_opts") ?? [:]
            do { _ = try BridgeOptions(parsing: network.driverOptions) } catch let error as RuntimeError { throw value.fail(path + ".driver_opts", error.message) }
            if let driver = try value["driver"]?.string(path + ".driver"), driver != "bridge" {
                throw value.fail(path + ".driver", "minirun makes bridge networks only, not \"\(driver)\"")
            }
            if let driver = try value["ipam"]?["driver"]?.string(path + ".ipam.driver"), driver != "default" {
                throw value.fail(path + ".ipam.driver", "minirun's networks take the default IPAM driver, not \"\(driver)\"")
            }
            network.ipamOptions = try value["ipam"]?["options"]?.stringMap(path + ".ipam.options") ?? [:]
            if let config = value["ipam"]?["config"]?.items {
                guard config.count <= 1 else { throw value.fail(path + ".ipam.config", "minirun gives a network one subnet") }
                let pool = path + ".ipam.config[0]"
                network.subnet = try config.first?["subnet"]?.string(pool + ".subnet")
                network.gateway = try config.first?["gateway"]?.string(pool + ".gateway")
                network.ipRange = try config.first?["ip_range"]?.string(pool + ".ip_range")
                for (name, address, _) in config.first?["aux_addresses"]?.entries ?? [] {
                    network.auxiliaryAddresses[name] = try address.string(pool + ".aux_addresses." + name)
                }
            }
            networks[key] = network
        }
        return networks
    }

    private static func readVolumes(_ node: ComposeNode?, project: String) throws -> [String: ComposeVolume] {
        var volumes: [String: ComposeVolume] = [:]
        for (key, value, _) in node?.entries ?? [] {
            let path = "volumes." + key
            var volume = ComposeVolume(name: try value["name"]?.string(path + ".name") ?? "\(project)_\(key)")
            if let external = value["external"] {
                volume.external = external.entries != nil ? true : try external.bool(path + ".external")
                if let name = try external["name"]?.string(path + ".external.name") { volume.name = name }
                else if volume.external && value["name"] == nil { volume.name = key }
            }
            if let driver = try value["driver"]?.string(path + ".driver"), driver != "local" {
                throw value.fail(path + ".driver", "minirun keeps local volumes only, not \"\(driver)\"")
            }
            volume.driverOptions = try value["driver_opts"]?.stringMap(path + ".driver_opts") ?? [:]
            do { _ = try LocalVolumeOptions(volume.driverOptions) } catch let error as RuntimeError { throw value.fail(path + ".driver_opts", error.message) }
            volume.labels = try value["labels"]?.stringMap(path + ".labels") ?? [:]
            volumes[key] = volume
        }
        return volumes
    }
}
