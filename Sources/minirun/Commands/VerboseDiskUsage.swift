import Runtime

/// `system df -v`: Docker's four tables under their titles - each image with its shared and unique
/// size and how many containers use it, each container with its volumes and writable layer, each
/// volume with its links, each cached build step - laid out as Docker's CLI lays them out.
struct VerboseDiskUsage {
    let text: String

    init(_ engine: Engine, usage: DiskUsage, containers: [ContainerRecord]) throws {
        let now = Timestamp.now()
        let byID = Dictionary(usage.images.map { ($0.id, $0) }) { first, _ in first }
        var images = Table(["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS"])
        for listing in try engine.images.listing(all: false) {
            let row = Images.Row(listing, now: now, truncate: true)
            let image = byID[listing.record.id]
            let users = containers.filter { $0.config.imageID == listing.record.id }.count
            images.add([row.Repository, row.Tag, row.ID, row.CreatedSince, row.Size,
                        HumanFormat.size(image?.shared ?? 0), HumanFormat.size((image?.size ?? 0) - (image?.shared ?? 0)), String(users)])
        }
        var running = Table(["CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE", "CREATED", "STATUS", "NAMES"])
        for record in containers {
            let row = Ps.Row(record, health: nil, full: false, now: now)
            running.add([row.ID, row.Image, row.Command, row.LocalVolumes, HumanFormat.size(usage.containerSizes[record.id] ?? 0),
                         row.RunningFor, row.Status, row.Names])
        }
        var volumes = Table(["VOLUME NAME", "LINKS", "SIZE"])
        for volume in usage.volumes { volumes.add([volume.name, String(volume.links), HumanFormat.size(volume.size)]) }
        var cache = Table(["CACHE ID", "CACHE TYPE", "SIZE", "CREATED", "LAST USED", "USAGE", "SHARED"])
        for step in usage.buildCache {
            let created = (try? engine.images.config(of: step.id))?.created.flatMap(Timestamp.init)
            let since = created.map { HumanFormat.duration($0.interval(to: now)) + " ago" } ?? ""
            // minirun does not count a cached step's uses: its LAST USED and USAGE stay empty.
            cache.add([Identifiers.short(step.id), "regular", HumanFormat.size(step.size), since, "", "", "false"])
        }
        text = "Images space usage:\n\n" + images.render()
            + "\nContainers space usage:\n\n" + running.render()
            + "\nLocal Volumes space usage:\n\n" + volumes.render()
            + "\nBuild cache usage: \(HumanFormat.size(usage.buildCacheSize))\n\n" + cache.render()
    }
}
