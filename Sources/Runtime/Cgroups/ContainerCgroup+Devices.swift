import Netns

/// The container's device allowlist in its cgroup: on cgroup v1 every device denied in its devices
/// directory ("a" to devices.deny), then each rule allowed (devices.allow); on cgroup v2, which has
/// no devices controller, a device program attached to its directory. Either is in place before the
/// container's first process is released, and binds every process that joins the cgroup (exec too).
extension ContainerCgroup {
    /// Where the allowlist is enforced: the v1 devices directory, or else the v2 one.
    var devicesDirectory: CgroupDirectory? {
        guard devices != nil else { return nil }
        return directories.first { $0.controllers.contains("devices") } ?? directories.first { $0.version == .v2 }
    }

    /// Applies the allowlist in a directory `create` just made, if it is the one that enforces it.
    func confineDevices(in directory: CgroupDirectory) throws {
        guard let devices, directory == devicesDirectory else { return }
        switch directory.version {
        case .v1:
            try write(["a"], to: directory.file("devices.deny"))
            try write(devices.devicesAllowLines, to: directory.file("devices.allow"))
        case .v2:
            do {
                try DeviceProgram(devices).attach(toCgroup: directory.path)
            } catch {
                throw RuntimeError(.system, "cgroups: cannot confine the container's devices", cause: error)
            }
        }
    }

    private func write(_ lines: [String], to path: String) throws {
        if let failure = CgroupFile.writeEach(lines, to: path) {
            throw RuntimeError.system("cgroups: cannot confine the container's devices: write '\(failure.value)' to \(path)", failure.errno)
        }
    }

    /// The allowlist as a learner would apply it by hand; or why there is none.
    func explainDevices(_ explainer: Explainer) {
        guard let devices else {
            explainer.note("--privileged: no device allowlist, the container may use every device")
            return
        }
        guard let directory = devicesDirectory else { return }
        switch directory.version {
        case .v1:
            explainer.note("its device allowlist: every device denied, then Docker's defaults and --device allowed "
                + "(CAP_MKNOD can make any node, but only these can be opened)")
            explainer.command("echo a > \(directory.file("devices.deny"))")
            for line in devices.devicesAllowLines { explainer.command("echo '\(line)' > \(directory.file("devices.allow"))") }
        case .v2:
            explainer.note("its device allowlist: cgroup v2 has no devices controller, so a BPF_PROG_TYPE_CGROUP_DEVICE "
                + "program (\(DeviceProgram(devices).instructions.count) instructions) is attached to \(directory.path); "
                + "it denies every device but: " + devices.rules.map(\.description).joined(separator: ", "))
        }
    }
}
