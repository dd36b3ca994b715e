import Foundation
import Runtime
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// minirun-unpack decodes gzip itself (ISA-L, gunzip.c) and hands libarchive the tar it gets: the
/// members of concatenated gzip files are one stream, however the input arrives; a member whose data
/// is corrupt, cut short or does not match its trailer (CRC-32 and length) is refused with one line;
/// bytes after the last member count for the digest and unpack nothing.
@Suite("ImageArchive: gzip input")
struct GzipInputTests {
    /// Bigger than minirun-unpack's buffers, so that a member takes several reads and writes.
    let tar = TarWriter.archive([
        .directory("d"), .file("d/big", String(repeating: "0123456789abcdef", count: 40_000)), .file("d/small", "small\n"),
    ])

    /// `bytes` cut at `cuts`, each piece gzip-compressed on its own, concatenated (as `cat a.gz b.gz`).
    func gzipMembers(_ bytes: [UInt8], cutAt cuts: [Int], in sandbox: Sandbox) throws -> (blob: [UInt8], members: [Int]) {
        var blob: [UInt8] = [], members: [Int] = []
        for (start, end) in zip([0] + cuts, cuts + [bytes.count]) {
            let plain = sandbox.root + "/input/piece", packed = plain + ".gz"
            try Data(bytes[start..<end]).write(to: URL(fileURLWithPath: plain))
            #expect(try run(["gzip", "-c", "-n"], stdinFile: plain, stdoutFile: packed).status == 0)
            let member = try [UInt8](Data(contentsOf: URL(fileURLWithPath: packed)))
            members.append(member.count)
            blob += member
        }
        return (blob, members)
    }

    /// What minirun-unpack prints for `blob` (a layer: blob digest, diff_id; a tarball: its digest),
    /// sent to it through a socket in pieces of `piece` bytes, so that it reads them in short reads
    /// that split headers and members.
    func extract(_ blob: [UInt8], asLayer layer: Bool, piece: Int, into dest: String) throws -> [String] {
        var ends: [Int32] = [-1, -1]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        let writer = Thread {
            var offset = 0
            while offset < blob.count {
                let sent = blob[offset..<min(offset + piece, blob.count)].withUnsafeBytes {
                    send(writeEnd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                if sent < 0 && errno == EINTR { continue }
                if sent < 0 { break }  // minirun-unpack stopped reading: its error says why
                offset += sent
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(readEnd) }
        if layer {
            let extracted = try ImageArchive.extractLayer(from: readEnd, into: dest)
            return [extracted.digest, extracted.diffID]
        }
        return ["sha256:" + (try ImageArchive.extract(from: readEnd, into: dest)).sha256]
    }

    /// "sha256:<hex>" of `bytes`, by sha256sum.
    func digest(_ bytes: [UInt8], in sandbox: Sandbox) throws -> String {
        let path = try write(bytes, in: sandbox)
        return "sha256:" + (try sha256sum(path))
    }

    func write(_ bytes: [UInt8], in sandbox: Sandbox) throws -> String {
        let path = sandbox.root + "/input/\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("several gzip members are one stream, however the reads split them", arguments: [true, false], [1, 7, 65_536])
    func severalMembers(layer: Bool, piece: Int) throws {
        let sandbox = try Sandbox()
        // Cuts inside the first header, inside d/big's data and inside the end-of-archive blocks.
        let (blob, members) = try gzipMembers(tar, cutAt: [100, 300_000, tar.count - 700], in: sandbox)
        #expect(members.count == 4)
        let printed = try extract(blob, asLayer: layer, piece: piece, into: sandbox.dest)
        let blobDigest = try digest(blob, in: sandbox), diffID = try digest(tar, in: sandbox)
        #expect(printed == (layer ? [blobDigest, diffID] : [blobDigest]))
        #expect(readText(sandbox.dest + "/d/big") == String(repeating: "0123456789abcdef", count: 40_000))
        #expect(readText(sandbox.dest + "/d/small") == "small\n")
    }

    @Test("bytes after the last member count for the digest and unpack nothing")
    func bytesAfterTheLastMember() throws {
        let sandbox = try Sandbox()
        let blob = try gzipMembers(tar, cutAt: [], in: sandbox).blob + [UInt8](repeating: 0, count: 5000)
        let printed = try extract(blob, asLayer: true, piece: 65_536, into: sandbox.dest)
        let blobDigest = try digest(blob, in: sandbox), diffID = try digest(tar, in: sandbox)
        #expect(printed == [blobDigest, diffID])
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.dest) == ["d"])
    }

    @Test("a corrupt, cut or mismatching gzip member is refused with one line", arguments: [
        ("reserved block type", "invalid archive: invalid compressed data in the gzip stream"),
        ("first member's CRC-32", #"invalid archive at "d/big": gzip data does not match its CRC-32 or length"#),
        ("first member's length", #"invalid archive at "d/big": gzip data does not match its CRC-32 or length"#),
        ("cut in the last member", #"invalid archive at "d/big": truncated gzip input"#),
    ])
    func corruptMembers(fault: String, message: String) throws {
        let sandbox = try Sandbox()
        // Two members, the cut inside d/big's data.
        let made = try gzipMembers(tar, cutAt: [300_000], in: sandbox)
        var blob = made.blob
        let members = made.members
        switch fault {
        case "reserved block type": blob[10] = 0b111  // after gzip -n's 10-byte header: BFINAL, BTYPE 11
        case "first member's CRC-32": blob[members[0] - 8] ^= 1
        case "first member's length": blob[members[0] - 4] ^= 1
        case "cut in the last member": blob.removeLast(members[1] / 2)
        default: throw TestFailure("unknown fault \(fault)")
        }
        let path = try write(blob, in: sandbox)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        defer { close(fd) }
        #expect(throws: ImageArchive.Error.invalidArchive(message)) {
            _ = try ImageArchive.extractLayer(from: fd, into: sandbox.dest)
        }
    }
}
