#ifndef MR_ARCHIVE_H
#define MR_ARCHIVE_H

/*
 * Image tarballs are extracted by minirun-unpack, a program of its own (see its extract.c); this is
 * what minirun and it share: the outcomes, which are its exit statuses, and making what it extracted
 * removable.
 */

/* How an extraction ended: minirun-unpack's exit status. */
enum mr_archive_status {
    MR_ARCHIVE_OK = 0,
    MR_ARCHIVE_REFUSED = 1,     /* an entry was refused: it would land outside dest_dir, or is not allowed */
    MR_ARCHIVE_INVALID = 2,     /* the input is not a readable tarball: unknown format, corrupt, truncated */
    MR_ARCHIVE_FAILED = 3,      /* a system error: reading the input, creating files in dest_dir, ... */
};

/* Entries deeper than this many directories are refused at once: checking an entry costs work in
 * its depth, so a tree thousands of levels deep took minutes to import or to be refused. Real images
 * stay far below (a Debian rootfs is 12 deep). */
#define MR_ARCHIVE_MAX_DEPTH 256

/*
 * Makes an extracted tree removable by the caller: clears the immutable and append-only flags of
 * every file and directory below (and including) dir and makes directories owner-readable, -writable
 * and -searchable. Does not follow symlinks or cross mount points.
 * Returns 0, or -1 with errno when dir itself cannot be walked.
 */
int mr_archive_make_removable(const char *dir);

#endif
