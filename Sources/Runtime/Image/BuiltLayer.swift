import CRuntimeShims
import Glibc

/// A build step's layer: its tar and diff_id and, when it could be, the tree it was packed from,
/// moved to `directory`/diff in the form extracting the tar would give (see mr_layer_tree_adopt).
/// The store moves that directory into place as the layer's rather than extracting the tar: a
/// second pass over the step's files, and a second run of minirun-unpack, in every RUN and COPY.
public struct BuiltLayer: Sendable {
    var tar: String
    var diffID: String
    var bytes: UInt64
    /// A layer directory in a staging directory of the store; nil when the tar must be extracted.
    var directory: String? = nil

    /// Packs `tree` into `tar`, then moves the tree to `directory`/diff (`directory` must not exist;
    /// the caller removes it when the store did not take it). A tree its tar extracts differently
    /// (a device node, a name that the tar makes a whiteout), or on another file system, stays where
    /// it is, and the store extracts the tar.
    static func pack(_ tree: String, into tar: String, directory: String, unpacker: String) throws -> BuiltLayer {
        let packed: ImageArchive.PackedLayer
        do {
            packed = try ImageArchive.pack(tree, into: tar, unpacker: unpacker)
        } catch {
            unlink(tar)
            throw error
        }
        var layer = BuiltLayer(tar: tar, diffID: packed.diffID, bytes: packed.bytes, directory: nil)
        guard mr_layer_tree_adopt(tree) == 0, mkdir(directory, 0o755) == 0 else { return layer }
        if rename(tree, directory + "/diff") == 0 {
            layer.directory = directory
        } else {
            rmdir(directory)
        }
        return layer
    }

    /// The layer as the store adds it.
    var incoming: IncomingLayer {
        let extracted = ImageArchive.ExtractedLayer(digest: diffID, diffID: diffID, unpackedBytes: bytes)
        return IncomingLayer(
            path: tar, digest: diffID, mediaType: MediaType.ociLayer,
            unpacked: directory.map { UnpackedLayer(directory: $0, extracted: extracted) })
    }
}
