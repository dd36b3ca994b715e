import JSONCodec
import Runtime

extension Engine {
    /// A container's `inspect` object; with `size` (`inspect -s`), Docker's SizeRw (the bytes its
    /// writable layer holds) and SizeRootFs (those and its image's), after HostConfig where Docker
    /// puts them.
    func inspectionJSON(of reference: String, size: Bool) throws -> JSONValue {
        let inspection = try inspection(of: reference)
        let value = try JSONValue(encoding: inspection)
        guard size, case .object(let object) = value else { return value }
        let writable = containers.writableLayerSize(of: inspection.Id)
        let image = try images.list().first { "sha256:" + $0.id == inspection.Image }?.size ?? 0
        var sized = JSONObject()
        for (key, field) in object.pairs {
            sized[key] = field
            if key == "HostConfig" {
                sized["SizeRw"] = .integer(Int(writable))
                sized["SizeRootFs"] = .integer(Int(writable + image))
            }
        }
        return .object(sized)
    }
}
