/*
 * minirun-monitor: the parent of one detached container.
 *
 *   minirun-monitor [--open-stdin] [--log-rotate MAX_BYTES MAX_FILES] [--health ...] CTL_FD LOG_PATH EXIT_PATH CLEANUP_ARGV...
 *
 * minirun sends the container's spec over CTL_FD; the monitor clones the container, reports its pid,
 * waits for "go" while minirun wires cgroup and network, starts it and reports whether it reached
 * execve. Then minirun exits and the monitor stays: it writes the container's output to LOG_PATH
 * (one line per record: "<RFC3339Nano time> <stdout|stderr> <F|P> <text>", F for a full line, P
 * for part of a longer one; --log-rotate keeps it under MAX_BYTES as mr_container_log.h says),
 * keeps the published host ports minirun handed it open (and with --open-stdin the container's
 * stdin), serves `minirun attach` on a socket next to EXIT_PATH (attach.h), and when the container
 * exits writes "<exit code> <finish time>" to EXIT_PATH and execs CLEANUP_ARGV followed by the
 * container's pid and exit code, which tears the container down. With --health it also runs the
 * container's health checks on schedule (health.h). A C loop keeps its resident memory near
 * conmon's (about 1 MiB).
 *
 *   minirun-monitor --health ... --attached PID
 *
 * runs only the health checks of an attached container, until its first process PID exits.
 *
 *   minirun-init SPEC_FD
 *
 * is the runtime's init instead: every process that enters a container first executes a sealed copy
 * of this program under that name (sealed_init.c), so that the container never reaches a runtime
 * binary on the host through /proc/PID/exe.
 */
#include "CRuntimeShims.h"
#include "attach.h"
#include "health.h"
#include "mr_log_stream.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* What minirun and the monitor say to each other over CTL_FD, after the spec. */
struct ctl_report {
    int32_t value; /* pid after spawn; 0 (started) or 1 (failed) after start; -errno on failure */
    struct mr_child_error error;
};

static int read_full(int fd, void *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, (char *)buf + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    return 0;
}

static void report(int ctl, int32_t value, struct mr_child_error error)
{
    struct ctl_report r = {.value = value, .error = error};
    mr_write_all(ctl, &r, sizeof r);
}

static int exit_code(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return 255;
}

static void write_exit_file(const char *path, int code)
{
    char tmp[4096], text[96], ts[40];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
        return;
    mr_log_timestamp(ts);
    int n = snprintf(text, sizeof text, "%d %s\n", code, ts);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    int written = mr_write_all(fd, text, (size_t)n) == 0 && fsync(fd) == 0;
    close(fd);
    if (written)
        rename(tmp, path);
    else
        unlink(tmp); /* a full disk: an empty file would read as a lost status */
}

/* Relays output until the container has exited and every writer of its output is gone; runs the
 * health checks while it lives. */
static int supervise(pid_t pid, struct mr_log_stream *streams, int nstreams, struct mr_log *log, struct health *health,
                     struct attach *attach)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    int sfd = signalfd(-1, &set, SFD_CLOEXEC);
    int status = -1, exited = 0, open_streams = nstreams;
    while (!exited || open_streams > 0) {
        if (!exited && waitpid(pid, &status, WNOHANG) == pid) {
            exited = 1;
            health_end(health);
            continue;
        }
        struct pollfd fds[3 + 1 + ATTACH_MAX_CLIENTS];
        int n = 0;
        fds[n++] = (struct pollfd){.fd = sfd, .events = POLLIN};
        for (int i = 0; i < nstreams; i++)
            fds[n++] = (struct pollfd){.fd = streams[i].fd, .events = POLLIN};
        int attach_at = n;
        n += attach_poll_fds(attach, fds + n);
        /* Once the container is gone, a stream that stays quiet is held by nobody we wait for. */
        if (poll(fds, (nfds_t)n, exited ? 1000 : health_wait(health)) == 0 && exited)
            break;
        if (fds[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            ssize_t ignored = read(sfd, &si, sizeof si);
            (void)ignored;
        }
        if (!exited)
            health_tick(health);
        attach_handle(attach, fds + attach_at);
        for (int i = 0; i < nstreams; i++) {
            if (streams[i].fd >= 0 && (fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR)) && !mr_log_pump(&streams[i], log)) {
                close(streams[i].fd);
                streams[i].fd = -1;
                open_streams--;
            }
        }
    }
    close(sfd);
    return exit_code(status);
}

/* The child has its copies of what minirun passed for it: detached mounts, cgroup directories and
 * its network namespace. Held here, the namespace would outlive the container. */
static void close_inherited_fds(const struct mr_spec *spec)
{
    const struct mr_step *steps = (const struct mr_step *)((const char *)spec + spec->steps);
    for (uint32_t i = 0; i < spec->nsteps; i++)
        if (steps[i].kind == MR_STEP_ATTACH)
            close(steps[i].fd);
    const struct mr_cgroup_join *joins = (const struct mr_cgroup_join *)((const char *)spec + spec->cgroup_joins);
    for (uint32_t i = 0; i < spec->ncgroup_joins; i++)
        close(joins[i].dirfd);
    if (spec->netns_fd >= 0)
        close(spec->netns_fd);
    close(spec->init_fd);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[0], MR_INIT_ARGV0) == 0)
        mr_init_main(argv[1]);
    int open_stdin = 0;
    if (argc > 1 && strcmp(argv[1], "--open-stdin") == 0) {
        open_stdin = 1;
        argc--;
        argv++;
    }
    long long log_max_size = 0;
    int log_max_files = 1;
    if (argc > 3 && strcmp(argv[1], "--log-rotate") == 0) {
        log_max_size = atoll(argv[2]);
        log_max_files = atoi(argv[3]);
        argc -= 3;
        argv += 3;
    }
    struct health health;
    int used = health_parse(&health, argc - 1, argv + 1);
    if (used > 0 && argc == used + 3 && strcmp(argv[used + 1], "--attached") == 0)
        return health_watch(&health, (pid_t)atoi(argv[used + 2]));
    if (used < 0 || argc - used < 5) {
        fprintf(stderr, "usage: minirun-monitor [--open-stdin] [--log-rotate MAX_BYTES MAX_FILES] "
                        "[--health INTERVAL_MS START_PERIOD_MS START_INTERVAL_MS N CHECK_ARGV...] "
                        "CTL_FD LOG_PATH EXIT_PATH CLEANUP_ARGV...\n");
        return 2;
    }
    argc -= used;
    argv += used;
    int ctl = atoi(argv[1]);
    fcntl(ctl, F_SETFD, FD_CLOEXEC);
    const char *log_path = argv[2], *exit_path = argv[3];
    /* EXIT_PATH's directory, the container's, holds the attach socket (attach.h). */
    char container_directory[4096];
    snprintf(container_directory, sizeof container_directory, "%s", exit_path);
    char *slash = strrchr(container_directory, '/');
    if (slash)
        *slash = 0;
    char **cleanup = argv + 4;

    signal(SIGPIPE, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);

    /* The container's child executes a sealed copy of this program (sealed_init.c), made now while
     * minirun still prepares the container. */
    int init_fd = mr_init_seal("/proc/self/exe");

    uint64_t len;
    struct mr_child_error none = {0, 0};
    if (read_full(ctl, &len, sizeof len) != 0 || len > (64u << 20))
        return 1;
    void *blob = malloc(len);
    if (!blob || read_full(ctl, blob, len) != 0)
        return 1;
    struct mr_spec *spec = blob;

    struct mr_log log;
    int log_failed = mr_log_open(&log, log_path, log_max_size, log_max_files);
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    int out[2] = {-1, -1}, err[2] = {-1, -1};
    /* -i without -t: a stdin that stays open while the container runs, as Docker's (its write end
     * held here), not /dev/null, where a shell would read its end at once and exit. */
    int in[2] = {-1, -1};
    if (log_failed || devnull < 0 || (!spec->tty && (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0)) ||
        (!spec->tty && open_stdin && pipe2(in, O_CLOEXEC) != 0)) {
        report(ctl, -errno, none);
        return 1;
    }
    if (!spec->tty) {
        spec->stdio[0] = in[0] >= 0 ? in[0] : devnull;
        spec->stdio[1] = out[1];
        spec->stdio[2] = err[1];
    }

    if (init_fd < 0) {
        report(ctl, init_fd, (struct mr_child_error){MR_STAGE_INIT, -init_fd});
        return 1;
    }
    spec->init_fd = init_fd;
    struct mr_process proc;
    struct mr_child_error failed;
    int rc = mr_spawn(blob, (size_t)len, &proc, &failed);
    if (rc != 0) {
        report(ctl, rc, failed);
        return 1;
    }
    report(ctl, proc.pid, none);
    close_inherited_fds(spec);

    /* Made while minirun wires the container (off the path `run -d` waits on), and before it
     * returns. Without it the container runs on, only `attach` cannot reach it (monitor.log says why). */
    struct attach attach;
    if (attach_open(&attach, container_directory, in[1]) != 0)
        perror("minirun-monitor: the attach socket");

    char go = 0;
    if (read_full(ctl, &go, 1) != 0 || go != 1) {
        struct mr_child_error error = none;
        int reported = mr_abandon(&proc, &error);
        report(ctl, reported ? 1 : -1, error); /* what the child said, if it failed on its own */
        waitpid(proc.pid, NULL, 0);
        attach_close(&attach);
        return 1;
    }
    int master = -1;
    struct mr_child_error error = none;
    rc = mr_start(&proc, &error, &master);
    report(ctl, rc, error);
    if (rc != 0) {
        waitpid(proc.pid, NULL, 0);
        attach_close(&attach);
        return 1;
    }
    if (master >= 0)
        attach_set_terminal(&attach, master);
    close(ctl);
    free(blob);

    struct mr_log_stream streams[2];
    int nstreams = 0;
    if (master >= 0) {
        streams[nstreams++] = (struct mr_log_stream){.fd = master, .copy_fd = -1, .name = "stdout", .tap = attach_output, .tap_context = &attach};
    } else {
        close(out[1]);
        close(err[1]);
        if (in[0] >= 0)
            close(in[0]);
        streams[nstreams++] = (struct mr_log_stream){.fd = out[0], .copy_fd = -1, .name = "stdout", .tap = attach_output, .tap_context = &attach};
        streams[nstreams++] = (struct mr_log_stream){.fd = err[0], .copy_fd = -1, .name = "stderr", .tap = attach_output, .tap_context = &attach};
    }
    close(devnull);

    health_begin(&health);
    int code = supervise(proc.pid, streams, nstreams, &log, &health, &attach);
    attach_close(&attach);
    write_exit_file(exit_path, code);

    /* The exit code goes to the cleanup on its command line too: on a full disk EXIT_PATH may be missing. */
    char pid_text[16], code_text[16];
    snprintf(pid_text, sizeof pid_text, "%d", (int)proc.pid);
    snprintf(code_text, sizeof code_text, "%d", code);
    char **args = calloc((size_t)argc + 1, sizeof *args);
    if (!args)
        return 1;
    for (int i = 0; cleanup[i]; i++)
        args[i] = cleanup[i];
    args[argc - 4] = pid_text;
    args[argc - 3] = code_text;
    /* The cleanup must not inherit the published ports: a restart binds them again. */
    syscall(SYS_close_range, 3U, ~0U, 0U);
    execv(args[0], args);
    return 1;
}
