extension ImageStore {
    /// `tag SOURCE TARGET`: TARGET names the image SOURCE names (a name or an ID); a TARGET that
    /// named another image moves, as in Docker: that image stays, untagged when no name is left.
    @discardableResult
    public func tag(_ source: String, as target: ImageReference, inUse: Set<String>) throws -> ImageRecord {
        try FileLock.with(lockPath) {
            let image = try resolve(source)
            var images = try list()
            name(image.id, target, size: image.size, images: &images)
            try writeIndex(images)
            try removeUnreferencedContent(images, inUse: inUse)
            return images.last { $0.reference == target } ?? image
        }
    }
}
