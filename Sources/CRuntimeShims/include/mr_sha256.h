#ifndef MR_SHA256_H
#define MR_SHA256_H
/* SHA-256 (FIPS 180-4), streaming, for the static minirun, which cannot load libcrypto (see
 * mr_digest.h); minirun-unpack, a dynamic program, uses libcrypto's. */

#include <stddef.h>
#include <stdint.h>

struct mr_sha256 {
    uint32_t state[8];
    uint64_t length;        /* bytes hashed so far */
    uint8_t block[64];
    size_t used;            /* bytes waiting in block */
};

void mr_sha256_init(struct mr_sha256 *ctx);
void mr_sha256_update(struct mr_sha256 *ctx, const void *data, size_t len);
/* Finishes the digest and writes 64 lowercase hex digits plus a NUL. */
void mr_sha256_final_hex(struct mr_sha256 *ctx, char hex[65]);

#endif
