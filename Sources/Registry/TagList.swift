import JSONCodec
import Runtime

extension RegistrySession {
    static let tagListLimit = 4 << 20

    /// Every tag of the repository, in the registry's order (GET tags/list), following the
    /// `Link: <...>; rel="next"` headers of a registry that answers in pages. What `pull --all-tags` pulls.
    func tags(of reference: RemoteReference) async throws -> [String] {
        struct Page: Decodable { var tags: [String]? }
        var tags: [String] = []
        var url = baseURL + "/v2/" + repository + "/tags/list"
        var seen: Set<String> = []
        while seen.insert(url).inserted {
            let response = try await get(url: url)
            let body = try await Self.collect(response, limit: Self.tagListLimit)
            guard response.status == .ok else {
                if response.status == .notFound {
                    throw RuntimeError(.notFound, "repository \(reference.familiarName) not found: name unknown")
                }
                throw Self.statusError(response.status, body: body, doing: "tags of \(reference.familiarName)")
            }
            guard let page = try? JSONValue(parsing: body).decode(Page.self) else {
                throw RuntimeError(.damaged, "tags of \(reference.familiarName): the registry's tag list is not JSON")
            }
            tags += page.tags ?? []
            guard let next = Self.nextPage(response.headers.first(name: "Link")) else { return tags }
            url = next.hasPrefix("/") ? baseURL + next : next
            // Only this registry's own pages: the Authorization header is not sent elsewhere.
            guard url.hasPrefix(baseURL + "/") else {
                throw RuntimeError(.damaged, "tags of \(reference.familiarName): the next page is on another host (\(Identifiers.printable(next)))")
            }
        }
        throw RuntimeError(.damaged, "tags of \(reference.familiarName): the registry's pages of tags go round in a loop")
    }

    /// The URL of a Link header's rel="next" entry (RFC 8288: `<URL>; rel="next"`, entries separated by commas).
    static func nextPage(_ header: String?) -> String? {
        guard let header else { return nil }
        for entry in header.split(separator: ",") {
            let parts = entry.split(separator: ";").map { $0.filter { $0 != " " && $0 != "\t" } }
            guard let target = parts.first, target.hasPrefix("<"), target.hasSuffix(">") else { continue }
            let isNext = parts.dropFirst().contains { parameter in
                let lowered = parameter.lowercased()
                return lowered == "rel=\"next\"" || lowered == "rel=next"
            }
            if isNext { return String(target.dropFirst().dropLast()) }
        }
        return nil
    }
}
