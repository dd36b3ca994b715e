#ifndef MR_FD_PASSING_H
#define MR_FD_PASSING_H

#include <stddef.h>

/*
 * Sends fd over the connected AF_UNIX socket sock with SCM_RIGHTS, with the len bytes of payload
 * (at least one: a stream socket passes no descriptor without data). Returns 0 or -errno.
 */
int mr_send_fd(int sock, int fd, const void *payload, size_t len);

#endif
