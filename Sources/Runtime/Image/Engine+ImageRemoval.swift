extension Engine {
    /// Which containers use each image (by image ID): one running and one stopped, for `rmi`'s and
    /// `image prune`'s refusals.
    public func imageUsersByState() -> [String: ImageUsers] {
        var users: [String: ImageUsers] = [:]
        for record in listContainers() {
            var use = users[record.config.imageID] ?? ImageUsers()
            if record.state.status == .running {
                use.running = use.running ?? record.id
            } else {
                use.stopped = use.stopped ?? record.id
            }
            users[record.config.imageID] = use
        }
        return users
    }

    /// `rmi`: see ImageStore.remove.
    public func removeImage(_ reference: String, force: Bool) throws -> [ImageRemoval] {
        try images.remove(reference, force: force, users: imageUsersByState())
    }

    /// `image prune` (of the image IDs in `chosen`, when given): see ImageStore.prune; and what
    /// interrupted pulls left in the download area that no running pull holds.
    public func pruneImages(all: Bool, among chosen: Set<String>?) throws -> (removed: [ImageRemoval], reclaimed: UInt64) {
        let (removed, reclaimed) = try images.prune(all: all, among: chosen, users: imageUsersByState())
        return (removed, reclaimed + (try DownloadArea(root: root).prune()))
    }
}
