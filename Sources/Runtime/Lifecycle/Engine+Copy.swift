import CRuntimeShims
import Glibc

/// One end of `cp`: a path on the host or in a container, or a tar stream ("-": our stdin or stdout).
public enum CopyEnd: Sendable, Equatable {
    case host(String)
    case container(String, path: String)
    case stream
}

/// `cp -L` and `cp -a`.
public struct CopyOptions: Sendable {
    /// -L: a source that is a symlink is copied as what it points to, under the link's name.
    public var followLink = false
    /// -a: entries keep their owners; otherwise they belong to the user at the destination (the
    /// container's root, or whoever runs minirun).
    public var keepOwners = false

    public init(followLink: Bool = false, keepOwners: Bool = false) {
        self.followLink = followLink
        self.keepOwners = keepOwners
    }
}

extension Engine {
    /// `cp`: between a container (running or not) and the host or a tar stream, with Docker's rules
    /// for names (CopyPlan). A tar of the source is written by minirun-unpack in the source's root
    /// and read by another in the destination's, the container's side chrooted into it (see
    /// minirun-unpack's cp.c), so no path in the container is ever resolved on the host. When
    /// the copy fails, nothing it wrote is taken back, as with Docker.
    public func copy(from source: CopyEnd, to destination: CopyEnd, options: CopyOptions) throws {
        switch (source, destination) {
        case (.container(let reference, let path), .host(let hostPath)):
            try copyOut(of: reference, path, to: hostPath, options: options)
        case (.container(let reference, let path), .stream):
            try copyOut(of: reference, path, to: nil, options: options)
        case (.host(let hostPath), .container(let reference, let path)):
            try copyIn(hostPath, to: reference, path, options: options)
        case (.stream, .container(let reference, let path)):
            try copyIn(nil, to: reference, path, options: options)
        case (.container, .container):
            throw RuntimeError(.invalidArgument, "copying between containers is not supported")
        default:
            throw RuntimeError(.invalidArgument, "must specify at least one container source")
        }
    }

    /// From the container's `path` to `hostPath`, or to our stdout as a tar when nil.
    private func copyOut(of reference: String, _ path: String, to hostPath: String?, options: CopyOptions) throws {
        let side = CopySide(root: try copyRoot(of: try inspect(reference)), unpacker: executables.unpack)
        let (sourcePath, name, kind) = try Self.source(CopyPlan.inContainer(path), followLink: options.followLink, kind: side.kind(of:))
        guard kind.exists else {
            throw RuntimeError(.notFound, "Could not find the file \(Identifiers.printable(path)) in container \(Identifiers.printable(reference))")
        }
        guard let hostPath else {
            return try runCopy(packing: sourcePath, as: name, in: side, extractingInto: nil, in: nil, owner: nil)
        }
        let destination = FileSystem.absolute(hostPath)
        let plan = try CopyPlan.target(
            sourceIsDirectory: kind == .directory, sourceBase: name, destination: destination, kind: try Self.hostKind(following: destination))
        try runCopy(packing: sourcePath, as: plan.name, in: side, extractingInto: plan.directory, in: CopySide.host(executables.unpack),
                    owner: options.keepOwners ? nil : "\(getuid()):\(getgid())")
    }

    /// From `hostPath`, or a tar on our stdin when nil, to the container's `path`.
    private func copyIn(_ hostPath: String?, to reference: String, _ path: String, options: CopyOptions) throws {
        let record = try inspect(reference)
        let side = CopySide(root: try copyRoot(of: record), unpacker: executables.unpack)
        var destination = CopyPlan.inContainer(path)
        var kind = try side.kind(of: destination)
        if case .symlink(let target) = kind {
            destination = CopyPlan.resolve(link: destination, target: target)
            kind = try side.kind(of: destination)
        }
        let shown = "\(Identifiers.printable(reference)):\(Identifiers.printable(path))"
        if kind == .other || kind.isSymlink {
            throw RuntimeError(.invalidArgument, "destination \"\(shown)\" must be a directory or a regular file")
        }
        try checkWritable(record, at: destination)
        let owner = options.keepOwners ? nil : "0:0"
        guard let hostPath else {
            guard kind == .directory else { throw RuntimeError(.invalidArgument, "destination \"\(shown)\" must be a directory") }
            return try runCopy(packing: nil, as: "", in: nil, extractingInto: destination, in: side, owner: owner)
        }
        let (sourcePath, name, sourceKind) = try Self.source(FileSystem.absolute(hostPath), followLink: options.followLink, kind: Self.hostKind(of:))
        guard sourceKind.exists else {
            throw RuntimeError(.notFound, "lstat \(Identifiers.printable(sourcePath)): no such file or directory")
        }
        if kind == .missingParent {
            throw RuntimeError(.notFound, "Could not find the file \(CopyPlan.split(destination).directory) in container \(Identifiers.printable(reference))")
        }
        let plan = try CopyPlan.target(sourceIsDirectory: sourceKind == .directory, sourceBase: name, destination: destination, kind: kind)
        try runCopy(packing: sourcePath, as: plan.name, in: CopySide.host(executables.unpack), extractingInto: plan.directory, in: side, owner: owner)
    }

    /// A copy's source: with -L a symlink's target, under the link's own name; and what it is.
    private static func source(
        _ path: String, followLink: Bool, kind: (String) throws -> CopyPlan.Kind
    ) throws -> (path: String, name: String, kind: CopyPlan.Kind) {
        var resolved = path
        if followLink, case .symlink(let target) = try kind(path) { resolved = CopyPlan.resolve(link: path, target: target) }
        return (resolved, CopyPlan.split(path).base, try kind(resolved))
    }

    /// minirun-unpack --cp's arguments for the container's root: its process's while it runs (with
    /// its volumes), else its overlay with its volumes, mounted for the copy alone, as Docker's.
    func copyRoot(of record: ContainerRecord) throws -> [String] {
        if record.state.status == .running, let process = record.state.process {
            return ["--root", "/proc/\(process.pid)/root"]
        }
        let volumes = try record.config.volumes.flatMap { volume -> [String] in
            let options = try localOptions(of: volume)
            // A tmpfs volume holds nothing while its container is stopped.
            if options?.isTmpfs == true { return [] }
            let source = try volumeSource(volume, options: options, imageID: record.config.imageID, firstStart: record.state.neverStarted)
            return ["--volume", source, volume.target, volume.readOnly ? "ro" : "rw"]
        }
        return try overlayRoot(of: record, readOnly: false) + volumes
    }

    /// minirun-unpack --cp's arguments for the container's overlay, mounted in a mount namespace of
    /// its own: writable (the container's upper and work directories), or read-only with the upper
    /// directory as the top lower one, which can be mounted while the container runs.
    func overlayRoot(of record: ContainerRecord, readOnly: Bool) throws -> [String] {
        guard let lowerDirectories = try? images.lowerDirectories(of: record.config.imageID) else {
            throw RuntimeError(.notFound, "image \(record.config.image) of the container is gone")
        }
        let directory = containers.directory(record.id)
        try FileSystem.makeDirectories(directory + "/upper", mode: 0o755)
        if !readOnly { try FileSystem.makeDirectories(directory + "/work", mode: 0o700) }
        try FileSystem.makeDirectories(root.rootfsMountPoint, mode: 0o755)
        let plan = MountPlan(lowerDirectories: lowerDirectories, layerRoot: root.images, containerDirectory: directory,
                             mountPoint: root.rootfsMountPoint, etcFiles: [])
        return ["--overlay", root.images, root.rootfsMountPoint, readOnly ? plan.readOnlyOverlayOptions : plan.overlayOptions]
    }

    /// As Docker's daemon: nothing is written to a read-only volume, nor to a read-only root
    /// filesystem outside its volumes and tmpfs - by the mount that holds the path.
    private func checkWritable(_ record: ContainerRecord, at path: String) throws {
        let mounts = record.config.volumes.map { ($0.target, $0.readOnly) } + record.config.tmpfs.map { ($0.target, false) }
        let holder = mounts.filter { path == $0.0 || path.hasPrefix($0.0 + "/") }.max { $0.0.count < $1.0.count }
        if let (_, readOnly) = holder {
            if readOnly { throw RuntimeError(.invalidArgument, "mounted volume is marked read-only") }
        } else if record.config.readOnlyRoot {
            throw RuntimeError(.invalidArgument, "container rootfs is marked read-only")
        }
    }

    /// What `path` on the host is, a symlink itself.
    static func hostKind(of path: String) throws -> CopyPlan.Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            guard errno == ENOENT || errno == ENOTDIR else { throw RuntimeError.system("lstat \(Identifiers.printable(path))") }
            return FileSystem.isDirectory(CopyPlan.split(path).directory) ? .missing : .missingParent
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file
        case S_IFLNK: return .symlink(target: (try? FileSystem.readLink(path)) ?? "")
        default: return .other
        }
    }

    /// What `path` on the host is once its symlinks are followed (ten at most), as Docker's CLI
    /// takes a destination.
    static func hostKind(following path: String) throws -> CopyPlan.Kind {
        var path = path
        for _ in 0..<10 {
            guard case .symlink(let target) = try hostKind(of: path) else { return try hostKind(of: path) }
            path = CopyPlan.resolve(link: path, target: target)
        }
        throw RuntimeError(.invalidArgument, "too many links")
    }

    /// The pipeline: a packer's tar (or `stream.input`) into an extractor (or `stream.output`). The first
    /// failure's message is the error; a packer killed by the pipe's end failed second.
    func runCopy(packing source: String?, as name: String, in packSide: CopySide?,
                 extractingInto directory: String?, in extractSide: CopySide?, owner: String?,
                 stream: (input: Int32, output: Int32) = (STDIN_FILENO, STDOUT_FILENO)) throws {
        var pipeFDs: [Int32] = [-1, -1]
        let piped = source != nil && directory != nil
        if piped && mr_pipe_cloexec(&pipeFDs) != 0 { throw RuntimeError.system("pipe") }
        var stages: [CopySide.Stage] = []
        defer { for stage in stages { close(stage.errors) } }
        do {
            if let source, let packSide {
                stages.append(try packSide.start(["pack", source, name], input: -1, output: piped ? pipeFDs[1] : stream.output))
            }
            if let directory, let extractSide {
                stages.append(try extractSide.start(["extract", directory] + (owner.map { [$0] } ?? []), input: piped ? pipeFDs[0] : stream.input, output: -1))
            }
        } catch {
            if piped { close(pipeFDs[0]); close(pipeFDs[1]) }
            for stage in stages { _ = Self.waitStatus(stage.pid) }
            throw error
        }
        if piped { close(pipeFDs[0]); close(pipeFDs[1]) }
        let statuses = stages.map { Self.waitStatus($0.pid) }
        // An exit status says what went wrong; a signal (SIGPIPE) only that the other end went first.
        let failed = zip(stages, statuses).first { $1 != 0 && $1 & 0x7F == 0 } ?? zip(stages, statuses).first { $1 != 0 }
        if let (stage, status) = failed {
            // The memfd's offset is the one the stage wrote at: its end.
            lseek(stage.errors, 0, SEEK_SET)
            let message = String(decoding: (try? FileSystem.readAll(fd: stage.errors, path: "cp's errors")) ?? [], as: UTF8.self)
                .split(separator: "\n").first.map(String.init)
            // Killed by SIGPIPE when what reads the tar (a pipe on our stdout) went away first.
            throw RuntimeError(.system, message ?? (status & 0x7F == SIGPIPE ? "write: broken pipe" : "cp failed with wait status \(status)"))
        }
    }

    private static func waitStatus(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }
}

/// Where one end of a copy runs: minirun-unpack --cp with the arguments that enter its root.
struct CopySide {
    var root: [String]
    var unpacker: String

    /// The host's side: no chroot.
    static func host(_ unpacker: String) -> CopySide {
        CopySide(root: ["--root", "/"], unpacker: unpacker)
    }

    struct Stage {
        var pid: pid_t
        /// Its stderr, a memfd read once it ended.
        var errors: Int32
    }

    /// The path's kind there.
    func kind(of path: String) throws -> CopyPlan.Kind {
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(null) }
        let line: String
        do { line = try ImageArchive.runUnpacker(unpacker, ["--cp"] + root + ["stat", path], input: null) } catch let error as ImageArchive.Error {
            throw RuntimeError(.system, error.description)
        }
        guard let kind = CopyPlan.Kind(statLine: line) else { throw RuntimeError(.system, "\(unpacker) printed \(Identifiers.printable(line))") }
        return kind
    }

    func start(_ arguments: [String], input: Int32, output: Int32) throws -> Stage {
        try ImageArchive.withArgv(unpacker, ["--cp"] + root + arguments) { argv in
            var pid: pid_t = 0
            var errors: Int32 = -1
            let rc = mr_spawn_piped(unpacker, argv, input, output, &pid, &errors)
            if rc != 0 { throw RuntimeError(.system, "cannot run \(unpacker): \(String(cString: strerror(-rc)))") }
            return Stage(pid: pid, errors: errors)
        }
    }
}

extension CopyPlan.Kind {
    var isSymlink: Bool {
        if case .symlink = self { return true }
        return false
    }
}
