extension ContainerStore {
    /// Bytes the container wrote: the files of its upper directory (Docker's SizeRw). What
    /// `container prune` reports as reclaimed.
    public func writableLayerSize(of id: String) -> UInt64 {
        DirectorySize.bytes(in: directory(id) + "/upper")
    }
}
