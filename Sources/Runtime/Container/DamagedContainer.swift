/// A container whose record cannot be read (torn, overwritten): what is known of it without the
/// record. `ps -a` shows it as Dead, `rm -f` removes what can still be found of it.
public struct DamagedContainer: Sendable {
    public var id: String
    /// From its name record; nil when no name record names it.
    public var name: String?
    /// When its directory last changed: the nearest there is to its creation time.
    public var changed: Timestamp
    /// What is wrong with the record.
    public var problem: String
}

/// Every container of a state root: those whose record reads, newest first, and the damaged ones.
public struct ContainerListing: Sendable {
    public var records: [ContainerRecord]
    public var damaged: [DamagedContainer]
}
