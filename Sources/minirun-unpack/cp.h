#ifndef MR_UNPACK_CP_H
#define MR_UNPACK_CP_H

/*
 * minirun-unpack --cp ROOT VERB ... (see cp.c), with argv from ROOT on:
 *   --root DIR | --overlay LAYER_ROOT MOUNT_POINT OPTIONS [--volume SOURCE TARGET ro|rw]...
 *                                                             where the paths below resolve
 *   stat PATH | pack PATH NAME | extract DIR [UID:GID]
 * Returns an mr_archive_status, or -1 when the arguments are not these.
 */
int mr_cp_main(int argc, char **argv);

#endif
