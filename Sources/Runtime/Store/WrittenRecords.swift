import Synchronization

/// The record this process last wrote for each container, with its bytes: a load that reads back
/// the same bytes returns that record instead of decoding it again. A `run` writes its container's
/// record when the container starts and reads it back when it exits; decoding it there was 0.2 ms of
/// a 6 ms run. Another command's write shows as other bytes, and is decoded.
final class WrittenRecords: Sendable {
    private let entries = Mutex<[String: (bytes: [UInt8], record: ContainerRecord)]>([:])

    func remember(_ record: ContainerRecord, writtenAs bytes: [UInt8]) {
        entries.withLock { $0[record.id] = (bytes, record) }
    }

    func record(_ id: String, ifWrittenAs bytes: [UInt8]) -> ContainerRecord? {
        entries.withLock { entries in
            guard let entry = entries[id], entry.bytes == bytes else { return nil }
            return entry.record
        }
    }
}
