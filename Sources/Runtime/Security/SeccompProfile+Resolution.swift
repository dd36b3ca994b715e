extension SeccompProfile {
    /// The ABIs a filter for `target` recognizes besides its native one: the profile's
    /// `architectures`, or the sub-architectures of its `archMap` entry for the machine, as Docker
    /// expands them.
    func extraArchitectures(for target: SeccompTarget) -> [SeccompArchitecture] {
        if !architectures.isEmpty { return architectures }
        guard let group = archMap.first(where: { $0.architecture == target.architecture }) else { return [] }
        return group.subArchitectures
    }

    /// The rules that apply to `target`, in order: those whose `includes` it meets entirely and whose
    /// `excludes` it meets in no part. Capabilities must all be present to include and any one
    /// excludes, as in moby's seccomp_linux.go.
    func rules(for target: SeccompTarget) -> [SeccompRule] {
        let architecture = target.architecture.dockerName
        return syscalls.filter { rule in
            if let includes = rule.includes {
                if !includes.arches.isEmpty && !includes.arches.contains(architecture) { return false }
                if !includes.caps.allSatisfy(target.has) { return false }
                if let minimum = includes.minKernel, target.kernel < minimum { return false }
            }
            if let excludes = rule.excludes {
                if excludes.arches.contains(architecture) { return false }
                if excludes.caps.contains(where: target.has) { return false }
                if let minimum = excludes.minKernel, target.kernel >= minimum { return false }
            }
            return true
        }
    }
}
