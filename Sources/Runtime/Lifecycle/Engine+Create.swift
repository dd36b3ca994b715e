import Glibc
import Netns

extension Engine {
    /// Validates everything it can before anything exists, then records the container. Bad input
    /// changes nothing. The options as asked are checked first; then the image's config completes
    /// them (see `CreateOptions.completed(with:)`) and what it gave is checked too.
    public func create(_ options: CreateOptions) throws -> ContainerRecord {
        if let name = options.name { try Identifiers.validateName(name) }
        if let idFile = options.idFile, FileSystem.exists(idFile) {
            throw RuntimeError(.invalidArgument, "Container ID file found, make sure the other container isn't running or delete \(Identifiers.printable(idFile))")
        }
        if let hostname = options.hostname, !Self.isValidHostname(hostname) {
            throw RuntimeError(.invalidArgument, "invalid hostname format: \(Identifiers.printable(hostname))")
        }
        if let domainname = options.domainname, !Self.isValidHostname(domainname) {
            throw RuntimeError(.invalidArgument, "invalid domainname format: \(Identifiers.printable(domainname))")
        }
        try options.security.validate()
        if let score = options.oomScoreAdj { try CreateOptions.checkOOMScoreAdj(score) }
        let network = try validateNetwork(options)
        var ports: [PublishedPort]
        do {
            ports = try PublishedPort.distinct(options.ports)
        } catch {
            throw RuntimeError.wrapping(error)
        }
        let tmpfs = try MountTarget.distinct(volumes: options.volumes, tmpfs: options.tmpfs)
        var publishAll = options.publishAll
        if !ports.isEmpty || publishAll, network == .host || network == .none {
            printDiagnostic("WARNING: Published ports are discarded when using \(network) network mode")
            ports = []
            publishAll = false
        }
        if options.autoRemove && options.restartPolicy.name != .no {
            throw RuntimeError(.invalidArgument, "conflicting options: cannot specify both --restart and --rm")
        }
        let deviceNodes = try validateDevices(options)
        // What the machine has no cgroup file for is discarded with a warning, as Docker's daemon does.
        var (resources, warnings) = (options.resources, [String]())
        if options.cgroupsEnabled {
            let layout = try CgroupLayout.ofThisProcess()
            (resources, warnings) = options.resources.discardingUnsupported(layout: layout)
            // Fails early when a limit needs a controller this machine does not have, or devices cannot be confined.
            let devices = DeviceAllowlist.forContainer(
                privileged: options.security.privileged, devices: deviceNodes, extraRules: options.deviceCgroupRules)
            _ = try ContainerCgroup.plan(containerID: String(repeating: "0", count: 64), parent: options.cgroupParent,
                                         limits: resources, devices: devices, layout: layout)
        } else if options.resources != ResourceLimits() || options.cgroupParent != nil || !options.deviceCgroupRules.isEmpty {
            throw RuntimeError(.invalidArgument, "--cgroups=disabled cannot be combined with resource limits, --cgroup-parent or --device-cgroup-rule")
        }
        let image = try images.resolve(options.image)
        let imageConfig = try images.config(of: image.id)
        if let wanted = options.platform, !imageConfig.platform.matches(wanted) {
            // Not found, as in Docker: `--pull missing` pulls the platform asked for.
            throw RuntimeError(.notFound, "image with reference \(Identifiers.printable(options.image)) was found but its platform (\(imageConfig.platform.description)) does not match the specified platform (\(wanted.description))")
        }
        var validated = try addingVolumesFrom(options).completed(with: imageConfig.config)
        validated.resources = resources
        warnings.forEach(printDiagnostic)
        try resolveSharedNamespaces(&validated)
        if !validated.workingDir.isEmpty && !validated.workingDir.hasPrefix("/") {
            throw RuntimeError(.invalidArgument, "the working directory '\(Identifiers.printable(validated.workingDir))' is invalid, it needs to be an absolute path")
        }
        _ = try UserSpec.resolve(validated.user, additionalGroups: validated.groupAdd) { images.readFile($0, of: image.id) }
        try Sysctls.checkNetworkNamespace(options.sysctls, network: network)

        let id = Identifiers.newID()
        validated.network = network
        validated.ports = ports
        validated.publishAll = publishAll
        validated.tmpfs = tmpfs
        let config = ContainerConfig(
            id: id, name: options.name ?? freeGeneratedName(),
            hostname: options.hostname ?? (options.utsMode.isHost ? Self.hostHostname() : Identifiers.short(id)),
            imageID: image.id, created: .now(), options: validated)
        var record = ContainerRecord(config: config)
        var attempts = 1
        while true {
            do {
                try containers.create(record)
                try writeIDFile(options.idFile, of: record)
                return record
            } catch where options.name == nil && attempts < 8 && containers.isNameTaken(record.name) {
                // Another create took the same generated name meanwhile: draw another, as docker does.
                record.config.name = freeGeneratedName()
                attempts += 1
            }
        }
    }

    /// --cidfile: the ID, written to a new file; when that fails the container goes again.
    private func writeIDFile(_ path: String?, of record: ContainerRecord) throws {
        guard let path else { return }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        var failure = fd < 0 ? errno : 0
        if fd >= 0 {
            if (try? FileSystem.writeAll(fd: fd, Array(record.id.utf8), path: path)) == nil { failure = EIO }
            close(fd)
        }
        guard failure != 0 else { return }
        _ = try? remove(record.id, force: true)
        throw RuntimeError(.system, "failed to create the container ID file: \(Identifiers.printable(path)): \(String(cString: strerror(failure)))")
    }

    /// Looks at each --device node as it is now. With --privileged the container's /dev is the host's,
    /// so a node can only be where it is on the host: one made elsewhere in /dev would be made on the host.
    private func validateDevices(_ options: CreateOptions) throws -> [DeviceNode] {
        let nodes = try options.devices.map(DeviceNode.init(resolving:))
        for mapping in options.devices where options.security.privileged && mapping.pathInContainer != mapping.pathOnHost
            && (mapping.pathInContainer + "/").hasPrefix("/dev/") {
            throw RuntimeError(.invalidArgument, "--device \(mapping.pathOnHost):\(mapping.pathInContainer): with --privileged the container's /dev "
                + "is the host's, so a device can only keep its own path there")
        }
        return nodes
    }

    /// Checks the network options against each other and the networks that exist; a
    /// `container:NAME` target becomes its ID.
    private func validateNetwork(_ options: CreateOptions) throws -> NetworkMode {
        if options.requestedMACAddress != nil, !options.network.hasOwnNamespace {
            throw RuntimeError(.invalidArgument, "conflicting options: mac-address and the network mode")
        }
        switch options.network {
        case .container(let target):
            if !options.ports.isEmpty || options.publishAll { throw RuntimeError(.invalidArgument, "conflicting options: port publishing and the container type network mode") }
            if options.hostname != nil { throw RuntimeError(.invalidArgument, "conflicting options: hostname and the network mode") }
            if !options.links.isEmpty { throw RuntimeError(.invalidArgument, "conflicting options: container type network can't be used with links") }
            let id = try containers.resolve(target)
            guard isRunning(id: id) else {
                throw RuntimeError(.conflict, "cannot join network of a non running container: \(Identifiers.printable(target))")
            }
            return .container(id)
        case .network(let name):
            if name != NetworkMode.defaultNetwork, try networks.load(name) == nil {
                throw RuntimeError(.notFound, "network \(name) not found")
            }
        case .host, .none:
            if !options.links.isEmpty { throw RuntimeError(.invalidArgument, "conflicting options: links need a bridge network") }
        }
        if options.requestedAddress != nil, case .network(let name) = options.network, name == NetworkMode.defaultNetwork {
            throw RuntimeError(.invalidArgument, "user specified IP address is supported only when connecting to networks with user configured subnets")
        }
        for link in options.links where (try? containers.resolve(link.name)) == nil {
            throw RuntimeError(.notFound, "could not get container for \(link.name)")
        }
        return options.network
    }

    /// A Docker-style name no container has, with a number added after a few collisions.
    private func freeGeneratedName() -> String {
        for attempt in 0..<64 {
            let name = Identifiers.randomName() + (attempt < 8 ? "" : String(attempt))
            if !containers.isNameTaken(name) { return name }
        }
        return "minirun_" + String(Identifiers.newID().prefix(12))
    }

    /// RFC 1123 labels separated by dots, at most 64 characters (Docker's limit).
    static func isValidHostname(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 64 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let u = Array(label.utf8)
            guard let first = u.first, let last = u.last, first != 45, last != 45 else { return false }
            return u.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 }
        }
    }
}
