#ifndef MR_BPF_H
#define MR_BPF_H

/*
 * Device confinement on cgroup v2, which has no devices controller: a BPF_PROG_TYPE_CGROUP_DEVICE
 * program, generated in Swift (DeviceProgram), that the kernel runs for every open and mknod of a
 * device node by a process of the cgroup it is attached to; it returns 1 to allow, 0 to deny.
 */

#include <stdint.h>

/* Loads a device program: `count` instructions of 8 bytes each, laid out as struct bpf_insn.
 * Returns a close-on-exec fd, or -errno; when the verifier refused the program, what it said is in
 * `log` (NUL-terminated, cut to log_size). */
int mr_bpf_load_device_program(const void *instructions, uint32_t count, char *log, uint32_t log_size);

/* Attaches a loaded device program to the cgroup v2 directory open as cgroup_fd, beside any program
 * the cgroups above it hold (BPF_F_ALLOW_MULTI): a device must then pass all of them. The cgroup
 * keeps the program until it is removed, so the fd can be closed afterwards. Returns 0 or -errno. */
int mr_bpf_attach_device_program(int cgroup_fd, int program_fd);

#endif
