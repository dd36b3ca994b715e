@testable import Runtime
import Glibc
import Testing

/// `-v` and `--tmpfs` are checked as Docker checks them, when they are given: a bad one is refused
/// before anything exists, not by mount(2) when the container starts.
struct MountOptionTests {
    func message(_ parse: () throws -> Any) -> String? {
        do { _ = try parse(); return nil } catch { return "\(error)" }
    }

    @Test(arguments: ["/", "//", "/.", "/./"])
    func nothingIsMountedOverTheRoot(target: String) {
        #expect(message { try TmpfsMount(parsing: target) } == "invalid tmpfs: '\(target)': destination can't be '/'")
        #expect(message { try TmpfsMount(parsing: target + ":size=1m") } == "invalid tmpfs: '\(target):size=1m': destination can't be '/'")
        #expect(message { try VolumeMount(parsing: "/tmp:" + target) } == "invalid volume specification: '/tmp:\(target)': destination can't be '/'")
    }

    @Test func targetsAreAbsoluteAndCleaned() throws {
        #expect(message { try TmpfsMount(parsing: "relative") } != nil)
        #expect(message { try VolumeMount(parsing: "/tmp:relative") } != nil)
        #expect(try TmpfsMount(parsing: "//x/./y/").target == "/x/y")
        #expect(try VolumeMount(parsing: "/tmp:/x/").target == "/x")
    }

    /// `-v /data`: a container path alone is a new anonymous volume, under a name of its own.
    @Test func aPathAloneIsAnAnonymousVolume() throws {
        let a = try VolumeMount(parsing: "/data/"), b = try VolumeMount(parsing: "/data")
        #expect(a.anonymous && a.isNamedVolume && a.target == "/data" && !a.readOnly)
        #expect(a.source.count == 64 && a.source != b.source)
        #expect(message { try VolumeMount(parsing: "data") } != nil)
        #expect(message { try VolumeMount(parsing: "/") } == "invalid volume specification: '/': destination can't be '/'")
    }

    @Test(arguments: [
        "size=64m", "size=1G", "size=10%", "size=0", "nr_blocks=100k", "nr_inodes=1k", "mode=1777", "mode=0700", "uid=1000", "gid=0",
        "mpol=default", "mpol=bind:0-1", "mpol=interleave", "ro", "rw", "exec", "noexec", "suid", "nosuid", "dev", "nodev",
        "sync", "async", "dirsync", "noatime", "atime", "nodiratime", "relatime", "strictatime", "size=1m,,mode=700", "",
    ])
    func optionsDockerTakesAreTaken(options: String) throws {
        #expect(try TmpfsMount(parsing: "/x:" + options).options == options)
    }

    @Test(arguments: [
        ("size=abc", "size is bytes with an optional k, m or g suffix, or a percentage of memory"),
        ("size=-1", "size is bytes with an optional k, m or g suffix, or a percentage of memory"),
        ("size=", "size is bytes with an optional k, m or g suffix, or a percentage of memory"),
        ("size=1 m", "size is bytes with an optional k, m or g suffix, or a percentage of memory"),
        ("nr_inodes=5%", "nr_inodes is a number with an optional k, m or g suffix"),
        ("mode=999", "mode is an octal mode such as 1777"),
        ("mode=17777", "mode is an octal mode such as 1777"),
        ("uid=root", "uid is a numeric user ID"),
        ("gid=-1", "gid is a numeric group ID"),
        ("mpol=bind", "mpol is default, prefer[:NODE], bind:NODES, interleave[:NODES] or local"),
    ])
    func badValuesAreRefusedWithTheReason(option: String, reason: String) {
        #expect(message { try TmpfsMount(parsing: "/x:" + option) } == "invalid tmpfs option \"\(option)\": \(reason)")
    }

    @Test(arguments: ["bogus", "defaults", "bind", "remount", "shared", "size", "SIZE=1m", "huge=always"])
    func unknownOptionsAreRefused(option: String) {
        #expect(message { try TmpfsMount(parsing: "/x:" + option) } == "invalid tmpfs option \"\(option)\": not a mount flag "
            + "(ro, noexec, nosuid, nodev, ...) or one of size, mode, uid, gid, nr_inodes, nr_blocks, mpol")
    }

    @Test func flagsGoToMountAndTheRestToTheFilesystem() {
        let (flags, data) = TmpfsOptions.flagsAndData("size=1m,ro,exec,noatime,mode=700")
        #expect(flags == UInt(MS_NOSUID | MS_NODEV | MS_RDONLY | MS_NOATIME))
        #expect(data == "size=1m,mode=700")
        #expect(TmpfsOptions.flagsAndData("").0 == UInt(MS_NOSUID | MS_NODEV | MS_NOEXEC))
    }

    /// Docker's "Duplicate mount point": two volumes on one path, or a volume and a tmpfs; a later
    /// --tmpfs on a path replaces an earlier one (Docker keeps them in a map).
    @Test func onePathHoldsOneMount() throws {
        let a = try VolumeMount(parsing: "/tmp:/x"), b = try VolumeMount(parsing: "/var/tmp:/x/")
        let small = try TmpfsMount(parsing: "/x:size=1m"), large = try TmpfsMount(parsing: "/x:size=2m")
        let other = try TmpfsMount(parsing: "/y")
        #expect(message { try MountTarget.distinct(volumes: [a, b], tmpfs: []) } == "Duplicate mount point: /x")
        #expect(message { try MountTarget.distinct(volumes: [a], tmpfs: [large]) } == "Duplicate mount point: /x")
        #expect(try MountTarget.distinct(volumes: [], tmpfs: [small, other, large]) == [other, large])
    }

    /// `-v`'s modes as Docker reads them: a list of one of each kind, nocopy for volumes and a
    /// propagation for binds only.
    @Test(arguments: [
        ("/srv:/d:ro", true, false), ("/srv:/d:rw,Z", false, false), ("/srv:/d:z,ro,rslave", true, false),
        ("/srv:/d:delegated", false, false), ("cache:/d:nocopy", false, true), ("cache:/d:ro,nocopy,z", true, true),
    ])
    func modesDockerTakesAreTaken(text: String, readOnly: Bool, noCopy: Bool) throws {
        let volume = try VolumeMount(parsing: text)
        #expect(volume.readOnly == readOnly && volume.noCopy == noCopy)
    }

    @Test(arguments: ["/srv:/d:ro,rw", "/srv:/d:z,Z", "/srv:/d:nocopy", "cache:/d:rshared", "/srv:/d:shared,slave", "/srv:/d:rw,", "/srv:/d:bogus"])
    func modesDockerRefusesAreRefused(text: String) {
        let mode = String(text.split(separator: ":", omittingEmptySubsequences: false)[2])
        #expect(message { try VolumeMount(parsing: text) } == "invalid mode: \(mode)")
    }

    /// `-v` makes a missing host path when the container starts; `--mount type=bind` refuses it.
    @Test func aMissingBindSourceIsMadeForVAndRefusedForMount() throws {
        let missing = "/nonexistent-minirun-test/\(UInt32.random(in: 0...UInt32.max))"
        let made = try VolumeMount(parsing: missing + ":/d")
        #expect(made.createsSource && !made.isNamedVolume)
        #expect(!(try VolumeMount(parsing: "data:/d")).createsSource, "a volume is no host path")
        #expect(message { try VolumeMount(parsing: missing + ":/d", createsMissingSource: false) }
            == "invalid mount config for type \"bind\": bind source path does not exist: \(missing)")
        #expect(!(try VolumeMount(parsing: "/tmp:/d", createsMissingSource: false)).createsSource)
    }
}
