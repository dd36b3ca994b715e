#ifndef MINIRUN_MONITOR_ATTACH_H
#define MINIRUN_MONITOR_ATTACH_H

#include <poll.h>
#include <stddef.h>

#include "mr_log_stream.h"

#define ATTACH_MAX_CLIENTS 8

/*
 * `minirun attach`'s side of the monitor: a socket, "attach" in the container's directory, that
 * `attach` connects to while the container runs. A client's first byte says what it is: 'a' for
 * an attach, 'r' for a resize of the container's pty (the rows and the columns follow, big-endian
 * 16-bit numbers; then it is done). An attach client gets the container's output from the moment
 * it connects, framed as Docker's attach stream (an 8-byte header: the stream, 1 for stdout and 2
 * for stderr, three zero bytes and the length as a big-endian 32-bit number; then the bytes), and
 * what it sends after its first byte goes to the container's stdin (its pty, or with -i its pipe;
 * dropped when it has neither, or while the container does not read it). A client that does not
 * keep up (4 MiB behind) is dropped rather than let it stall the container's output; a client that
 * ends its input still gets the output.
 */
struct attach {
    int listener, directory, input, terminal;
    int clients[ATTACH_MAX_CLIENTS];
    int reading[ATTACH_MAX_CLIENTS]; /* the client's input is still open */
    int kind[ATTACH_MAX_CLIENTS];    /* its first byte, 0 before it came */
};

/* Listens on DIRECTORY/attach (replacing what a killed monitor left). input: the container's
 * stdin, or -1. Returns 0, or -1 with errno (a->listener stays -1: the container runs without). */
int attach_open(struct attach *a, const char *directory, int input);

/* A container with a tty: its pty master, which only exists once it has started, takes the input
 * and the resizes. */
void attach_set_terminal(struct attach *a, int master);

/* Adds the listener and the clients to fds; returns how many it added (at most 1 + ATTACH_MAX_CLIENTS). */
int attach_poll_fds(const struct attach *a, struct pollfd *fds);

/* Takes new clients and their input, given the revents of the fds attach_poll_fds added. */
void attach_handle(struct attach *a, const struct pollfd *fds);

/* A tap for mr_log_stream: the output to every client (context: the struct attach). */
void attach_output(void *context, const struct mr_log_stream *stream, const char *data, size_t len);

/* The container has gone: clients see the end of their stream, the socket file is removed. */
void attach_close(struct attach *a);

#endif
