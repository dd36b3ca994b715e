/*
 * A packed tree made a layer directory: see mr_layer_tree.h.
 */
#include "mr_layer_tree.h"

#include <errno.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#define OVERLAY_PREFIX "trusted.overlay."

static __thread int adopt_result;

/* Whether the attribute `name` of path is the one overlayfs attribute a layer directory keeps. */
static int is_kept_opaque(const char *path, const struct stat *st, const char *name)
{
    if (!S_ISDIR(st->st_mode) || strcmp(name, OVERLAY_PREFIX "opaque") != 0)
        return 0;
    char value[2];
    return lgetxattr(path, name, value, sizeof value) == 1 && value[0] == 'y';
}

/* Removes the attributes of path that `all` or their overlayfs prefix says go. */
static int strip_xattrs(const char *path, const struct stat *st, int all)
{
    char names[65536];
    ssize_t length = llistxattr(path, names, sizeof names);
    if (length < 0)
        return errno == ENOTSUP ? 0 : -errno;
    for (ssize_t at = 0; at < length; at += (ssize_t)strlen(names + at) + 1) {
        const char *name = names + at;
        if (!all && (strncmp(name, OVERLAY_PREFIX, strlen(OVERLAY_PREFIX)) != 0 || is_kept_opaque(path, st, name)))
            continue;
        if (lremovexattr(path, name) != 0 && errno != ENODATA)
            return -errno;
    }
    return 0;
}

static int adopt_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    if (type == FTW_NS || type == FTW_DNR) {
        adopt_result = -(errno ? errno : EACCES);
        return 1;
    }
    if (ftw->level == 0) {
        if (chmod(path, 0755) != 0 || lchown(path, 0, 0) != 0) {
            adopt_result = -errno;
            return 1;
        }
        adopt_result = strip_xattrs(path, st, 1);
        return adopt_result != 0;
    }
    int whiteout = S_ISCHR(st->st_mode) && st->st_rdev == makedev(0, 0);
    if (strncmp(path + ftw->base, ".wh.", 4) == 0 || (!whiteout && (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)))) {
        adopt_result = 1;
        return 1;
    }
    /* overlayfs (5.8 on) makes its whiteouts links of one in its work directory: extraction makes each its own. */
    if (whiteout && st->st_nlink > 1 && (unlink(path) != 0 || mknod(path, S_IFCHR, makedev(0, 0)) != 0)) {
        adopt_result = -errno;
        return 1;
    }
    adopt_result = strip_xattrs(path, st, 0);
    return adopt_result != 0;
}

int mr_layer_tree_adopt(const char *root)
{
    adopt_result = 0;
    if (nftw(root, adopt_one, 16, FTW_PHYS | FTW_MOUNT) < 0)
        return -errno;
    return adopt_result;
}
