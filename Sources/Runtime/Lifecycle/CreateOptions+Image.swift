import Netns

extension CreateOptions {
    /// These options completed with the image's config, by Docker's rules: the image's ENV first,
    /// `-e` replacing a name; a command line replaces CMD, `--entrypoint` replaces ENTRYPOINT and
    /// drops CMD; WORKDIR, USER and STOPSIGNAL unless given; LABELs under `--label`; EXPOSE adds to
    /// the exposed ports; each VOLUME path no `-v` or `--tmpfs` covers gets an anonymous volume;
    /// the health check's fields given replace the HEALTHCHECK's.
    /// Afterwards `entrypoint` is what runs first (never nil) and `command` the CMD.
    public func completed(with image: OCIImageConfig.Execution?) throws -> CreateOptions {
        let image = image ?? .init()
        var options = self
        let effectiveEntrypoint = entrypoint ?? image.entrypoint ?? []
        options.entrypoint = effectiveEntrypoint
        if command.isEmpty {
            options.command = entrypoint == nil ? image.cmd ?? [] : []
        }
        guard let first = (effectiveEntrypoint + options.command).first, !first.isEmpty else {
            throw RuntimeError(.invalidArgument, "no command specified")
        }
        options.env = Environment.merge(image: image.env ?? [], overrides: env)
        if workingDir.isEmpty { options.workingDir = image.workingDir ?? "" }
        if user.isEmpty { options.user = image.user ?? "" }
        options.stopSignal = stopSignal ?? image.stopSignal.flatMap { $0.isEmpty ? nil : $0 }
        if let signal = options.stopSignal { try Signals.validateStopSignal(signal) }
        options.labels = (image.labels ?? [:]).merging(labels) { _, given in given }
        options.exposedPorts = Set(exposedPorts + (image.exposedPorts ?? [:]).keys).sorted(by: Self.portOrder)
        options.healthcheck = healthcheck.map { $0.over(image.healthcheck) } ?? image.healthcheck
        try options.healthcheck?.validate()
        let covered = Set(volumes.map(\.target) + tmpfs.map(\.target))
        for path in (image.volumes ?? [:]).keys.sorted() where !covered.contains(MountTarget.clean(path)) {
            guard path.hasPrefix("/") else {
                throw RuntimeError(.invalidArgument, "the image's volume \(Identifiers.printable(path)) is not an absolute path")
            }
            options.volumes.append(VolumeMount(anonymousAt: path))
        }
        return options
    }

    /// By number, then protocol: "53/udp" before "80/tcp" before "443/tcp".
    static func portOrder(_ a: String, _ b: String) -> Bool {
        let (x, y) = (a.split(separator: "/"), b.split(separator: "/"))
        let (p, q) = (Int(x.first ?? "") ?? 0, Int(y.first ?? "") ?? 0)
        return p != q ? p < q : a < b
    }
}

extension ContainerConfig {
    /// The ports to publish at a start: `-p`'s, and with -P each exposed port none of them publishes,
    /// on a port the kernel picks (sctp, which minirun does not forward, is left out).
    public var portsToPublish: [PublishedPort] {
        guard publishAll else { return ports }
        var result = ports
        for exposed in exposedPorts {
            let parts = exposed.split(separator: "/")
            guard parts.count == 2, let number = UInt16(parts[0]), let transport = TransportProtocol(rawValue: String(parts[1])),
                  !ports.contains(where: { $0.containerPort == number && $0.transport == transport })
            else { continue }
            result.append(PublishedPort(hostPort: 0, containerPort: number, transport: transport))
        }
        return result
    }
}
