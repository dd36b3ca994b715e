/* `minirun attach`: the client of a monitor's attach socket. */
#include "mr_attach.h"
#include "mr_term.h"
#include "mr_write_all.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

/* A connection to the monitor's socket that has said what it is (attach.h in minirun-monitor):
 * 'a' for an attach, 'r' for a resize. The socket, or -errno. */
void mr_attach_address(struct sockaddr_un *address, int directory_fd)
{
    *address = (struct sockaddr_un){.sun_family = AF_UNIX};
    snprintf(address->sun_path, sizeof address->sun_path, "/proc/self/fd/%d/attach", directory_fd);
}

static int connect_as(const char *directory, const uint8_t *hello, size_t len)
{
    int dir = open(directory, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return -errno;
    struct sockaddr_un address;
    mr_attach_address(&address, dir);
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock >= 0 && (connect(sock, (struct sockaddr *)&address, sizeof address) != 0 || mr_write_all(sock, hello, len) != 0)) {
        int saved = errno;
        close(sock);
        errno = saved;
        sock = -1;
    }
    int result = sock >= 0 ? sock : -errno;
    close(dir);
    return result;
}

int mr_attach_connect(const char *directory)
{
    return connect_as(directory, (const uint8_t *)"a", 1);
}

int mr_attach_resize(const char *directory, int terminal)
{
    struct winsize size;
    if (ioctl(terminal, TIOCGWINSZ, &size) != 0)
        return -errno;
    uint8_t message[5] = {'r', (uint8_t)(size.ws_row >> 8), (uint8_t)size.ws_row, (uint8_t)(size.ws_col >> 8), (uint8_t)size.ws_col};
    int sock = connect_as(directory, message, sizeof message);
    if (sock < 0)
        return sock;
    close(sock);
    return 0;
}

/* Writes the frames in data to fd 1 and 2; a frame may end in a later read. */
static int deliver(struct mr_attach_state *s, const uint8_t *data, size_t len)
{
    while (len > 0) {
        if (s->remaining == 0) {
            s->header[s->have_header++] = *data++;
            len--;
            if (s->have_header == sizeof s->header) {
                s->have_header = 0;
                s->remaining = (size_t)s->header[4] << 24 | (size_t)s->header[5] << 16 | (size_t)s->header[6] << 8 | s->header[7];
            }
            continue;
        }
        size_t n = len < s->remaining ? len : s->remaining;
        if (mr_write_all(s->header[0] == 2 ? 2 : 1, data, n) != 0)
            return -1;
        data += n;
        len -= n;
        s->remaining -= n;
    }
    return 0;
}

/* How much of the input is read at a time (the monitor passes on a page at most). */
#define INPUT_CHUNK 4096

/* Sends what was typed but the detach sequence; 1 once the whole sequence was typed. */
static int forward_input(struct mr_attach_state *s, const uint8_t *data, size_t len)
{
    uint8_t out[INPUT_CHUNK + MR_ATTACH_MAX_KEYS]; /* a read, and what was held back of the sequence */
    size_t used = 0;
    for (size_t i = 0; i < len; i++) {
        if (s->nkeys > 0 && data[i] == s->keys[s->matched]) {
            if (++s->matched == s->nkeys) {
                mr_write_all(s->sock, out, used);
                return 1;
            }
            continue;
        }
        /* Not the sequence after all: what was held back of it goes out, and this byte may begin it anew. */
        for (size_t k = 0; k < s->matched; k++)
            out[used++] = s->keys[k];
        s->matched = 0;
        if (s->nkeys > 0 && data[i] == s->keys[0])
            s->matched = 1;
        else
            out[used++] = data[i];
    }
    if (used > 0 && mr_write_all(s->sock, out, used) != 0)
        s->in_fd = -1; /* the monitor takes no more input; the output may go on */
    return 0;
}

int mr_attach_signals(void)
{
    sigset_t set;
    sigemptyset(&set);
    static const int proxied[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};
    for (size_t i = 0; i < sizeof proxied / sizeof *proxied; i++)
        sigaddset(&set, proxied[i]);
    return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

int mr_attach_relay(struct mr_attach_state *s)
{
    int sfd = mr_attach_signals();
    if (sfd < 0)
        return -1;
    int result = -1;
    for (;;) {
        struct pollfd fds[3] = {{.fd = s->sock, .events = POLLIN}, {.fd = s->in_fd, .events = POLLIN}, {.fd = sfd, .events = POLLIN}};
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[2].revents & POLLIN) {
            int signal_number = mr_interrupts_read(sfd);
            if (signal_number > 0) {
                result = signal_number;
                break;
            }
        }
        uint8_t buf[16384];
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = read(s->sock, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
            if (n == 0) {
                result = MR_ATTACH_ENDED;
                break;
            }
            if (n < 0 || deliver(s, buf, (size_t)n) != 0)
                break;
        }
        if (s->in_fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t n = read(s->in_fd, buf, INPUT_CHUNK);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                shutdown(s->sock, SHUT_WR);
                s->in_fd = -1;
            } else if (forward_input(s, buf, (size_t)n)) {
                result = MR_ATTACH_DETACHED;
                break;
            }
        }
    }
    int saved = errno;
    close(sfd);
    errno = saved;
    return result;
}
