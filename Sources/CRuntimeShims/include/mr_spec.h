#ifndef MR_SPEC_H
#define MR_SPEC_H

/*
 * The flat description of a container process, built by Swift before clone().
 *
 * A spec is one contiguous blob: this header first, then arrays and NUL-terminated strings.
 * Every reference inside it is an offset from the start of the blob (mr_off, 0 = none), never a
 * pointer, so the same bytes work in the minirun process and, sent over a pipe, in minirun-monitor.
 * The child reads it as is: no parsing, no allocation.
 */

#include <stdint.h>
#include <stddef.h>
#include <linux/sched.h> /* CLONE_NEW* for Swift, which does not see _GNU_SOURCE's <sched.h> */

#define MR_SPEC_MAGIC 0x364345505352524dULL /* "MRRSPEC6" */

typedef uint64_t mr_off;

/* One filesystem step of the child, executed in order. Paths before MR_STEP_PIVOT are host paths
 * (inside the rootfs mount), after it container paths. */
enum mr_step_kind {
    MR_STEP_MOUNT = 1,    /* mount(source, target, fstype, flags, data) */
    MR_STEP_MKDIR = 2,    /* mkdir(target, mode), an existing directory is fine */
    MR_STEP_MKNOD = 3,    /* mknod(target, mode, dev) */
    MR_STEP_SYMLINK = 4,  /* symlink(source, target) */
    MR_STEP_TOUCH = 5,    /* create target as an empty file if missing (a bind-mount target) */
    MR_STEP_PIVOT = 6,    /* chdir(target); pivot_root(".", "."); umount2(".", MNT_DETACH) */
    MR_STEP_MASK = 7,     /* hide target: /dev/null over a file, a read-only tmpfs over a directory */
    MR_STEP_READONLY = 8, /* bind target onto itself and remount it read-only */
    MR_STEP_REMOUNT = 9,  /* mount(NULL, target, NULL, MS_REMOUNT|flags, data) */
    MR_STEP_ATTACH = 10,  /* move_mount(fd, target): attach a detached bind mount the parent made with
                           * open_tree, so the child never resolves a host path inside the rootfs */
    MR_STEP_CHDIR = 11,   /* chdir(target): where the overlay's relative lowerdir paths start */
    MR_STEP_WRITE = 12,   /* write data to the existing file target (a sysctl under /proc/sys) */
};

/* A step flagged optional is skipped when its target does not exist. */
#define MR_STEP_OPTIONAL 1u
/* An attach flagged in order is cloned again in place once attached: the kernel (6.8 on) lists mounts
 * in /proc/self/mountinfo by creation, and the parent made the detached tree before every mount of
 * the child; an OCI caller expects the config's mounts listed in its order. */
#define MR_STEP_IN_ORDER 2u
/* A pivot flagged so keeps the old root stacked on the new one until the child is released (child.c
 * detach_old_root): until then a user namespace's proc and sysfs mounts find the host's fully visible
 * (the kernel refuses them otherwise), and createContainer hooks see the host's root. */
#define MR_STEP_KEEP_OLD_ROOT 4u

struct mr_step {
    uint32_t kind;
    uint32_t options;
    uint64_t flags;  /* mount flags */
    uint32_t mode;   /* mkdir / mknod mode */
    int32_t fd;      /* MR_STEP_ATTACH: the open_tree fd */
    uint64_t dev;    /* mknod device number */
    mr_off source;
    mr_off target;
    mr_off fstype;
    mr_off data;
};

/* A cgroup v1 directory the child moves itself into once released, by writing "0" to `path`,
 * relative to `dirfd`: a directory the parent opened before the clone (the cgroup the container's is
 * made in), since the host's cgroup mounts are out of reach after pivot_root. A thread moving only
 * itself takes no threadgroup lock, so unlike a pid written to cgroup.procs it does not wait for an
 * RCU grace period, which costs 10-20 ms whenever no other cgroup move happened just before. */
struct mr_cgroup_join {
    int32_t dirfd;
    uint32_t reserved;
    mr_off path;
};

/* An OCI startContainer hook, which the child runs after `start`, before the command's execve. */
struct mr_hook {
    mr_off path;
    mr_off argv;             /* mr_off[], 0-terminated */
    mr_off envp;             /* mr_off[], 0-terminated */
    int32_t timeout;         /* seconds, 0 = none */
    uint32_t reserved;
};

/* A resource limit the child sets on itself (--ulimit), before it gives up CAP_SYS_RESOURCE: a hard
 * limit above the one it inherited needs it. */
struct mr_rlimit {
    uint32_t resource;       /* RLIMIT_* */
    uint32_t reserved;
    uint64_t soft;           /* RLIM_INFINITY for unlimited */
    uint64_t hard;
};

/* Namespaces an exec joins; indexes into mr_spec.join_ns. A new container joins the ones given there
 * (--net=container:, an OCI bundle's namespace paths) instead of cloning them. */
enum mr_ns_index {
    MR_NS_CGROUP = 0,
    MR_NS_IPC = 1,
    MR_NS_UTS = 2,
    MR_NS_NET = 3,
    MR_NS_PID = 4,
    MR_NS_MNT = 5,
    MR_NS_USER = 6,
    MR_NS_COUNT = 7,
};

struct mr_spec {
    uint64_t magic;
    uint64_t size;           /* length of the whole blob */
    uint64_t clone_flags;    /* CLONE_NEW* flags for a new container; 0 for exec */
    uint32_t is_exec;        /* 1: join the namespaces in join_ns instead of creating them */
    uint32_t new_cgroupns;   /* 1: unshare a cgroup namespace once placed in the container's cgroup */
    mr_off join_ns[MR_NS_COUNT]; /* paths like /proc/PID/ns/net, 0 = do not join */
    mr_off uid_map;          /* with CLONE_NEWUSER: /proc/PID/uid_map's text, which mr_spawn writes */
    mr_off gid_map;          /* the same for gid_map */

    int32_t netns_fd;        /* a network namespace made beforehand to join (mr_netns_make), -1 = none */
    uint32_t loopback_up;    /* 1: bring up lo, in a network namespace of our own */
    int32_t pdeathsig;       /* signal the child gets when its parent dies, 0 = none */
    int32_t tty;             /* 1: open a pty in the container's devpts and send its master over console_fd */
    uint16_t tty_rows;       /* with tty: the pty's window size before the command starts (the caller's */
    uint16_t tty_cols;       /* terminal's, so that the command never sees 0x0); 0 leaves it 0x0 */
    int32_t stdio[3];        /* fds to place on 0, 1, 2; -1 keeps what is there */
    int32_t console_fd;      /* set by mr_spawn */
    int32_t sync_fd;         /* set by mr_spawn: the child waits for one byte before it goes on */
    int32_t error_fd;        /* set by mr_spawn: close-on-exec; the child writes an mr_child_error on failure */
    int32_t init_fd;         /* a sealed copy of the runtime's init (mr_init_seal), which the process that
                              * enters the container executes first (sealed_init.c) */
    int32_t report_fd;       /* set by mr_spawn for exec: where its middle process reports the child's pid */
    int32_t start_fd;        /* -1, or a fifo open for reading and writing (minirun-oci's create/start split):
                              * once set up, the child reports MR_STAGE_READY on error_fd and waits for one
                              * byte on it before it goes on to execve */
    uint32_t preserve_fds;   /* fds 3 .. 3+preserve_fds-1 stay open across execve (--preserve-fds) */
    int32_t reply_fd;        /* -1, or a fifo open for reading and writing that `start` reads: once started,
                              * the child reports failures there instead of on error_fd (EOF: it executed) */
    uint32_t report_mounted; /* 1: once set up, show the container's tree to the parent's createContainer
                              * hooks and report MR_STAGE_MOUNTED on error_fd before waiting for "go" */
    int32_t hook_state_fd;   /* the container's state JSON (a memfd the parent fills): startContainer hooks' stdin */
    uint32_t nstart_hooks;
    mr_off start_hooks;      /* struct mr_hook[nstart_hooks], run after start (see reply_fd) */

    uint32_t nsteps;
    uint32_t ngroups;
    mr_off steps;            /* struct mr_step[nsteps] */
    mr_off groups;           /* uint32_t[ngroups] supplementary groups */
    uint32_t ncgroup_joins;
    uint32_t reserved_joins;
    mr_off cgroup_joins;     /* struct mr_cgroup_join[ncgroup_joins], done before new_cgroupns */
    uint32_t nrlimits;
    uint32_t reserved_rlimits;
    mr_off rlimits;          /* struct mr_rlimit[nrlimits] */

    mr_off hostname;         /* 0 = keep */
    mr_off domainname;       /* 0 = keep (the UTS namespace's NIS domain name) */
    mr_off cwd;              /* 0 = "/" */
    uint32_t uid;
    uint32_t gid;

    uint32_t set_caps;       /* 0: keep every capability (the caller's) */
    uint32_t no_new_privs;
    uint64_t cap_bounding;   /* bit N = capability N */
    uint64_t cap_effective;
    uint64_t cap_permitted;
    uint64_t cap_inheritable;
    uint64_t cap_ambient;

    uint32_t seccomp_len;    /* number of struct sock_filter instructions, 0 = no filter */
    uint32_t run_init;       /* 1 (--init): the command runs as the child of a minimal init that stays
                              * PID 1 (container_init.c); a new container's process only */
    mr_off seccomp;          /* struct sock_filter[seccomp_len] */

    mr_off argv;             /* mr_off[], 0-terminated */
    mr_off envp;             /* mr_off[], 0-terminated; its PATH finds argv[0] when it has no '/' */
};

/* Fixed stages of the child, reported as negative step numbers; steps of the list are 0..nsteps-1. */
enum mr_stage {
    MR_STAGE_SYNC = -1,
    MR_STAGE_CGROUPNS = -2,
    MR_STAGE_SETNS = -3,
    MR_STAGE_MOUNT_PRIVATE = -4,
    MR_STAGE_HOSTNAME = -5,
    MR_STAGE_TTY = -6,
    MR_STAGE_STDIO = -7,
    MR_STAGE_SETSID = -8,
    MR_STAGE_CHDIR = -9,
    MR_STAGE_GROUPS = -10,
    MR_STAGE_SETGID = -11,
    MR_STAGE_SETUID = -12,
    MR_STAGE_CAPS = -13,
    MR_STAGE_NO_NEW_PRIVS = -14,
    MR_STAGE_SECCOMP = -15,
    MR_STAGE_EXEC = -16,      /* errno ENOENT: not found; EACCES etc: cannot execute */
    MR_STAGE_FORK = -17,      /* exec: the fork into the joined pid namespace */
    MR_STAGE_SPEC = -18,      /* the spec is malformed */
    MR_STAGE_CGROUP = -19,    /* moving into the container's cgroup */
    MR_STAGE_LOOPBACK = -20,  /* bringing up lo */
    MR_STAGE_INIT = -21,      /* executing the runtime's init from a sealed copy */
    MR_STAGE_READY = -22,     /* not a failure: set up, waiting on start_fd (errno 0) */
    MR_STAGE_START = -23,     /* waiting on start_fd */
    MR_STAGE_INIT_FORK = -24, /* --init: forking the command off the init, its process group and tty */
    MR_STAGE_MOUNTED = -25,   /* not a failure: set up, the parent may run createContainer hooks (errno 0) */
    MR_STAGE_START_HOOK = -26, /* a startContainer hook failed: err is its index << 16 | its exit status
                                * (0xffff: it timed out, 0xfffe: it could not be started) */
    MR_STAGE_DETACH_OLD_ROOT = -27, /* detaching the old root a pivot kept (MR_STEP_KEEP_OLD_ROOT) */
    MR_STAGE_USERNS = -28,    /* writing the uid and gid maps (the parent), becoming root in the user namespace */
    MR_STAGE_RLIMIT = -29,    /* setting a resource limit: err is its index << 16 | errno */
    MR_STAGE_DOMAINNAME = -30,
};

/* What a failing child writes to error_fd before _exit. */
struct mr_child_error {
    int32_t step;
    int32_t err;
};

/* Checks that every offset of a spec blob stays inside it. Returns 0 or -1. */
int mr_spec_validate(const void *blob, size_t len);

#endif
