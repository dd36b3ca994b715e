/*
 * --init (Docker's `run --init`, compose's `init: true`): a minimal init as the container's PID 1,
 * which starts the command as its child, forwards signals to it, reaps every orphan that ends in the
 * container, and exits with the command's exit status.
 *
 * Docker bind-mounts tini from the host as /sbin/docker-init and runs `docker-init -- COMMAND`.
 * minirun needs no binary in or for the image: mr_child_main, once the process is set up as the
 * command is to run (mounts, stdio or tty, user, capabilities, no_new_privs, seccomp: the init is as
 * confined as the command), forks here. The child goes on to execve the command; the parent stays
 * PID 1 and does what tini does by default:
 *  - it blocks every signal it can (the kernel delivers a PID 1 no signal it neither handles nor
 *    blocks) and takes them one by one with sigwaitinfo: no handler, nothing async;
 *  - it forwards each one to the command (not to its process group, as tini without -g), but
 *    SIGCHLD, and SIGTTIN and SIGTTOU, which are about the init's own use of a terminal;
 *  - on each SIGCHLD it reaps every process that has ended (waitpid(-1) until none), orphans
 *    reparented to it included;
 *  - once the command has ended it exits with the command's exit status, or 128+N when signal N
 *    killed it, which is what the monitor reports for a command that is PID 1 itself. The kernel
 *    kills whatever else is left in the container's pid namespace when its PID 1 exits.
 * minirun's monitor, `stop`, `kill` and the exit status keep working unchanged: they signal and wait
 * for PID 1, which forwards and passes the status through. SIGKILL still ends the init, and so the
 * container, at once.
 *
 * The command runs in a process group of its own, which under -t becomes the terminal's foreground
 * group (so ^C and SIGWINCH reach the command, not the init), as tini does; SIGTTOU is still blocked
 * when it does that from the background. Its signal mask is emptied again before the execve; the
 * dispositions were reset by mr_child_main and the init changes none.
 * The init closes every fd but 0-2: the error pipe is then the command's alone, so its EOF still says
 * that the execve succeeded, and a failed execve still reports {step, errno} and exits 125, which the
 * init passes on. Its /proc/1/exe is the sealed copy of the runtime's init and it is not dumpable
 * (sealed_init.c): the container reaches no host binary through it.
 *
 * Async-signal-safe calls only, as everywhere on the child path.
 */
#include "container_init.h"

#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* Every signal but the ones the kernel raises for a fault of the init itself, which must kill it
 * rather than be waited for. */
static void waited_signals(sigset_t *set)
{
    static const int faults[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS, SIGABRT};
    sigfillset(set);
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
        sigdelset(set, faults[i]);
}

static int exit_status(int status)
{
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

static __attribute__((noreturn)) void forward_and_reap(pid_t command, const sigset_t *waited)
{
    for (;;) {
        siginfo_t info;
        int sig = sigwaitinfo(waited, &info);
        if (sig > 0 && sig != SIGCHLD && sig != SIGTTIN && sig != SIGTTOU)
            kill(command, sig);
        int status, command_status = -1;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
            if (pid == command)
                command_status = status;
        if (command_status != -1)
            _exit(exit_status(command_status));
    }
}

int mr_fork_init(const struct mr_spec *spec)
{
    sigset_t waited, before;
    waited_signals(&waited);
    /* Blocked before the fork: a signal sent in between waits for the init's first sigwaitinfo. */
    if (sigprocmask(SIG_BLOCK, &waited, &before) != 0)
        return -1;
    pid_t command = fork();
    if (command < 0)
        return -1;
    if (command == 0) {
        if (setpgid(0, 0) != 0)
            return -1;
        if (spec->tty && tcsetpgrp(STDIN_FILENO, getpid()) != 0)
            return -1;
        return sigprocmask(SIG_SETMASK, &before, NULL);
    }
    syscall(SYS_close_range, 3U, ~0U, 0U);
    forward_and_reap(command, &waited);
}
