extension ImageStore {
    /// `tag SOURCE TARGET`: TARGET names the image SOURCE names (a name or an ID); a TARGET that
    /// named another image moves, as in Docker; that image's content goes when no tag is left and no
    /// container (`inUse`: their image IDs) uses it.
    @discardableResult
    public func tag(_ source: String, as target: ImageReference, inUse: Set<String>) throws -> ImageRecord {
        try FileLock.with(lockPath) {
            let image = try resolve(source)
            var tagged = image
            tagged.repository = target.repository
            tagged.tag = target.tag
            var images = try list().filter { $0.reference != target }
            images.append(tagged)
            try save(images)
            try removeUnreferencedContent(images, inUse: inUse)
            return tagged
        }
    }
}
