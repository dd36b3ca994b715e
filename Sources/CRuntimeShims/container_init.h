#ifndef MR_CONTAINER_INIT_H
#define MR_CONTAINER_INIT_H

#include "mr_spec.h"

/*
 * --init: forks the container's command off a minimal init that stays PID 1 (container_init.c).
 * Returns 0 in the command's process, which goes on to its execve, and -1 with errno when the fork
 * fails; never returns in the init.
 */
int mr_fork_init(const struct mr_spec *spec);

#endif
