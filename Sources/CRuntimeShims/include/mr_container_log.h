#ifndef MR_CONTAINER_LOG_H
#define MR_CONTAINER_LOG_H

#include <stddef.h>

/*
 * A container's log (LOG_PATH), kept by its monitor (detached) or by minirun itself (attached): one
 * record per line, kept under `max_size` bytes as Docker's json-file driver keeps its files
 * (--log-opt max-size, max-file): when a record would take the file past max_size, LOG_PATH.1
 * becomes LOG_PATH.2 and so on up to LOG_PATH.(max_files - 1), the oldest dropped, LOG_PATH becomes
 * LOG_PATH.1 and a new LOG_PATH is begun; with max_files 1 the file is emptied instead. max_size 0:
 * no limit.
 */
struct mr_log {
    int fd;
    const char *path;
    long long size, max_size;
    int max_files;
};

/* Opens the log for appending; -1 with errno set when it cannot be. */
int mr_log_open(struct mr_log *log, const char *path, long long max_size, int max_files);

/* One record: "<RFC3339Nano time> <stream> <F|P> <text>\n" (F: a full line, P: part of one). */
void mr_log_record(struct mr_log *log, const char *stream, const char *text, size_t len, int full);

/* The time as the records have it, "2026-12-05T04:00:00.123456789Z", into out[40]. */
void mr_log_timestamp(char out[40]);

#endif
