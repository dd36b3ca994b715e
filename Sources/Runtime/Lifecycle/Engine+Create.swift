extension Engine {
    /// Validates everything it can before anything exists, then records the container. Bad input
    /// changes nothing.
    public func create(_ options: CreateOptions) throws -> ContainerRecord {
        if let name = options.name { try Identifiers.validateName(name) }
        guard !options.command.isEmpty, !options.command[0].isEmpty else {
            throw RuntimeError("no command specified", exitCode: 125)
        }
        if !options.workingDir.isEmpty && !options.workingDir.hasPrefix("/") {
            throw RuntimeError("the working directory '\(Identifiers.printable(options.workingDir))' is invalid, it needs to be an absolute path", exitCode: 125)
        }
        if let hostname = options.hostname, !Self.isValidHostname(hostname) {
            throw RuntimeError("invalid hostname format: \(Identifiers.printable(hostname))", exitCode: 125)
        }
        let image = try images.resolve(options.image)
        let rootfs = images.rootfs(id: image.id)
        _ = try UserSpec.resolve(options.user) { try? FileSystem.readString(rootfs + $0) }

        let id = Identifiers.newID()
        let config = ContainerConfig(
            id: id, name: options.name ?? freeGeneratedName(), image: options.image, imageID: image.id,
            created: .now(), command: options.command, env: options.env, workingDir: options.workingDir,
            user: options.user, hostname: options.hostname ?? Identifiers.short(id), tty: options.tty,
            interactive: options.interactive, autoRemove: options.autoRemove, network: options.network)
        let record = ContainerRecord(config: config)
        try containers.create(record)
        return record
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
