#include "mr_process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

extern char **environ;

#define MR_MAX_KEEP 32

pid_t mr_spawn_detached(const char *path, char *const argv[], const int *keep, int nkeep, int err_fd)
{
    if (nkeep > MR_MAX_KEEP)
        return -EINVAL;
    /* Move the kept fds out of the way first, so placing them at 3, 4, ... clobbers none of them. */
    int high[MR_MAX_KEEP];
    int placed = 0, rc = 0;
    for (; placed < nkeep; placed++) {
        high[placed] = fcntl(keep[placed], F_DUPFD_CLOEXEC, 3 + nkeep + 3);
        if (high[placed] < 0) {
            rc = errno;
            break;
        }
    }
    int err_high = rc ? -1 : fcntl(err_fd, F_DUPFD_CLOEXEC, 3 + nkeep + 3);
    if (!rc && err_high < 0)
        rc = errno;

    pid_t pid = -1;
    if (!rc) {
        posix_spawnattr_t attr;
        posix_spawn_file_actions_t actions;
        sigset_t none, all;
        sigemptyset(&none);
        sigfillset(&all);
        posix_spawnattr_init(&attr);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
        posix_spawnattr_setsigmask(&attr, &none);
        posix_spawnattr_setsigdefault(&attr, &all);
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, err_high, 2);
        for (int i = 0; i < nkeep; i++)
            posix_spawn_file_actions_adddup2(&actions, high[i], 3 + i);
        posix_spawn_file_actions_addclosefrom_np(&actions, 3 + nkeep);
        rc = posix_spawn(&pid, path, &actions, &attr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }
    for (int i = 0; i < placed; i++)
        close(high[i]);
    if (err_high >= 0)
        close(err_high);
    return rc ? -rc : pid;
}
