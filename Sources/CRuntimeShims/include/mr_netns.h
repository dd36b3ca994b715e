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
 * A new network namespace, made by a thread of its own so that the caller goes on meanwhile: the
 * kernel takes about half a millisecond to make one (its loopback device, its sysctl tables), which
 * a container's clone then no longer waits for. unshare(CLONE_NEWNET) moves only the calling thread,
 * so the new thread makes the namespace, opens it and ends. mr_netns_make_begin returns NULL when no
 * thread can be started; mr_netns_make_end waits for the thread and returns an fd of the namespace
 * (close-on-exec) or -errno.
 */
struct mr_netns_maker;
struct mr_netns_maker *mr_netns_make_begin(void);
int mr_netns_make_end(struct mr_netns_maker *maker);

/* Sends one datagram to the kernel (port 0). Returns 0 or -errno (EINTR is retried). */
int mr_netlink_send(int fd, const void *buf, size_t len);

/*
 * Returns the size of the next datagram without consuming it (blocks until there is one), or -errno.
 */
ssize_t mr_netlink_next_size(int fd);

/* Receives one datagram into buf. Returns its length (more than cap if it was truncated) or -errno. */
ssize_t mr_netlink_recv(int fd, void *buf, size_t cap);

#endif
