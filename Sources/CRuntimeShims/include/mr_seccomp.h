#ifndef MR_SECCOMP_H
#define MR_SECCOMP_H

/*
 * Compiling seccomp filters to classic BPF with libseccomp, in the parent (as crun does), so that the
 * child only hands finished instructions to the kernel.
 *
 * libseccomp is linked in (statically in the release build). The enums below stand for libseccomp's SCMP_ACT_* and SCMP_CMP_* values,
 * so that <seccomp.h> stays private to seccomp.c and Swift never calls libseccomp directly.
 */

#include <stddef.h>
#include <stdint.h>

/* What a rule (or the default) does with a matching syscall; `value` of the functions below is the
 * errno for MR_SECCOMP_ERRNO and the tracer's message for MR_SECCOMP_TRACE, and ignored otherwise. */
enum mr_seccomp_action {
    MR_SECCOMP_KILL_THREAD = 1,
    MR_SECCOMP_KILL_PROCESS = 2,
    MR_SECCOMP_TRAP = 3,
    MR_SECCOMP_ERRNO = 4,
    MR_SECCOMP_TRACE = 5,
    MR_SECCOMP_LOG = 6,
    MR_SECCOMP_ALLOW = 7,
};

/* How a syscall argument is compared; MASKED_EQ is (arg & value) == value_two. */
enum mr_seccomp_op {
    MR_SECCOMP_NE = 1,
    MR_SECCOMP_LT = 2,
    MR_SECCOMP_LE = 3,
    MR_SECCOMP_EQ = 4,
    MR_SECCOMP_GE = 5,
    MR_SECCOMP_GT = 6,
    MR_SECCOMP_MASKED_EQ = 7,
};

/* One condition of a rule: argument `index` (0-5) compared with `op`. */
struct mr_seccomp_arg {
    uint32_t index;
    uint32_t op;
    uint64_t value;
    uint64_t value_two;
};

/* A filter being built; opaque. */
struct mr_seccomp_filter;

/*
 * Loads libseccomp if needed and starts a filter for `arch` (libseccomp's name: "x86_64", "aarch64",
 * ...) whose syscalls not matched by any rule get the default action. Returns NULL with a one-line
 * reason in error when libseccomp cannot be loaded, does not know arch, or refuses the action.
 */
struct mr_seccomp_filter *mr_seccomp_new(const char *arch, uint32_t default_action, uint32_t default_value,
                                         char *error, size_t error_len);

/* Adds another architecture the filter recognizes (a native one's 32-bit or x32 ABI, say); one
 * already there is fine. Returns 0, -EDOM when libseccomp does not know the name, or -errno. */
int mr_seccomp_add_arch(struct mr_seccomp_filter *filter, const char *arch);

/*
 * The number of syscall `name` for libseccomp, in the numbering of the machine we run on, which
 * mr_seccomp_add_rule translates for each architecture of the filter (negative for a syscall that
 * only exists on other architectures). Returns 0, or -ENOENT when libseccomp does not know the name
 * (a syscall newer than the library).
 */
int mr_seccomp_syscall(struct mr_seccomp_filter *filter, const char *name, int *number);

/* Adds a rule: `action` for syscall `number` when all of args[0..count) hold. Returns 0 or -errno
 * (-EACCES when action is the filter's default action). */
int mr_seccomp_add_rule(struct mr_seccomp_filter *filter, uint32_t action, uint32_t value, int number,
                        const struct mr_seccomp_arg *args, uint32_t count);

/* The filter as struct sock_filter instructions, in a malloc'ed buffer of *len bytes the caller frees.
 * Returns 0 or -errno. */
int mr_seccomp_export(struct mr_seccomp_filter *filter, uint8_t **bpf, size_t *len);

void mr_seccomp_free(struct mr_seccomp_filter *filter);

#endif
