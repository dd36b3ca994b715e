#include "mr_fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Written out instead of nftw(3): nftw stats every entry and juggles descriptors, a third of the
 * syscalls a container's removal made. The type readdir reports is enough to tell a file (unlinked
 * at once) from a directory (opened, emptied, removed). A directory's entries are read in full and
 * its stream closed before descending, so one descriptor is open at a time however deep the tree
 * (as deep as a path may be long, as with nftw).
 */

struct entries {
    char **names;
    unsigned char *types;
    size_t count;
};

static void free_entries(struct entries *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->names[i]);
    free(list->names);
    free(list->types);
}

/* Reads the names and types of the directory open at fd (which it closes) into list. */
static int read_entries(int fd, struct entries *list)
{
    DIR *dir = fdopendir(fd);
    if (dir == NULL) {
        int error = errno;
        close(fd);
        return -error;
    }
    size_t capacity = 0;
    int rc = 0;
    struct dirent *entry;
    while ((errno = 0, entry = readdir(dir)) != NULL) {
        const char *name = entry->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        if (list->count == capacity) {
            capacity = capacity ? capacity * 2 : 16;
            char **names = realloc(list->names, capacity * sizeof *names);
            unsigned char *types = names ? realloc(list->types, capacity) : NULL;
            if (names) list->names = names;
            if (types) list->types = types;
            if (names == NULL || types == NULL) {
                rc = -ENOMEM;
                break;
            }
        }
        if ((list->names[list->count] = strdup(name)) == NULL) {
            rc = -ENOMEM;
            break;
        }
        list->types[list->count++] = entry->d_type;
    }
    if (rc == 0 && errno != 0)
        rc = -errno;
    closedir(dir);
    return rc;
}

static int remove_path(const char *path, unsigned char type, dev_t device);

/* Empties the directory `path` (open at fd, which it closes) and removes it. */
static int remove_directory(const char *path, int fd, dev_t device)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    if (st.st_dev != device) {  /* a mount inside the tree: never removed through */
        close(fd);
        return -EBUSY;
    }
    struct entries list = {0};
    int rc = read_entries(fd, &list);
    size_t base = strlen(path);
    for (size_t i = 0; rc == 0 && i < list.count; i++) {
        char *child = malloc(base + strlen(list.names[i]) + 2);
        if (child == NULL) {
            rc = -ENOMEM;
            break;
        }
        strcpy(stpcpy(stpcpy(child, path), "/"), list.names[i]);
        rc = remove_path(child, list.types[i], device);
        free(child);
    }
    free_entries(&list);
    if (rc == 0 && rmdir(path) != 0 && errno != ENOENT)
        rc = -errno;
    return rc;
}

/* Removes `path`, of the type readdir reported (DT_UNKNOWN when the filesystem does not say). */
static int remove_path(const char *path, unsigned char type, dev_t device)
{
    if (type != DT_DIR && type != DT_UNKNOWN)
        return unlink(path) == 0 || errno == ENOENT ? 0 : -errno;
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        if (errno != ENOTDIR && errno != ELOOP)  /* DT_UNKNOWN: a file or a symlink */
            return -errno;
        return unlink(path) == 0 || errno == ENOENT ? 0 : -errno;
    }
    return remove_directory(path, fd, device);
}

int mr_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -errno;
    return remove_path(path, S_ISDIR(st.st_mode) ? DT_DIR : DT_REG, st.st_dev);
}

int mr_mark_top_directory(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    int flags = 0, rc = 0;
    if (ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0) {
        rc = -errno;
    } else if (!(flags & FS_TOPDIR_FL)) {
        flags |= FS_TOPDIR_FL;
        if (ioctl(fd, FS_IOC_SETFLAGS, &flags) != 0)
            rc = -errno;
    }
    close(fd);
    return rc;
}
