#ifndef MR_COLLECT_H
#define MR_COLLECT_H

#include <stddef.h>
#include <sys/types.h>

/* For health checks: reads what the child pid writes to fd (the read end of the pipe that is its
 * stdout and stderr) until it exits, keeping the first cap bytes in buf (their count in *len) and
 * reading past the rest, for at most timeout_ms. Returns its wait status, or -ETIMEDOUT when time
 * ran out (the child is then killed with SIGKILL and reaped), or -errno on failure. What is still
 * in the pipe when the child has exited is read without waiting for writers it left behind. */
int mr_collect_output(pid_t pid, int fd, char *buf, size_t cap, size_t *len, int timeout_ms);

#endif
