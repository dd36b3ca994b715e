#ifndef MR_CHILD_H
#define MR_CHILD_H

#include <sys/types.h>
#include "mr_spec.h"

/* The child's path from clone to execve; never returns. parent_ends are the parent's ends of the
 * sync, error and console channels (or -1), which the child's copy of the fd table also holds: it
 * closes them first, or it would never see the parent give up. */
__attribute__((noreturn)) void mr_child_main(struct mr_spec *spec, const int parent_ends[3]);

#endif
