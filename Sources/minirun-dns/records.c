/*
 * The network's names: RECORDS_FILE, which minirun writes to a temporary file and renames over the
 * old one, under the network's lock, whenever a container starts, stops, is renamed, connected or
 * disconnected.
 *
 * A change must be seen by the first query sent after the minirun command that made it returned,
 * without a system call per query. The file's directory is watched with inotify: the kernel queues
 * the event inside rename(2), before minirun's command can return. The responder receives a batch
 * of queries first and looks for an event after, then answers the batch: any query of the batch
 * was sent before that look, so a change that returned before the query was sent is already queued
 * and seen. The look is an epoll_wait with no timeout on an epoll set of the inotify fd alone (a
 * quarter of a microsecond here, half the cost of the read() that finds nothing); the read follows
 * only when there is an event. That the responder's loop was woken by the inotify fd or not says
 * nothing about the batch: a query can be sent after the loop woke and still be in the batch.
 * Without an inotify instance (fs.inotify.max_user_instances used up), a stat() of the file in the
 * same place does the same.
 */
#include "responder.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

struct mr_dns_records records;

static const char *records_path;
static const char *file_name; /* within the watched directory */
static int watch = -1;
static int changes = -1; /* an epoll set of watch alone */
static struct stat last_read; /* identifies what was read, for the stat() fallback */

/* 0 when read (or unreadable for lack of memory: what was there is kept), -1 when gone or empty. */
static int read_records(void)
{
    static char text[1 << 20];
    int fd = open(records_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    ssize_t n = fstat(fd, &st) == 0 ? read(fd, text, sizeof text) : -1;
    close(fd);
    if (n < 0 || mr_dns_records_parse(text, (size_t)n, &records) < 0)
        return 0;
    last_read = st;
    return records.count ? 0 : -1;
}

static int stat_changed(void)
{
    struct stat st;
    if (stat(records_path, &st) < 0)
        return 1;
    return st.st_ino != last_read.st_ino || st.st_size != last_read.st_size
        || st.st_mtim.tv_sec != last_read.st_mtim.tv_sec || st.st_mtim.tv_nsec != last_read.st_mtim.tv_nsec;
}

/* Whether an event since the last call names the file, or the watch itself ended or overflowed. */
static int events_name_the_file(void)
{
    _Alignas(struct inotify_event) char buffer[4096];
    int changed = 0;
    for (;;) {
        ssize_t n = read(watch, buffer, sizeof buffer);
        if (n <= 0)
            return changed; /* EAGAIN: nothing more */
        for (char *p = buffer; p < buffer + n;) {
            const struct inotify_event *event = (const struct inotify_event *)p;
            if ((event->mask & (IN_Q_OVERFLOW | IN_IGNORED)) || (event->len && strcmp(event->name, file_name) == 0))
                changed = 1;
            p += sizeof *event + event->len;
        }
    }
}

int records_open(const char *path)
{
    records_path = path;
    const char *slash = strrchr(path, '/');
    file_name = slash ? slash + 1 : path;
    char directory[PATH_MAX] = ".";
    if (slash) {
        size_t len = slash == path ? 1 : (size_t)(slash - path);
        if (len >= sizeof directory)
            return -1;
        memcpy(directory, path, len);
        directory[len] = 0;
    }
    /* Watched before the first read, so that no change falls between the two. */
    watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    struct epoll_event event = {.events = EPOLLIN};
    if (watch >= 0
        && (inotify_add_watch(watch, directory, IN_ONLYDIR | IN_MOVED_TO | IN_MOVED_FROM | IN_CLOSE_WRITE | IN_DELETE) < 0
            || (changes = epoll_create1(EPOLL_CLOEXEC)) < 0 || epoll_ctl(changes, EPOLL_CTL_ADD, watch, &event) < 0)) {
        close(watch);
        watch = -1;
    }
    if (watch < 0)
        fprintf(stderr, "minirun-dns: no inotify watch on %s (%s): the file is looked at before each batch of queries\n",
                directory, strerror(errno));
    return read_records();
}

int records_watch_fd(void) { return watch; }

static int events_queued(void)
{
    struct epoll_event event;
    return epoll_wait(changes, &event, 1, 0) > 0;
}

int records_sync(void)
{
    int changed = watch >= 0 ? events_queued() && events_name_the_file() : stat_changed();
    return changed ? read_records() : 0;
}
