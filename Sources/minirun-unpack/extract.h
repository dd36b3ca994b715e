#ifndef MR_UNPACK_EXTRACT_H
#define MR_UNPACK_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Reads a tarball (plain, gzip, bzip2, xz, lzma or zstd; detected from the data) from input_fd to its
 * end and extracts it into dest_dir, an existing directory. Keeps ownership (numeric ids, when running as
 * root), modes including setuid/setgid/sticky, times, xattrs, ACLs and file flags; restores hard links,
 * symlinks, fifos and, when allow_devices is nonzero, device nodes. An entry "." or "./" applies its
 * metadata to dest_dir itself.
 *
 * Nothing outside dest_dir is created or changed: entries with absolute paths or ".." components, paths
 * that go through a symlink, hard links whose target is outside, device nodes when allow_devices is 0,
 * and paths deeper than MR_ARCHIVE_MAX_DEPTH are refused. Extraction runs on a private thread with its
 * own working directory and umask.
 *
 * Returns an mr_archive_status. On success: sha256_hex gets the SHA-256 of every byte read from
 * input_fd (the image ID), *unpacked_bytes the total size of file data written. On failure: error gets
 * one line naming the entry, e.g. `refusing "../evil": path contains '..'`, and dest_dir is left
 * removable (immutable and append-only flags cleared, directories owner-writable), but not emptied.
 */
int mr_unpack_extract(int input_fd, const char *dest_dir, int allow_devices, char sha256_hex[65],
                      uint64_t *unpacked_bytes, char *error, size_t error_len);

#endif
