#include "mr_dns.h"

#include <string.h>

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

int mr_dns_read_name(const uint8_t *msg, size_t len, size_t *offset, char *out, size_t out_size)
{
    size_t pos = *offset, written = 0, end = 0;
    int jumps = 0;
    if (out_size == 0)
        return -1;
    for (;;) {
        if (pos >= len)
            return -1;
        uint8_t label = msg[pos];
        if ((label & 0xC0) == 0xC0) {
            if (pos + 1 >= len || ++jumps > 64)
                return -1;
            size_t target = (size_t)(label & 0x3F) << 8 | msg[pos + 1];
            if (!end)
                end = pos + 2;
            /* Only backwards, to a prior occurrence (RFC 1035 4.1.4): no loops. */
            if (target >= pos)
                return -1;
            pos = target;
            continue;
        }
        if (label & 0xC0)
            return -1; /* the reserved 01 and 10 label types */
        if (label == 0) {
            pos++;
            break;
        }
        if (pos + 1 + label > len)
            return -1;
        size_t need = written + (written ? 1 : 0) + label;
        if (need > MR_DNS_NAME_MAX || need >= out_size)
            return -1;
        if (written)
            out[written++] = '.';
        for (size_t i = 0; i < label; i++) {
            uint8_t c = msg[pos + 1 + i];
            /* A dot or NUL inside a label would make the dotted text mean another name. */
            if (c == '.' || c == 0)
                return -1;
            out[written++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        pos += 1 + label;
    }
    out[written] = 0;
    *offset = end ? end : pos;
    return 0;
}

int mr_dns_parse_query(const uint8_t *msg, size_t len, struct mr_dns_question *q)
{
    memset(q, 0, sizeof *q);
    if (len < MR_DNS_HEADER || (msg[2] & 0x80))
        return -1;
    if (((msg[2] >> 3) & 0x0F) != 0)
        return MR_DNS_NOTIMP;
    if (get16(msg + 4) != 1 || get16(msg + 6) != 0 || get16(msg + 8) != 0)
        return MR_DNS_FORMERR;
    size_t pos = MR_DNS_HEADER;
    if (mr_dns_read_name(msg, len, &pos, q->name, sizeof q->name) < 0 || pos + 4 > len)
        return MR_DNS_FORMERR;
    q->type = get16(msg + pos);
    q->qclass = get16(msg + pos + 2);
    pos += 4;
    q->question_end = pos;
    /* Nothing before the question holds a name, so a pointer in it has no prior occurrence. */
    for (size_t i = MR_DNS_HEADER; i < pos - 4 && msg[i]; i += msg[i] + 1)
        if (msg[i] & 0xC0)
            return MR_DNS_FORMERR;
    unsigned additional = get16(msg + 10);
    for (unsigned i = 0; i < additional; i++) {
        char name[MR_DNS_NAME_MAX + 1];
        if (mr_dns_read_name(msg, len, &pos, name, sizeof name) < 0 || pos + 10 > len)
            return MR_DNS_FORMERR;
        uint16_t type = get16(msg + pos), rdlength = get16(msg + pos + 8);
        if (type == MR_DNS_TYPE_OPT) {
            if (q->has_edns || name[0] != 0)
                return MR_DNS_FORMERR; /* one OPT, owned by the root (RFC 6891 6.1.1) */
            q->has_edns = 1;
            q->edns_size = get16(msg + pos + 2);
        }
        pos += 10;
        if (pos + rdlength > len)
            return MR_DNS_FORMERR;
        pos += rdlength;
    }
    return MR_DNS_NOERROR;
}

size_t mr_dns_udp_limit(const struct mr_dns_question *q)
{
    if (!q->has_edns || q->edns_size <= 512)
        return 512;
    return q->edns_size > 4096 ? 4096 : q->edns_size;
}

/* The header of a response to query: its ID and RD, QR, AA and RA set. */
static void response_header(const uint8_t *query, uint8_t *out, int rcode)
{
    memset(out, 0, MR_DNS_HEADER);
    out[0] = query[0];
    out[1] = query[1];
    out[2] = 0x80 | 0x04 | (query[2] & 0x01);
    out[3] = 0x80 | (uint8_t)(rcode & 0x0F);
}

/* Appends the names's labels; 0 when it does not fit. */
static size_t put_name(const char *name, uint8_t *out, size_t room)
{
    size_t n = 0;
    while (*name) {
        const char *dot = strchr(name, '.');
        size_t label = dot ? (size_t)(dot - name) : strlen(name);
        if (label == 0 || label > 63 || n + 1 + label + 1 > room)
            return 0;
        out[n++] = (uint8_t)label;
        memcpy(out + n, name, label);
        n += label;
        name += label + (dot ? 1 : 0);
    }
    if (n + 1 > room)
        return 0;
    out[n++] = 0;
    return n;
}

size_t mr_dns_build_answer(const uint8_t *query, const struct mr_dns_question *q, int rcode,
                           const uint32_t *addresses, size_t count, size_t rotate,
                           const char *ptr_name, uint8_t *out, size_t max)
{
    static const size_t opt_size = 11;
    size_t reserve = q->has_edns ? opt_size : 0;
    if (max < q->question_end + reserve)
        return 0;
    response_header(query, out, rcode);
    put16(out + 4, 1);
    memcpy(out + MR_DNS_HEADER, query + MR_DNS_HEADER, q->question_end - MR_DNS_HEADER);
    size_t n = q->question_end, answers = 0;
    int truncated = 0;
    /* Every answer's owner is the question's name: a pointer to it at offset 12 (compression). */
    for (size_t i = 0; i < count; i++) {
        if (n + 16 + reserve > max) {
            truncated = 1;
            break;
        }
        uint32_t a = addresses[(rotate + i) % count];
        put16(out + n, 0xC000 | MR_DNS_HEADER);
        put16(out + n + 2, MR_DNS_TYPE_A);
        put16(out + n + 4, MR_DNS_CLASS_IN);
        put16(out + n + 6, 0);
        put16(out + n + 8, MR_DNS_TTL);
        put16(out + n + 10, 4);
        out[n + 12] = (uint8_t)(a >> 24);
        out[n + 13] = (uint8_t)(a >> 16);
        out[n + 14] = (uint8_t)(a >> 8);
        out[n + 15] = (uint8_t)a;
        n += 16;
        answers++;
    }
    if (ptr_name) {
        size_t rdata = n + 12 + reserve <= max ? put_name(ptr_name, out + n + 12, max - n - 12 - reserve) : 0;
        if (rdata == 0) {
            truncated = 1;
        } else {
            put16(out + n, 0xC000 | MR_DNS_HEADER);
            put16(out + n + 2, MR_DNS_TYPE_PTR);
            put16(out + n + 4, MR_DNS_CLASS_IN);
            put16(out + n + 6, 0);
            put16(out + n + 8, MR_DNS_TTL);
            put16(out + n + 10, (uint16_t)rdata);
            n += 12 + rdata;
            answers++;
        }
    }
    put16(out + 6, (uint16_t)answers);
    if (truncated)
        out[2] |= 0x02;
    if (q->has_edns) {
        /* Our own OPT: root owner, 4096-byte payload, no options. */
        static const uint8_t opt[11] = {0, 0, MR_DNS_TYPE_OPT, 0x10, 0x00, 0, 0, 0, 0, 0, 0};
        memcpy(out + n, opt, sizeof opt);
        n += sizeof opt;
        put16(out + 10, 1);
    }
    return n;
}

size_t mr_dns_build_error(const uint8_t *query, size_t len, int rcode, uint8_t *out, size_t max)
{
    if (len < MR_DNS_HEADER || max < MR_DNS_HEADER)
        return 0;
    response_header(query, out, rcode);
    out[2] |= query[2] & 0x78; /* the opcode, for NOTIMP */
    return MR_DNS_HEADER;
}
