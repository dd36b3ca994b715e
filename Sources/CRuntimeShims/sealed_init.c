/*
 * The runtime's init from a sealed copy: the defence against CVE-2019-5736.
 *
 * Until its execve, /proc/PID/exe of a process that minirun (or minirun-monitor) cloned is the
 * binary on the host, and an entry point of `#!/proc/self/exe` makes the kernel start that binary
 * inside the container. A process in the container can open it there and, once nothing executes it
 * any more, reopen it for writing through /proc/self/fd/N: the next `minirun` run on the host is the
 * container's. So every process that is about to enter a container - a new container's child, and
 * exec's middle process, whose own child is the one that enters - is made not dumpable at once and,
 * before it joins or touches anything of the container, executes the runtime's init (minirun-monitor,
 * a small C program that holds the child path) from a copy in a memfd sealed against any change, as
 * runc and crun do. From then on, the exe of every runtime process a container can see is that copy,
 * which nobody can write; the files on the host are never reachable. The copy (0.9 MB for the
 * release build's static monitor) is made per start, nothing is cached between processes; a
 * read-only bind mount of the binary would avoid the copy but needs a mount namespace and two mounts
 * per start, and still leaves the host's file one path resolution away.
 *
 * The copy is made by the parent before the clone, while it prepares the rest (mr_init_seal): a thread
 * of minirun, or minirun-monitor as it starts. The clone only checks the seals and executes it.
 *
 * mr_exec_sealed_init runs in a clone of a multithreaded process: async-signal-safe calls only.
 */
#include "sealed_init.h"
#include "child.h"
#include "mr_init.h"
#include "mr_write_all.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Linux 6.3 asks whether a memfd is to be executed (vm.memfd_noexec); older kernels refuse both. */
#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

static int make_memfd(const char *name, unsigned int flags, unsigned int exec_flag)
{
    int fd = memfd_create(name, flags | exec_flag);
    if (fd < 0 && errno == EINVAL) /* before Linux 6.3 */
        fd = memfd_create(name, flags);
    return fd;
}

/* The whole file, by offset: the parent and other children share the descriptor's position. */
static int copy_file(int from, int to)
{
    struct stat st;
    if (fstat(from, &st) != 0)
        return -1;
    off_t at = 0;
    while (at < st.st_size) {
        ssize_t n = sendfile(to, from, &at, (size_t)(st.st_size - at));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
    }
    return 0;
}

/* "N" for a non-negative int, appended at out (which has room for 11 more bytes). */
static void append_decimal(char *out, int value)
{
    char digits[12];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    while (*out)
        out++;
    while (n > 0)
        *out++ = digits[--n];
    *out = 0;
}

static int keep_across_exec(int fd)
{
    return fd < 0 ? 0 : fcntl(fd, F_SETFD, 0);
}

/* Every fd the spec names survives the init's execve (the child path sets them close-on-exec again
 * before the container's command: finish() in child.c). */
static int keep_spec_fds(const struct mr_spec *spec)
{
    const char *base = (const char *)spec;
    int fds[] = {spec->sync_fd, spec->error_fd, spec->console_fd, spec->netns_fd, spec->report_fd,
                 spec->reply_fd, spec->hook_state_fd, spec->stdio[0], spec->stdio[1], spec->stdio[2]};
    for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
        if (keep_across_exec(fds[i]) != 0)
            return -1;
    const struct mr_step *steps = (const struct mr_step *)(base + spec->steps);
    for (uint32_t i = 0; i < spec->nsteps; i++)
        if (steps[i].kind == MR_STEP_ATTACH && keep_across_exec(steps[i].fd) != 0)
            return -1;
    const struct mr_cgroup_join *joins = (const struct mr_cgroup_join *)(base + spec->cgroup_joins);
    for (uint32_t i = 0; i < spec->ncgroup_joins; i++)
        if (keep_across_exec(joins[i].dirfd) != 0)
            return -1;
    return 0;
}

int mr_init_seal(const char *path)
{
    int binary = open(path, O_RDONLY | O_CLOEXEC);
    if (binary < 0)
        return -errno;
    int copy = make_memfd(MR_INIT_ARGV0, MFD_CLOEXEC | MFD_ALLOW_SEALING, MFD_EXEC);
    int rc = copy < 0 || copy_file(binary, copy) != 0 || fcntl(copy, F_ADD_SEALS, SEALS) != 0 ? -errno : 0;
    close(binary);
    if (rc != 0) {
        if (copy >= 0)
            close(copy);
        return rc;
    }
    /* Executing it needs every writable descriptor of it gone: keep a read-only one. */
    char fd_path[40] = "/proc/self/fd/";
    append_decimal(fd_path, copy);
    int sealed = open(fd_path, O_RDONLY | O_CLOEXEC);
    rc = sealed < 0 ? -errno : sealed;
    close(copy);
    return rc;
}

int mr_exec_sealed_init(struct mr_spec *spec)
{
    int seals = fcntl(spec->init_fd, F_GET_SEALS);
    if (seals < 0 || (seals & SEALS) != SEALS) {
        errno = seals < 0 ? errno : EPERM; /* never the host's file itself */
        return -1;
    }
    int blob = make_memfd("minirun-spec", 0, MFD_NOEXEC_SEAL);
    if (blob < 0 || mr_write_all(blob, spec, spec->size) != 0 || keep_spec_fds(spec) != 0)
        return -1;
    char blob_fd[12] = "";
    append_decimal(blob_fd, blob);
    char *argv[] = {MR_INIT_ARGV0, blob_fd, NULL};
    char *envp[] = {NULL};
    /* A process another thread of the parent forked while the copy was still writable holds that
     * descriptor until its own execve: ETXTBSY lasts that long. */
    for (int tries = 0; tries < 100; tries++) {
        syscall(SYS_execveat, spec->init_fd, "", argv, envp, AT_EMPTY_PATH);
        if (errno != ETXTBSY)
            break;
        struct timespec pause = {0, 1000000};
        nanosleep(&pause, NULL);
    }
    return -1;
}

__attribute__((noreturn)) void mr_init_main(const char *spec_fd)
{
    /* execve made us dumpable again: not until the container's command runs. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    char *end;
    long fd = strtol(spec_fd, &end, 10);
    struct stat st;
    if (*spec_fd == 0 || *end != 0 || fd < 0 || fd > 1 << 20 || fstat((int)fd, &st) != 0 ||
        st.st_size < (off_t)sizeof(struct mr_spec) || st.st_size > (64 << 20))
        _exit(125);
    size_t len = (size_t)st.st_size;
    char *blob = malloc(len);
    if (!blob || pread((int)fd, blob, len, 0) != (ssize_t)len)
        _exit(125);
    close((int)fd);
    struct mr_spec *spec = (struct mr_spec *)blob;
    if (mr_spec_validate(blob, len) != 0) {
        /* Not what our clone wrote. A child tells its parent, lest it take our exit for the command's
         * exec; exec's parent sees its middle process end without a report. */
        struct mr_child_error e = {MR_STAGE_SPEC, EINVAL};
        if (!spec->is_exec) {
            ssize_t ignored = write(spec->error_fd, &e, sizeof e);
            (void)ignored;
        }
        _exit(125);
    }
    if (spec->report_fd >= 0) /* a middle process: exec's, or create's that joins a pid namespace */
        mr_middle_main(spec);
    mr_child_main(spec);
}
