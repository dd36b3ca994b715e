#include "build_info.h"

// Package.swift defines MINIRUN_GIT_COMMIT (a C string literal) when scripts/build-release passes the
// commit in the environment; Swift has no defines with values, C has.
#ifndef MINIRUN_GIT_COMMIT
#define MINIRUN_GIT_COMMIT ""
#endif

const char *minirun_git_commit(void) {
    return MINIRUN_GIT_COMMIT;
}
