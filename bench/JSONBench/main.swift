import FoundationEssentials
import Glibc
import JSONCodec

// Decodes and encodes one container.json record with JSONCodec (what StateJSON does) and with
// FoundationEssentials' JSONDecoder/JSONEncoder. `json-bench CODEC first` times only the first
// decode and encode of a fresh process (type metadata, conformance lookups, first-use setup: what
// every `minirun run` pays); `json-bench CODEC N` the mean of N more after a warm-up. Prints
// microseconds: decode, encode, both. bench/json-codec.sh runs both in the release configuration.

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1e6 + Double(ts.tv_nsec) / 1e3
}

func readSample() -> [UInt8] {
    let path = CommandLine.arguments.count > 3 ? CommandLine.arguments[3] : "bench/JSONBench/container.json"
    guard let file = fopen(path, "r") else { fatalError("cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n <= 0 { break }
        bytes += buffer[..<n]
    }
    return bytes
}

/// One codec's two halves: bytes to a Record, and a Record back to bytes (how many, so that the
/// work cannot be optimized away).
struct Codec {
    let decode: ([UInt8]) throws -> Record
    let encode: (Record) throws -> Int
}

let codecs = [
    "jsoncodec": Codec(
        decode: { try JSONValue(parsing: $0).decode(Record.self) },
        encode: { try GoJSON.bytes(JSONValue(encoding: $0, sortingMaps: false)).count }),
    "foundation": Codec(
        decode: { try JSONDecoder().decode(Record.self, from: Data($0)) },
        encode: { try JSONEncoder().encode($0).count }),
]

func rounded(_ microseconds: Double) -> Double { (microseconds * 100).rounded() / 100 }

let arguments = CommandLine.arguments
guard arguments.count >= 3, let codec = codecs[arguments[1]] else {
    fatalError("usage: json-bench jsoncodec|foundation first|N [container.json]")
}
let sample = readSample()

if arguments[2] == "first" {
    // decode, encode, and both: the cost of first use in this process.
    let start = now()
    let record = try codec.decode(sample)
    let decoded = now()
    _ = try codec.encode(record)
    let end = now()
    print(rounded(decoded - start), rounded(end - decoded), rounded(end - start))
} else {
    let count = Int(arguments[2])!
    let record = try codec.decode(sample)
    _ = try codec.encode(record)
    var start = now()
    for _ in 0..<count { _ = try codec.decode(sample) }
    let decoding = (now() - start) / Double(count)
    start = now()
    for _ in 0..<count { _ = try codec.encode(record) }
    let encoding = (now() - start) / Double(count)
    print(rounded(decoding), rounded(encoding), rounded(decoding + encoding))
}
