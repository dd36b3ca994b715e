#ifndef MR_FS_H
#define MR_FS_H

/* rm -rf PATH without following symlinks or crossing into other mounts. Returns 0 or -errno;
 * a path that does not exist is success. */
int mr_remove_tree(const char *path);

/* Marks the directory PATH as the top of hierarchies (chattr +T) unless it is already: ext4 then
 * places each new subdirectory, and the files made in it, in a block group of its own choosing
 * rather than beside PATH. Returns 0 or -errno (-ENOTTY or -EOPNOTSUPP where the filesystem has
 * no such flag). */
int mr_mark_top_directory(const char *path);

/* Whether the directory PATH is an overlayfs opaque directory (trusted.overlay.opaque=y): 1 or 0. */
int mr_is_opaque_directory(const char *path);

#endif
