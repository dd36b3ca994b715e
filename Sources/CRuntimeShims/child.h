#ifndef MR_CHILD_H
#define MR_CHILD_H

#include <sys/types.h>
#include "mr_spec.h"

/* A new container's child, right after the clone; never returns. parent_ends are the parent's ends
 * of the sync, error and console channels (or -1), which the child's copy of the fd table also holds:
 * it closes them first, or it would never see the parent give up. Then it makes itself not dumpable
 * and executes the runtime's init from a sealed copy (sealed_init.c), which goes on in
 * mr_child_main. */
__attribute__((noreturn)) void mr_child_begin(struct mr_spec *spec, const int parent_ends[3]);

/* The child's path in the runtime's init, up to the container's command's execve; never returns. */
__attribute__((noreturn)) void mr_child_main(struct mr_spec *spec);

/* exec's middle process in the runtime's init (spawn.c): joins the container's namespaces, clones the
 * child into them as a child of exec's parent (CLONE_PARENT) and reports its pid; never returns. */
__attribute__((noreturn)) void mr_middle_main(struct mr_spec *spec);

/* setresgid and setresuid to 0 in the user namespace we were cloned into or joined (its maps written),
 * keeping us not dumpable and our parent death signal. Returns 0 or -1 with errno. */
int mr_become_userns_root(void);

#endif
