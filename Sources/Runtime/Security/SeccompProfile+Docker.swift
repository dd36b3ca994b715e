extension SeccompProfile {
    /// Docker's default profile: an allowlist, every other syscall fails with EPERM. Calls that create
    /// namespaces or mount (clone with CLONE_NEW* flags, clone3, unshare, setns, mount, umount2, ...)
    /// are allowed only to containers with CAP_SYS_ADMIN, reboot only with CAP_SYS_BOOT, module loading
    /// only with CAP_SYS_MODULE, kcmp and pidfd_getfd only with CAP_SYS_PTRACE, and so on; ptrace needs
    /// CAP_SYS_PTRACE only before kernel 4.8, whose ptrace could get around seccomp. clone3 fails with
    /// ENOSYS without CAP_SYS_ADMIN, so that C libraries fall back to clone, whose flags a filter sees.
    ///
    /// Transcribed rule for rule from moby's default.json: github.com/moby/profiles/seccomp v0.2.3,
    /// vendored in moby/moby as vendor/github.com/moby/profiles/seccomp/default.json by commit
    /// 35797366d7cd (2026-05-06, "Drop socketcall block"), read at moby/moby b985e2313a86. Until
    /// 2025-07 the same file lived in moby/moby at profiles/seccomp/default.json (last 148a19b6d674,
    /// 2025-05-28), which differs only in not listing LOONGARCH64 and in refusing AF_VSOCK (40) sockets
    /// but not AF_ALG (38) ones.
    /// The SHA-256 of `docker`'s canonical JSON, which names its cached filters; a test checks it, and
    /// says the new value when the profile changes.
    static let dockerDigest = "229cd14225976444a95bbdf2de6ad5e30663420aaae9570b3bcdc5f49e8c0d69"

    public static let docker = SeccompProfile(
        defaultAction: .errno,
        defaultErrnoRet: 1,
        archMap: [
            SeccompArchitectureGroup(.x86_64, [.x86, .x32]),
            SeccompArchitectureGroup(.aarch64, [.arm]),
            SeccompArchitectureGroup(.mips64, [.mips, .mips64n32]),
            SeccompArchitectureGroup(.mips64n32, [.mips, .mips64]),
            SeccompArchitectureGroup(.mipsel64, [.mipsel, .mipsel64n32]),
            SeccompArchitectureGroup(.mipsel64n32, [.mipsel, .mipsel64]),
            SeccompArchitectureGroup(.s390x, [.s390]),
            SeccompArchitectureGroup(.riscv64),
            SeccompArchitectureGroup(.loongarch64),
        ],
        syscalls: [
            SeccompRule(
                names: [
                    "accept", "accept4", "access", "adjtimex", "alarm", "bind", "brk", "cachestat", "capget",
                    "capset", "chdir", "chmod", "chown", "chown32", "clock_adjtime", "clock_adjtime64",
                    "clock_getres", "clock_getres_time64", "clock_gettime", "clock_gettime64",
                    "clock_nanosleep", "clock_nanosleep_time64", "close", "close_range", "connect",
                    "copy_file_range", "creat", "dup", "dup2", "dup3", "epoll_create", "epoll_create1",
                    "epoll_ctl", "epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait", "epoll_wait_old",
                    "eventfd", "eventfd2", "execve", "execveat", "exit", "exit_group", "faccessat",
                    "faccessat2", "fadvise64", "fadvise64_64", "fallocate", "fanotify_mark", "fchdir", "fchmod",
                    "fchmodat", "fchmodat2", "fchown", "fchown32", "fchownat", "fcntl", "fcntl64", "fdatasync",
                    "fgetxattr", "flistxattr", "flock", "fork", "fremovexattr", "fsetxattr", "fstat", "fstat64",
                    "fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate", "ftruncate64", "futex",
                    "futex_requeue", "futex_time64", "futex_wait", "futex_waitv", "futex_wake", "futimesat",
                    "getcpu", "getcwd", "getdents", "getdents64", "getegid", "getegid32", "geteuid",
                    "geteuid32", "getgid", "getgid32", "getgroups", "getgroups32", "getitimer", "getpeername",
                    "getpgid", "getpgrp", "getpid", "getppid", "getpriority", "getrandom", "getresgid",
                    "getresgid32", "getresuid", "getresuid32", "getrlimit", "get_robust_list", "getrusage",
                    "getsid", "getsockname", "getsockopt", "get_thread_area", "gettid", "gettimeofday",
                    "getuid", "getuid32", "getxattr", "getxattrat", "inotify_add_watch", "inotify_init",
                    "inotify_init1", "inotify_rm_watch", "io_cancel", "ioctl", "io_destroy", "io_getevents",
                    "io_pgetevents", "io_pgetevents_time64", "ioprio_get", "ioprio_set", "io_setup",
                    "io_submit", "ipc", "kill", "landlock_add_rule", "landlock_create_ruleset",
                    "landlock_restrict_self", "lchown", "lchown32", "lgetxattr", "link", "linkat", "listen",
                    "listmount", "listxattr", "listxattrat", "llistxattr", "_llseek", "lremovexattr", "lseek",
                    "lsetxattr", "lstat", "lstat64", "madvise", "map_shadow_stack", "membarrier",
                    "memfd_create", "memfd_secret", "mincore", "mkdir", "mkdirat", "mknod", "mknodat", "mlock",
                    "mlock2", "mlockall", "mmap", "mmap2", "mprotect", "mq_getsetattr", "mq_notify", "mq_open",
                    "mq_timedreceive", "mq_timedreceive_time64", "mq_timedsend", "mq_timedsend_time64",
                    "mq_unlink", "mremap", "mseal", "msgctl", "msgget", "msgrcv", "msgsnd", "msync", "munlock",
                    "munlockall", "munmap", "name_to_handle_at", "nanosleep", "newfstatat", "_newselect",
                    "open", "openat", "openat2", "pause", "pidfd_open", "pidfd_send_signal", "pipe", "pipe2",
                    "pkey_alloc", "pkey_free", "pkey_mprotect", "poll", "ppoll", "ppoll_time64", "prctl",
                    "pread64", "preadv", "preadv2", "prlimit64", "process_mrelease", "pselect6",
                    "pselect6_time64", "pwrite64", "pwritev", "pwritev2", "read", "readahead", "readlink",
                    "readlinkat", "readv", "recv", "recvfrom", "recvmmsg", "recvmmsg_time64", "recvmsg",
                    "remap_file_pages", "removexattr", "removexattrat", "rename", "renameat", "renameat2",
                    "restart_syscall", "riscv_hwprobe", "rmdir", "rseq", "rt_sigaction", "rt_sigpending",
                    "rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait",
                    "rt_sigtimedwait_time64", "rt_tgsigqueueinfo", "sched_getaffinity", "sched_getattr",
                    "sched_getparam", "sched_get_priority_max", "sched_get_priority_min", "sched_getscheduler",
                    "sched_rr_get_interval", "sched_rr_get_interval_time64", "sched_setaffinity",
                    "sched_setattr", "sched_setparam", "sched_setscheduler", "sched_yield", "seccomp", "select",
                    "semctl", "semget", "semop", "semtimedop", "semtimedop_time64", "send", "sendfile",
                    "sendfile64", "sendmmsg", "sendmsg", "sendto", "setfsgid", "setfsgid32", "setfsuid",
                    "setfsuid32", "setgid", "setgid32", "setgroups", "setgroups32", "setitimer", "setpgid",
                    "setpriority", "setregid", "setregid32", "setresgid", "setresgid32", "setresuid",
                    "setresuid32", "setreuid", "setreuid32", "setrlimit", "set_robust_list", "setsid",
                    "setsockopt", "set_thread_area", "set_tid_address", "setuid", "setuid32", "setxattr",
                    "setxattrat", "shmat", "shmctl", "shmdt", "shmget", "shutdown", "sigaltstack", "signalfd",
                    "signalfd4", "sigprocmask", "sigreturn", "socketcall", "socketpair", "splice", "stat",
                    "stat64", "statfs", "statfs64", "statmount", "statx", "symlink", "symlinkat", "sync",
                    "sync_file_range", "syncfs", "sysinfo", "tee", "tgkill", "time", "timer_create",
                    "timer_delete", "timer_getoverrun", "timer_gettime", "timer_gettime64", "timer_settime",
                    "timer_settime64", "timerfd_create", "timerfd_gettime", "timerfd_gettime64",
                    "timerfd_settime", "timerfd_settime64", "times", "tkill", "truncate", "truncate64",
                    "ugetrlimit", "umask", "uname", "unlink", "unlinkat", "uretprobe", "utime", "utimensat",
                    "utimensat_time64", "utimes", "vfork", "vmsplice", "wait4", "waitid", "waitpid", "write",
                    "writev",
                ],
                action: .allow
            ),
            SeccompRule(
                names: ["process_vm_readv", "process_vm_writev", "ptrace"],
                action: .allow,
                includes: SeccompCondition(minKernel: KernelVersion(4, 8))
            ),
            SeccompRule(
                names: ["socket"],
                action: .allow,
                args: [SeccompArgument(index: 0, value: 38, op: .lessThan)]
            ),
            SeccompRule(names: ["socket"], action: .allow, args: [SeccompArgument(index: 0, value: 39, op: .equal)]),
            SeccompRule(
                names: ["socket"],
                action: .allow,
                args: [SeccompArgument(index: 0, value: 40, op: .greaterThan)]
            ),
            SeccompRule(
                names: ["personality"],
                action: .allow,
                args: [SeccompArgument(index: 0, value: 0, op: .equal)]
            ),
            SeccompRule(
                names: ["personality"],
                action: .allow,
                args: [SeccompArgument(index: 0, value: 8, op: .equal)]
            ),
            SeccompRule(
                names: ["personality"],
                action: .allow,
                args: [SeccompArgument(index: 0, value: 131072, op: .equal)]
            ),
            SeccompRule(
                names: ["personality"],
                action: .allow,
                args: [SeccompArgument(index: 0, value: 131080, op: .equal)]
            ),
            SeccompRule(
                names: ["personality"],
                action: .allow,
                args: [SeccompArgument(index: 0, value: 4294967295, op: .equal)]
            ),
            SeccompRule(
                names: ["sync_file_range2", "swapcontext"],
                action: .allow,
                includes: SeccompCondition(arches: ["ppc64le"])
            ),
            SeccompRule(
                names: [
                    "arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint", "cacheflush",
                    "set_tls",
                ],
                action: .allow,
                includes: SeccompCondition(arches: ["arm", "arm64"])
            ),
            SeccompRule(names: ["arch_prctl"], action: .allow, includes: SeccompCondition(arches: ["amd64", "x32"])),
            SeccompRule(
                names: ["modify_ldt"],
                action: .allow,
                includes: SeccompCondition(arches: ["amd64", "x32", "x86"])
            ),
            SeccompRule(
                names: ["s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr"],
                action: .allow,
                includes: SeccompCondition(arches: ["s390", "s390x"])
            ),
            SeccompRule(
                names: ["riscv_flush_icache"],
                action: .allow,
                includes: SeccompCondition(arches: ["riscv64"])
            ),
            SeccompRule(
                names: ["open_by_handle_at"],
                action: .allow,
                includes: SeccompCondition(caps: ["CAP_DAC_READ_SEARCH"])
            ),
            SeccompRule(
                names: [
                    "bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick",
                    "lookup_dcookie", "lsm_get_self_attr", "lsm_list_modules", "lsm_set_self_attr", "mount",
                    "mount_setattr", "move_mount", "open_tree", "perf_event_open", "quotactl", "quotactl_fd",
                    "setdomainname", "sethostname", "setns", "syslog", "umount", "umount2", "unshare",
                ],
                action: .allow,
                includes: SeccompCondition(caps: ["CAP_SYS_ADMIN"])
            ),
            SeccompRule(
                names: ["clone"],
                action: .allow,
                args: [SeccompArgument(index: 0, value: 2114060288, op: .maskedEqual)],
                excludes: SeccompCondition(caps: ["CAP_SYS_ADMIN"], arches: ["s390", "s390x"])
            ),
            SeccompRule(
                names: ["clone"],
                action: .allow,
                args: [SeccompArgument(index: 1, value: 2114060288, op: .maskedEqual)],
                comment: "s390 parameter ordering for clone is different",
                includes: SeccompCondition(arches: ["s390", "s390x"]),
                excludes: SeccompCondition(caps: ["CAP_SYS_ADMIN"])
            ),
            SeccompRule(
                names: ["clone3"],
                action: .errno,
                errnoRet: 38,
                excludes: SeccompCondition(caps: ["CAP_SYS_ADMIN"])
            ),
            SeccompRule(names: ["reboot"], action: .allow, includes: SeccompCondition(caps: ["CAP_SYS_BOOT"])),
            SeccompRule(names: ["chroot"], action: .allow, includes: SeccompCondition(caps: ["CAP_SYS_CHROOT"])),
            SeccompRule(
                names: ["delete_module", "init_module", "finit_module"],
                action: .allow,
                includes: SeccompCondition(caps: ["CAP_SYS_MODULE"])
            ),
            SeccompRule(names: ["acct"], action: .allow, includes: SeccompCondition(caps: ["CAP_SYS_PACCT"])),
            SeccompRule(
                names: ["kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv", "process_vm_writev", "ptrace"],
                action: .allow,
                includes: SeccompCondition(caps: ["CAP_SYS_PTRACE"])
            ),
            SeccompRule(
                names: ["iopl", "ioperm"],
                action: .allow,
                includes: SeccompCondition(caps: ["CAP_SYS_RAWIO"])
            ),
            SeccompRule(
                names: ["settimeofday", "stime", "clock_settime", "clock_settime64"],
                action: .allow,
                includes: SeccompCondition(caps: ["CAP_SYS_TIME"])
            ),
            SeccompRule(names: ["vhangup"], action: .allow, includes: SeccompCondition(caps: ["CAP_SYS_TTY_CONFIG"])),
            SeccompRule(
                names: ["get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node"],
                action: .allow,
                includes: SeccompCondition(caps: ["CAP_SYS_NICE"])
            ),
            SeccompRule(names: ["syslog"], action: .allow, includes: SeccompCondition(caps: ["CAP_SYSLOG"])),
            SeccompRule(names: ["bpf"], action: .allow, includes: SeccompCondition(caps: ["CAP_BPF"])),
            SeccompRule(
                names: ["perf_event_open"],
                action: .allow,
                includes: SeccompCondition(caps: ["CAP_PERFMON"])
            ),
        ]
    )
}
