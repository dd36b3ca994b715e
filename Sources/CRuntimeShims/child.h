#ifndef MR_CHILD_H
#define MR_CHILD_H

#include <sys/types.h>
#include "mr_spec.h"

/* The child's path from clone to execve; never returns. */
__attribute__((noreturn)) void mr_child_main(struct mr_spec *spec);

#endif
