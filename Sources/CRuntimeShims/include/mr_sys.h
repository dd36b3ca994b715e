#ifndef MR_SYS_H
#define MR_SYS_H

/* System calls and constants Swift's Glibc module does not expose (they need _GNU_SOURCE). */

#include <stddef.h>

/* A detached copy of the mount at path (open_tree with OPEN_TREE_CLONE), recursive when asked, to be
 * attached inside a container with MR_STEP_ATTACH. Returns a close-on-exec fd or -errno. */
int mr_open_tree_clone(const char *path, int recursive);

/* Waits up to timeout_ms (-1: no limit) for the process pid to exit, which need not be our child
 * (a pidfd becomes readable when it does). Returns 0 when it has exited or does not exist, 1 on
 * timeout, -errno on failure. */
int mr_wait_exit(int pid, int timeout_ms);

/* Sets a resource limit of process pid (prlimit); an OCI process's rlimits are set from the runtime
 * while the process waits to be released. Returns 0 or -errno. */
int mr_prlimit(int pid, int resource, unsigned long long soft, unsigned long long hard);

/* Marks every fd from `first` on close-on-exec (close_range): what a caller let an OCI runtime inherit
 * must not stay open in the container's process, which waits for `start` holding its fds. */
void mr_cloexec_from(unsigned int first);

/* Fills buf from the kernel's random pool. Returns 0 or -errno. */
int mr_random_bytes(void *buf, size_t len);

/* A pipe whose ends are close-on-exec from the start (pipe2), so that a container another thread
 * clones meanwhile never holds them. Returns 0 or -errno. */
int mr_pipe_cloexec(int fds[2]);

/* How many CPUs this process may run on (its sched_getaffinity mask), at least 1. */
int mr_available_cpus(void);

#endif
