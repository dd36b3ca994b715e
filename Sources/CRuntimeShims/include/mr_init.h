#ifndef MR_INIT_H
#define MR_INIT_H

/* argv[0] of the runtime's init: minirun-monitor executed from a sealed copy (sealed_init.c). */
#define MR_INIT_ARGV0 "minirun-init"

/*
 * Makes the runtime's init to execute: a copy of the program at path in a memfd sealed against any
 * change (F_SEAL_SEAL, SHRINK, GROW, WRITE). Returns a read-only, close-on-exec fd of it (the
 * writable one is closed: a memfd open for writing cannot be executed) or -errno. What a spec's
 * init_fd must be; meant to run while the caller prepares the rest (mr_task_begin).
 */
int mr_init_seal(const char *path);

/*
 * The runtime's init: what minirun-monitor does when executed as `minirun-init SPEC_FD` by a process
 * about to enter a container. Makes itself not dumpable again (execve reset that), reads the spec
 * from SPEC_FD and goes on where the process left off: an exec's middle process joins the
 * container's namespaces and clones the child into them, a new container's child sets up its
 * filesystem and waits for its parent. Never returns.
 */
__attribute__((noreturn)) void mr_init_main(const char *spec_fd);

#endif
