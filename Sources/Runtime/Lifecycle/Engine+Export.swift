extension Engine {
    /// `export`: the container's filesystem - its image's layers under its own changes - as a tar
    /// on `output`, running or not, as Docker's: names relative to its root, no volumes, and the
    /// files minirun mounts over /etc/hosts, /etc/hostname and /etc/resolv.conf as the empty ones
    /// beneath them. It is read by minirun-unpack chrooted into a read-only overlay of the
    /// container's directories (see `cp`), so no symlink of the container resolves on the host.
    public func export(_ reference: String, to output: Int32) throws {
        let side = CopySide(root: try overlayRoot(of: try inspect(reference), readOnly: true), unpacker: executables.unpack)
        try runCopy(packing: "/", as: ".", in: side, extractingInto: nil, in: nil, owner: nil, stream: (-1, output))
    }
}
