#include "mr_fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

/*
 * Written out instead of nftw(3): nftw stats every entry and juggles descriptors, a third of the
 * syscalls a container's removal made. The type readdir reports is enough to tell a file (unlinked
 * at once) from a directory (opened, emptied, removed). A directory's entries are read in full and
 * its stream closed before descending.
 *
 * Every name is resolved relative to its parent's descriptor, never as a path: a container can make a
 * tree deeper than PATH_MAX in its layer, and removing it by paths failed with "File name too long".
 * Each level keeps its directory open; past MAX_OPEN_LEVELS a subdirectory is not entered but renamed
 * into the top of the tree, which is read again once it is empty, so the descriptors stay bounded
 * whatever the depth and each directory is still visited once.
 */

#define MAX_OPEN_LEVELS 128

struct entries {
    char **names;
    unsigned char *types;
    size_t count;
};

struct removal {
    int top_fd;          /* the tree's top directory */
    dev_t device;        /* its filesystem: a mount inside is never removed through */
    unsigned long moved; /* subdirectories renamed into the top so far */
};

static void free_entries(struct entries *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->names[i]);
    free(list->names);
    free(list->types);
}

/* Reads the names and types of the directory open at fd, from its start, into list; fd stays open. */
static int read_entries(int fd, struct entries *list)
{
    int copy = dup(fd);
    if (copy < 0)
        return -errno;
    if (lseek(copy, 0, SEEK_SET) < 0) {
        int error = errno;
        close(copy);
        return -error;
    }
    DIR *dir = fdopendir(copy);
    if (dir == NULL) {
        int error = errno;
        close(copy);
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

static int remove_entry(struct removal *removal, int dir_fd, const char *name, unsigned char type, unsigned level);

/* Removes everything in the directory open at fd, `level` directories below the top. */
static int empty_directory(struct removal *removal, int fd, unsigned level)
{
    int rc = 0;
    unsigned long moved_before;
    do {
        moved_before = removal->moved;
        struct entries list = {0};
        rc = read_entries(fd, &list);
        for (size_t i = 0; rc == 0 && i < list.count; i++)
            rc = remove_entry(removal, fd, list.names[i], list.types[i], level);
        free_entries(&list);
    } while (rc == 0 && level == 0 && removal->moved != moved_before);
    return rc;
}

/* Moves the directory `name` in dir_fd into the top of the tree, under a name of its own. */
static int move_to_top(struct removal *removal, int dir_fd, const char *name)
{
    for (;;) {
        char moved_name[64];
        snprintf(moved_name, sizeof moved_name, ".mr-deep-%lu", removal->moved++);
        if (renameat2(dir_fd, name, removal->top_fd, moved_name, RENAME_NOREPLACE) == 0)
            return 0;
        if (errno != EEXIST)
            return -errno;
    }
}

/* Removes `name` in dir_fd, of the type readdir reported (DT_UNKNOWN when the filesystem does not say). */
static int remove_entry(struct removal *removal, int dir_fd, const char *name, unsigned char type, unsigned level)
{
    if (type != DT_DIR && type != DT_UNKNOWN)
        return unlinkat(dir_fd, name, 0) == 0 || errno == ENOENT ? 0 : -errno;
    int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        if (errno != ENOTDIR && errno != ELOOP)  /* DT_UNKNOWN: a file or a symlink */
            return -errno;
        return unlinkat(dir_fd, name, 0) == 0 || errno == ENOENT ? 0 : -errno;
    }
    struct stat st;
    int rc = fstat(fd, &st) == 0 ? 0 : -errno;
    if (rc == 0 && st.st_dev != removal->device)
        rc = -EBUSY;
    if (rc == 0 && level + 1 >= MAX_OPEN_LEVELS) {
        close(fd);
        return move_to_top(removal, dir_fd, name);
    }
    if (rc == 0)
        rc = empty_directory(removal, fd, level + 1);
    close(fd);
    if (rc == 0 && unlinkat(dir_fd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
        rc = -errno;
    return rc;
}

int mr_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -errno;
    if (!S_ISDIR(st.st_mode))
        return unlink(path) == 0 || errno == ENOENT ? 0 : -errno;
    struct removal removal = {.device = st.st_dev};
    removal.top_fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (removal.top_fd < 0)
        return errno == ENOENT ? 0 : -errno;
    int rc = empty_directory(&removal, removal.top_fd, 0);
    close(removal.top_fd);
    if (rc == 0 && rmdir(path) != 0 && errno != ENOENT)
        rc = -errno;
    return rc;
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

int mr_is_opaque_directory(const char *path)
{
    char value[2];
    return lgetxattr(path, "trusted.overlay.opaque", value, sizeof value) == 1 && value[0] == 'y';
}
