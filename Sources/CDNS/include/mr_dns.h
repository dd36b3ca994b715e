#ifndef MR_DNS_H
#define MR_DNS_H

/*
 * The DNS wire format as minirun-dns needs it: a query parsed (RFC 1035, compression pointers and
 * an EDNS0 OPT record in the additional section, RFC 6891), the records of one network, and the
 * answers built from them. Pure functions over byte buffers, so the fuzz test (Tests/DNSFuzz) drives
 * exactly what the responder runs. Nothing here allocates except the records table.
 */

#include <stddef.h>
#include <stdint.h>

enum {
    MR_DNS_HEADER = 12,
    MR_DNS_NAME_MAX = 255,      /* dotted, without the trailing dot */
    MR_DNS_TYPE_A = 1,
    MR_DNS_TYPE_PTR = 12,
    MR_DNS_TYPE_AAAA = 28,
    MR_DNS_TYPE_OPT = 41,
    MR_DNS_TYPE_ANY = 255,
    MR_DNS_CLASS_IN = 1,
    MR_DNS_NOERROR = 0,
    MR_DNS_FORMERR = 1,
    MR_DNS_SERVFAIL = 2,
    MR_DNS_NXDOMAIN = 3,
    MR_DNS_NOTIMP = 4,
    MR_DNS_REFUSED = 5,
    MR_DNS_TTL = 600,           /* Docker's embedded DNS answers with 600 s as well */
};

struct mr_dns_question {
    char name[MR_DNS_NAME_MAX + 1]; /* lower case, "" for the root */
    uint16_t type, qclass;
    size_t question_end;            /* offset just after the question section */
    int has_edns;
    uint16_t edns_size;             /* the client's UDP payload size, when has_edns */
};

/*
 * Reads the (possibly compressed) name at *offset into out as lower-case dotted text and moves
 * *offset past it. Pointers must point backwards, at most 64 of them per name. 0 or -1.
 */
int mr_dns_read_name(const uint8_t *msg, size_t len, size_t *offset, char *out, size_t out_size);

/*
 * Parses a query. Returns MR_DNS_NOERROR, MR_DNS_FORMERR (answer with FORMERR), MR_DNS_NOTIMP
 * (an opcode other than QUERY), or -1: not a query at all (shorter than a header, or a response),
 * which is dropped so that two responders can never answer each other in a loop.
 */
int mr_dns_parse_query(const uint8_t *msg, size_t len, struct mr_dns_question *q);

/*
 * One network's names: (address, name) pairs in file order, names lower case, and an index built
 * with them, so that a query finds its name in one probe rather than by comparing it with every
 * name of the network (a network of a few hundred containers has a thousand names and aliases).
 */
struct mr_dns_records {
    uint32_t *addresses; /* host byte order */
    char **names;
    size_t count;
    size_t slots;        /* the size of the two tables below: a power of two, at least twice count */
    size_t *by_name;     /* open addressing: the first pair of each name, or MR_DNS_NO_PAIR */
    size_t *by_address;  /* the same for each address */
    size_t *same_name;   /* the next pair with pair i's name, in file order, or MR_DNS_NO_PAIR */
};
#define MR_DNS_NO_PAIR ((size_t)-1)

/*
 * Parses the records file: lines "ADDRESS NAME [NAME...]" as in /etc/hosts, '#' comments, and
 * indexes it. A line that does not parse is skipped. Returns 0 or -1 (out of memory: r then holds
 * nothing); frees what r held before.
 */
int mr_dns_records_parse(const char *text, size_t len, struct mr_dns_records *r);
void mr_dns_records_free(struct mr_dns_records *r);

/* Whether `name` is known; its addresses (at most max, in file order) into out. */
int mr_dns_lookup(const struct mr_dns_records *r, const char *name, uint32_t *out, size_t max, size_t *found);
/* The first name recorded for address, or NULL. */
const char *mr_dns_lookup_address(const struct mr_dns_records *r, uint32_t address);
/* The address a name under in-addr.arpa stands for: 0 or -1 when it is not one. */
int mr_dns_reverse_address(const char *name, uint32_t *address);

/*
 * The response to a parsed query: its question echoed, rcode, and as answers either the addresses
 * (starting at rotate % count, so that several containers behind one name share the load) or one
 * PTR name. Answers that do not fit in max set TC. Returns the length.
 */
size_t mr_dns_build_answer(const uint8_t *query, const struct mr_dns_question *q, int rcode,
                           const uint32_t *addresses, size_t count, size_t rotate,
                           const char *ptr_name, uint8_t *out, size_t max);

/* An error response (FORMERR, NOTIMP, SERVFAIL) without a question; 0 when the query is too short. */
size_t mr_dns_build_error(const uint8_t *query, size_t len, int rcode, uint8_t *out, size_t max);

/* The largest response a client takes over UDP: 512, or its EDNS0 size up to 4096. */
size_t mr_dns_udp_limit(const struct mr_dns_question *q);

#endif
