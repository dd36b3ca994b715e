import Glibc
import Netns

/// What the CLI (or any other user of this library) drives: the stores under one state root and
/// the programs minirun runs for itself.
public final class Engine: @unchecked Sendable {
    public let root: StateRoot
    public let images: ImageStore
    public let containers: ContainerStore
    public let networks: NetworkStore
    public let explainer: Explainer
    public let executables: Executables

    public init(root: StateRoot, explainer: Explainer = .silent, executables: Executables = .besideThisProgram()) {
        self.root = root
        self.images = ImageStore(root: root)
        self.containers = ContainerStore(root: root)
        self.networks = NetworkStore(root: root)
        self.explainer = explainer
        self.executables = executables
    }

    /// The image IDs containers use, each with one of its containers.
    public func imageUsers() -> [String: String] {
        var users: [String: String] = [:]
        for record in containers.list() { users[record.config.imageID] = record.id }
        return users
    }

    /// Adds an image read from a tarball, a layout or a registry to the store (ImageStore.add),
    /// keeping what containers use.
    public func addImage(_ image: IncomingImage) throws -> ImageStore.AddedImage {
        try images.add(image, inUse: Set(imageUsers().keys))
    }

    /// Arguments that select this state root in a minirun command line.
    var rootArguments: [String] {
        root.isDefault ? [] : ["--root", root.data]
    }
}

/// Paths of the minirun CLI (run again by the monitor to clean up after a container), of
/// minirun-monitor, which is also the runtime's init: every process that enters a container executes
/// a sealed copy of it first (SealedInit), of minirun-unpack, which extracts image tarballs, and of
/// minirun-pull, the registry client (pull, login, logout), kept out of minirun with SwiftNIO and TLS,
/// and of minirun-yaml, compose's YAML reader and writer, kept out of minirun with Yams and Foundation.
public struct Executables: Sendable {
    public var minirun: String
    public var monitor: String
    public var unpack: String
    /// The name server of a user-defined network (Engine+DNS.swift); beside the monitor by default.
    public var dns: String
    /// `pull`, `login` and `logout`, a program of their own (it links SwiftNIO); beside minirun by default.
    public var pull: String
    /// YAML in and out for compose (it links Yams and Foundation); beside minirun by default.
    public var yaml: String

    public init(minirun: String, monitor: String, unpack: String, dns: String? = nil, pull: String? = nil, yaml: String? = nil) {
        self.minirun = minirun
        self.monitor = monitor
        self.unpack = unpack
        let directory = monitor.lastIndex(of: "/").map { String(monitor[..<$0]) } ?? "."
        self.dns = dns ?? directory + "/minirun-dns"
        let minirunDirectory = minirun.lastIndex(of: "/").map { String(minirun[...$0]) } ?? ""
        self.pull = pull ?? minirunDirectory + "minirun-pull"
        self.yaml = yaml ?? minirunDirectory + "minirun-yaml"
    }

    /// All found in the directory of the running program, where `swift build` and the installer put them.
    public static func besideThisProgram() -> Executables {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let path = n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "/usr/local/bin/minirun"
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        return Executables(minirun: directory + "/minirun", monitor: directory + "/minirun-monitor",
                           unpack: directory + "/minirun-unpack")
    }
}
