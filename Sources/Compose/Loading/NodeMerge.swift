/// Several `-f` files (and an override file) as one, as Compose merges them: mappings key by key,
/// a later scalar replacing an earlier one; `command`, `entrypoint` and a health check's `test`
/// replaced whole; `environment`, `labels` and build `args` merged by name whichever form (list or
/// mapping) each file uses; `volumes` merged by target path; other lists appended without repeats.
extension ComposeNode {
    func merged(with other: ComposeNode, path: [String] = []) -> ComposeNode {
        let key = path.last ?? ""
        let inService = path.count >= 3 && path[0] == "services"
        if inService && ["command", "entrypoint", "test"].contains(key) { return other }
        if inService && ["environment", "labels", "args"].contains(key) {
            return mergedMaps(asMapping(), other.asMapping(), path: path)
        }
        switch (self, other) {
        case (.map, .map):
            return mergedMaps(self, other, path: path)
        case (.list(let mine, _), .list(let theirs, let position)):
            if inService && path.count == 3 && key == "volumes" {
                let targets = Set(theirs.compactMap(\.volumeTarget))
                return .list(mine.filter { $0.volumeTarget.map { !targets.contains($0) } ?? true } + theirs, position)
            }
            var items = mine
            for item in theirs where !items.contains(where: { $0.sameValue(as: item) }) { items.append(item) }
            return .list(items, position)
        default:
            return other
        }
    }

    private func mergedMaps(_ base: ComposeNode, _ overlay: ComposeNode, path: [String]) -> ComposeNode {
        var entries = base.entries ?? []
        for entry in overlay.entries ?? [] {
            if let index = entries.firstIndex(where: { $0.key == entry.key }) {
                entries[index].value = entries[index].value.merged(with: entry.value, path: path + [entry.key])
            } else {
                entries.append(entry)
            }
        }
        return .map(entries, overlay.position)
    }

    /// A `KEY=VALUE` list as a mapping (a bare `KEY` maps to null), a mapping as it is.
    func asMapping() -> ComposeNode {
        guard case .list(let items, let position) = self else { return self }
        return .map(items.compactMap { item in
            guard let text = item.text else { return nil }
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value: ComposeNode = parts.count == 2
                ? .scalar(String(parts[1]), isNull: false, item.position) : .scalar("", isNull: true, item.position)
            return (String(parts[0]), value, item.position)
        }, position)
    }

    /// The container path of a volume entry in either syntax.
    var volumeTarget: String? {
        if let target = self["target"]?.text { return target }
        guard let text else { return nil }
        let parts = text.split(separator: ":")
        return parts.count >= 2 ? String(parts[1]) : parts.first.map(String.init)
    }

    /// Equal values, positions aside.
    func sameValue(as other: ComposeNode) -> Bool {
        switch (self, other) {
        case (.scalar(let a, let nullA, _), .scalar(let b, let nullB, _)):
            return a == b && nullA == nullB
        case (.list(let a, _), .list(let b, _)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.sameValue(as: $1) }
        case (.map(let a, _), .map(let b, _)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value.sameValue(as: $1.value) }
        default:
            return false
        }
    }
}
