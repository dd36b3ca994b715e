#ifndef MR_DIGEST_H
#define MR_DIGEST_H

/* SHA-256 for Swift, whose standard library and Foundation on Linux have none: cached seccomp filters
 * are named after the digest of what they were compiled from. */

#include <stddef.h>

/* Writes the SHA-256 of data[0..len) as 64 lowercase hex digits plus a NUL. */
void mr_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
