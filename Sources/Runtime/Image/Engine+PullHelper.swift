import Glibc

extension Engine {
    /// Pulls `image` as `minirun pull` does, through minirun-pull (the registry client is a program
    /// of its own: minirun links no HTTP or TLS), its progress lines written to `output`, into this
    /// engine's state root. Its error line becomes the error, so that a failed pull is one line.
    /// What `run --pull` and a build's FROM of a missing image share. As in Docker's `run`, the
    /// lines name the image with its tag and end with the status: the `pull` command's "Using
    /// default tag" and the name printed last are not part of them. `quiet` leaves out all but an
    /// error; `platform` (os/arch[/variant]) chooses from a manifest list.
    public func pullThroughHelper(_ image: String, output: Int32, quiet: Bool = false, platform: String? = nil) throws {
        exportRootForHelpers()
        let arguments = ["pull", "--within-command"] + (quiet ? ["--quiet"] : []) + (platform.map { ["--platform", $0] } ?? [])
            + [ImageStore.normalized(image)]
        let (status, error) = try runHelperProgram(executables.pull, arguments, output: output)
        guard status != 0 else { return }
        throw RuntimeError(.notFound, error.isEmpty ? "\(executables.pull) failed with status \(status)" : error)
    }

    /// minirun-pull takes the state root from MINIRUN_ROOT, as the CLI sets it from --root.
    /// Changed only when it differs, so that a build's threads, which start after the build set
    /// it, never see the environment change while another reads it.
    func exportRootForHelpers() {
        if getenv("MINIRUN_ROOT").map({ String(cString: $0) }) != root.data && !root.isDefault {
            setenv("MINIRUN_ROOT", root.data, 1)
        }
    }
}
