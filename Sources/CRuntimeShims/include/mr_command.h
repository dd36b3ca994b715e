#ifndef MR_COMMAND_H
#define MR_COMMAND_H

/* Running a short-lived helper program (nft, minirun-unpack) to completion from a multithreaded process. */

#include <stddef.h>
#include <sys/types.h>

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

/*
 * mr_run_collecting_fd in two steps, for a program fed while it runs (a pipe or socket as input_fd):
 * the spawn, which fills *pid and the two memfds (returns 0 or -errno), and the wait, which returns
 * the wait status with the memfds positioned at their start, for the caller to read and close (or
 * -errno, having closed them).
 * The program gets SIGKILL when the thread that spawned it ends (minirun-unpack asks for that), so
 * that thread must outlive it: the one that waits.
 */
int mr_spawn_collecting(const char *path, char *const argv[], int input_fd, pid_t *pid, int *out_fd, int *err_fd);
int mr_wait_collected(pid_t pid, int out_fd, int err_fd);

/*
 * Runs path with argv and our environment, our stdin as its stdin, out_fd as its stdout and a memory
 * file as its stderr, and waits for it: a helper program (minirun-pull) whose output goes where we
 * say and whose error line we take. On success *err_fd holds that close-on-exec memfd positioned at
 * its start, for the caller to read and close. Returns the wait status or -errno.
 */
int mr_run_keeping_errors(const char *path, char *const argv[], int out_fd, int *err_fd);

/*
 * Starts path with argv, in_fd and out_fd as its stdin and stdout (-1: /dev/null) and a memory file
 * as its stderr, without waiting: one stage of a pipeline (`cp`'s packer and extractor). Fills *pid
 * and *err_fd (a close-on-exec memfd for the caller to read, once it waited, and close). Returns 0
 * or -errno. As mr_spawn_collecting's, the program may die with the thread that started it.
 */
int mr_spawn_piped(const char *path, char *const argv[], int in_fd, int out_fd, pid_t *pid, int *err_fd);

#endif
