#include "mr_collect.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads once; returns 0 at EOF or on error, 1 when it read something. */
static int take(int fd, char *buf, size_t cap, size_t *len)
{
    char scratch[4096];
    char *into = *len < cap ? buf + *len : scratch;
    size_t room = *len < cap ? cap - *len : sizeof scratch;
    ssize_t n;
    do {
        n = read(fd, into, room);
    } while (n < 0 && errno == EINTR);
    if (n <= 0)
        return 0;
    if (into != scratch)
        *len += (size_t)n;
    return 1;
}

static int reap(pid_t pid)
{
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -errno;
    }
    return status;
}

int mr_collect_output(pid_t pid, int fd, char *buf, size_t cap, size_t *len, int timeout_ms)
{
    *len = 0;
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0)
        return -errno;
    long long deadline = monotonic_ms() + timeout_ms;
    int open = 1;
    for (;;) {
        long long left = deadline - monotonic_ms();
        if (left <= 0) {
            close(pidfd);
            kill(pid, SIGKILL);
            reap(pid);
            return -ETIMEDOUT;
        }
        struct pollfd fds[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = open ? fd : -1, .events = POLLIN}};
        int ready = poll(fds, 2, (int)(left > 60000 ? 60000 : left));
        if (ready < 0 && errno != EINTR) {
            int saved = errno;
            close(pidfd);
            return -saved;
        }
        if (ready <= 0)
            continue;
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR))
            open = take(fd, buf, cap, len);
        if (fds[0].revents & POLLIN)
            break;
    }
    close(pidfd);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    while (open && poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR)))
        open = take(fd, buf, cap, len);
    return reap(pid);
}
