/*
 * Seccomp filters compiled with libseccomp.
 *
 * libseccomp is linked, never dlopen'ed: the release minirun is a static executable, and a shared
 * library loaded into one runs on a second copy of glibc (ARCHITECTURE.md section 3). The release
 * build links libseccomp.a into it; it has no dependencies of its own.
 *
 * The filter is exported with seccomp_export_bpf into a memfd and read back: libseccomp 2.5 has no way
 * to export into memory.
 */
#include "mr_seccomp.h"

#include <seccomp.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct mr_seccomp_filter {
    scmp_filter_ctx ctx;
};

/* libseccomp's action for ours, or -1 for an action we do not know. */
static int64_t action_value(uint32_t action, uint32_t value)
{
    switch (action) {
    case MR_SECCOMP_KILL_THREAD: return SCMP_ACT_KILL_THREAD;
    case MR_SECCOMP_KILL_PROCESS: return SCMP_ACT_KILL_PROCESS;
    case MR_SECCOMP_TRAP: return SCMP_ACT_TRAP;
    case MR_SECCOMP_ERRNO: return SCMP_ACT_ERRNO(value);
    case MR_SECCOMP_TRACE: return SCMP_ACT_TRACE(value);
    case MR_SECCOMP_LOG: return SCMP_ACT_LOG;
    case MR_SECCOMP_ALLOW: return SCMP_ACT_ALLOW;
    default: return -1;
    }
}

static int compare_value(uint32_t op, enum scmp_compare *out)
{
    switch (op) {
    case MR_SECCOMP_NE: *out = SCMP_CMP_NE; return 0;
    case MR_SECCOMP_LT: *out = SCMP_CMP_LT; return 0;
    case MR_SECCOMP_LE: *out = SCMP_CMP_LE; return 0;
    case MR_SECCOMP_EQ: *out = SCMP_CMP_EQ; return 0;
    case MR_SECCOMP_GE: *out = SCMP_CMP_GE; return 0;
    case MR_SECCOMP_GT: *out = SCMP_CMP_GT; return 0;
    case MR_SECCOMP_MASKED_EQ: *out = SCMP_CMP_MASKED_EQ; return 0;
    default: return -1;
    }
}

struct mr_seccomp_filter *mr_seccomp_new(const char *arch, uint32_t default_action, uint32_t default_value,
                                         char *error, size_t error_len)
{
    uint32_t token = seccomp_arch_resolve_name(arch);
    if (token == 0) {
        snprintf(error, error_len, "libseccomp does not know the architecture %s", arch);
        return NULL;
    }
    int64_t action = action_value(default_action, default_value);
    scmp_filter_ctx ctx = action < 0 ? NULL : seccomp_init((uint32_t)action);
    if (ctx == NULL) {
        snprintf(error, error_len, "libseccomp refuses the default action %u", default_action);
        return NULL;
    }
    /* A binary tree of syscall numbers instead of a list: the kernel runs the filter for every
     * syscall number when it loads it (to cache the ones always allowed), and for every syscall the
     * container makes; a tree takes a few comparisons where the list takes hundreds. */
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
    /* seccomp_init starts with the architecture we run on; a filter for another one replaces it. */
    if (rc == 0 && token != seccomp_arch_native()) {
        rc = seccomp_arch_add(ctx, token);
        if (rc == 0)
            rc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
    }
    struct mr_seccomp_filter *filter = rc == 0 ? malloc(sizeof *filter) : NULL;
    if (filter == NULL) {
        snprintf(error, error_len, "cannot start a filter for %s: %s", arch, rc ? strerror(-rc) : "out of memory");
        seccomp_release(ctx);
        return NULL;
    }
    filter->ctx = ctx;
    return filter;
}

int mr_seccomp_add_arch(struct mr_seccomp_filter *filter, const char *arch)
{
    uint32_t token = seccomp_arch_resolve_name(arch);
    if (token == 0)
        return -EDOM;
    int rc = seccomp_arch_add(filter->ctx, token);
    return rc == -EEXIST ? 0 : rc;
}

int mr_seccomp_syscall(struct mr_seccomp_filter *filter, const char *name, int *number)
{
    (void)filter; /* names resolve without a filter; kept for symmetry with the other calls */
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR)
        return -ENOENT;
    *number = nr;
    return 0;
}

int mr_seccomp_add_rule(struct mr_seccomp_filter *filter, uint32_t action, uint32_t value, int number,
                        const struct mr_seccomp_arg *args, uint32_t count)
{
    struct scmp_arg_cmp cmp[6];
    int64_t act = action_value(action, value);
    if (act < 0 || count > 6)
        return -EINVAL;
    for (uint32_t i = 0; i < count; i++) {
        if (compare_value(args[i].op, &cmp[i].op) != 0)
            return -EINVAL;
        cmp[i].arg = args[i].index;
        cmp[i].datum_a = args[i].value;
        cmp[i].datum_b = args[i].value_two;
    }
    return seccomp_rule_add_array(filter->ctx, (uint32_t)act, number, count, cmp);
}

int mr_seccomp_export(struct mr_seccomp_filter *filter, uint8_t **bpf, size_t *len)
{
    int fd = memfd_create("mr-seccomp", MFD_CLOEXEC);
    if (fd < 0)
        return -errno;
    int rc = seccomp_export_bpf(filter->ctx, fd);
    struct stat st;
    if (rc == 0 && fstat(fd, &st) != 0)
        rc = -errno;
    uint8_t *buffer = NULL;
    if (rc == 0 && (buffer = malloc(st.st_size > 0 ? (size_t)st.st_size : 1)) == NULL)
        rc = -ENOMEM;
    size_t done = 0;
    while (rc == 0 && done < (size_t)st.st_size) {
        ssize_t n = pread(fd, buffer + done, (size_t)st.st_size - done, (off_t)done);
        if (n < 0 && errno != EINTR)
            rc = -errno;
        else if (n == 0)
            rc = -EIO;
        else if (n > 0)
            done += (size_t)n;
    }
    close(fd);
    if (rc != 0) {
        free(buffer);
        return rc;
    }
    *bpf = buffer;
    *len = done;
    return 0;
}

void mr_seccomp_free(struct mr_seccomp_filter *filter)
{
    if (filter == NULL)
        return;
    seccomp_release(filter->ctx);
    free(filter);
}
