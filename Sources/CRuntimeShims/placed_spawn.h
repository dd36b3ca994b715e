#ifndef MR_PLACED_SPAWN_H
#define MR_PLACED_SPAWN_H

#include <sys/types.h>

/*
 * posix_spawn with a clean slate: default signal handling, an empty signal mask, and exactly the fds
 * given - fds[i] becomes fd i in the program (-1: /dev/null), every other fd is closed there, whatever
 * our own parent let us inherit. With new_session the program leads a session of its own.
 * Returns 0 with *pid set, or -errno.
 */
int mr_placed_spawn(pid_t *pid, const char *path, char *const argv[], const int *fds, int nfds, int new_session);

#endif
