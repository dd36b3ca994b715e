/// A hugepage size as a config.json names it ("2MB", "1GB", "64KB"; the runtime-spec's
/// "<size><unit prefix>B", read with 1024 per step as the kernel counts) and as the hugetlb
/// controller names its files: the largest unit that holds it, hugetlb.2MB.max, hugetlb.1GB.max.
struct HugepageSize: Equatable {
    var bytes: UInt64

    /// Where the kernel lists the sizes it offers, one directory hugepages-<kB>kB each.
    static let kernelDirectory = "/sys/kernel/mm/hugepages"

    /// Nil for text that is not a size ("3XB", "", "MB").
    init?(_ text: String) {
        var digits = Substring(text)
        var unit = ""
        while let last = digits.last, !last.isNumber {
            unit = String(last) + unit
            digits = digits.dropLast()
        }
        let shifts: [String: UInt64] = ["": 0, "B": 0, "K": 10, "KB": 10, "M": 20, "MB": 20, "G": 30, "GB": 30, "T": 40, "TB": 40]
        guard let number = UInt64(digits), number > 0, let shift = shifts[unit.uppercased()],
              number <= UInt64.max >> shift
        else { return nil }
        bytes = number << shift
    }

    init(bytes: UInt64) { self.bytes = bytes }

    /// The kernel's name (mm/hugetlb_cgroup.c's mem_fmt): 2MB, 1GB, 64KB.
    var kernelName: String {
        if bytes >= 1 << 30 { return "\(bytes >> 30)GB" }
        if bytes >= 1 << 20 { return "\(bytes >> 20)MB" }
        return "\(bytes >> 10)KB"
    }

    /// The sizes this kernel offers, smallest first (none without hugetlbfs support).
    static func offered(in directory: String = kernelDirectory) -> [HugepageSize] {
        FileSystem.list(directory).compactMap { name -> HugepageSize? in
            guard name.hasPrefix("hugepages-"), name.hasSuffix("kB") else { return nil }
            return UInt64(name.dropFirst("hugepages-".count).dropLast(2)).map { HugepageSize(bytes: $0 << 10) }
        }.sorted { $0.bytes < $1.bytes }
    }

    /// The kernel's name for a config's page size, or an error naming the sizes there are: a size
    /// the kernel lacks has no hugetlb files, and a limit on it would bind nothing.
    static func kernelName(of text: String, offered: [HugepageSize] = offered()) throws -> String {
        let names = offered.map(\.kernelName).joined(separator: ", ")
        guard let size = HugepageSize(text) else {
            throw RuntimeError(.invalidArgument, "invalid hugepage size \(Identifiers.printable(text)): expected a size such as 2MB or 1GB")
        }
        guard offered.contains(size) else {
            throw RuntimeError(.invalidArgument, "invalid hugepage size \(Identifiers.printable(text)): "
                + (names.isEmpty ? "this kernel offers no hugepages" : "this kernel offers \(names)"))
        }
        return size.kernelName
    }
}
