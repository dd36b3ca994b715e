#include "mr_process.h"
#include "placed_spawn.h"

#include <errno.h>

#define MR_MAX_KEEP 32

pid_t mr_spawn_detached(const char *path, char *const argv[], const int *keep, int nkeep, int err_fd)
{
    if (nkeep > MR_MAX_KEEP)
        return -EINVAL;
    int fds[3 + MR_MAX_KEEP] = {-1, -1, err_fd};
    for (int i = 0; i < nkeep; i++)
        fds[3 + i] = keep[i];
    pid_t pid;
    int rc = mr_placed_spawn(&pid, path, argv, fds, 3 + nkeep, 1);
    return rc ? rc : pid;
}
