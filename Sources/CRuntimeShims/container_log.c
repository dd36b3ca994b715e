#include "mr_log_stream.h"
#include "mr_write_all.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

int mr_log_open(struct mr_log *log, const char *path, long long max_size, int max_files)
{
    *log = (struct mr_log){.fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640), .path = path,
                        .max_size = max_size, .max_files = max_files < 1 ? 1 : max_files};
    struct stat st;
    if (log->fd >= 0 && fstat(log->fd, &st) == 0)
        log->size = st.st_size;
    return log->fd < 0 ? -1 : 0;
}

void mr_log_timestamp(char out[40])
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
static void rotate(struct mr_log *log)
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

void mr_log_record(struct mr_log *log, const char *stream, const char *text, size_t len, int full)
{
    char head[64];
    char ts[40];
    mr_log_timestamp(ts);
    int n = snprintf(head, sizeof head, "%s %s %c ", ts, stream, full ? 'F' : 'P');
    long long bytes = (long long)n + (long long)len + 1;
    if (log->max_size > 0 && log->size > 0 && log->size + bytes > log->max_size)
        rotate(log);
    struct iovec iov[3] = {{head, (size_t)n}, {(void *)text, len}, {"\n", 1}};
    ssize_t written = writev(log->fd, iov, 3);
    if (written > 0)
        log->size += written;
}

int mr_log_pump(struct mr_log_stream *s, struct mr_log *log)
{
    ssize_t n;
    do {
        n = read(s->fd, s->buf + s->used, sizeof s->buf - s->used);
    } while (n < 0 && errno == EINTR);
    int copied = n <= 0 || s->copy_fd < 0 || mr_write_all(s->copy_fd, s->buf + s->used, (size_t)n) == 0;
    if (n > 0 && s->tap)
        s->tap(s->tap_context, s, s->buf + s->used, (size_t)n);
    if (n <= 0 || !log) {
        if (n <= 0 && s->used && log)
            mr_log_record(log, s->name, s->buf, s->used, 0);
        s->used = 0;
        return n > 0 && copied;
    }
    s->used += (size_t)n;
    size_t start = 0;
    for (size_t i = 0; i < s->used; i++) {
        if (s->buf[i] == '\n') { /* a '\r' before it is kept: a pty's lines end in "\r\n" in Docker's logs too */
            mr_log_record(log, s->name, s->buf + start, i - start, 1);
            start = i + 1;
        }
    }
    if (start == 0 && s->used == sizeof s->buf) { /* a line longer than the buffer: log it in parts */
        mr_log_record(log, s->name, s->buf, s->used, 0);
        s->used = 0;
    } else {
        memmove(s->buf, s->buf + start, s->used - start);
        s->used -= start;
    }
    return copied;
}
