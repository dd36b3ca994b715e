import CRuntimeShims
import Glibc
import Netns

/// `--explain` for a container's process: the shell commands that set up the same filesystem and
/// start the same command by hand, in a form that can be pasted. Where minirun works differently
/// than a shell can, the commands say what a shell does instead: minirun attaches the files it
/// bind-mounts after pivot_root from mounts it opened before (so no path in the image is resolved
/// on the host), while a shell binds them into the rootfs before pivot_root.
struct ProcessExplanation {
    let spec: ProcessSpec
    let explainer: Explainer

    func print() {
        let made: [(String, Int32)] = [("--pid", CLONE_NEWPID), ("--mount", CLONE_NEWNS), ("--uts", CLONE_NEWUTS), ("--ipc", CLONE_NEWIPC)]
        var namespaces = made.filter { spec.cloneFlags & UInt64($0.1) != 0 }.map(\.0) + (spec.newCgroupNamespace ? ["--cgroup"] : [])
        if spec.cloneFlags & UInt64(CLONE_NEWNET) != 0 || spec.networkNamespaceFd != nil { namespaces.append("--net") }
        // Another container's namespaces (--net, --pid=container:NAME) are entered first.
        let joined: [(String, mr_ns_index)] = [("--net", MR_NS_NET), ("--pid", MR_NS_PID)]
        let entered = joined.compactMap { option, index in spec.joinNamespaces[Int(index.rawValue)].map { "\(option)=\($0)" } }
        explainer.phase(.process)
        explainer.note("the container's process, in its new namespaces (its parent wired it up first); everything below happens inside them")
        explainer.note("by hand: bash, not sh - Debian's sh (dash) cannot take over the terminal in a new pid namespace "
            + "(\"exec: Cannot set tty process group\") and the namespaces end with it")
        let enter = entered.isEmpty ? "" : "nsenter \(entered.joined(separator: " ")) "
        explainer.command(enter + "unshare \(namespaces.joined(separator: " ")) --fork --propagation private bash")
        explainer.note("first, not dumpable, minirun's child execs the runtime's init from a sealed copy (memfd) so the container cannot reach the host binary through /proc/PID/exe (CVE-2019-5736); a shell has nothing to protect")
        let attached = spec.steps.filter { $0.kind == .attach }
        let attachedTargets = Set(attached.map(\.target))
        for step in spec.steps {
            switch step.kind {
            case .pivot:
                bindBeforePivot(attached, rootfs: step.target)
                explainer.command(step.shellCommand)
                explainer.note("by hand: bash remembers where it found mount and the others on the host; from now on they are the image's")
                explainer.command("hash -r")
            case .attach:
                continue
            case .touch where attachedTargets.contains(step.target):
                continue
            case .mask:
                // minirun skips what this kernel does not have; /proc and /sys look the same from here.
                guard FileSystem.exists(step.target) else { continue }
                explainer.command(FileSystem.isDirectory(step.target)
                    ? "mount -t tmpfs -o ro tmpfs \(step.target)"
                    : "mount --bind /dev/null \(step.target)")
            case .readOnly where step.optional && !FileSystem.exists(step.target):
                continue
            default:
                explainer.command(step.shellCommand)
            }
        }
        if let hostname = spec.hostname { explainer.command("hostname \(hostname)") }
        if let domainname = spec.domainname { explainer.command("domainname \(domainname)") }
        if spec.runsInit {
            explainer.note("--init: minirun's child forks instead of executing the command itself: it stays PID 1, forwards signals to the command, "
                + "reaps orphaned processes and exits with the command's status; a shell has no such init (with tini in the image: exec tini -- COMMAND)")
        }
        explainer.command("exec " + spec.arguments.map(Self.quoted).joined(separator: " "))
    }

    /// The detached mounts minirun attaches after pivot_root, bound into the rootfs as a shell must.
    private func bindBeforePivot(_ attached: [FilesystemStep], rootfs: String) {
        guard !attached.isEmpty else { return }
        explainer.note("files and directories from the host (minirun opens them now and attaches them after pivot_root)")
        for step in attached {
            let source = step.shownSource ?? ""
            let target = rootfs + step.target
            if FileSystem.isDirectory(source) {
                explainer.command("mkdir -p \(target) && mount --rbind \(source) \(target)")
            } else {
                let parent = target[..<(target.lastIndex(of: "/") ?? target.endIndex)]
                explainer.command("mkdir -p \(parent) && touch \(target) && mount --bind \(source) \(target)")
            }
        }
    }

    static func quoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
        if plain && !word.isEmpty { return word }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
