#ifndef MR_COMMAND_H
#define MR_COMMAND_H

/* Running a short-lived helper program (nft, minirun-unpack) to completion from a multithreaded process. */

#include <stddef.h>

/*
 * Runs path with argv and our environment, with `input` on its stdin and its stdout and stderr
 * written to memory files, and waits for it. The three are memfds rather than pipes, so neither side
 * can block on the other and a program that exits early cannot raise SIGPIPE here. Every fd of ours
 * is closed in the program, so concurrent spawns elsewhere in the process never leak into it.
 * On success *out_fd and *err_fd hold close-on-exec memfds positioned at their start, for the caller
 * to read and close. Returns the wait status (as waitpid gives it) or -errno.
 */
int mr_run_collecting(const char *path, char *const argv[], const void *input, size_t input_len,
                      int *out_fd, int *err_fd);

/* The same with input_fd (read by the program from wherever it stands, never closed here) as its stdin. */
int mr_run_collecting_fd(const char *path, char *const argv[], int input_fd, int *out_fd, int *err_fd);

#endif
