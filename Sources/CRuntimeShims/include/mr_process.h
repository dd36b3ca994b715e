#ifndef MR_PROCESS_H
#define MR_PROCESS_H

#include <sys/types.h>

/*
 * Starts a program that outlives us: a session of its own, default signal handling, stdin and
 * stdout on /dev/null, stderr on err_fd. keep[i] becomes fd 3+i in the program and every other fd is
 * closed there, whatever our own parent let us inherit. Returns the pid or -errno.
 */
pid_t mr_spawn_detached(const char *path, char *const argv[], const int *keep, int nkeep, int err_fd);

#endif
