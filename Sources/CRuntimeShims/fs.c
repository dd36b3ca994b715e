#include "mr_fs.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <unistd.h>

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)ftw;
    int rc = type == FTW_DP ? rmdir(path) : unlink(path);
    return rc == 0 || errno == ENOENT ? 0 : -errno;
}

int mr_remove_tree(const char *path)
{
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return 0;
    int rc = nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
    if (rc == -1)
        return errno == ENOENT ? 0 : -errno;
    return rc;
}
