#ifndef MR_UNPACK_EXTRACT_H
#define MR_UNPACK_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

struct mr_unpack_options {
    int allow_devices;   /* device nodes are extracted instead of refused */
    int layer;           /* an image layer: OCI whiteouts become overlayfs ones (see apply_whiteout),
                          * an empty tar is fine, and the uncompressed stream is hashed (the diff_id) */
    int tar_copy_fd;     /* layer mode: the uncompressed stream is also written here; -1 = nowhere */
    int more_fd;         /* -1, or input_fd is a file still being written: at its end, wait for a byte
                          * here (more was written) or for this fd's end (the file is complete) */
    int allow_empty;     /* a tar with no entries is fine (`cp` of an empty directory's contents) */
    int set_owner;       /* every entry gets owner uid:gid instead of its own (`cp` without -a) */
    uint32_t uid, gid;
};

struct mr_unpack_result {
    char sha256_hex[65];   /* SHA-256 of every byte read from the input (an imported tarball's ID, a layer
                            * blob's digest) */
    char diff_id_hex[65];  /* layer mode: SHA-256 of the uncompressed stream; otherwise sha256_hex */
    uint64_t unpacked_bytes; /* total size of file data written and of symlinks' targets */
};

/*
 * Reads a tarball (plain, gzip, bzip2, xz, lzma or zstd; detected from the data; gzip decoded by
 * ISA-L, see gunzip.c, with every member's CRC-32 and length checked) from input_fd to its end and
 * extracts it into dest_dir, an existing directory. Keeps ownership (numeric ids, when running as
 * root), modes including setuid/setgid/sticky, times, xattrs, ACLs and file flags; restores hard links,
 * symlinks, fifos and, when allowed, device nodes. An entry "." or "./" applies its metadata to dest_dir
 * itself.
 *
 * Nothing outside dest_dir is created or changed: entries with absolute paths or ".." components, paths
 * that go through a symlink, hard links whose target is outside, device nodes unless allowed, entries
 * carrying overlayfs's own attributes (trusted.overlay.*) and paths deeper than MR_ARCHIVE_MAX_DEPTH are
 * refused. Extraction runs on a private thread with its own working directory and umask. Digests are
 * libcrypto's SHA-256.
 *
 * Returns an mr_archive_status and fills result on success. On failure: error gets one line naming the
 * entry, e.g. `refusing "../evil": path contains '..'`, and dest_dir is left removable (immutable and
 * append-only flags cleared, directories owner-writable), but not emptied.
 */
int mr_unpack_extract(int input_fd, const char *dest_dir, const struct mr_unpack_options *options,
                      struct mr_unpack_result *result, char *error, size_t error_len);

#endif
