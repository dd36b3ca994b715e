/* Foreground containers: signal forwarding and the pty relay. */
#include "mr_term.h"
#include "mr_write_all.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void forwarded_signals(sigset_t *set)
{
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCHLD};
    sigemptyset(set);
    for (size_t i = 0; i < sizeof signals / sizeof *signals; i++)
        sigaddset(set, signals[i]);
}

int mr_block_signals(void)
{
    sigset_t set;
    forwarded_signals(&set);
    return sigprocmask(SIG_BLOCK, &set, NULL);
}

int mr_term_make_raw(int fd, struct termios *saved)
{
    if (tcgetattr(fd, saved) != 0)
        return -1;
    struct termios raw = *saved;
    cfmakeraw(&raw);
    raw.c_oflag = saved->c_oflag; /* keep output processing: the container's pty does its own */
    return tcsetattr(fd, TCSADRAIN, &raw);
}

int mr_term_restore(int fd, const struct termios *saved)
{
    return tcsetattr(fd, TCSADRAIN, saved);
}

int mr_term_copy_winsize(int from, int to)
{
    struct winsize ws;
    if (ioctl(from, TIOCGWINSZ, &ws) != 0)
        return -1;
    return ioctl(to, TIOCSWINSZ, &ws);
}

/* Copies what is readable; returns 0 on EOF or error (the pty's other side is gone). */
static int pump(int from, int to)
{
    char buf[16384];
    ssize_t n;
    do {
        n = read(from, buf, sizeof buf);
    } while (n < 0 && errno == EINTR);
    if (n <= 0)
        return 0;
    mr_write_all(to, buf, (size_t)n);
    return 1;
}

/* After the process exited, output may still sit in the pty: read until the pty reports hangup. */
static void drain(int master, int out_fd)
{
    struct pollfd p = {.fd = master, .events = POLLIN};
    while (poll(&p, 1, 1000) > 0 && (p.revents & POLLIN) && pump(master, out_fd)) {
    }
}

int mr_supervise(pid_t pid, int master, int in_fd, int out_fd)
{
    sigset_t set;
    forwarded_signals(&set);
    int sfd = signalfd(-1, &set, SFD_CLOEXEC);
    if (sfd < 0)
        return -1;
    if (master >= 0 && in_fd >= 0)
        mr_term_copy_winsize(in_fd, master);

    int status = -1;
    int master_open = master >= 0, in_open = master >= 0 && in_fd >= 0;
    for (;;) {
        /* The child may have exited before the signalfd existed: check first, then wait. */
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR) {
            close(sfd);
            return -1;
        }
        struct pollfd fds[3] = {{.fd = sfd, .events = POLLIN},
                                {.fd = master_open ? master : -1, .events = POLLIN},
                                {.fd = in_open ? in_fd : -1, .events = POLLIN}};
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            close(sfd);
            return -1;
        }
        if (fds[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) == sizeof si) {
                if (si.ssi_signo == SIGWINCH) {
                    if (master_open && in_fd >= 0)
                        mr_term_copy_winsize(in_fd, master);
                } else if (si.ssi_signo != SIGCHLD) {
                    kill(pid, (int)si.ssi_signo);
                }
            }
        }
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR))
            master_open = pump(master, out_fd);
        if (fds[2].revents & (POLLIN | POLLHUP | POLLERR))
            in_open = pump(in_fd, master);
    }
    if (master_open)
        drain(master, out_fd);
    close(sfd);
    return status;
}

int mr_supervise_cancellable(pid_t pid, int cancel_fd)
{
    /* A pidfd says the child ended; without one (a kernel before 5.3) the child is asked every 50 ms. */
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    int status = -1;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR) {
            status = -1;
            break;
        }
        struct pollfd fds[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = cancel_fd, .events = POLLIN}};
        if (poll(fds, 2, pidfd >= 0 ? -1 : 50) < 0 && errno != EINTR) {
            status = -1;
            break;
        }
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            kill(pid, SIGKILL);
            cancel_fd = -1; /* poll leaves it out from now on */
        }
    }
    if (pidfd >= 0)
        close(pidfd);
    return status;
}

int mr_interrupts_open(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    return signalfd(-1, &set, SFD_CLOEXEC);
}

int mr_interrupts_read(int fd)
{
    struct signalfd_siginfo si;
    return read(fd, &si, sizeof si) == sizeof si ? (int)si.ssi_signo : 0;
}
