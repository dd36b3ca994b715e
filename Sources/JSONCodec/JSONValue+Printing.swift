extension JSONValue {
    /// Indented as `docker inspect` prints (json.MarshalIndent with four spaces).
    public func indentedJSON() throws -> String {
        try GoJSON.encode(self, indent: "    ")
    }
}
