/*
 * gzip decoding for layers and tarballs, with Intel's ISA-L (igzip) rather than zlib through
 * libarchive: decompressing was more than half of minirun-unpack's CPU in a pull, and igzip
 * inflates several times as fast (its SIMD paths are picked at run time; on a CPU without them it
 * falls back to portable code by itself). libarchive still reads the tar from what comes out.
 *
 * ISA-L parses each member's header and checks its trailer (the CRC-32 and the length of the
 * data), which libarchive 3.6 did not. Members follow one another as gzip(1) writes them
 * concatenated; after the last one, bytes that do not start another member end the stream as they
 * do in gzip(1) and libarchive (they are still part of the blob's digest).
 */
#include "gunzip.h"

#include <stdio.h>
#include <string.h>

#define GZIP_MAGIC_FIRST 0x1f

void mr_gunzip_init(struct mr_gunzip *gunzip, const unsigned char *first, size_t first_len, mr_gunzip_fill fill,
                    void *context)
{
    memset(gunzip, 0, sizeof *gunzip);
    isal_inflate_init(&gunzip->state);
    gunzip->state.crc_flag = ISAL_GZIP;
    gunzip->state.next_in = (uint8_t *)first;
    gunzip->state.avail_in = (uint32_t)first_len;
    gunzip->fill = fill;
    gunzip->context = context;
}

/* More input once all given is used: 1, or 0 at the end of the input or when fill failed. */
static int refill(struct mr_gunzip *gunzip)
{
    if (gunzip->input_ended || gunzip->input_failed)
        return 0;
    const unsigned char *data;
    ssize_t n = gunzip->fill(gunzip->context, &data);
    if (n <= 0) {
        gunzip->input_failed = n < 0;
        gunzip->input_ended = n == 0;
        return 0;
    }
    gunzip->state.next_in = (uint8_t *)data;
    gunzip->state.avail_in = (uint32_t)n;
    return 1;
}

static const char *inflate_error(int status)
{
    switch (status) {
    case ISAL_INVALID_WRAPPER: return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD: return "gzip data compressed with an unsupported method";
    case ISAL_INCORRECT_CHECKSUM: return "gzip data does not match its CRC-32 or length";
    default: return "invalid compressed data in the gzip stream";
    }
}

static ssize_t failed(struct mr_gunzip *gunzip, const char *why)
{
    snprintf(gunzip->error, sizeof gunzip->error, "%s", why);
    return -1;
}

ssize_t mr_gunzip_read(struct mr_gunzip *gunzip, unsigned char *out, size_t len)
{
    struct inflate_state *state = &gunzip->state;
    for (;;) {
        if (state->block_state == ISAL_BLOCK_FINISH) {
            /* A member ended: the stream ends with the input, or with bytes that are not another member. */
            if (state->avail_in == 0 && !refill(gunzip))
                return gunzip->input_failed ? -1 : 0;
            if (state->next_in[0] != GZIP_MAGIC_FIRST)
                return 0;
            isal_inflate_reset(state);
            state->crc_flag = ISAL_GZIP;
        }
        if (state->avail_in == 0 && !refill(gunzip) && gunzip->input_failed)
            return -1;
        uint32_t avail_in = state->avail_in;
        state->next_out = out;
        state->avail_out = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
        int status = isal_inflate(state);
        if (status < 0)
            return failed(gunzip, inflate_error(status));
        size_t produced = (size_t)(state->next_out - out);
        if (produced > 0)
            return (ssize_t)produced;
        if (state->block_state == ISAL_BLOCK_FINISH)
            continue;
        if (gunzip->input_ended && state->avail_in == 0)
            return failed(gunzip, "truncated gzip input");
        /* No output and no input taken, yet not done: inflate can go no further. */
        if (state->avail_in == avail_in)
            return failed(gunzip, inflate_error(ISAL_INVALID_BLOCK));
    }
}
