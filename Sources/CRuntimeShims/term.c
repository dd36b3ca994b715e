/* Foreground containers: signal forwarding and the relay of their output (and a pty's input). */
#include "mr_term.h"
#include "mr_log_stream.h"

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

static void close_streams(struct mr_log_stream *streams, int n)
{
    for (int i = 0; i < n; i++)
        if (streams[i].fd >= 0)
            close(streams[i].fd);
}

/* Output still unread when the container exits is read on until every stream ends (a pty reports
 * hangup) or none says anything for a second (a process outside the container's PID namespace may
 * hold a pipe). */
int mr_supervise(pid_t pid, int master, int in_fd, int out_pipe, int err_pipe, struct mr_log *log)
{
    struct mr_log_stream streams[3];
    int nstreams = 0;
    if (master >= 0)
        streams[nstreams++] = (struct mr_log_stream){.fd = master, .copy_fd = 1, .name = "stdout"};
    if (out_pipe >= 0)
        streams[nstreams++] = (struct mr_log_stream){.fd = out_pipe, .copy_fd = 1, .name = "stdout"};
    if (err_pipe >= 0)
        streams[nstreams++] = (struct mr_log_stream){.fd = err_pipe, .copy_fd = 2, .name = "stderr"};

    sigset_t set;
    forwarded_signals(&set);
    int sfd = signalfd(-1, &set, SFD_CLOEXEC);
    if (sfd < 0) {
        close_streams(streams, nstreams);
        return -1;
    }
    if (master >= 0 && in_fd >= 0)
        mr_term_copy_winsize(in_fd, master);

    struct mr_log_stream input = {.fd = master >= 0 ? in_fd : -1, .copy_fd = master, .name = "stdin"};
    int status = -1, exited = 0, open_streams = nstreams;
    while (!exited || open_streams > 0) {
        if (!exited) {
            /* The child may have exited before the signalfd existed: check first, then wait. */
            pid_t r = waitpid(pid, &status, WNOHANG);
            if (r == pid) {
                exited = 1;
                continue;
            }
            if (r < 0 && errno != EINTR) {
                status = -1;
                break;
            }
        }
        struct pollfd fds[2 + sizeof streams / sizeof *streams];
        fds[0] = (struct pollfd){.fd = exited ? -1 : sfd, .events = POLLIN};
        fds[1] = (struct pollfd){.fd = exited ? -1 : input.fd, .events = POLLIN};
        for (int i = 0; i < nstreams; i++)
            fds[2 + i] = (struct pollfd){.fd = streams[i].fd, .events = POLLIN};
        int ready = poll(fds, (nfds_t)(2 + nstreams), exited ? 1000 : -1);
        if (ready == 0 || (ready < 0 && errno != EINTR))
            break; /* exited, and the rest is quiet; or poll failed */
        if (ready < 0)
            continue;
        if (fds[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) == sizeof si) {
                if (si.ssi_signo == SIGWINCH) {
                    if (master >= 0 && in_fd >= 0)
                        mr_term_copy_winsize(in_fd, master);
                } else if (si.ssi_signo != SIGCHLD) {
                    kill(pid, (int)si.ssi_signo);
                }
            }
        }
        if ((fds[1].revents & (POLLIN | POLLHUP | POLLERR)) && !mr_log_pump(&input, NULL))
            input.fd = -1;
        for (int i = 0; i < nstreams; i++) {
            if (streams[i].fd >= 0 && (fds[2 + i].revents & (POLLIN | POLLHUP | POLLERR)) && !mr_log_pump(&streams[i], log)) {
                close(streams[i].fd);
                streams[i].fd = -1;
                open_streams--;
            }
        }
    }
    close_streams(streams, nstreams);
    close(sfd);
    return exited ? status : -1;
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
