#ifndef MR_SPAWN_H
#define MR_SPAWN_H

#include "mr_spec.h"

/* A cloned container process that waits for mr_start. */
struct mr_process {
    int32_t pid;
    int32_t sync_fd;    /* write end: one byte lets the child go on; closing it makes the child exit */
    int32_t error_fd;   /* read end: EOF means the child reached execve */
    int32_t console_fd; /* our end of the console socket, -1 without a tty */
};

/*
 * Clones the process a spec describes (the spec's fd fields are filled in here) and returns at once;
 * the child waits until mr_start. spec->init_fd must be a sealed copy of the runtime's init
 * (mr_init_seal): the clone executes it before it enters the container (sealed_init.c). For a new container the caller places it in its cgroup and wires
 * its network in between. For an exec (spec->is_exec) a short-lived middle process joins the
 * namespaces and clones the real child as our own child (CLONE_PARENT), so it lives in the
 * container's pid namespace. Returns 0, or -errno with *failed_step set when a step failed before
 * the child could be created.
 */
int mr_spawn(void *blob, size_t len, struct mr_process *out, struct mr_child_error *failed);

/*
 * Lets the child go on and waits until it has exec'd (returns 0) or failed (returns 1, *error says
 * where). With a tty, *master receives the pty master the child opened in its own devpts.
 */
int mr_start(struct mr_process *p, struct mr_child_error *error, int *master);

/* For a spec with report_mounted: waits until the child has set up its filesystem (returns 0; the
 * parent runs createContainer hooks in its mount namespace now) or failed (returns 1, *error says where). */
int mr_wait_mounted(struct mr_process *p, struct mr_child_error *error);

/* Closes our ends without starting the child: it exits. Returns 1 with *error filled when the child
 * had already failed on its own (setting up its filesystem), which says more than what made us give
 * up; 0 otherwise. The caller still reaps it. */
int mr_abandon(struct mr_process *p, struct mr_child_error *error);

/* A short name for a fixed stage (mr_stage), e.g. "pivot_root"; NULL for a step of the list. */
const char *mr_stage_name(int32_t stage);

#endif
