/*
 * seccomp-probe: tries syscalls under a compiled seccomp filter, for RuntimeTests.
 *
 *   seccomp-probe FILTER|- PROBE...
 *
 * Loads FILTER (raw struct sock_filter instructions) the way the container child does, after
 * no_new_privs, or nothing for "-"; then makes the syscall of each PROBE and prints "PROBE RESULT",
 * RESULT being 0 when the call succeeded or the errno it failed with. Each probe runs in a child of
 * its own, so what one changes (a namespace unshared) does not reach the next; the tests run the same
 * probes without a filter to learn what the kernel itself answers.
 *
 * Every call is harmless when allowed: mount and swapoff name a path that does not exist, reboot
 * passes no magic numbers, clone3 passes no arguments.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/keyctl.h>
#include <linux/reboot.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MISSING "/nonexistent-minirun-seccomp-probe"

/* 0 or errno of a raw syscall result. */
static int outcome(long rc)
{
    return rc < 0 ? errno : 0;
}

/* A child that exits at once; 0 or errno of making it. */
static int clone_with(unsigned long flags)
{
    long pid = syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
    if (pid == 0)
        _exit(0);
    if (pid < 0)
        return errno;
    waitpid((pid_t)pid, NULL, 0);
    return 0;
}

static int pipe_io(int do_read)
{
    int fds[2];
    char byte = 'x';
    if (pipe(fds) != 0)
        return errno;
    if (write(fds[1], &byte, 1) != 1)
        return do_read ? EIO : errno;
    return do_read ? outcome(read(fds[0], &byte, 1)) : 0;
}

static int probe(const char *name)
{
    if (strcmp(name, "getpid") == 0)
        return outcome(syscall(SYS_getpid));
    if (strcmp(name, "write") == 0)
        return pipe_io(0);
    if (strcmp(name, "read") == 0)
        return pipe_io(1);
    if (strcmp(name, "clone") == 0)
        return clone_with(0);
    if (strcmp(name, "clone-newnet") == 0)
        return clone_with(CLONE_NEWNET);
    if (strcmp(name, "clone3") == 0)
        return outcome(syscall(SYS_clone3, NULL, 0));
    if (strcmp(name, "unshare-newnet") == 0)
        return outcome(unshare(CLONE_NEWNET));
    if (strcmp(name, "mount") == 0)
        return outcome(mount("none", MISSING, "tmpfs", 0, NULL));
    if (strcmp(name, "swapoff") == 0)
        return outcome(swapoff(MISSING));
    if (strcmp(name, "keyctl") == 0)
        return outcome(syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_THREAD_KEYRING, 0));
    if (strcmp(name, "reboot") == 0)
        return outcome(syscall(SYS_reboot, 0, 0, LINUX_REBOOT_CMD_CAD_OFF, NULL));
    if (strcmp(name, "socket-unix") == 0)
        return outcome(socket(AF_UNIX, SOCK_STREAM, 0));
    if (strcmp(name, "socket-vsock") == 0)
        return outcome(socket(AF_VSOCK, SOCK_STREAM, 0));
    fprintf(stderr, "seccomp-probe: unknown probe %s\n", name);
    exit(2);
}

static void load_filter(const char *path)
{
    static struct sock_filter instructions[BPF_MAXINSNS];
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        perror(path);
        exit(2);
    }
    size_t count = fread(instructions, sizeof instructions[0], BPF_MAXINSNS, file);
    fclose(file);
    struct sock_fprog program = {.len = (unsigned short)count, .filter = instructions};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) != 0) {
        perror("seccomp-probe: loading the filter");
        exit(2);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: seccomp-probe FILTER|- PROBE...\n");
        return 2;
    }
    if (strcmp(argv[1], "-") != 0)
        load_filter(argv[1]);
    for (int i = 2; i < argc; i++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) {
            printf("%s fork:%d\n", argv[i], errno);
            continue;
        }
        if (pid == 0)
            _exit(probe(argv[i]));
        int status;
        waitpid(pid, &status, 0);
        if (WIFEXITED(status))
            printf("%s %d\n", argv[i], WEXITSTATUS(status));
        else
            printf("%s signal:%d\n", argv[i], WTERMSIG(status));
    }
    return 0;
}
