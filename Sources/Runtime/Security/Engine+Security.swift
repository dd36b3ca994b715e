extension Engine {
    /// Capabilities, seccomp filter and no_new_privs of a container's (or an exec's) process.
    /// --privileged gives every capability minirun itself holds and no seccomp filter, and says which
    /// capabilities it could not give (root here lacks CAP_SYS_RESOURCE, for one).
    func applySecurity(_ security: SecurityOptions, to spec: inout ProcessSpec) throws {
        let available = Capabilities.callerBoundingSet()
        let mask = try security.capabilityMask(available: available)
        spec.capabilities = CapabilitySet(mask)
        spec.noNewPrivileges = security.noNewPrivileges
        if security.privileged {
            let missing = Capabilities.fullMask & ~available
            if missing != 0 {
                printDiagnostic("--privileged: this process lacks \(Capabilities.names(in: missing).joined(separator: ", ")), so the container does too")
            }
            return
        }
        switch security.seccomp {
        case .unconfined:
            return
        case .default:
            spec.seccompFilter = try SeccompFilters.dockerFilter(capabilities: mask, cacheDirectory: root.seccomp)
        case .profile(let custom):
            spec.seccompFilter = try SeccompFilters.filter(for: custom, capabilities: mask, cacheDirectory: root.seccomp)
        }
    }
}
