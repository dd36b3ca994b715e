import Runtime

/// Which keys a compose file may have where, for the check that refuses an unknown key by name and
/// path (a typo such as `prots:` would otherwise be dropped without a word). Types are checked when
/// the values are read (ServiceReader); keys starting with `x-` are extensions, allowed everywhere.
final class Schema: Sendable {
    /// A mapping with these keys only; nil for a mapping of the user's names (services, networks).
    let fields: [String: Schema]?
    /// Each value of a mapping of the user's names.
    let values: Schema?
    /// Each item of a list.
    let items: Schema?

    init(fields: [String: Schema]? = nil, values: Schema? = nil, items: Schema? = nil) {
        self.fields = fields
        self.values = values
        self.items = items
    }

    static let free = Schema()

    /// Keys of the compose specification that minirun does not carry out: refused as such, not as typos.
    static let unsupportedServiceKeys: Set<String> = [
        "blkio_config", "configs", "cpu_count", "cpu_percent",
        "cpu_rt_period", "cpu_rt_runtime", "credential_spec", "external_links",
        "isolation",
        "runtime", "scale", "secrets", "storage_opt", "userns_mode",
        "develop", "annotations", "attach", "gpus", "post_start", "pre_stop",
    ]

    static let project: Schema = {
        let nameOnly = Schema(fields: ["name": .free])
        let service = Schema(fields: [
            "image": .free, "build": Schema(fields: [
                "context": .free, "dockerfile": .free, "args": .free, "target": .free, "labels": .free,
                "network": .free, "no_cache": .free, "tags": .free,
            ]),
            "command": .free, "entrypoint": .free, "environment": .free, "env_file": .free,
            "ports": Schema(items: Schema(fields: [
                "target": .free, "published": .free, "host_ip": .free, "protocol": .free, "mode": .free, "name": .free,
                "app_protocol": .free,
            ])),
            "expose": .free,
            "networks": Schema(values: Schema(fields: ["aliases": .free, "ipv4_address": .free, "priority": .free])),
            "network_mode": .free, "links": .free,
            "depends_on": Schema(values: Schema(fields: ["condition": .free, "required": .free, "restart": .free])),
            "container_name": .free,
            "volumes": Schema(items: Schema(fields: [
                "type": .free, "source": .free, "target": .free, "read_only": .free, "consistency": .free,
                "bind": Schema(fields: ["propagation": .free, "create_host_path": .free, "selinux": .free]),
                "volume": Schema(fields: ["nocopy": .free, "subpath": .free]),
                "tmpfs": Schema(fields: ["size": .free, "mode": .free]),
            ])),
            "restart": .free,
            "healthcheck": Schema(fields: [
                "test": .free, "interval": .free, "timeout": .free, "retries": .free, "start_period": .free,
                "start_interval": .free, "disable": .free,
            ]),
            "working_dir": .free, "user": .free, "hostname": .free, "labels": .free, "cap_add": .free, "cap_drop": .free,
            "privileged": .free, "read_only": .free, "tmpfs": .free, "mem_limit": .free, "cpus": .free, "pids_limit": .free,
            "stop_signal": .free, "stop_grace_period": .free, "init": .free, "profiles": .free,
            "dns": .free, "dns_search": .free, "dns_opt": .free, "extra_hosts": .free,
            "ulimits": .free, "sysctls": .free, "group_add": .free, "shm_size": .free, "tty": .free, "stdin_open": .free,
            "security_opt": .free, "device_cgroup_rules": .free, "cgroup_parent": .free, "cpu_shares": .free, "cpu_period": .free, "cpu_quota": .free,
            "pull_policy": .free, "platform": .free, "mac_address": .free, "domainname": .free,
            "memswap_limit": .free, "pid": .free, "ipc": .free, "uts": .free,
            "volumes_from": .free, "mem_reservation": .free, "cpuset": .free, "cgroup": .free, "oom_score_adj": .free, "mem_swappiness": .free, "oom_kill_disable": .free,
            "logging": Schema(fields: ["driver": .free, "options": .free]),
            "devices": Schema(items: Schema(fields: ["source": .free, "target": .free, "permissions": .free])),
            "deploy": Schema(fields: [
                "replicas": .free, "resources": .free, "restart_policy": .free, "labels": .free, "mode": .free,
                "placement": .free, "update_config": .free, "rollback_config": .free, "endpoint_mode": .free,
            ]),
        ])
        return Schema(fields: [
            "version": .free, "name": .free,
            "services": Schema(values: service),
            "networks": Schema(values: Schema(fields: [
                "driver": .free, "driver_opts": .free, "ipam": Schema(fields: [
                    "driver": .free, "config": Schema(items: Schema(fields: [
                        "subnet": .free, "gateway": .free, "ip_range": .free, "aux_addresses": .free,
                    ])), "options": .free,
                ]),
                "internal": .free, "external": Schema(fields: ["name": .free]), "name": .free, "labels": .free,
                "attachable": .free, "enable_ipv6": .free,
            ])),
            "volumes": Schema(values: Schema(fields: [
                "driver": .free, "driver_opts": .free, "external": nameOnly, "name": .free, "labels": .free,
            ])),
        ])
    }()

    /// Refuses the first key that has no place at its path, naming the key, the path and where it is.
    func validate(_ node: ComposeNode, path: String) throws {
        switch node {
        case .map(let entries, _):
            for (key, value, keyPosition) in entries where !key.hasPrefix("x-") {
                let childPath = path.isEmpty ? key : path + "." + key
                if let fields {
                    guard let schema = fields[key] else {
                        let place = path.isEmpty ? "at the top level" : "in \(path)"
                        if path.hasPrefix("services.") && !path.dropFirst(9).contains(".") && Self.unsupportedServiceKeys.contains(key) {
                            throw RuntimeError(.invalidArgument, "\(keyPosition): \(childPath): \"\(key)\" is not supported by minirun")
                        }
                        throw RuntimeError(.invalidArgument, "\(keyPosition): unknown key \"\(key)\" \(place)")
                    }
                    try schema.validate(value, path: childPath)
                } else if let values {
                    try values.validate(value, path: childPath)
                }
            }
        case .list(let items, _):
            for (index, item) in items.enumerated() { try self.items?.validate(item, path: "\(path)[\(index)]") }
        case .scalar:
            break
        }
    }
}
