#ifndef MR_FS_H
#define MR_FS_H

/* rm -rf PATH without following symlinks or crossing into other mounts. Returns 0 or -errno;
 * a path that does not exist is success. */
int mr_remove_tree(const char *path);

#endif
