/*
 * thread-clone-probe: a child cloned as mr_spawn clones it, right after the runtime started a
 * thread, calls setresuid as the container child does. glibc marks a new thread "being created"
 * until its first instruction, and a setresuid in a child cloned meanwhile waits for that thread
 * forever (see mr_task.h): mr_threads_hold must not return before every thread made has run.
 * The probe makes the moment certain: pinned to one CPU under SCHED_FIFO, it starts a thread that
 * inherits both and so cannot run until the probe blocks. Exits 0 when the child's setresuid
 * returned, 1 when it still waited after 5 seconds (the child is then killed), 2 when the machine
 * refused the set-up (the test says why and skips).
 */
#define _GNU_SOURCE
#include "mr_task.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void *nothing(void *context)
{
    return context;
}

int main(void)
{
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(sched_getcpu(), &one);
    struct sched_param fifo = {.sched_priority = 1};
    if (sched_setaffinity(0, sizeof one, &one) != 0 || sched_setscheduler(0, SCHED_FIFO, &fifo) != 0) {
        fprintf(stderr, "cannot run under SCHED_FIFO on one CPU: %s\n", strerror(errno));
        return 2;
    }
    struct mr_thread *thread = mr_thread_start(nothing, NULL);
    if (thread == NULL) {
        fprintf(stderr, "cannot start a thread: %s\n", strerror(errno));
        return 2;
    }
    mr_threads_hold();
    pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0);
    if (pid == 0)
        _exit(setresuid(0, 0, 0) == 0 ? 0 : 3);
    mr_threads_release();
    if (pid < 0) {
        fprintf(stderr, "clone: %s\n", strerror(errno));
        return 2;
    }
    int status = 0;
    for (int waited = 0; waitpid(pid, &status, WNOHANG) == 0; waited++) {
        if (waited == 500) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            fprintf(stderr, "the child's setresuid still waited after 5 s for a thread glibc marks being created\n");
            return 1;
        }
        nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
    }
    mr_thread_join(thread);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
