#include "mr_command.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

int mr_run_collecting(const char *path, char *const argv[], const void *input, size_t input_len,
                      int *out_fd, int *err_fd)
{
    int fds[3] = {-1, -1, -1};
    static const char *const names[3] = {"mr-stdin", "mr-stdout", "mr-stderr"};
    int rc = 0;
    for (int i = 0; i < 3 && !rc; i++) {
        fds[i] = memfd_create(names[i], MFD_CLOEXEC);
        if (fds[i] < 0)
            rc = -errno;
    }
    if (!rc)
        rc = write_all(fds[0], input, input_len);
    if (!rc && lseek(fds[0], 0, SEEK_SET) < 0)
        rc = -errno;

    pid_t pid = -1;
    if (!rc) {
        posix_spawnattr_t attr;
        posix_spawn_file_actions_t actions;
        sigset_t none, all;
        sigemptyset(&none);
        sigfillset(&all);
        posix_spawnattr_init(&attr);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
        posix_spawnattr_setsigmask(&attr, &none);
        posix_spawnattr_setsigdefault(&attr, &all);
        posix_spawn_file_actions_init(&actions);
        for (int i = 0; i < 3; i++)
            posix_spawn_file_actions_adddup2(&actions, fds[i], i);
        posix_spawn_file_actions_addclosefrom_np(&actions, 3);
        rc = -posix_spawn(&pid, path, &actions, &attr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }

    int status = 0;
    if (!rc) {
        while (waitpid(pid, &status, 0) < 0) {
            if (errno != EINTR) {
                rc = -errno;
                break;
            }
        }
    }
    if (!rc && (lseek(fds[1], 0, SEEK_SET) < 0 || lseek(fds[2], 0, SEEK_SET) < 0))
        rc = -errno;

    if (fds[0] >= 0)
        close(fds[0]);
    if (rc) {
        if (fds[1] >= 0)
            close(fds[1]);
        if (fds[2] >= 0)
            close(fds[2]);
        return rc;
    }
    *out_fd = fds[1];
    *err_fd = fds[2];
    return status;
}
