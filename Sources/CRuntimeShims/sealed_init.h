#ifndef MR_SEALED_INIT_H
#define MR_SEALED_INIT_H

#include "mr_spec.h"

/*
 * Executes the runtime's init, the sealed copy spec->init_fd (mr_init_seal), handing it the spec and
 * the fds the spec names; refuses (EPERM) an fd that is not sealed. Called right after the clone,
 * before anything of the container is joined or touched, by a process that is already not
 * dumpable. Returns only on failure, with errno set.
 */
int mr_exec_sealed_init(struct mr_spec *spec);

#endif
