#ifndef MR_COPY_TREE_H
#define MR_COPY_TREE_H

/* Copies what the directory SOURCE_FD holds into the empty directory DEST_FD, as Docker fills a new
 * volume from the image's directory at its path: directories, regular files, symlinks (as links, never
 * followed) and fifos, with their owners, modes and times. Device nodes and sockets are left out, as
 * are xattrs; hard links become separate copies. Every name is resolved relative to its parent's
 * descriptor with O_NOFOLLOW, so nothing outside SOURCE_FD is read and nothing outside DEST_FD is
 * written. At most MR_COPY_TREE_MAX_DEPTH levels (-ELOOP beyond). Returns 0 or -errno. */
int mr_copy_tree(int source_fd, int dest_fd);

#define MR_COPY_TREE_MAX_DEPTH 128

#endif
