#ifndef MR_LOG_STREAM_H
#define MR_LOG_STREAM_H

/* Not in the umbrella header: Swift would import the buffer as a tuple of 16384 elements. */
#include "mr_container_log.h"

#define MR_LOG_LINE_MAX 16384

/* One output stream of a container: what is read from fd is copied as it comes to copy_fd (unless
 * it is -1), handed to tap (unless it is NULL; the monitor's attached clients) and recorded line by
 * line under `name` (a line longer than the buffer in parts). */
struct mr_log_stream {
    int fd, copy_fd;
    const char *name;
    void (*tap)(void *context, const struct mr_log_stream *stream, const char *data, size_t len);
    void *tap_context;
    char buf[MR_LOG_LINE_MAX];
    size_t used;
};

/* Reads what the stream has, copies it and records every complete line in log (when not NULL).
 * Returns 0 at EOF, and when copy_fd no longer takes output (a closed pipe): the caller closes fd
 * then, so that the container's next write fails as it would have on copy_fd itself. */
int mr_log_pump(struct mr_log_stream *stream, struct mr_log *log);

#endif
