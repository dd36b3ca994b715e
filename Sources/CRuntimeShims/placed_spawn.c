#include "placed_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

extern char **environ;

#define MR_MAX_PLACED 40

int mr_placed_spawn(pid_t *pid, const char *path, char *const argv[], const int *fds, int nfds, int new_session)
{
    if (nfds > MR_MAX_PLACED)
        return -EINVAL;
    /* Move the fds out of the way first, so placing them at 0, 1, ... clobbers none of them. */
    int high[MR_MAX_PLACED];
    int moved = 0, rc = 0;
    for (; moved < nfds && !rc; moved++) {
        high[moved] = fds[moved] < 0 ? -1 : fcntl(fds[moved], F_DUPFD_CLOEXEC, nfds + 3);
        if (fds[moved] >= 0 && high[moved] < 0)
            rc = -errno;
    }
    if (!rc) {
        posix_spawnattr_t attr;
        posix_spawn_file_actions_t actions;
        sigset_t none, all;
        sigemptyset(&none);
        sigfillset(&all);
        posix_spawnattr_init(&attr);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | (new_session ? POSIX_SPAWN_SETSID : 0));
        posix_spawnattr_setsigmask(&attr, &none);
        posix_spawnattr_setsigdefault(&attr, &all);
        posix_spawn_file_actions_init(&actions);
        for (int i = 0; i < nfds; i++) {
            if (high[i] < 0)
                posix_spawn_file_actions_addopen(&actions, i, "/dev/null", O_RDWR, 0);
            else
                posix_spawn_file_actions_adddup2(&actions, high[i], i);
        }
        posix_spawn_file_actions_addclosefrom_np(&actions, nfds);
        rc = -posix_spawn(pid, path, &actions, &attr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }
    for (int i = 0; i < moved; i++)
        if (high[i] >= 0)
            close(high[i]);
    return rc;
}
