import CRuntimeShims
import Glibc

/// Container IDs, generated names and the rules names must follow.
public enum Identifiers {
    /// 64 lowercase hex characters from the kernel's random pool.
    public static func newID() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        _ = bytes.withUnsafeMutableBytes { mr_random_bytes($0.baseAddress, 32) }
        return hex(bytes)
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func short(_ id: String) -> String { String(id.prefix(12)) }

    /// Docker's rule for container and network names: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`, here also at
    /// most 128 characters.
    public static func isValidName(_ name: String) -> Bool {
        let u = Array(name.utf8)
        guard let first = u.first, u.count <= 128, isAlphanumeric(first) else { return false }
        return u.allSatisfy { isAlphanumeric($0) || $0 == 95 || $0 == 46 || $0 == 45 }
    }

    public static func validateName(_ name: String, kind: String = "container") throws {
        if !isValidName(name) {
            throw RuntimeError(.invalidArgument,
                "Invalid \(kind) name (\(printable(name))), only [a-zA-Z0-9][a-zA-Z0-9_.-]* (at most 128 characters) are allowed")
        }
    }

    /// A name as it can be shown on one line, whatever it contains.
    public static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(140) {
            if scalar.value < 32 || scalar.value == 127 {
                out += "\\x" + hex([UInt8(scalar.value)])
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > 140 ? out + "..." : out
    }

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }

    private static let adjectives = [
        "admiring", "adoring", "agitated", "amazing", "angry", "awesome", "blissful", "bold", "brave", "busy",
        "charming", "clever", "cool", "compassionate", "confident", "cranky", "dazzling", "determined", "eager",
        "ecstatic", "elastic", "elegant", "epic", "festive", "focused", "friendly", "funny", "gallant", "gifted",
        "goofy", "gracious", "happy", "hopeful", "hungry", "inspiring", "jolly", "keen", "kind", "laughing",
        "loving", "lucid", "modest", "musing", "nervous", "nice", "nifty", "nostalgic", "optimistic", "peaceful",
        "pensive", "practical", "priceless", "quirky", "quizzical", "relaxed", "reverent", "romantic", "serene",
        "sharp", "silly", "sleepy", "stoic", "strange", "sweet", "tender", "trusting", "upbeat", "vibrant",
        "vigilant", "wizardly", "wonderful", "xenodochial", "youthful", "zealous", "zen",
    ]
    private static let scientists = [
        "albattani", "allen", "archimedes", "babbage", "banach", "bardeen", "bell", "bhabha", "bohr", "booth",
        "borg", "bose", "brown", "carson", "cerf", "chandrasekhar", "curie", "darwin", "davinci", "dijkstra",
        "einstein", "elion", "engelbart", "euclid", "euler", "faraday", "fermat", "fermi", "feynman", "franklin",
        "galileo", "gauss", "goldberg", "goodall", "hamilton", "hawking", "heisenberg", "hodgkin", "hopper",
        "hypatia", "johnson", "kepler", "knuth", "lamarr", "lamport", "leakey", "lovelace", "mayer", "mccarthy",
        "meitner", "mendel", "morse", "napier", "newton", "nobel", "noether", "pascal", "pasteur", "perlman",
        "pike", "poincare", "ritchie", "rosalind", "sammet", "shannon", "shockley", "swartz", "tesla",
        "thompson", "torvalds", "turing", "volhard", "wescoff", "wiles", "williams", "wozniak", "wright", "yalow",
    ]

    /// A Docker-style name such as "focused_turing".
    public static func randomName() -> String {
        var r: UInt32 = 0
        _ = withUnsafeMutableBytes(of: &r) { mr_random_bytes($0.baseAddress, 4) }
        let adjective = adjectives[Int(r % UInt32(adjectives.count))]
        let scientist = scientists[Int((r >> 16) % UInt32(scientists.count))]
        return adjective + "_" + scientist
    }
}
