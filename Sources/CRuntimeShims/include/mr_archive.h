#ifndef MR_ARCHIVE_H
#define MR_ARCHIVE_H
/* Secure tarball extraction through libarchive (to be written). */
#endif
