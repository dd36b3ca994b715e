/*
 * `minirun cp`'s side in a container: a path's kind, a path packed as a tar, a tar extracted into a
 * directory - each inside the container's root, as Docker's daemon does it (chrootarchive).
 *
 * The root is entered with chroot before any path of the container is read, so that every path and
 * every symlink in it (absolute ones too) resolves inside the container's tree, never on the host,
 * whatever the container does meanwhile. A running container's root is /proc/PID/root, with its
 * volumes and tmpfs mounts; a stopped one's is its overlay, mounted in a mount namespace of this
 * process alone, which goes with it, with its volumes attached inside it as Docker's daemon mounts
 * them for a copy (each opened as a detached bind before the root is entered, attached at its
 * path after, so that a symlink in the container resolves there).
 *
 * Nothing the container holds is loaded or run: ids stay numbers (no NSS lookup), and iconv, which
 * libarchive may use for names, reads glibc's configuration before the chroot (see warm_iconv).
 */
#include "cp.h"
#include "extract.h"
#include "pack.h"
#include "mr_archive.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif

/* A stopped container's volume: the host directory, where it goes in the container, read-only or not. */
struct cp_volume {
    const char *source, *target;
    int read_only;
};

/* glibc loads its gconv configuration (and a module for an unusual charset) on first use, from the
 * root of the moment: once here, it is the host's, before a container could offer its own. */
static void warm_iconv(void)
{
    static const char *const pairs[][2] = {{"UTF-8", "ANSI_X3.4-1968"}, {"ANSI_X3.4-1968", "UTF-8"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        iconv_t cd = iconv_open(pairs[i][0], pairs[i][1]);
        if (cd != (iconv_t)-1)
            iconv_close(cd);
    }
}

static int enter(const char *root)
{
    warm_iconv();
    if (strcmp(root, "/") == 0)
        return 0;
    if (chroot(root) != 0 || chdir("/") != 0) {
        fprintf(stderr, "cannot enter the container's root %s: %s\n", root, strerror(errno));
        return -1;
    }
    return 0;
}

/* The mount point of a volume, inside the root entered: its directories (mkdir -p), and for a
 * file bound there (-v FILE:PATH) an empty file to bind it over. */
static void make_mount_point(const char *path, int is_directory)
{
    char partial[PATH_MAX];
    snprintf(partial, sizeof partial, "%s", path);
    for (char *slash = strchr(partial + 1, '/');; slash = strchr(slash + 1, '/')) {
        if (slash)
            *slash = 0;
        if (slash || is_directory) {
            mkdir(partial, 0755);
        } else {
            int fd = open(partial, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
            if (fd >= 0)
                close(fd);
        }
        if (!slash)
            return;
        *slash = '/';
    }
}

/* A stopped container's overlay, on mount_point, in a private mount namespace; then entered, and
 * its volumes attached. */
static int enter_overlay(const char *layer_root, const char *mount_point, const char *options,
                         const struct cp_volume *volumes, int nvolumes)
{
    if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 || chdir(layer_root) != 0 ||
        mount("overlay", mount_point, "overlay", 0, options) != 0) {
        fprintf(stderr, "cannot mount the container's filesystem: %s\n", strerror(errno));
        return -1;
    }
    int trees[nvolumes > 0 ? nvolumes : 1], directories[nvolumes > 0 ? nvolumes : 1];
    for (int i = 0; i < nvolumes; i++) {
        trees[i] = (int)syscall(SYS_open_tree, AT_FDCWD, volumes[i].source, OPEN_TREE_CLONE | O_CLOEXEC | AT_RECURSIVE);
        struct stat st;
        directories[i] = trees[i] >= 0 && fstat(trees[i], &st) == 0 && S_ISDIR(st.st_mode);
        if (trees[i] < 0) {
            fprintf(stderr, "cannot open the volume %s: %s\n", volumes[i].source, strerror(errno));
            return -1;
        }
    }
    if (enter(mount_point) != 0)
        return -1;
    for (int i = 0; i < nvolumes; i++) {
        const char *target = volumes[i].target;
        make_mount_point(target, directories[i]);
        if (syscall(SYS_move_mount, trees[i], "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) != 0 ||
            (volumes[i].read_only && mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) != 0)) {
            fprintf(stderr, "cannot mount the volume at %s: %s\n", target, strerror(errno));
            return -1;
        }
        close(trees[i]);
    }
    return 0;
}

/* One line on stdout: dir, file, "link TARGET", other; missing (its parent is a directory), or
 * missing-parent. */
static int stat_path(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno != ENOENT && errno != ENOTDIR) {
            fprintf(stderr, "lstat %s: %s\n", path, strerror(errno));
            return MR_ARCHIVE_FAILED;
        }
        char copy[PATH_MAX];
        snprintf(copy, sizeof copy, "%s", path);
        struct stat parent;
        int parent_is_dir = stat(dirname(copy), &parent) == 0 && S_ISDIR(parent.st_mode);
        printf("%s\n", parent_is_dir ? "missing" : "missing-parent");
    } else if (S_ISLNK(st.st_mode)) {
        char target[PATH_MAX];
        ssize_t n = readlink(path, target, sizeof target - 1);
        if (n < 0) {
            fprintf(stderr, "readlink %s: %s\n", path, strerror(errno));
            return MR_ARCHIVE_FAILED;
        }
        target[n] = 0;
        printf("link %s\n", target);
    } else {
        printf("%s\n", S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : "other");
    }
    return fflush(stdout) == 0 ? MR_ARCHIVE_OK : MR_ARCHIVE_FAILED;
}

static int pack_path(const char *path, const char *name)
{
    char error[1024];
    int status = mr_pack_path(path, name, STDOUT_FILENO, error, sizeof error);
    if (status != MR_ARCHIVE_OK)
        fprintf(stderr, "%s\n", error);
    return status;
}

/* owner: "UID:GID" every entry gets, or NULL to keep the archive's. */
static int extract_into(const char *dir, const char *owner)
{
    struct mr_unpack_options options = {.tar_copy_fd = -1, .more_fd = -1, .allow_empty = 1};
    if (owner != NULL) {
        if (sscanf(owner, "%" SCNu32 ":%" SCNu32, &options.uid, &options.gid) != 2) {
            fprintf(stderr, "bad owner %s\n", owner);
            return MR_ARCHIVE_FAILED;
        }
        options.set_owner = 1;
    }
    struct mr_unpack_result result;
    char error[1024];
    int status = mr_unpack_extract(STDIN_FILENO, dir, &options, &result, error, sizeof error);
    if (status != MR_ARCHIVE_OK)
        fprintf(stderr, "%s\n", error);
    return status;
}

int mr_cp_main(int argc, char **argv)
{
    int at = 0;
    if (argc >= 2 && strcmp(argv[0], "--root") == 0) {
        if (enter(argv[1]) != 0)
            return MR_ARCHIVE_FAILED;
        at = 2;
    } else if (argc >= 4 && strcmp(argv[0], "--overlay") == 0) {
        at = 4;
        struct cp_volume volumes[argc / 4 + 1];
        int nvolumes = 0;
        for (; at + 3 < argc && strcmp(argv[at], "--volume") == 0; at += 4)
            volumes[nvolumes++] = (struct cp_volume){argv[at + 1], argv[at + 2], strcmp(argv[at + 3], "ro") == 0};
        if (enter_overlay(argv[1], argv[2], argv[3], volumes, nvolumes) != 0)
            return MR_ARCHIVE_FAILED;
    } else {
        return -1;
    }
    const char *verb = at < argc ? argv[at] : "";
    int left = argc - at - 1;
    if (strcmp(verb, "stat") == 0 && left == 1)
        return stat_path(argv[at + 1]);
    if (strcmp(verb, "pack") == 0 && left == 2)
        return pack_path(argv[at + 1], argv[at + 2]);
    if (strcmp(verb, "extract") == 0 && (left == 1 || left == 2))
        return extract_into(argv[at + 1], left == 2 ? argv[at + 2] : NULL);
    return -1;
}
