#include "mr_copy_tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The owner, then the mode (chown clears setuid bits), then the times of NAME in DIR_FD. */
static int copy_attributes(int dir_fd, const char *name, const struct stat *st, int is_link)
{
    int flags = is_link ? AT_SYMLINK_NOFOLLOW : 0;
    if (fchownat(dir_fd, name, st->st_uid, st->st_gid, flags) != 0)
        return -errno;
    if (!is_link && fchmodat(dir_fd, name, st->st_mode & 07777, 0) != 0)
        return -errno;
    struct timespec times[2] = {st->st_atim, st->st_mtim};
    if (utimensat(dir_fd, name, times, flags) != 0)
        return -errno;
    return 0;
}

static int copy_file(int source_dir, int dest_dir, const char *name)
{
    int in = openat(source_dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (in < 0)
        return -errno;
    int out = openat(dest_dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (out < 0) {
        int saved = errno;
        close(in);
        return -saved;
    }
    int rc = 0;
    char buffer[65536];
    for (;;) {
        ssize_t copied = copy_file_range(in, NULL, out, NULL, 1 << 30, 0);
        if (copied > 0)
            continue;
        if (copied == 0)
            break;
        if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
            rc = -errno;
            break;
        }
        /* Not between these filesystems: read and write what is left. */
        ssize_t n;
        while ((n = read(in, buffer, sizeof buffer)) > 0) {
            for (ssize_t done = 0; done < n;) {
                ssize_t w = write(out, buffer + done, (size_t)(n - done));
                if (w < 0) {
                    if (errno == EINTR)
                        continue;
                    rc = -errno;
                    break;
                }
                done += w;
            }
            if (rc != 0)
                break;
        }
        if (n < 0 && rc == 0)
            rc = -errno;
        break;
    }
    close(in);
    if (close(out) != 0 && rc == 0)
        rc = -errno;
    return rc;
}

static int copy_level(int source_dir, int dest_dir, int depth);

static int copy_directory(int source_dir, int dest_dir, const char *name, int depth)
{
    if (mkdirat(dest_dir, name, 0700) != 0)
        return -errno;
    int in = openat(source_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (in < 0)
        return -errno;
    int out = openat(dest_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (out < 0) {
        int saved = errno;
        close(in);
        return -saved;
    }
    int rc = copy_level(in, out, depth + 1);
    close(in);
    close(out);
    return rc;
}

static int copy_entry(int source_dir, int dest_dir, const char *name, int depth)
{
    struct stat st;
    if (fstatat(source_dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return -errno;
    int rc = 0;
    switch (st.st_mode & S_IFMT) {
    case S_IFDIR:
        rc = copy_directory(source_dir, dest_dir, name, depth);
        break;
    case S_IFREG:
        rc = copy_file(source_dir, dest_dir, name);
        break;
    case S_IFLNK: {
        char target[PATH_MAX];
        ssize_t length = readlinkat(source_dir, name, target, sizeof target - 1);
        if (length < 0)
            return -errno;
        target[length] = '\0';
        if (symlinkat(target, dest_dir, name) != 0)
            return -errno;
        return copy_attributes(dest_dir, name, &st, 1);
    }
    case S_IFIFO:
        if (mknodat(dest_dir, name, S_IFIFO | 0600, 0) != 0)
            return -errno;
        break;
    default:
        return 0; /* device nodes and sockets: not copied */
    }
    return rc != 0 ? rc : copy_attributes(dest_dir, name, &st, 0);
}

static int copy_level(int source_dir, int dest_dir, int depth)
{
    if (depth > MR_COPY_TREE_MAX_DEPTH)
        return -ELOOP;
    int fd = openat(source_dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    DIR *dir = fdopendir(fd);
    if (dir == NULL) {
        int saved = errno;
        close(fd);
        return -saved;
    }
    int rc = 0;
    struct dirent *entry;
    errno = 0;
    while (rc == 0 && (entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        rc = copy_entry(source_dir, dest_dir, entry->d_name, depth);
        errno = 0;
    }
    if (rc == 0 && errno != 0)
        rc = -errno;
    closedir(dir);
    return rc;
}

int mr_copy_tree(int source_fd, int dest_fd)
{
    return copy_level(source_fd, dest_fd, 0);
}
