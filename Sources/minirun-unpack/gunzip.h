#ifndef MR_UNPACK_GUNZIP_H
#define MR_UNPACK_GUNZIP_H

#include <isa-l/igzip_lib.h>

#include <stddef.h>
#include <sys/types.h>

/* Where the decoder gets its next compressed bytes: sets *data and returns how many, 0 at the end
 * of the input, or -1 when reading failed (the caller knows why). */
typedef ssize_t (*mr_gunzip_fill)(void *context, const unsigned char **data);

/* A streaming gzip decoder on ISA-L's inflate (see gunzip.c). Large (ISA-L's state holds the
 * 32 KiB window twice): allocate it with the job, not on a stack. */
struct mr_gunzip {
    struct inflate_state state;
    mr_gunzip_fill fill;
    void *context;
    int input_ended;      /* fill returned 0 */
    int input_failed;     /* fill returned -1 */
    char error[128];      /* why mr_gunzip_read returned -1, unless input_failed */
};

/* Starts decoding a gzip stream whose first bytes, already read, are first[0..first_len). */
void mr_gunzip_init(struct mr_gunzip *gunzip, const unsigned char *first, size_t first_len, mr_gunzip_fill fill,
                    void *context);

/* Decompresses the next bytes into out: how many (at least 1), 0 at the end of the last member, or
 * -1 on corrupt or truncated input (gunzip->error says why) or when fill failed. */
ssize_t mr_gunzip_read(struct mr_gunzip *gunzip, unsigned char *out, size_t len);

#endif
