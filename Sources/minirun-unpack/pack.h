#ifndef MR_UNPACK_PACK_H
#define MR_UNPACK_PACK_H

#include <stddef.h>
#include <stdint.h>

struct mr_pack_result {
    char diff_id_hex[65];  /* SHA-256 of the tar written: the layer's diff_id */
    uint64_t bytes;        /* total size of file data written and of symlinks' targets */
};

/* Writes source_dir as a layer tar to output_fd (see pack.c). Returns an mr_archive_status; on
 * failure error gets one line naming the file. */
int mr_pack_layer(const char *source_dir, int output_fd, struct mr_pack_result *result, char *error, size_t error_len);

/* Writes path (a file, or a directory and everything in it; never following a symlink) as a tar to
 * output_fd with its entry named name ("." for a directory's contents alone). Returns an
 * mr_archive_status; on failure error gets one line. */
int mr_pack_path(const char *path, const char *name, int output_fd, char *error, size_t error_len);

#endif
