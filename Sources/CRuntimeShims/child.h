#ifndef MR_CHILD_H
#define MR_CHILD_H

#include <sys/types.h>
#include "mr_spec.h"

/* The child's path from clone to execve; never returns. parent is the pid that should be our parent
 * (for pdeathsig). */
__attribute__((noreturn)) void mr_child_main(struct mr_spec *spec, pid_t parent);

#endif
