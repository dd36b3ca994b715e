#ifndef MR_LAYER_TREE_H
#define MR_LAYER_TREE_H

/*
 * A tree a build step packed into its layer tar (a container's overlay upper directory, or a COPY's
 * staging tree) made the layer directory extracting that tar would make, so that it can be moved
 * into the image store instead (see BuiltLayer.swift).
 *
 * Removes every trusted.overlay.* attribute but trusted.overlay.opaque=y on a directory (origin,
 * impure, redirect, ...: the tar carries none, and overlayfs would read them on a lower layer), and
 * gives the root the mode 0755, the owner 0:0 and no attributes (the tar has no entry for it).
 * Whiteouts (0/0 character devices) stay as they are: extraction makes the same.
 *
 * Returns 0 when done; 1 when the tree has what its tar extracts differently - a device node (refused
 * in a layer), a name starting with ".wh." (a whiteout in the tar) - and the tar must be extracted;
 * -errno on a failure. The tree may be changed in part when it returns non-zero.
 */
int mr_layer_tree_adopt(const char *root);

#endif
