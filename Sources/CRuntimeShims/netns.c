/*
 * rtnetlink sockets for Netns, in the current or another network namespace.
 *
 * A thread of minirun that enters a container's network namespace here (or makes the one a
 * container will get, mr_netns_make) needs no sealed copy of the runtime (sealed_init.c, the
 * CVE-2019-5736 defence for processes that enter a container): it joins no other namespace, so it
 * stays in the host's pid namespace, where no process of the container can see it - the container's
 * /proc lists only its own pid namespace - and its /proc/PID/exe is out of the container's reach.
 */
#include "mr_netns.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Options are best effort: older kernels lack them and the session works without. */
static void set_ack_options(int fd)
{
    int one = 1;
    (void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
    (void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
}

int mr_netlink_open(void)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return -errno;
    set_ack_options(fd);
    return fd;
}

int mr_netlink_open_in_netns_fd(int ns_fd)
{
    /* thread-self, not self: the namespace of this thread is the one to come back to. */
    int home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (home < 0)
        return -errno;
    if (setns(ns_fd, CLONE_NEWNET) != 0) {
        int err = errno;
        close(home);
        return -err;
    }
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    int err = errno;
    if (setns(home, CLONE_NEWNET) != 0) {
        /* This thread now lives in the container's namespace; any later socket it opens would too. */
        fprintf(stderr, "minirun: cannot return to the original network namespace: %s\n", strerror(errno));
        abort();
    }
    close(home);
    if (fd < 0)
        return -err;
    set_ack_options(fd);
    return fd;
}

int mr_netlink_open_in_netns(const char *ns_path)
{
    int ns_fd = open(ns_path, O_RDONLY | O_CLOEXEC);
    if (ns_fd < 0)
        return -errno;
    int fd = mr_netlink_open_in_netns_fd(ns_fd);
    close(ns_fd);
    return fd;
}

int mr_netlink_send(int fd, const void *buf, size_t len)
{
    struct sockaddr_nl kernel;
    memset(&kernel, 0, sizeof kernel);
    kernel.nl_family = AF_NETLINK;
    for (;;) {
        ssize_t n = sendto(fd, buf, len, 0, (const struct sockaddr *)&kernel, sizeof kernel);
        if (n >= 0)
            return (size_t)n == len ? 0 : -EMSGSIZE;
        if (errno != EINTR)
            return -errno;
    }
}

ssize_t mr_netlink_next_size(int fd)
{
    char byte;
    for (;;) {
        ssize_t n = recv(fd, &byte, 0, MSG_PEEK | MSG_TRUNC);
        if (n >= 0)
            return n;
        if (errno != EINTR)
            return -errno;
    }
}

ssize_t mr_netlink_recv(int fd, void *buf, size_t cap)
{
    for (;;) {
        ssize_t n = recv(fd, buf, cap, MSG_TRUNC);
        if (n >= 0)
            return n;
        if (errno != EINTR)
            return -errno;
    }
}

int mr_netns_make(const char *unused)
{
    (void)unused;
    if (unshare(CLONE_NEWNET) != 0)
        return -errno;
    int fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    return fd >= 0 ? fd : -errno;
}
