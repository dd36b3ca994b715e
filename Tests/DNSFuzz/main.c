/*
 * dns-fuzz ITERATIONS SEED: random and mutated DNS messages through CDNS's query parser and answer
 * builder, as minirun-dns runs them. A crash, a hang (the test runs this under a time limit) or an
 * answer longer than its limit fails; it prints how many messages parsed, by outcome.
 * Mutations start from valid queries (plain, EDNS0, compressed additional names) so that the
 * deep paths are reached, not only the header checks. Then random records files, from a few names
 * and addresses so that they repeat and collide in the index: every lookup must find what a scan of
 * the pairs in file order finds.
 */
#include "mr_dns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint32_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (uint32_t)state;
}

static size_t seed_query(uint8_t *m, int kind)
{
    static const uint8_t plain[] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                                    3, 'w', 'e', 'b', 0, 0, 1, 0, 1};
    static const uint8_t edns[] = {0xab, 0xcd, 0x01, 0x20, 0, 1, 0, 0, 0, 0, 0, 1,
                                   2, 'd', 'b', 0, 0, 28, 0, 1,
                                   0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 0};
    static const uint8_t ptr[] = {0, 7, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 1,
                                  1, '2', 2, '1', '8', 3, '1', '7', '2', 2, '1', '0', 7, 'i', 'n', '-', 'a', 'd', 'd', 'r', 4, 'a', 'r', 'p', 'a', 0, 0, 12, 0, 1,
                                  0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0};
    const uint8_t *src = kind == 0 ? plain : kind == 1 ? edns : ptr;
    size_t len = kind == 0 ? sizeof plain : kind == 1 ? sizeof edns : sizeof ptr;
    memcpy(m, src, len);
    return len;
}

/* What mr_dns_lookup answers, by a scan of the pairs: its addresses in file order, each once. */
static int scanned_lookup(const struct mr_dns_records *r, const char *name, uint32_t *out, size_t max, size_t *found)
{
    int known = 0;
    *found = 0;
    for (size_t i = 0; i < r->count; i++) {
        if (strcmp(r->names[i], name) != 0)
            continue;
        known = 1;
        int duplicate = 0;
        for (size_t j = 0; j < *found; j++)
            duplicate |= out[j] == r->addresses[i];
        if (!duplicate && *found < max)
            out[(*found)++] = r->addresses[i];
    }
    return known;
}

/* Random records files against the scan; the number of lookups that disagreed. */
static long check_index(long files)
{
    long wrong = 0;
    struct mr_dns_records r = {0};
    for (long f = 0; f < files; f++) {
        char text[8192], name[16];
        size_t len = 0, lines = next() % 200;
        for (size_t l = 0; l < lines; l++) {
            len += (size_t)snprintf(text + len, sizeof text - len, "10.0.%u.%u", next() % 2, next() % 40);
            for (unsigned n = 1 + next() % 3; n > 0; n--)
                len += (size_t)snprintf(text + len, sizeof text - len, " N%u", next() % 60);
            text[len++] = '\n';
            if (len > sizeof text - 64)
                break;
        }
        if (mr_dns_records_parse(text, len, &r) < 0)
            return -1;
        for (int q = 0; q < 64; q++) {
            uint32_t indexed[8], scanned[8];
            size_t n_indexed, n_scanned;
            snprintf(name, sizeof name, "n%u", next() % 70);
            int known = mr_dns_lookup(&r, name, indexed, 8, &n_indexed);
            if (known != scanned_lookup(&r, name, scanned, 8, &n_scanned) || n_indexed != n_scanned
                || memcmp(indexed, scanned, n_indexed * sizeof *indexed) != 0)
                wrong++;
            uint32_t address = 0x0A000000u | (next() % 2) << 8 | next() % 45;
            const char *first = NULL;
            for (size_t i = 0; i < r.count && !first; i++)
                if (r.addresses[i] == address)
                    first = r.names[i];
            if (mr_dns_lookup_address(&r, address) != first)
                wrong++;
        }
    }
    mr_dns_records_free(&r);
    return wrong;
}

int main(int argc, char **argv)
{
    long iterations = argc > 1 ? atol(argv[1]) : 100000;
    state = argc > 2 ? strtoull(argv[2], NULL, 10) | 1 : 88172645463325252ull;
    static const char records_text[] = "172.18.0.2 web abcdef123456\n172.18.0.3 db\n172.18.0.4 web\n";
    struct mr_dns_records records = {0};
    if (mr_dns_records_parse(records_text, sizeof records_text - 1, &records) < 0)
        return 1;
    long outcomes[8] = {0};
    uint8_t msg[1024], out[4096];
    for (long i = 0; i < iterations; i++) {
        size_t len;
        if (next() % 4 == 0) {
            len = next() % 300;
            for (size_t j = 0; j < len; j++)
                msg[j] = (uint8_t)next();
        } else {
            len = seed_query(msg, (int)(next() % 3));
            int edits = 1 + (int)(next() % 6);
            for (int e = 0; e < edits; e++) {
                uint32_t r = next();
                switch (r % 4) {
                case 0: msg[next() % len] = (uint8_t)next(); break;              /* a byte */
                case 1: msg[next() % len] ^= (uint8_t)(1u << (next() % 8)); break; /* a bit */
                case 2: len = next() % (len + 1); break;                         /* cut short */
                default:                                                          /* grown */
                    while (len < sizeof msg && (next() % 8))
                        msg[len++] = (uint8_t)next();
                }
                if (len == 0)
                    break;
            }
        }
        struct mr_dns_question q;
        int rc = mr_dns_parse_query(msg, len, &q);
        outcomes[rc < 0 ? 7 : rc]++;
        if (rc < 0)
            continue;
        size_t limit = 12 + next() % 600, n;
        if (rc != MR_DNS_NOERROR) {
            n = mr_dns_build_error(msg, len, rc, out, limit);
        } else {
            if (strlen(q.name) > MR_DNS_NAME_MAX || q.question_end > len) {
                fprintf(stderr, "dns-fuzz: a parsed question outside its message\n");
                return 1;
            }
            uint32_t addresses[8], reverse;
            size_t found = 0;
            mr_dns_lookup(&records, q.name, addresses, 8, &found);
            const char *ptr_name = mr_dns_reverse_address(q.name, &reverse) == 0 ? mr_dns_lookup_address(&records, reverse) : NULL;
            n = mr_dns_build_answer(msg, &q, MR_DNS_NOERROR, addresses, found, next(), ptr_name, out, limit);
            /* What it wrote parses back as a response whose question is the query's. */
            struct mr_dns_question back;
            if (n && mr_dns_parse_query(out, n, &back) != -1) {
                fprintf(stderr, "dns-fuzz: an answer that reads as a query\n");
                return 1;
            }
        }
        if (n > limit) {
            fprintf(stderr, "dns-fuzz: answer of %zu bytes over its limit %zu\n", n, limit);
            return 1;
        }
    }
    long wrong = check_index(iterations / 1000 + 1);
    if (wrong != 0) {
        fprintf(stderr, "dns-fuzz: %ld lookups in the records' index differ from a scan of the records\n", wrong);
        return 1;
    }
    printf("parsed %ld, formerr %ld, notimp %ld, dropped %ld\n", outcomes[0], outcomes[1], outcomes[4], outcomes[7]);
    mr_dns_records_free(&records);
    return 0;
}
