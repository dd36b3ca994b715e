#include "mr_command.h"
#include "placed_spawn.h"
#include "mr_write_all.h"

#include <errno.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int mr_run_keeping_errors(const char *path, char *const argv[], int out_fd, int *err_fd)
{
    int fds[3] = {0, out_fd, memfd_create("mr-stderr", MFD_CLOEXEC)};
    if (fds[2] < 0)
        return -errno;
    pid_t pid = -1;
    int rc = mr_placed_spawn(&pid, path, argv, fds, 3, 0);
    int status = 0;
    while (!rc && waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            rc = -errno;
    }
    if (!rc && lseek(fds[2], 0, SEEK_SET) < 0)
        rc = -errno;
    if (rc) {
        close(fds[2]);
        return rc;
    }
    *err_fd = fds[2];
    return status;
}

int mr_spawn_collecting(const char *path, char *const argv[], int input_fd, pid_t *pid, int *out_fd, int *err_fd)
{
    int fds[3] = {input_fd, -1, -1};
    static const char *const names[3] = {NULL, "mr-stdout", "mr-stderr"};
    int rc = 0;
    for (int i = 1; i < 3 && !rc; i++) {
        fds[i] = memfd_create(names[i], MFD_CLOEXEC);
        if (fds[i] < 0)
            rc = -errno;
    }
    if (!rc)
        rc = mr_placed_spawn(pid, path, argv, fds, 3, 0);
    if (rc) {
        if (fds[1] >= 0)
            close(fds[1]);
        if (fds[2] >= 0)
            close(fds[2]);
        return rc;
    }
    *out_fd = fds[1];
    *err_fd = fds[2];
    return 0;
}

int mr_wait_collected(pid_t pid, int out_fd, int err_fd)
{
    int status = 0, rc = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            rc = -errno;
            break;
        }
    }
    if (!rc && (lseek(out_fd, 0, SEEK_SET) < 0 || lseek(err_fd, 0, SEEK_SET) < 0))
        rc = -errno;
    if (rc) {
        close(out_fd);
        close(err_fd);
        return rc;
    }
    return status;
}

int mr_run_collecting_fd(const char *path, char *const argv[], int input_fd, int *out_fd, int *err_fd)
{
    pid_t pid = -1;
    int rc = mr_spawn_collecting(path, argv, input_fd, &pid, out_fd, err_fd);
    return rc ? rc : mr_wait_collected(pid, *out_fd, *err_fd);
}

int mr_run_collecting(const char *path, char *const argv[], const void *input, size_t input_len,
                      int *out_fd, int *err_fd)
{
    int input_fd = memfd_create("mr-stdin", MFD_CLOEXEC);
    if (input_fd < 0)
        return -errno;
    int rc = mr_write_all(input_fd, input, input_len) == 0 ? 0 : -errno;
    if (!rc && lseek(input_fd, 0, SEEK_SET) < 0)
        rc = -errno;
    if (!rc)
        rc = mr_run_collecting_fd(path, argv, input_fd, out_fd, err_fd);
    close(input_fd);
    return rc;
}

int mr_spawn_piped(const char *path, char *const argv[], int in_fd, int out_fd, pid_t *pid, int *err_fd)
{
    int fds[3] = {in_fd, out_fd, memfd_create("mr-stderr", MFD_CLOEXEC)};
    if (fds[2] < 0)
        return -errno;
    int rc = mr_placed_spawn(pid, path, argv, fds, 3, 0);
    if (rc) {
        close(fds[2]);
        return rc;
    }
    *err_fd = fds[2];
    return 0;
}
