/*
 * Making an extracted tree removable: an image may carry immutable or append-only files and
 * directories without owner permissions, which would stop its own removal.
 */
#include "mr_archive.h"

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static __thread int unlock_again;

static int unlock_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)ftw;
    if (type != FTW_F && type != FTW_D && type != FTW_DNR)
        return 0;
    if (S_ISREG(st->st_mode) || S_ISDIR(st->st_mode)) {
        int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd >= 0) {
            int attr;
            if (ioctl(fd, FS_IOC_GETFLAGS, &attr) == 0 && (attr & (FS_IMMUTABLE_FL | FS_APPEND_FL))) {
                attr &= ~(FS_IMMUTABLE_FL | FS_APPEND_FL);
                ioctl(fd, FS_IOC_SETFLAGS, &attr);
            }
            close(fd);
        }
    }
    if (S_ISDIR(st->st_mode) && (st->st_mode & 0700) != 0700) {
        if (chmod(path, (st->st_mode & 07777) | 0700) == 0 && type == FTW_DNR)
            unlock_again = 1; /* nftw did not look inside: another pass will */
    }
    return 0;
}

int mr_archive_make_removable(const char *dir)
{
    /* Each pass opens the directories the previous one made readable; depth bounds the passes. */
    for (int pass = 0; pass < PATH_MAX / 2; pass++) {
        unlock_again = 0;
        if (nftw(dir, unlock_one, 16, FTW_PHYS | FTW_MOUNT) != 0)
            return -1;
        if (!unlock_again)
            return 0;
    }
    return 0;
}

