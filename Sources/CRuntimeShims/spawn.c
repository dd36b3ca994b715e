/*
 * The parent's side of the clone: create the sync, error and console channels, clone the child,
 * later release it and learn whether it reached execve.
 */
#include "mr_spawn.h"
#include "mr_task.h"
#include "child.h"
#include "sealed_init.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* fork-like clone: the child continues here on a copy of our stack. */
static pid_t raw_clone(unsigned long flags)
{
    return (pid_t)syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
}

static int string_ok(const char *blob, size_t len, mr_off off)
{
    return off == 0 || (off < len && memchr(blob + off, 0, len - off) != NULL);
}

static int array_ok(const char *blob, size_t len, mr_off off)
{
    if (off == 0 || off % sizeof(mr_off) || off >= len)
        return 0;
    for (size_t at = off; at + sizeof(mr_off) <= len; at += sizeof(mr_off)) {
        mr_off item;
        memcpy(&item, blob + at, sizeof item);
        if (item == 0)
            return 1;
        if (!string_ok(blob, len, item))
            return 0;
    }
    return 0;
}

static int region_ok(size_t len, mr_off off, size_t count, size_t size)
{
    return count == 0 || (off != 0 && off <= len && count <= (len - off) / size);
}

int mr_spec_validate(const void *blob, size_t len)
{
    const struct mr_spec *s = blob;
    const char *b = blob;
    if (len < sizeof *s || s->magic != MR_SPEC_MAGIC || s->size != len)
        return -1;
    if (!region_ok(len, s->steps, s->nsteps, sizeof(struct mr_step)) ||
        !region_ok(len, s->groups, s->ngroups, sizeof(uint32_t)) ||
        !region_ok(len, s->seccomp, s->seccomp_len, 8 /* struct sock_filter */) ||
        !region_ok(len, s->cgroup_joins, s->ncgroup_joins, sizeof(struct mr_cgroup_join)) ||
        !region_ok(len, s->rlimits, s->nrlimits, sizeof(struct mr_rlimit)) ||
        !region_ok(len, s->start_hooks, s->nstart_hooks, sizeof(struct mr_hook)))
        return -1;
    const struct mr_hook *hooks = (const struct mr_hook *)(b + s->start_hooks);
    for (uint32_t i = 0; i < s->nstart_hooks; i++)
        if (hooks[i].path == 0 || !string_ok(b, len, hooks[i].path) || !array_ok(b, len, hooks[i].argv) ||
            !array_ok(b, len, hooks[i].envp))
            return -1;
    const struct mr_cgroup_join *joins = (const struct mr_cgroup_join *)(b + s->cgroup_joins);
    for (uint32_t i = 0; i < s->ncgroup_joins; i++)
        if (joins[i].path == 0 || !string_ok(b, len, joins[i].path))
            return -1;
    const struct mr_step *steps = (const struct mr_step *)(b + s->steps);
    for (uint32_t i = 0; i < s->nsteps; i++) {
        if (!string_ok(b, len, steps[i].source) || !string_ok(b, len, steps[i].target) ||
            !string_ok(b, len, steps[i].fstype) || !string_ok(b, len, steps[i].data))
            return -1;
    }
    for (int i = 0; i < MR_NS_COUNT; i++)
        if (!string_ok(b, len, s->join_ns[i]))
            return -1;
    if (!string_ok(b, len, s->hostname) || !string_ok(b, len, s->domainname) || !string_ok(b, len, s->cwd) ||
        !string_ok(b, len, s->uid_map) || !string_ok(b, len, s->gid_map))
        return -1;
    if (!array_ok(b, len, s->argv) || !array_ok(b, len, s->envp))
        return -1;
    mr_off first;
    memcpy(&first, b + s->argv, sizeof first);
    return first ? 0 : -1;
}

struct middle_report {
    int32_t pid;
    struct mr_child_error error;
};

static __attribute__((noreturn)) void middle_fail(int report_fd, int32_t step)
{
    struct middle_report r = {.pid = -1, .error = {step, errno}};
    ssize_t ignored = write(report_fd, &r, sizeof r);
    (void)ignored;
    _exit(125);
}

/* exec's middle process joins every namespace of the container; a new container's (create joining a
 * pid namespace by path) joins only that one, and clones the child into the namespaces it creates
 * (the child joins the others by path itself: child.c join_namespaces). */
__attribute__((noreturn)) void mr_middle_main(struct mr_spec *spec)
{
    /* The user namespace first: it owns the others, and joining it gives us our capabilities there. */
    static const int order[MR_NS_COUNT] = {MR_NS_USER, MR_NS_CGROUP, MR_NS_IPC, MR_NS_UTS, MR_NS_NET, MR_NS_PID, MR_NS_MNT};
    int fds[MR_NS_COUNT];
    for (int i = 0; i < MR_NS_COUNT; i++) {
        int by_middle = spec->is_exec || order[i] == MR_NS_PID || order[i] == MR_NS_USER;
        mr_off path = by_middle ? spec->join_ns[order[i]] : 0;
        fds[i] = path ? open((const char *)spec + path, O_RDONLY | O_CLOEXEC) : -1;
        if (path && fds[i] < 0)
            middle_fail(spec->report_fd, MR_STAGE_SETNS);
    }
    for (int i = 0; i < MR_NS_COUNT; i++) {
        if (fds[i] >= 0 && setns(fds[i], order[i] == MR_NS_PID ? CLONE_NEWPID : order[i] == MR_NS_USER ? CLONE_NEWUSER : 0) != 0)
            middle_fail(spec->report_fd, MR_STAGE_SETNS);
        if (fds[i] >= 0 && order[i] == MR_NS_USER && mr_become_userns_root() != 0)
            middle_fail(spec->report_fd, MR_STAGE_USERNS);
    }
    unsigned long flags = spec->is_exec ? 0 : (unsigned long)spec->clone_flags;
    pid_t child = raw_clone(flags | CLONE_PARENT | SIGCHLD);
    if (child == 0) {
        close(spec->report_fd);
        mr_child_main(spec);
    }
    if (child < 0)
        middle_fail(spec->report_fd, MR_STAGE_FORK);
    struct middle_report r = {.pid = child};
    ssize_t ignored = write(spec->report_fd, &r, sizeof r);
    (void)ignored;
    _exit(0);
}

/* The exec path (and create's into a pid namespace given by path): a middle process executes the
 * runtime's init from a sealed copy before it joins the namespaces (mr_middle_main), so the child it
 * clones into them is never a copy of the host's binary; the child becomes our own child. */
static pid_t spawn_in_namespaces(struct mr_spec *spec, struct mr_child_error *failed)
{
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0)
        return -1;
    pid_t middle = raw_clone(SIGCHLD);
    if (middle == 0) {
        /* Our ends of the child's channels are close-on-exec: the init's execve closes them. */
        close(report[0]);
        spec->report_fd = report[1];
        if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
            middle_fail(report[1], MR_STAGE_INIT);
        mr_exec_sealed_init(spec);
        middle_fail(report[1], MR_STAGE_INIT);
    }
    close(report[1]);
    if (middle < 0) {
        close(report[0]);
        return -1;
    }
    struct middle_report r = {.pid = -1, .error = {MR_STAGE_FORK, EPIPE}};
    ssize_t n;
    do {
        n = read(report[0], &r, sizeof r);
    } while (n < 0 && errno == EINTR);
    close(report[0]);
    while (waitpid(middle, NULL, 0) < 0 && errno == EINTR) {
    }
    if (r.pid < 0) {
        *failed = r.error;
        errno = r.error.err;
        return -1;
    }
    return r.pid;
}

static int write_map(pid_t pid, const char *file, const char *map)
{
    char path[64] = "/proc/";
    char digits[12];
    int n = 0;
    for (unsigned v = (unsigned)pid; n == 0 || v; v /= 10)
        digits[n++] = (char)('0' + v % 10);
    size_t at = strlen(path);
    while (n)
        path[at++] = digits[--n];
    path[at++] = '/';
    strcpy(path + at, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t len = strlen(map);
    ssize_t w = write(fd, map, len);
    int saved = errno;
    close(fd);
    errno = w == (ssize_t)len ? 0 : (w < 0 ? saved : EIO);
    return w == (ssize_t)len ? 0 : -1;
}

/* A child cloned into a new user namespace waits for its maps (child.c mr_child_begin): written here,
 * by its parent, then one byte on the sync pipe. As root in our namespace setgroups stays allowed. */
static int map_user_namespace(const struct mr_spec *spec, pid_t pid, int sync_fd)
{
    const char *uid_map = spec->uid_map ? (const char *)spec + spec->uid_map : "";
    const char *gid_map = spec->gid_map ? (const char *)spec + spec->gid_map : "";
    if (write_map(pid, "uid_map", uid_map) != 0 || write_map(pid, "gid_map", gid_map) != 0)
        return -1;
    char mapped = 1;
    return write(sync_fd, &mapped, 1) == 1 ? 0 : -1;
}

static void close_pair(int fds[2])
{
    for (int i = 0; i < 2; i++)
        if (fds[i] >= 0)
            close(fds[i]);
}

int mr_spawn(void *blob, size_t len, struct mr_process *out, struct mr_child_error *failed)
{
    struct mr_spec *spec = blob;
    failed->step = MR_STAGE_SPEC;
    failed->err = EINVAL;
    if (mr_spec_validate(blob, len) != 0)
        return -EINVAL;
    failed->step = MR_STAGE_INIT;
    failed->err = EBADF;
    if (spec->init_fd < 0) /* nothing may enter a container as a copy of the host's binary */
        return -EBADF;

    int sync[2] = {-1, -1}, err[2] = {-1, -1}, console[2] = {-1, -1};
    failed->step = MR_STAGE_FORK;
    if (pipe2(sync, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 ||
        (spec->tty && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, console) != 0)) {
        int saved = errno;
        close_pair(sync), close_pair(err), close_pair(console);
        failed->err = saved;
        return -saved;
    }
    spec->sync_fd = sync[0];
    spec->error_fd = err[1];
    spec->console_fd = console[1];

    spec->report_fd = -1;
    const int parent_ends[3] = {sync[1], err[0], console[0]};
    pid_t pid;
    /* No thread of ours is being made or joined while the child is cloned (see mr_task.h). */
    mr_threads_hold();
    if (spec->is_exec || spec->join_ns[MR_NS_PID] || spec->join_ns[MR_NS_USER]) {
        pid = spawn_in_namespaces(spec, failed);
    } else {
        pid = raw_clone(spec->clone_flags | SIGCHLD);
        if (pid == 0)
            mr_child_begin(spec, parent_ends);
    }
    int saved = errno;
    mr_threads_release();
    if (pid > 0 && (spec->clone_flags & CLONE_NEWUSER) && !spec->is_exec && map_user_namespace(spec, pid, sync[1]) != 0) {
        saved = errno;
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
        pid = -1;
        failed->step = MR_STAGE_USERNS;
        failed->err = saved;
    }
    close(sync[0]), close(err[1]);
    if (console[1] >= 0)
        close(console[1]);
    if (pid < 0) {
        close(sync[1]), close(err[0]);
        if (console[0] >= 0)
            close(console[0]);
        if (failed->step == MR_STAGE_FORK)
            failed->err = saved;
        return -saved;
    }
    out->pid = pid;
    out->sync_fd = sync[1];
    out->error_fd = err[0];
    out->console_fd = console[0];
    return 0;
}

static int receive_fd(int sock)
{
    char byte;
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf};
    ssize_t n;
    do {
        n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n <= 0)
        return -1;
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
        return -1;
    int fd;
    memcpy(&fd, CMSG_DATA(cmsg), sizeof fd);
    return fd;
}

int mr_start(struct mr_process *p, struct mr_child_error *error, int *master)
{
    char go = 1;
    ssize_t n;
    *master = -1;
    do {
        n = write(p->sync_fd, &go, 1);
    } while (n < 0 && errno == EINTR);
    int went = n == 1, write_errno = errno;
    close(p->sync_fd);
    p->sync_fd = -1;

    if (went && p->console_fd >= 0)
        *master = receive_fd(p->console_fd);
    if (p->console_fd >= 0) {
        close(p->console_fd);
        p->console_fd = -1;
    }

    /* A child that failed before the sync, setting up its filesystem, reported why here too. */
    struct mr_child_error e;
    size_t got = 0;
    while (got < sizeof e) {
        n = read(p->error_fd, (char *)&e + got, sizeof e - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(p->error_fd);
    p->error_fd = -1;
    if ((got == 0 && went) || (got == sizeof e && e.step == MR_STAGE_READY))
        return 0;
    if (got == sizeof e) {
        *error = e;
    } else {
        /* a torn report, or a child gone before the sync without a word (needs SIGPIPE ignored) */
        error->step = MR_STAGE_SYNC;
        error->err = got != 0 ? EPIPE : write_errno;
    }
    if (*master >= 0) {
        close(*master);
        *master = -1;
    }
    return 1;
}

int mr_wait_mounted(struct mr_process *p, struct mr_child_error *error)
{
    struct mr_child_error e;
    size_t got = 0;
    while (got < sizeof e) {
        ssize_t n = read(p->error_fd, (char *)&e + got, sizeof e - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got == sizeof e && e.step == MR_STAGE_MOUNTED)
        return 0;
    if (got == sizeof e) {
        *error = e;
    } else {
        error->step = MR_STAGE_SYNC;
        error->err = EPIPE;
    }
    return 1;
}

int mr_abandon(struct mr_process *p, struct mr_child_error *error)
{
    if (p->sync_fd >= 0)
        close(p->sync_fd);
    if (p->console_fd >= 0)
        close(p->console_fd);
    p->sync_fd = p->console_fd = -1;
    if (p->error_fd < 0)
        return 0;
    struct mr_child_error e;
    ssize_t n;
    do {
        n = read(p->error_fd, &e, sizeof e);
    } while (n < 0 && errno == EINTR);
    close(p->error_fd);
    p->error_fd = -1;
    if (n != sizeof e)
        return 0;
    *error = e;
    return 1;
}

const char *mr_stage_name(int32_t stage)
{
    switch (stage) {
    case MR_STAGE_SYNC: return "waiting for the parent";
    case MR_STAGE_CGROUPNS: return "unshare cgroup namespace";
    case MR_STAGE_SETNS: return "setns";
    case MR_STAGE_MOUNT_PRIVATE: return "make mounts private";
    case MR_STAGE_HOSTNAME: return "sethostname";
    case MR_STAGE_DOMAINNAME: return "setdomainname";
    case MR_STAGE_TTY: return "open pty";
    case MR_STAGE_STDIO: return "set up stdio";
    case MR_STAGE_SETSID: return "setsid";
    case MR_STAGE_CHDIR: return "chdir to working directory";
    case MR_STAGE_GROUPS: return "setgroups";
    case MR_STAGE_SETGID: return "setgid";
    case MR_STAGE_SETUID: return "setuid";
    case MR_STAGE_CAPS: return "set capabilities";
    case MR_STAGE_NO_NEW_PRIVS: return "no_new_privs";
    case MR_STAGE_SECCOMP: return "load seccomp filter";
    case MR_STAGE_EXEC: return "exec";
    case MR_STAGE_FORK: return "clone";
    case MR_STAGE_SPEC: return "container spec";
    case MR_STAGE_CGROUP: return "join cgroup";
    case MR_STAGE_LOOPBACK: return "bring up loopback";
    case MR_STAGE_INIT: return "exec the runtime's init from a sealed copy";
    case MR_STAGE_READY: return "ready";
    case MR_STAGE_START: return "waiting for start";
    case MR_STAGE_INIT_FORK: return "start the command under the container's init (--init)";
    case MR_STAGE_MOUNTED: return "show the container's tree to createContainer hooks";
    case MR_STAGE_DETACH_OLD_ROOT: return "detach the old root";
    case MR_STAGE_USERNS: return "map the user namespace";
    case MR_STAGE_START_HOOK: return "startContainer hook";
    case MR_STAGE_RLIMIT: return "set a resource limit (--ulimit)";
    default: return NULL;
    }
}
