#ifndef MR_ARCHIVE_H
#define MR_ARCHIVE_H

/*
 * Secure extraction of image tarballs through libarchive.
 *
 * libarchive is loaded with dlopen("libarchive.so.13") on first use, so processes that never import an
 * image (minirun run) do not map it and its dependencies.
 */

#include <stddef.h>
#include <stdint.h>

/* What mr_archive_extract returns. */
enum mr_archive_status {
    MR_ARCHIVE_OK = 0,
    MR_ARCHIVE_REFUSED = 1,     /* an entry was refused: it would land outside dest_dir, or is not allowed */
    MR_ARCHIVE_INVALID = 2,     /* the input is not a readable tarball: unknown format, corrupt, truncated */
    MR_ARCHIVE_FAILED = 3,      /* a system error: reading the input, creating files in dest_dir, ... */
    MR_ARCHIVE_UNAVAILABLE = 4, /* libarchive.so.13 could not be loaded */
};

/*
 * Reads a tarball (plain, gzip, bzip2, xz, lzma or zstd; detected from the data) from input_fd to its
 * end and extracts it into dest_dir, an existing directory. Keeps ownership (numeric ids, when running as
 * root), modes including setuid/setgid/sticky, times, xattrs, ACLs and file flags; restores hard links,
 * symlinks, fifos and, when allow_devices is nonzero, device nodes. An entry "." or "./" applies its
 * metadata to dest_dir itself.
 *
 * Nothing outside dest_dir is created or changed: entries with absolute paths or ".." components, paths
 * that go through a symlink, hard links whose target is outside, and device nodes when allow_devices is 0
 * are refused. Extraction runs on a private thread with its own working directory and umask, so it neither
 * depends on nor changes the process's cwd or umask.
 *
 * On success: sha256_hex gets the SHA-256 of every byte read from input_fd (the image ID),
 * *unpacked_bytes the total size of file data written. On failure: error gets one line naming the entry,
 * e.g. `refusing "../evil": path contains '..'`, and dest_dir is left removable (immutable and
 * append-only flags cleared, directories owner-writable), but not emptied.
 * input_fd is read, never closed. Any output pointer may be NULL.
 */
int mr_archive_extract(int input_fd, const char *dest_dir, int allow_devices, char sha256_hex[65],
                       uint64_t *unpacked_bytes, char *error, size_t error_len);

/*
 * Makes a tree that mr_archive_extract created removable by the caller: clears the immutable and
 * append-only flags of every file and directory below (and including) dir and makes directories
 * owner-readable, -writable and -searchable. Does not follow symlinks or cross mount points.
 * Returns 0, or -1 with errno when dir itself cannot be walked.
 */
int mr_archive_make_removable(const char *dir);

#endif
