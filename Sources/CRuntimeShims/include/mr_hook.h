#ifndef MR_HOOK_H
#define MR_HOOK_H

#include <sys/types.h>

/*
 * Starts an OCI hook: path with argv and envp, stdin_fd on its stdin, no signal blocked; in the mount
 * namespace mntns_fd when it is not -1 (a createContainer hook: what its root is there, see child.c),
 * and first in the user namespace userns_fd, as its root, when that is not -1.
 * Returns its pid, or -errno when it could not be started (its execve failed: ENOENT, EACCES, ...).
 * Only async-signal-safe calls after the fork: usable from a multithreaded runtime and from the child.
 */
pid_t mr_hook_spawn(const char *path, char *const argv[], char *const envp[], int stdin_fd, int mntns_fd, int userns_fd);

/*
 * Waits for a hook that mr_hook_spawn started, at most timeout_seconds when that is above 0 (then
 * kills it). Returns its exit status the shell's way (128+N for signal N), or -1 when it timed out.
 */
int mr_hook_wait(pid_t pid, int timeout_seconds);

#endif
