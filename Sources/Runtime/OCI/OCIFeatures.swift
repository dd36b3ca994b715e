/// What `minirun-oci features` prints: the runtime-spec's features document for what is implemented.
public enum OCIFeatures {
    public static let json = """
        {
          "ociVersionMin": "1.0.0",
          "ociVersionMax": "\(OCIVersion.spec)",
          "hooks": ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"],
          "mountOptions": [\(mountOptions)],
          "linux": {
            "namespaces": ["cgroup", "ipc", "mount", "network", "pid", "user", "uts"],
            "capabilities": [\(Capabilities.names.map { "\"CAP_\($0)\"" }.joined(separator: ", "))],
            "cgroup": {"v1": true, "v2": true, "systemd": false, "systemdUser": false},
            "seccomp": {
              "enabled": true,
              "actions": ["SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"],
              "operators": ["SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE"]
            },
            "apparmor": {"enabled": false},
            "selinux": {"enabled": false}
          },
          "annotations": {"org.opencontainers.runtime-spec.features.runtime": "minirun-oci"}
        }
        """

    static var mountOptions: String {
        let names = ["bind", "rbind"] + OCIMountOptions.propagationTable.keys.sorted() + [
            "ro", "rw", "nosuid", "suid", "nodev", "dev", "noexec", "exec", "sync", "async", "dirsync", "mand", "nomand",
            "atime", "noatime", "diratime", "nodiratime", "relatime", "norelatime", "strictatime", "nostrictatime", "remount",
        ]
        return names.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}
