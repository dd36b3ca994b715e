/// `rename OLD NEW`, as Docker's: the container keeps its ID, hostname and everything else. The new
/// name counts at once: its peers' /etc/hosts and its networks' name servers answer for the new name
/// and no longer for the old one (under the hosts lock, before the command returns), and containers
/// that `--link` to it follow it to its new name (Docker's links go by ID; minirun's records name).
extension Engine {
    public func renameContainer(_ reference: String, to newName: String) throws {
        try Identifiers.validateName(newName)
        let id = try containers.resolve(reference)
        if try containers.load(id).name == newName {
            throw RuntimeError(.invalidArgument, "Renaming a container with the same name as its current name")
        }
        let oldName = try containers.changeName(id, to: newName)
        for other in containers.list() where other.config.links.contains(where: { $0.name == oldName }) {
            try? containers.update(other.id) { record in
                for index in record.config.links.indices where record.config.links[index].name == oldName {
                    record.config.links[index].name = newName
                }
            }
        }
        refreshHosts()
    }
}
