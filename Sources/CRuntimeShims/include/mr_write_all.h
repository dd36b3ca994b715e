#ifndef MR_WRITE_ALL_H
#define MR_WRITE_ALL_H

#include <stddef.h>

/*
 * write(2) until all of buf[0..len) is written, going on after EINTR. Returns 0, or -1 with errno set
 * (EIO when write wrote nothing). Async-signal-safe: the child path and the monitor use it too.
 */
int mr_write_all(int fd, const void *buf, size_t len);

#endif
