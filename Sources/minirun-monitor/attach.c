#include "attach.h"
#include "mr_attach.h"
#include "mr_write_all.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

int attach_open(struct attach *a, const char *directory, int input)
{
    *a = (struct attach){.listener = -1, .directory = -1, .input = input, .terminal = -1};
    for (int i = 0; i < ATTACH_MAX_CLIENTS; i++)
        a->clients[i] = -1;
    a->directory = open(directory, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (a->directory < 0)
        return -1;
    struct sockaddr_un address;
    mr_attach_address(&address, a->directory);
    unlinkat(a->directory, "attach", 0);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    /* Only its owner may connect (connecting needs write permission): it reaches the container's stdin. */
    mode_t mask = umask(0177);
    int bound = bind(fd, (struct sockaddr *)&address, sizeof address);
    umask(mask);
    if (bound != 0 || listen(fd, ATTACH_MAX_CLIENTS) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    a->listener = fd;
    return 0;
}

void attach_set_terminal(struct attach *a, int master)
{
    a->input = master;
    a->terminal = master;
}

int attach_poll_fds(const struct attach *a, struct pollfd *fds)
{
    int n = 0;
    fds[n++] = (struct pollfd){.fd = a->listener, .events = POLLIN};
    for (int i = 0; i < ATTACH_MAX_CLIENTS; i++)
        fds[n++] = (struct pollfd){.fd = a->clients[i] >= 0 && a->reading[i] ? a->clients[i] : -1, .events = POLLIN};
    return n;
}

static void drop(struct attach *a, int i)
{
    close(a->clients[i]);
    a->clients[i] = -1;
    a->reading[i] = 0;
    a->kind[i] = 0;
}

static void accept_client(struct attach *a)
{
    int fd = accept4(a->listener, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0)
        return;
    /* Room for a burst of output while the client's terminal catches up (root may exceed wmem_max). */
    int room = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &room, sizeof room);
    for (int i = 0; i < ATTACH_MAX_CLIENTS; i++) {
        if (a->clients[i] < 0) {
            a->clients[i] = fd;
            a->reading[i] = 1;
            a->kind[i] = 0;
            return;
        }
    }
    close(fd); /* all places taken */
}

/* A resize client's five bytes: 'r', the rows and the columns (big-endian 16-bit numbers). */
static void resize(struct attach *a, const uint8_t *message, size_t len)
{
    if (a->terminal < 0 || len < 5)
        return;
    struct winsize size = {.ws_row = (unsigned short)(message[1] << 8 | message[2]),
                           .ws_col = (unsigned short)(message[3] << 8 | message[4])};
    ioctl(a->terminal, TIOCSWINSZ, &size);
}

/* What an attach client typed goes to the container's stdin; its end closes only its input. */
static void read_client(struct attach *a, int i)
{
    uint8_t buf[4096];
    ssize_t n = read(a->clients[i], buf, sizeof buf);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n < 0) {
        drop(a, i);
        return;
    }
    if (n == 0) {
        a->reading[i] = 0;
        return;
    }
    const uint8_t *input = buf;
    if (a->kind[i] == 0) {
        a->kind[i] = buf[0];
        if (buf[0] != 'a') {
            if (buf[0] == 'r')
                resize(a, buf, (size_t)n);
            drop(a, i);
            return;
        }
        input++;
        n--;
    }
    /* Only what the container's stdin has room for: one that is not read must not stall the monitor
     * (a chunk is at most a page, which a pipe or pty that polls writable takes). */
    struct pollfd room = {.fd = a->input, .events = POLLOUT};
    if (n > 0 && a->input >= 0 && poll(&room, 1, 0) == 1 && (room.revents & POLLOUT))
        mr_write_all(a->input, input, (size_t)n);
}

void attach_handle(struct attach *a, const struct pollfd *fds)
{
    if (a->listener >= 0 && (fds[0].revents & POLLIN))
        accept_client(a);
    for (int i = 0; i < ATTACH_MAX_CLIENTS; i++)
        if (a->clients[i] >= 0 && (fds[1 + i].revents & (POLLIN | POLLHUP | POLLERR)))
            read_client(a, i);
}

void attach_output(void *context, const struct mr_log_stream *stream, const char *data, size_t len)
{
    struct attach *a = context;
    uint8_t header[8] = {strcmp(stream->name, "stderr") == 0 ? 2 : 1, 0, 0, 0,
                         (uint8_t)(len >> 24), (uint8_t)(len >> 16), (uint8_t)(len >> 8), (uint8_t)len};
    for (int i = 0; i < ATTACH_MAX_CLIENTS; i++) {
        if (a->clients[i] < 0)
            continue;
        struct iovec iov[2] = {{header, sizeof header}, {(void *)data, len}};
        struct msghdr message = {.msg_iov = iov, .msg_iovlen = 2};
        ssize_t sent = sendmsg(a->clients[i], &message, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent != (ssize_t)(sizeof header + len))
            drop(a, i); /* gone, or not keeping up: a torn frame would garble the rest */
    }
}

void attach_close(struct attach *a)
{
    for (int i = 0; i < ATTACH_MAX_CLIENTS; i++)
        if (a->clients[i] >= 0)
            drop(a, i);
    if (a->listener >= 0) {
        close(a->listener);
        a->listener = -1;
    }
    if (a->directory >= 0) {
        unlinkat(a->directory, "attach", 0);
        close(a->directory);
        a->directory = -1;
    }
}
