#ifndef MR_ATTACH_H
#define MR_ATTACH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/un.h>

/*
 * `minirun attach`'s end of a detached container's attach socket (the monitor's side is
 * Sources/minirun-monitor/attach.h, which describes the stream).
 */

/* The address of "attach" in the directory open as directory_fd, through /proc/self/fd: the
 * directory's own path may exceed sun_path's 108 bytes. The monitor binds it, attach connects. */
void mr_attach_address(struct sockaddr_un *address, int directory_fd);

/* Connects to "attach" in the container's directory; the socket, or -errno. */
int mr_attach_connect(const char *directory);

/* Gives the container's pty the window size of `terminal`: 0, or -errno. */
int mr_attach_resize(const char *directory, int terminal);

/* The longest detach sequence the relay takes. */
#define MR_ATTACH_MAX_KEYS 64

/* A relay's state, kept across calls: the socket, the input (-1: none), the detach sequence and
 * how much of it was typed, and the frame being read. */
struct mr_attach_state {
    int sock, in_fd;
    const uint8_t *keys;
    size_t nkeys, matched;
    uint8_t header[8];
    size_t have_header, remaining;
};

#define MR_ATTACH_ENDED 0
#define MR_ATTACH_DETACHED 1000

/* A close-on-exec, non-blocking signalfd of the signals attach passes on: INT TERM HUP QUIT USR1 USR2
 * WINCH, which must be blocked (mr_block_signals does). mr_interrupts_read reads the next one. */
int mr_attach_signals(void);

/*
 * Relays the container's output to fd 1 (stdout) and 2 (stderr) and in_fd to the container,
 * until the output ends (MR_ATTACH_ENDED: the container is gone), the detach sequence is typed
 * (MR_ATTACH_DETACHED; what came before it is sent, the sequence is not), or one of the signals
 * INT TERM HUP QUIT USR1 USR2 WINCH arrives (its number: the caller proxies it, or resizes, and
 * calls again; they must be blocked, as mr_block_signals does). At the end of in_fd the container's input is
 * closed on our side and the output goes on. -1 with errno when fd 1 or 2 or the socket fails.
 */
int mr_attach_relay(struct mr_attach_state *state);

#endif
