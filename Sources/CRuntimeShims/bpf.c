#include "mr_bpf.h"

#include <errno.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int bpf(int command, union bpf_attr *attr)
{
    return (int)syscall(SYS_bpf, command, attr, sizeof *attr);
}

static int load(const void *instructions, uint32_t count, char *log, uint32_t log_size)
{
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
    attr.insns = (uint64_t)(uintptr_t)instructions;
    attr.insn_cnt = count;
    /* No kernel helper is called, so the license decides nothing; GPL as crun has it. */
    attr.license = (uint64_t)(uintptr_t)"GPL";
    if (log && log_size) {
        attr.log_buf = (uint64_t)(uintptr_t)log;
        attr.log_size = log_size;
        attr.log_level = 1;
    }
    int fd = bpf(BPF_PROG_LOAD, &attr);
    return fd < 0 ? -errno : fd;
}

int mr_bpf_load_device_program(const void *instructions, uint32_t count, char *log, uint32_t log_size)
{
    if (log && log_size)
        log[0] = 0;
    /* Without a log first: a verifier that logs does more work, and a good program needs none. */
    int fd = load(instructions, count, NULL, 0);
    if (fd >= 0 || !log || !log_size)
        return fd;
    /* Refused: load it again with the verifier's log, to say why. */
    int again = load(instructions, count, log, log_size);
    if (again >= 0)
        return again;
    log[log_size - 1] = 0;
    return fd;
}

int mr_bpf_attach_device_program(int cgroup_fd, int program_fd)
{
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.target_fd = (uint32_t)cgroup_fd;
    attr.attach_bpf_fd = (uint32_t)program_fd;
    attr.attach_type = BPF_CGROUP_DEVICE;
    attr.attach_flags = BPF_F_ALLOW_MULTI;
    return bpf(BPF_PROG_ATTACH, &attr) == 0 ? 0 : -errno;
}
