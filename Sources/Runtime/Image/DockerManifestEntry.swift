/// One image of a `docker save` tarball's manifest.json: its config and layer files (paths in the
/// tarball) and its names.
struct DockerManifestEntry: Codable {
    var Config: String
    var RepoTags: [String]?
    var Layers: [String]
}
