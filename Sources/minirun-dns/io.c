#include "responder.h"

#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int wait_for(int fd, short events, long long deadline)
{
    struct pollfd p = {.fd = fd, .events = events};
    long long left = deadline - now_ms();
    if (left <= 0)
        return -1;
    return poll(&p, 1, (int)left) == 1 && !(p.revents & POLLNVAL) ? 0 : -1;
}

int read_full(int fd, uint8_t *buf, size_t len, long long deadline)
{
    size_t got = 0;
    while (got < len) {
        if (wait_for(fd, POLLIN, deadline) < 0)
            return -1;
        ssize_t n = read(fd, buf + got, len - got);
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    return 0;
}

int write_full(int fd, const uint8_t *buf, size_t len, long long deadline)
{
    size_t sent = 0;
    while (sent < len) {
        if (wait_for(fd, POLLOUT, deadline) < 0)
            return -1;
        ssize_t n = send(fd, buf + sent, len - sent, MSG_NOSIGNAL);
        if (n <= 0)
            return -1;
        sent += (size_t)n;
    }
    return 0;
}
