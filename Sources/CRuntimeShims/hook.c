/*
 * OCI hooks as processes: the runtime starts prestart, createRuntime, createContainer, poststart and
 * poststop hooks (OCIHookRunner.swift), the container's own process its startContainer hooks (child.c).
 */
#include "mr_hook.h"
#include "mr_sys.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t mr_hook_spawn(const char *path, char *const argv[], char *const envp[], int stdin_fd, int mntns_fd, int userns_fd)
{
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0)
        return -errno;
    pid_t pid = fork();
    if (pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        int err = 0;
        if (userns_fd >= 0 && (setns(userns_fd, CLONE_NEWUSER) != 0 || setresgid(0, 0, 0) != 0 || setresuid(0, 0, 0) != 0))
            err = errno;
        else if (mntns_fd >= 0 && setns(mntns_fd, CLONE_NEWNS) != 0)
            err = errno;
        else if (stdin_fd >= 0 && stdin_fd != 0 && dup2(stdin_fd, 0) < 0)
            err = errno;
        else if (sigprocmask(SIG_SETMASK, &none, NULL) != 0)
            err = errno;
        else {
            if (stdin_fd == 0)
                fcntl(0, F_SETFD, 0);
            execve(path, argv, envp);
            err = errno;
        }
        ssize_t ignored = write(report[1], &err, sizeof err);
        (void)ignored;
        _exit(127);
    }
    int saved = errno;
    close(report[1]);
    if (pid < 0) {
        close(report[0]);
        return -saved;
    }
    /* EOF: its execve succeeded (the pipe is close-on-exec); an errno: it did not. */
    int err = 0;
    ssize_t n;
    do {
        n = read(report[0], &err, sizeof err);
    } while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n == (ssize_t)sizeof err) {
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
        return -(err ? err : EIO);
    }
    return pid;
}

int mr_hook_wait(pid_t pid, int timeout_seconds)
{
    if (timeout_seconds > 0 && mr_wait_exit(pid, timeout_seconds * 1000) == 1) {
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
        return -1;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}
