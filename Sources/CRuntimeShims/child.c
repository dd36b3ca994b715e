/*
 * The container's side of the clone: everything between clone() and execve().
 *
 * The whole setup of a new container, in order (`run`; `start` from step 3; `exec` at the end):
 *
 *  minirun (Swift)
 *   1. block signals; begin a network namespace     Engine+Run.swift run (term.c mr_block_signals),
 *      on a thread of its own                        NetworkNamespaceMaker.swift (netns.c mr_netns_make)
 *   2. check the options, record the container       Engine+Create.swift create
 *   3. begin the sealed copy of the init             SealedInit.swift (sealed_init.c mr_init_seal); with -d
 *      (minirun-monitor) on a thread                 the monitor makes it as it starts (minirun-monitor main)
 *   4. reserve the published ports, write /etc      LaunchPlan.swift prepareLaunch (the mount list:
 *      files, open the detached mounts, plan the     MountPlan.swift steps; capabilities and the compiled
 *      cgroup, build the spec blob                   seccomp filter: Engine+Security.swift applySecurity)
 *   5. with -d: start minirun-monitor, send it the   Engine+Detached.swift startDetached, MonitorChannel;
 *      spec: it is the parent in 6 and 14            minirun-monitor/main.c main
 *  parent (C)
 *   6. sync and error pipes, console socket; clone   spawn.c mr_spawn
 *      into new pid, mount, uts, ipc (net) namespaces (minirun-oci: and a user namespace, all owned by
 *      it; the parent writes its uid and gid maps     map_user_namespace; one joined by path: the
 *      and sends a byte)                              middle process of exec joins it first)
 *  child (C)
 *   7. close the parent's ends, not dumpable,        child.c mr_child_begin
 *      parent death signal (new user namespace:      mr_become_userns_root
 *      wait for the maps, become its root)
 *   8. execve the sealed copy of minirun-monitor     sealed_init.c mr_exec_sealed_init; the monitor's main
 *      as minirun-init; not dumpable again, the      calls sealed_init.c mr_init_main, which goes on in
 *      spec read back and checked                    child.c mr_child_main
 *   9. reset signals, parent death signal            mr_child_main
 *  10. join the network namespace made in step 1     join_namespaces, loopback_up
 *      (or, by path, another container's net, ipc,
 *      uts, cgroup and mount), bring up lo
 *  11. mounts private, then the mount list: overlay, run_step, for each step of the spec
 *      pivot_root, /proc, /sys, /dev, /dev/pts,
 *      /dev/shm, /dev/mqueue, /etc files, volumes,
 *      tmpfs, devices, masked and read-only paths
 *  12. sethostname, setdomainname; wait for "go" on the sync pipe   mr_child_main
 *      (minirun-oci with createContainer hooks:      expose_root_to_hooks; the pivot of 11 kept
 *      first a copy of the container's tree at the   the old root stacked (MR_STEP_KEEP_OLD_ROOT),
 *      rootfs path in the old root, and "mounted"    which the hooks get as their root)
 *      on the error pipe)
 *  parent (Swift), meanwhile
 *  13. record it running with its addresses, make    Engine+WireChild.swift wireChild
 *      its cgroup and place it there, veth pairs,    (minirun-oci: OCIRuntime+Create.swift create,
 *      firewall rules, hosts files                   prestart, createRuntime and, once "mounted",
 *                                                    createContainer hooks in our mount namespace)
 *  14. "go"                                          spawn.c mr_start
 *  child (C)
 *  15. detach a kept old root; join the v1 cgroups   detach_old_root, join_cgroups,
 *      itself, new cgroup ns                         unshare(CLONE_NEWCGROUP)
 *  16. pty (or stdio) and setsid                     finish: setup_tty, setup_stdio
 *  17. chdir, setgroups, resource limits             finish, set_rlimits, drop_bounding
 *      (--ulimit), drop the bounding set
 *  18. seccomp, while CAP_SYS_ADMIN is still held    load_seccomp (without no_new_privs only)
 *  19. setresgid, setresuid, capabilities, ambient   set_capabilities, raise_ambient
 *      (minirun-oci's create: say ready, wait for     wait_for_start, run_start_hooks (failures
 *      `start` on the exec fifo, run startContainer   go to the fifo `start` reads, the spec's reply fd)
 *      hooks)
 *  20. no_new_privs, then seccomp                    finish, load_seccomp (with no_new_privs)
 *  21. with --init: fork; the parent stays PID 1,    container_init.c mr_fork_init
 *      forwards signals, reaps, passes the status
 *  22. all fds but 0-2 close-on-exec; execve the     exec_command
 *      command, searching PATH
 *  parent: the error pipe's EOF says the command runs (mr_start); `run` relays its output and waits
 *  (term.c mr_supervise), the monitor logs it.
 *
 *  `exec` (Engine+Exec.swift exec): the spec names the container's namespaces. mr_spawn clones a
 *  middle process (spawn_in_namespaces) that makes itself not dumpable and does 8; in the init it
 *  joins the namespaces and clones the child as our own (spawn.c mr_middle_main). The child does 9,
 *  waits for "go" while Swift adds it to the container's cgroup, and does 16-22 (but 21).
 *
 * mr_child_begin runs in a copy of a multithreaded process, and mr_child_main in the runtime's init
 * may be a clone of one too (exec's middle process clones it), so only async-signal-safe calls are
 * allowed: no malloc, no stdio, no locks. Every input comes from the spec blob Swift prepared. A
 * failing step writes {step, errno} to the close-on-exec error pipe and exits.
 */
#include "child.h"
#include "container_init.h"
#include "fd_passing.h"
#include "mr_hook.h"
#include "sealed_init.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <termios.h>
#include <grp.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

#define STR(spec, off) ((off) ? (const char *)(spec) + (off) : NULL)

static __attribute__((noreturn)) void fail(const struct mr_spec *spec, int32_t step, int err)
{
    struct mr_child_error e = {step, err};
    ssize_t ignored = write(spec->error_fd, &e, sizeof e);
    (void)ignored;
    _exit(125);
}

static void reset_signals(void)
{
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP)
            sigaction(sig, &dfl, NULL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

static int path_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* The mount flags a bind remount must keep (the kernel refuses to drop locked ones). */
static unsigned long kept_flags(const char *path)
{
    struct statvfs sv;
    unsigned long flags = 0;
    if (statvfs(path, &sv) != 0)
        return 0;
    if (sv.f_flag & ST_NOSUID) flags |= MS_NOSUID;
    if (sv.f_flag & ST_NODEV) flags |= MS_NODEV;
    if (sv.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
    return flags;
}

/* Replaces the mount tree at target by a clone of itself, numbered after every mount made so far. */
static int renumber(const char *target)
{
    int fresh = (int)syscall(SYS_open_tree, AT_FDCWD, target, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
    if (fresh < 0)
        return -1;
    int rc = umount2(target, MNT_DETACH);
    if (rc == 0)
        rc = (int)syscall(SYS_move_mount, fresh, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH);
    int saved = errno;
    close(fresh);
    errno = saved;
    return rc;
}

/* The old root a pivot flagged MR_STEP_KEEP_OLD_ROOT left stacked on the new one (-1: none), and the
 * path the new root had in it. */
static int old_root = -1;
static const char *old_root_rootfs;

static int pivot(const char *target, int keep_old_root)
{
    if (keep_old_root && (old_root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
        return -1;
    old_root_rootfs = target;
    if (chdir(target) != 0 || syscall(SYS_pivot_root, ".", ".") != 0)
        return -1;
    if (!keep_old_root && umount2(".", MNT_DETACH) != 0)
        return -1;
    return chdir("/");
}

/* From "/" (the new root) the walk of "." goes up the mounts stacked there: the old root is detached. */
static int detach_old_root(void)
{
    if (old_root < 0)
        return 0;
    close(old_root);
    old_root = -1;
    return chdir("/") != 0 || umount2(".", MNT_DETACH) != 0 ? -1 : 0;
}

/* createContainer hooks run in our mount namespace, where the parent's setns gives them the topmost
 * root: the old root, the host's. As under runc, which runs them before its pivot_root, they find the
 * container's tree, its mounts included, at the rootfs path: a copy of it goes there, without the old
 * root stacked on it (made unbindable first). The copy goes away with the old root. */
static int expose_root_to_hooks(void)
{
    struct {
        uint64_t attr_set, attr_clr, propagation, userns_fd;
    } unbindable = {.propagation = MS_UNBINDABLE};
    if (old_root < 0 || !old_root_rootfs) {
        errno = EINVAL;
        return -1;
    }
    if (syscall(SYS_mount_setattr, old_root, "", AT_EMPTY_PATH, &unbindable, sizeof unbindable) != 0)
        return -1;
    int tree = (int)syscall(SYS_open_tree, AT_FDCWD, "/", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
    if (tree < 0)
        return -1;
    const char *in_old_root = old_root_rootfs[0] == '/' ? old_root_rootfs + 1 : old_root_rootfs;
    int rc = (int)syscall(SYS_move_mount, tree, "", old_root, in_old_root, MOVE_MOUNT_F_EMPTY_PATH);
    int saved = errno;
    close(tree);
    errno = saved;
    return rc;
}

static int run_step(const struct mr_spec *spec, const struct mr_step *s)
{
    const char *source = STR(spec, s->source), *target = STR(spec, s->target);
    const char *fstype = STR(spec, s->fstype), *data = STR(spec, s->data);
    struct stat st;

    if ((s->options & MR_STEP_OPTIONAL) && s->kind != MR_STEP_MKDIR && s->kind != MR_STEP_TOUCH &&
        s->kind != MR_STEP_SYMLINK && s->kind != MR_STEP_MKNOD && !path_exists(target))
        return 0;

    switch (s->kind) {
    case MR_STEP_MOUNT:
        return mount(source, target, fstype, s->flags, data);
    case MR_STEP_REMOUNT:
        return mount(NULL, target, NULL, MS_REMOUNT | s->flags, data);
    case MR_STEP_MKDIR:
        if (mkdir(target, s->mode) == 0 || (errno == EEXIST && stat(target, &st) == 0 && S_ISDIR(st.st_mode)))
            return 0;
        return -1;
    case MR_STEP_MKNOD:
        /* chmod too: mknod's mode is cut by the umask (0022 left /dev/null unwritable but for root). */
        if (mknod(target, s->mode, s->dev) == 0)
            return chmod(target, s->mode & 07777);
        return errno == EEXIST ? 0 : -1;
    case MR_STEP_SYMLINK:
        if (symlink(source, target) == 0 || errno == EEXIST)
            return 0;
        return -1;
    case MR_STEP_TOUCH: {
        /* Only when missing: opening an image's file for writing would copy it up into the layer. */
        if (lstat(target, &st) == 0)
            return 0;
        int fd = open(target, O_CREAT | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0)
            return errno == EEXIST || errno == EISDIR ? 0 : -1;
        close(fd);
        return 0;
    }
    case MR_STEP_PIVOT:
        return pivot(target, (s->options & MR_STEP_KEEP_OLD_ROOT) != 0);
    case MR_STEP_MASK:
        if (stat(target, &st) != 0)
            return -1;
        if (S_ISDIR(st.st_mode))
            return mount("tmpfs", target, "tmpfs", MS_RDONLY, NULL);
        return mount("/dev/null", target, NULL, MS_BIND, NULL);
    case MR_STEP_ATTACH:
        if (syscall(SYS_move_mount, s->fd, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) != 0)
            return -1;
        return (s->options & MR_STEP_IN_ORDER) ? renumber(target) : 0;
    case MR_STEP_CHDIR:
        return chdir(target);
    case MR_STEP_WRITE: {
        int fd = open(target, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
            return -1;
        size_t len = data ? strlen(data) : 0;
        ssize_t n = write(fd, data ? data : "", len);
        int saved = errno;
        close(fd);
        errno = n == (ssize_t)len ? 0 : (n < 0 ? saved : EIO);
        return n == (ssize_t)len ? 0 : -1;
    }
    case MR_STEP_READONLY:
        if (mount(target, target, NULL, MS_BIND | MS_REC, NULL) != 0)
            return -1;
        return mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | kept_flags(target), NULL);
    default:
        errno = EINVAL;
        return -1;
    }
}

/* Opens a pty in the container's own devpts with the spec's window size, sends the master over the
 * console socket and makes the pty's peer our controlling terminal and stdio. */
static int setup_tty(const struct mr_spec *spec)
{
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0)
        return -1;
    int unlock = 0;
    if (ioctl(master, TIOCSPTLCK, &unlock) != 0)
        return -1;
    struct winsize size = {.ws_row = spec->tty_rows, .ws_col = spec->tty_cols};
    if (size.ws_row > 0 && size.ws_col > 0 && ioctl(master, TIOCSWINSZ, &size) != 0)
        return -1;
    int peer = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
    if (peer < 0)
        return -1;

    char byte = 0;
    if (mr_send_fd(spec->console_fd, master, &byte, 1) != 0)
        return -1;
    close(master);
    close(spec->console_fd);

    if (setsid() < 0 || ioctl(peer, TIOCSCTTY, 0) != 0)
        return -1;
    for (int fd = 0; fd < 3; fd++)
        if (dup2(peer, fd) < 0)
            return -1;
    if (peer > 2)
        close(peer);
    return 0;
}

static int setup_stdio(const struct mr_spec *spec)
{
    for (int fd = 0; fd < 3; fd++) {
        int from = spec->stdio[fd];
        if (from < 0)
            continue;
        if (from == fd) {
            if (fcntl(fd, F_SETFD, 0) != 0) /* keep it across execve */
                return -1;
        } else if (dup2(from, fd) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Needs CAP_SETPCAP in the effective set: done before changing to a non-root uid clears it.
 * Capabilities are numbered without gaps, so the first one the kernel calls invalid (EINVAL) ends
 * them: the 20-odd numbers above it up to 63 would each be a wasted syscall. */
static int drop_bounding(const struct mr_spec *spec)
{
    for (int cap = 0; cap < 64; cap++) {
        if (spec->cap_bounding & (1ULL << cap))
            continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0)
            return errno == EINVAL ? 0 : -1;
    }
    return 0;
}

static int set_capabilities(const struct mr_spec *spec)
{
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2];
    for (int i = 0; i < 2; i++) {
        data[i].effective = (uint32_t)(spec->cap_effective >> (32 * i));
        data[i].permitted = (uint32_t)(spec->cap_permitted >> (32 * i));
        data[i].inheritable = (uint32_t)(spec->cap_inheritable >> (32 * i));
    }
    return (int)syscall(SYS_capset, &header, data);
}

static int raise_ambient(const struct mr_spec *spec)
{
    for (int cap = 0; cap < 64; cap++) {
        if ((spec->cap_ambient & (1ULL << cap)) &&
            prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0)
            return -1;
    }
    return 0;
}

static int load_seccomp(const struct mr_spec *spec)
{
    struct sock_fprog prog = {
        .len = (unsigned short)spec->seccomp_len,
        .filter = (struct sock_filter *)((char *)spec + spec->seccomp),
    };
    return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

static const char *env_of(char **envp, const char *name)
{
    size_t n = strlen(name);
    for (; *envp; envp++)
        if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
            return *envp + n + 1;
    return NULL;
}

/* execve argv[0], searching PATH when it has no '/', as execvp does but without allocating. */
static __attribute__((noreturn)) void exec_command(const struct mr_spec *spec, char **argv, char **envp)
{
    const char *file = argv[0];
    if (strchr(file, '/')) {
        execve(file, argv, envp);
        fail(spec, MR_STAGE_EXEC, errno);
    }
    const char *path = env_of(envp, "PATH");
    if (!path)
        path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    size_t flen = strlen(file);
    int denied = 0;
    char buf[4096];
    for (const char *p = path;; p++) {
        const char *end = strchrnul(p, ':');
        size_t dlen = (size_t)(end - p);
        if (dlen + 1 + flen + 1 <= sizeof buf) {
            memcpy(buf, dlen ? p : ".", dlen ? dlen : 1);
            size_t at = dlen ? dlen : 1;
            buf[at++] = '/';
            memcpy(buf + at, file, flen + 1);
            execve(buf, argv, envp);
            if (errno == EACCES)
                denied = 1;
            else if (errno != ENOENT && errno != ENOTDIR)
                fail(spec, MR_STAGE_EXEC, errno);
        }
        if (!*end)
            break;
        p = end;
    }
    fail(spec, MR_STAGE_EXEC, denied ? EACCES : ENOENT);
}

/* The create/start split of an OCI runtime: tells the parent we are set up (it returns from create)
 * and waits until `start` writes a byte into the fifo we hold open for reading and writing. */
static void wait_for_start(struct mr_spec *spec)
{
    struct mr_child_error ready = {MR_STAGE_READY, 0};
    if (write(spec->error_fd, &ready, sizeof ready) != (ssize_t)sizeof ready)
        _exit(125);
    char byte;
    ssize_t n;
    do {
        n = read(spec->start_fd, &byte, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1)
        fail(spec, MR_STAGE_START, n < 0 ? errno : EPIPE);
    close(spec->start_fd);
    /* From now on `start` waits to hear how it went: a failure, or EOF once we execute the command. */
    if (spec->reply_fd >= 0) {
        close(spec->error_fd);
        spec->error_fd = spec->reply_fd;
    }
}

/* argv and envp arrays of offsets become pointer arrays in place: the blob is our own copy. */
static char **pointers(struct mr_spec *spec, mr_off off)
{
    mr_off *offs = (mr_off *)((char *)spec + off);
    char **ptrs = (char **)offs;
    for (size_t i = 0; offs[i]; i++)
        ptrs[i] = (char *)spec + offs[i];
    return ptrs;
}

/* Each with the state JSON the parent wrote into hook_state_fd on its stdin, in the container as the
 * command will be (its user, capabilities, cwd and stdio); the first failure ends us. */
static void run_start_hooks(struct mr_spec *spec)
{
    const struct mr_hook *hooks = (const struct mr_hook *)((char *)spec + spec->start_hooks);
    for (uint32_t i = 0; i < spec->nstart_hooks; i++) {
        int status = 0xfffe;
        if (lseek(spec->hook_state_fd, 0, SEEK_SET) == 0) {
            pid_t pid = mr_hook_spawn(STR(spec, hooks[i].path), pointers(spec, hooks[i].argv),
                                      pointers(spec, hooks[i].envp), spec->hook_state_fd, -1, -1);
            status = pid < 0 ? 0xfffe : mr_hook_wait(pid, hooks[i].timeout);
        }
        if (status != 0)
            fail(spec, MR_STAGE_START_HOOK, (int32_t)(i << 16 | (status < 0 ? 0xffff : (uint32_t)status)));
    }
}

/* --ulimit: while CAP_SYS_RESOURCE is still held, since a hard limit may go above the inherited one. */
static void set_rlimits(struct mr_spec *spec)
{
    const struct mr_rlimit *limits = (const struct mr_rlimit *)((char *)spec + spec->rlimits);
    for (uint32_t i = 0; i < spec->nrlimits; i++) {
        struct rlimit limit = {.rlim_cur = limits[i].soft, .rlim_max = limits[i].hard};
        if (setrlimit((int)limits[i].resource, &limit) != 0)
            fail(spec, MR_STAGE_RLIMIT, (int32_t)(i << 16 | (uint32_t)errno));
    }
}

static __attribute__((noreturn)) void finish(struct mr_spec *spec)
{
    if (spec->tty) {
        if (setup_tty(spec) != 0)
            fail(spec, MR_STAGE_TTY, errno);
    } else {
        if (setup_stdio(spec) != 0)
            fail(spec, MR_STAGE_STDIO, errno);
        if (setsid() < 0)
            fail(spec, MR_STAGE_SETSID, errno);
    }

    const char *cwd = STR(spec, spec->cwd);
    if (chdir(cwd ? cwd : "/") != 0)
        fail(spec, MR_STAGE_CHDIR, errno);

    if (setgroups(spec->ngroups, (const gid_t *)((char *)spec + spec->groups)) != 0)
        fail(spec, MR_STAGE_GROUPS, errno);
    set_rlimits(spec);
    if (spec->uid != 0 && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0)
        fail(spec, MR_STAGE_CAPS, errno);
    if (spec->set_caps && drop_bounding(spec) != 0)
        fail(spec, MR_STAGE_CAPS, errno);
    /* Without no_new_privs the filter must be loaded while we still hold CAP_SYS_ADMIN. */
    if (spec->seccomp_len && !spec->no_new_privs && load_seccomp(spec) != 0)
        fail(spec, MR_STAGE_SECCOMP, errno);
    if (setresgid(spec->gid, spec->gid, spec->gid) != 0)
        fail(spec, MR_STAGE_SETGID, errno);
    if (setresuid(spec->uid, spec->uid, spec->uid) != 0)
        fail(spec, MR_STAGE_SETUID, errno);
    if (spec->set_caps && (set_capabilities(spec) != 0 || raise_ambient(spec) != 0))
        fail(spec, MR_STAGE_CAPS, errno);
    if (spec->start_fd >= 0)
        wait_for_start(spec);
    if (spec->nstart_hooks) {
        /* The hooks inherit only 0-2 (and preserved fds): not our channels to the runtime. */
        syscall(SYS_close_range, 3U + spec->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC);
        run_start_hooks(spec);
    }
    if (spec->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        fail(spec, MR_STAGE_NO_NEW_PRIVS, errno);
    if (spec->seccomp_len && spec->no_new_privs && load_seccomp(spec) != 0)
        fail(spec, MR_STAGE_SECCOMP, errno);
    /* Last, so that the init is set up and confined as the command is. */
    if (spec->run_init && !spec->is_exec && mr_fork_init(spec) != 0)
        fail(spec, MR_STAGE_INIT_FORK, errno);

    /* Only 0, 1 and 2 (and the fds an OCI caller asked to preserve) cross into the container's program. */
    syscall(SYS_close_range, 3U + spec->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC);
    exec_command(spec, pointers(spec, spec->argv), pointers(spec, spec->envp));
}

static int join_cgroups(const struct mr_spec *spec)
{
    const struct mr_cgroup_join *joins = (const struct mr_cgroup_join *)((const char *)spec + spec->cgroup_joins);
    for (uint32_t i = 0; i < spec->ncgroup_joins; i++) {
        int fd = openat(joins[i].dirfd, STR(spec, joins[i].path), O_WRONLY | O_CLOEXEC);
        if (fd < 0)
            return -1;
        ssize_t n = write(fd, "0", 1);
        int saved = errno;
        close(fd);
        if (n != 1) {
            errno = n < 0 ? saved : EIO;
            return -1;
        }
    }
    return 0;
}

/* Brings up lo in our own network namespace with one RTM_NEWLINK request (lo is ifindex 1 in every
 * network namespace): done here, beside the parent's work, the parent need not enter the namespace. */
static int loopback_up(void)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return -1;
    struct {
        struct nlmsghdr header;
        struct ifinfomsg link;
    } request = {
        .header = {.nlmsg_len = sizeof request, .nlmsg_type = RTM_NEWLINK, .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK, .nlmsg_seq = 1},
        .link = {.ifi_family = AF_UNSPEC, .ifi_index = 1, .ifi_flags = IFF_UP, .ifi_change = IFF_UP},
    };
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    struct {
        struct nlmsghdr header;
        struct nlmsgerr error;
    } reply;
    int rc = -1;
    if (sendto(fd, &request, sizeof request, 0, (struct sockaddr *)&kernel, sizeof kernel) == (ssize_t)sizeof request) {
        /* An error's ack also carries the request back; the part past `reply` is not needed. */
        ssize_t n = recv(fd, &reply, sizeof reply, MSG_TRUNC);
        if (n < (ssize_t)sizeof reply || reply.header.nlmsg_type != NLMSG_ERROR)
            errno = n < 0 ? errno : EPROTO;
        else if (reply.error.error != 0)
            errno = -reply.error.error;
        else
            rc = 0;
    }
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

static int join_path(const struct mr_spec *spec, int index, int type)
{
    if (!spec->join_ns[index])
        return 0;
    int fd = open(STR(spec, spec->join_ns[index]), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = setns(fd, type);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

/* The network namespace made beforehand (netns_fd), or another container's (join_ns, by path), if
 * either is given; and the ipc, uts, cgroup and mount namespaces given by path (the mount namespace
 * last: the paths are resolved in ours). A pid namespace given by path was joined by the middle
 * process that cloned us (spawn.c mr_middle_main). */
static int join_namespaces(const struct mr_spec *spec)
{
    if (spec->netns_fd >= 0) {
        if (setns(spec->netns_fd, CLONE_NEWNET) != 0)
            return -1;
    } else if (join_path(spec, MR_NS_NET, CLONE_NEWNET) != 0) {
        return -1;
    }
    if (join_path(spec, MR_NS_IPC, CLONE_NEWIPC) != 0 || join_path(spec, MR_NS_UTS, CLONE_NEWUTS) != 0 ||
        join_path(spec, MR_NS_CGROUP, CLONE_NEWCGROUP) != 0)
        return -1;
    return join_path(spec, MR_NS_MNT, CLONE_NEWNS);
}

int mr_become_userns_root(void)
{
    /* A change of credentials makes us dumpable per fs.suid_dumpable and clears the death signal. */
    int pdeathsig = 0;
    if (prctl(PR_GET_PDEATHSIG, &pdeathsig, 0, 0, 0) != 0 || setresgid(0, 0, 0) != 0 || setresuid(0, 0, 0) != 0)
        return -1;
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 || (pdeathsig && prctl(PR_SET_PDEATHSIG, pdeathsig, 0, 0, 0) != 0))
        return -1;
    return 0;
}

__attribute__((noreturn)) void mr_child_begin(struct mr_spec *spec, const int parent_ends[3])
{
    for (int i = 0; i < 3; i++)
        if (parent_ends[i] >= 0)
            close(parent_ends[i]);
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        fail(spec, MR_STAGE_INIT, errno);
    /* In a new user namespace we are nobody until the parent writes our maps; then root there, which
     * the init's execve needs to keep our capabilities in it. */
    if (spec->clone_flags & CLONE_NEWUSER) {
        char mapped;
        if (read(spec->sync_fd, &mapped, 1) != 1)
            _exit(125); /* the parent gave up */
        if (mr_become_userns_root() != 0)
            fail(spec, MR_STAGE_USERNS, errno);
    }
    /* Kept across the init's execve; set here too, as a parent may die while the copy is made. */
    if (spec->pdeathsig && prctl(PR_SET_PDEATHSIG, spec->pdeathsig, 0, 0, 0) != 0)
        fail(spec, MR_STAGE_SYNC, errno);
    mr_exec_sealed_init(spec);
    fail(spec, MR_STAGE_INIT, errno);
}

__attribute__((noreturn)) void mr_child_main(struct mr_spec *spec)
{
    reset_signals();
    /* A parent that dies before this point closes the sync pipe, and the read below ends us. */
    if (spec->pdeathsig && prctl(PR_SET_PDEATHSIG, spec->pdeathsig, 0, 0, 0) != 0)
        fail(spec, MR_STAGE_SYNC, errno);

    /* Loopback and filesystem are set up while the parent records us, makes our cgroup and wires
     * our network. */
    if (!spec->is_exec) {
        if (join_namespaces(spec) != 0)
            fail(spec, MR_STAGE_SETNS, errno);
        if (spec->loopback_up && loopback_up() != 0)
            fail(spec, MR_STAGE_LOOPBACK, errno);
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
            fail(spec, MR_STAGE_MOUNT_PRIVATE, errno);
        const struct mr_step *steps = (const struct mr_step *)((char *)spec + spec->steps);
        for (uint32_t i = 0; i < spec->nsteps; i++)
            if (run_step(spec, &steps[i]) != 0)
                fail(spec, (int32_t)i, errno);
        const char *hostname = STR(spec, spec->hostname);
        if (hostname && sethostname(hostname, strlen(hostname)) != 0)
            fail(spec, MR_STAGE_HOSTNAME, errno);
        const char *domainname = STR(spec, spec->domainname);
        if (domainname && setdomainname(domainname, strlen(domainname)) != 0)
            fail(spec, MR_STAGE_DOMAINNAME, errno);
        if (spec->report_mounted) {
            if (expose_root_to_hooks() != 0)
                fail(spec, MR_STAGE_MOUNTED, errno);
            struct mr_child_error mounted = {MR_STAGE_MOUNTED, 0};
            if (write(spec->error_fd, &mounted, sizeof mounted) != (ssize_t)sizeof mounted)
                _exit(125);
        }
    }

    char go;
    if (read(spec->sync_fd, &go, 1) != 1)
        _exit(125); /* the parent gave up: nothing to report */
    close(spec->sync_fd);
    if (detach_old_root() != 0)
        fail(spec, MR_STAGE_DETACH_OLD_ROOT, errno);

    /* Only now does our cgroup exist; once in it, it becomes the root of our cgroup namespace. */
    if (join_cgroups(spec) != 0)
        fail(spec, MR_STAGE_CGROUP, errno);
    if (spec->new_cgroupns && unshare(CLONE_NEWCGROUP) != 0)
        fail(spec, MR_STAGE_CGROUPNS, errno);
    finish(spec);
}
