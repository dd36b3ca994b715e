#ifndef MR_TERM_H
#define MR_TERM_H

#include <sys/types.h>
#include <termios.h>

#include "mr_container_log.h"

/* Blocks the signals a foreground container process gets forwarded (INT TERM HUP QUIT USR1 USR2 WINCH
 * CHLD). Call it before any thread starts so that every thread inherits the mask and mr_supervise
 * receives them all through a signalfd. */
int mr_block_signals(void);

/* Puts a terminal into raw mode, saving its settings. Returns 0 or -1. */
int mr_term_make_raw(int fd, struct termios *saved);
int mr_term_restore(int fd, const struct termios *saved);

/* Copies the window size of terminal `from` onto pty `to`. */
int mr_term_copy_winsize(int from, int to);

/*
 * Waits for pid while forwarding signals to it, and relays what the container writes: its pty
 * master (master >= 0) and the pipe of its stdout (out_pipe >= 0) to fd 1, the pipe of its stderr
 * (err_pipe >= 0) to fd 2, each also recorded in log when it is not NULL. With a pty master and
 * in_fd >= 0 it relays in_fd to the pty too and keeps the window size of in_fd's terminal. It
 * closes the master and the pipes. Returns the wait status, or -1 with errno.
 */
int mr_supervise(pid_t pid, int master, int in_fd, int out_pipe, int err_pipe, struct mr_log *log);

/* Waits for pid with no signal handling of its own, so that several can wait at once in one
 * process (a build's parallel RUN steps): the process is killed (SIGKILL) once cancel_fd is
 * readable. Returns the wait status, or -1 with errno. */
int mr_supervise_cancellable(pid_t pid, int cancel_fd);

/* For `build`: a close-on-exec signalfd of SIGINT, SIGTERM and SIGHUP (blocked by
 * mr_block_signals). */
int mr_interrupts_open(void);
/* The number of the next signal read from a signalfd (0 when none could be read). */
int mr_interrupts_read(int fd);

#endif
