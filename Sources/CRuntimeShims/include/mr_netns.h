#ifndef MR_NETNS_H
#define MR_NETNS_H

/* Network-namespace helpers for Netns: rtnetlink sockets, in this or another network namespace. */

#include <stddef.h>
#include <sys/types.h>

/*
 * Opens an AF_NETLINK/NETLINK_ROUTE socket (close-on-exec) in the calling thread's network namespace,
 * with extended acks (the kernel's error text) and capped acks (errors do not echo the request).
 * Returns the fd or -errno.
 */
int mr_netlink_open(void);

/*
 * Opens the same kind of socket inside the network namespace that ns_fd refers to (an open
 * /proc/PID/ns/net or /run/netns/NAME). The socket stays bound to that namespace for its life.
 * setns(CLONE_NEWNET) changes only the calling thread, so this one call enters the namespace, opens
 * the socket and returns the thread to its own namespace before any Swift code runs on it again.
 * If the thread cannot go back, the process aborts: going on in the wrong namespace would be worse.
 * Returns the fd or -errno.
 */
int mr_netlink_open_in_netns_fd(int ns_fd);

/* Like mr_netlink_open_in_netns_fd, given the namespace's path. Returns the fd or -errno. */
int mr_netlink_open_in_netns(const char *ns_path);

/*
 * Makes a new network namespace and returns an fd of it (close-on-exec) or -errno. It moves the
 * calling thread into the namespace for good, so it is meant for a thread of its own (mr_task_begin):
 * the kernel takes about half a millisecond to make one (its loopback device, its sysctl tables),
 * which the caller then need not wait for. The argument is not used.
 */
int mr_netns_make(const char *unused);

/* Sends one datagram to the kernel (port 0). Returns 0 or -errno (EINTR is retried). */
int mr_netlink_send(int fd, const void *buf, size_t len);

/*
 * Returns the size of the next datagram without consuming it (blocks until there is one), or -errno.
 */
ssize_t mr_netlink_next_size(int fd);

/* Receives one datagram into buf. Returns its length (more than cap if it was truncated) or -errno. */
ssize_t mr_netlink_recv(int fd, void *buf, size_t cap);

#endif
