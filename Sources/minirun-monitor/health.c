#include "health.h"
#include "CRuntimeShims.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int parse_ms(const char *text, long long *out)
{
    char *end;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno || end == text || *end || value < 0)
        return -1;
    *out = value;
    return 0;
}

int health_parse(struct health *h, int argc, char **argv)
{
    memset(h, 0, sizeof *h);
    if (argc < 1 || strcmp(argv[0], "--health") != 0)
        return 0;
    long long n;
    if (argc < 5 || parse_ms(argv[1], &h->interval) || parse_ms(argv[2], &h->start_period) ||
        parse_ms(argv[3], &h->start_interval) || parse_ms(argv[4], &n) || n < 1 || n > argc - 5)
        return -1;
    /* The check's words are copied so that they end with the NULL execv needs. */
    h->argv = calloc((size_t)n + 1, sizeof *h->argv);
    if (!h->argv)
        return -1;
    memcpy(h->argv, argv + 5, (size_t)n * sizeof *h->argv);
    return 5 + (int)n;
}

static void schedule(struct health *h)
{
    long long now = now_ms();
    int starting = now - h->started < h->start_period && !h->passed;
    h->next = now + (starting ? h->start_interval : h->interval);
}

void health_begin(struct health *h)
{
    h->started = now_ms();
    schedule(h);
}

int health_wait(const struct health *h)
{
    if (!h->argv || h->running)
        return -1;
    long long left = h->next - now_ms();
    return left <= 0 ? 0 : left > 3600000 ? 3600000 : (int)left;
}

void health_tick(struct health *h)
{
    if (!h->argv)
        return;
    int status;
    if (h->running && waitpid(h->running, &status, WNOHANG) == h->running) {
        h->running = 0;
        h->passed |= WIFEXITED(status) && WEXITSTATUS(status) == 0;
        schedule(h);
    }
    if (!h->running && now_ms() >= h->next) {
        /* stdin and stdout /dev/null, stderr the monitor's (monitor.log), no other fd: the
         * published ports and the log stay the monitor's. */
        pid_t pid = mr_spawn_detached(h->argv[0], h->argv, NULL, 0, 2);
        if (pid > 0)
            h->running = pid;
        else
            schedule(h); /* try again an interval later */
    }
}

void health_end(struct health *h)
{
    if (h->running) {
        kill(h->running, SIGKILL);
        while (waitpid(h->running, NULL, 0) < 0 && errno == EINTR) {
        }
        h->running = 0;
    }
    free(h->argv);
    h->argv = NULL; /* no more checks */
}

int health_watch(struct health *h, pid_t pid)
{
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    int sfd = signalfd(-1, &chld, SFD_CLOEXEC);
    if (pidfd < 0 || sfd < 0)
        return 1;
    health_begin(h);
    for (;;) {
        struct pollfd fds[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = sfd, .events = POLLIN}};
        int ready = poll(fds, 2, health_wait(h));
        if (ready > 0 && (fds[0].revents & POLLIN))
            break;
        if (ready > 0 && (fds[1].revents & POLLIN)) {
            struct signalfd_siginfo si;
            ssize_t ignored = read(sfd, &si, sizeof si);
            (void)ignored;
        }
        health_tick(h);
    }
    health_end(h);
    return 0;
}
