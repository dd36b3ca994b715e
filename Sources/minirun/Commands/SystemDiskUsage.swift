import ArgumentParser
import Runtime

/// `system df`: Docker's four lines - images, containers, local volumes, build cache - with how
/// many there are, how many are in use, their size and what a prune could reclaim, each computed
/// as Docker's CLI computes it.
struct SystemDiskUsage: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "df", abstract: "Show the disk space images, containers, volumes and the build cache use.")

    @OptionGroup var output: FormatOption

    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Show each image, container, volume and cached build step.")
    var verbose = false

    /// docker's `system df --format json` fields.
    struct Row: ListRow {
        var Active, Reclaimable, Size, TotalCount, `Type`: String

        static var columns: [Column<Row>] {
            [Column("Type", \.Type), Column("TotalCount", \.TotalCount), Column("Active", \.Active), Column("Size", \.Size),
             Column("Reclaimable", \.Reclaimable)]
        }

        static let headers = ["Active": "ACTIVE", "Reclaimable": "RECLAIMABLE", "Size": "SIZE", "TotalCount": "TOTAL", "Type": "TYPE"]

        /// "11.63MB (70%)": the percentage only when there is a size to take it of, as Docker's.
        init(_ type: String, total: Int, active: Int, size: UInt64, reclaimable: UInt64) {
            self.Type = type
            TotalCount = String(total)
            Active = String(active)
            Size = HumanFormat.size(size, digits: 4)
            Reclaimable = HumanFormat.size(reclaimable, digits: 4) + (size > 0 ? " (\(reclaimable * 100 / size)%)" : "")
        }
    }

    func run() throws {
        let engine = makeEngine()
        let records = engine.reconciledListing().records
        let usage = try DiskUsage(engine, containers: records)
        if verbose {
            guard case .table = output.format else { throw ValidationError("--verbose shows Docker's tables; it takes no --format") }
            return print(try VerboseDiskUsage(engine, usage: usage, containers: records).text, terminator: "")
        }
        let rows = [
            Row("Images", total: usage.images.count, active: usage.images.filter(\.used).count, size: usage.imagesSize,
                reclaimable: usage.imagesSize - min(usage.imagesSize, usage.images.filter(\.used).map { $0.size - $0.shared }.reduce(0, +))),
            Row("Containers", total: records.count, active: records.filter { $0.state.status == .running }.count,
                size: usage.containerSizes.values.reduce(0, +),
                reclaimable: records.filter { $0.state.status != .running }.map { usage.containerSizes[$0.id] ?? 0 }.reduce(0, +)),
            Row("Local Volumes", total: usage.volumes.count, active: usage.volumes.filter(\.used).count,
                size: usage.volumes.map(\.size).reduce(0, +), reclaimable: usage.volumes.filter { !$0.used }.map(\.size).reduce(0, +)),
            Row("Build Cache", total: usage.buildCacheCount, active: 0, size: usage.buildCacheSize, reclaimable: usage.buildCacheSize),
        ]
        print(try Output.render(rows, format: output.format, quiet: nil), terminator: "")
    }
}

/// What `system df` adds up.
struct DiskUsage {
    struct Image {
        var id: String
        var size: UInt64
        /// The bytes of its layers that another image has too (Docker's SharedSize).
        var shared: UInt64
        var used: Bool
    }

    struct Volume {
        var name: String
        var size: UInt64
        /// The containers that mount it (Docker's LINKS).
        var links: Int
        var used: Bool { links > 0 }
    }

    var images: [Image] = []
    /// Every layer of the listed images once.
    var imagesSize: UInt64 = 0
    var containerSizes: [String: UInt64] = [:]
    var volumes: [Volume] = []
    var buildCacheCount = 0
    /// The layers of the cache's step images that no listed image has.
    var buildCacheSize: UInt64 = 0
    /// The cache's step images, each with the size of its layers no listed image has.
    var buildCache: [(id: String, size: UInt64)] = []

    init(_ engine: Engine, containers: [ContainerRecord]) throws {
        let usedImages = Set(containers.map(\.config.imageID))
        var layersOf: [String: [ImageContent.Layer]] = [:]
        for id in Set(try engine.images.list().map(\.id)) {
            layersOf[id] = (try? engine.images.content(of: id))??.layers ?? []
        }
        var holders: [String: Int] = [:]
        var layerSizes: [String: UInt64] = [:]
        for layers in layersOf.values {
            for layer in layers {
                holders[layer.chainID, default: 0] += 1
                layerSizes[layer.chainID] = layer.size
            }
        }
        imagesSize = layerSizes.values.reduce(0, +)
        images = layersOf.map { id, layers in
            Image(id: id, size: layers.map(\.size).reduce(0, +), shared: layers.filter { holders[$0.chainID, default: 0] > 1 }.map(\.size).reduce(0, +),
                  used: usedImages.contains(id))
        }
        for record in containers { containerSizes[record.id] = engine.containers.writableLayerSize(of: record.id) }
        volumes = engine.listVolumes().map { volume in
            Volume(name: volume.name, size: DirectorySize.bytes(in: volume.mountpoint),
                   links: containers.filter { Engine.volumesMounted(by: [$0]).contains(volume.name) }.count)
        }
        let cached = engine.images.buildCacheImages()
        buildCacheCount = cached.count
        var cacheLayers: [String: UInt64] = [:]
        for id in cached.sorted() {
            var own: UInt64 = 0
            for layer in (try? engine.images.content(of: id))??.layers ?? [] where layerSizes[layer.chainID] == nil {
                if cacheLayers.updateValue(layer.size, forKey: layer.chainID) == nil { own += layer.size }
            }
            buildCache.append((id, own))
        }
        buildCacheSize = cacheLayers.values.reduce(0, +)
    }
}
