#include "mr_write_all.h"

#include <errno.h>
#include <unistd.h>

int mr_write_all(int fd, const void *buf, size_t len)
{
    const char *at = buf;
    while (len > 0) {
        ssize_t n = write(fd, at, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
        at += n;
        len -= (size_t)n;
    }
    return 0;
}
