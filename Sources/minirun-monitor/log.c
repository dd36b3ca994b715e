#include "log.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

int log_open(struct log *log, const char *path, long long max_size, int max_files)
{
    *log = (struct log){.fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640), .path = path,
                        .max_size = max_size, .max_files = max_files < 1 ? 1 : max_files};
    struct stat st;
    if (log->fd >= 0 && fstat(log->fd, &st) == 0)
        log->size = st.st_size;
    return log->fd < 0 ? -1 : 0;
}

void log_timestamp(char out[40])
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, 40 - n, ".%09ldZ", ts.tv_nsec);
}

/* LOG_PATH.N for N > 0, LOG_PATH for 0. */
static void numbered(char *out, size_t size, const char *path, int n)
{
    if (n == 0)
        snprintf(out, size, "%s", path);
    else
        snprintf(out, size, "%s.%d", path, n);
}

/* Readers (`logs -f`) notice a renamed file by its inode and an emptied one by its size. */
static void rotate(struct log *log)
{
    if (log->max_files == 1) {
        if (ftruncate(log->fd, 0) == 0)
            log->size = 0;
        return;
    }
    char from[4096], to[4096];
    for (int n = log->max_files - 1; n > 0; n--) {
        numbered(from, sizeof from, log->path, n - 1);
        numbered(to, sizeof to, log->path, n);
        rename(from, to); /* one not there yet is fine */
    }
    int fd = open(log->path, O_WRONLY | O_CREAT | O_APPEND | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0)
        return; /* the renamed file takes the records then, past its limit, rather than none */
    close(log->fd);
    log->fd = fd;
    log->size = 0;
}

void log_record(struct log *log, const char *stream, const char *text, size_t len, int full)
{
    char head[64];
    char ts[40];
    log_timestamp(ts);
    int n = snprintf(head, sizeof head, "%s %s %c ", ts, stream, full ? 'F' : 'P');
    long long bytes = (long long)n + (long long)len + 1;
    if (log->max_size > 0 && log->size > 0 && log->size + bytes > log->max_size)
        rotate(log);
    struct iovec iov[3] = {{head, (size_t)n}, {(void *)text, len}, {"\n", 1}};
    ssize_t written = writev(log->fd, iov, 3);
    if (written > 0)
        log->size += written;
}
