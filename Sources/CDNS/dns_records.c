#include "mr_dns.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

void mr_dns_records_free(struct mr_dns_records *r)
{
    for (size_t i = 0; i < r->count; i++)
        free(r->names[i]);
    free(r->names);
    free(r->addresses);
    free(r->by_name);
    free(r->same_name);
    memset(r, 0, sizeof *r);
}

/* FNV-1a: names are short, and any spread will do for a table at most half full. */
static size_t name_slot(const struct mr_dns_records *r, const char *name)
{
    uint32_t h = 2166136261u;
    for (; *name; name++)
        h = (h ^ (uint8_t)*name) * 16777619u;
    return h & (r->slots - 1);
}

static size_t address_slot(const struct mr_dns_records *r, uint32_t address)
{
    return (size_t)((address * 2654435769u) >> 7) & (r->slots - 1);
}

/* The slot of name's chain, or the empty slot where it would go. */
static size_t find_name(const struct mr_dns_records *r, const char *name)
{
    size_t slot = name_slot(r, name);
    while (r->by_name[slot] != MR_DNS_NO_PAIR && strcmp(r->names[r->by_name[slot]], name) != 0)
        slot = (slot + 1) & (r->slots - 1);
    return slot;
}

static size_t find_address(const struct mr_dns_records *r, uint32_t address)
{
    size_t slot = address_slot(r, address);
    while (r->by_address[slot] != MR_DNS_NO_PAIR && r->addresses[r->by_address[slot]] != address)
        slot = (slot + 1) & (r->slots - 1);
    return slot;
}

/* Pairs taken last to first, each put in front of its name's chain: the chains are in file order,
 * and each table ends up naming the first pair of a name or an address. */
static int build_index(struct mr_dns_records *r)
{
    r->slots = 16;
    while (r->slots < 2 * r->count)
        r->slots *= 2;
    r->by_name = malloc(2 * r->slots * sizeof *r->by_name);
    r->same_name = malloc((r->count ? r->count : 1) * sizeof *r->same_name);
    if (!r->by_name || !r->same_name)
        return -1;
    r->by_address = r->by_name + r->slots;
    for (size_t i = 0; i < 2 * r->slots; i++)
        r->by_name[i] = MR_DNS_NO_PAIR;
    for (size_t i = r->count; i-- > 0;) {
        size_t slot = find_name(r, r->names[i]);
        r->same_name[i] = r->by_name[slot];
        r->by_name[slot] = i;
        r->by_address[find_address(r, r->addresses[i])] = i;
    }
    return 0;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static int parse_pairs(const char *text, size_t len, struct mr_dns_records *r)
{
    size_t capacity = 0;
    const char *end = text + len;
    while (text < end) {
        const char *line_end = memchr(text, '\n', (size_t)(end - text));
        if (!line_end)
            line_end = end;
        char fields[16][MR_DNS_NAME_MAX + 1];
        size_t nfields = 0;
        const char *p = text;
        while (p < line_end && *p != '#' && nfields < 16) {
            while (p < line_end && is_space(*p))
                p++;
            const char *start = p;
            while (p < line_end && !is_space(*p) && *p != '#')
                p++;
            size_t n = (size_t)(p - start);
            if (n == 0)
                break;
            if (n > MR_DNS_NAME_MAX)
                n = 0; /* not a name: the field is dropped below */
            memcpy(fields[nfields], start, n);
            fields[nfields][n] = 0;
            for (size_t i = 0; i < n; i++)
                if (fields[nfields][i] >= 'A' && fields[nfields][i] <= 'Z')
                    fields[nfields][i] += 32;
            if (n)
                nfields++;
        }
        text = line_end + 1;
        struct in_addr address;
        if (nfields < 2 || inet_pton(AF_INET, fields[0], &address) != 1)
            continue;
        for (size_t i = 1; i < nfields; i++) {
            if (r->count == capacity) {
                size_t grown = capacity ? capacity * 2 : 16;
                uint32_t *addresses = realloc(r->addresses, grown * sizeof *addresses);
                if (!addresses)
                    return -1;
                r->addresses = addresses;
                char **names = realloc(r->names, grown * sizeof *names);
                if (!names)
                    return -1;
                r->names = names;
                capacity = grown;
            }
            r->names[r->count] = strdup(fields[i]);
            if (!r->names[r->count])
                return -1;
            r->addresses[r->count++] = ntohl(address.s_addr);
        }
    }
    return 0;
}

int mr_dns_records_parse(const char *text, size_t len, struct mr_dns_records *r)
{
    mr_dns_records_free(r);
    if (parse_pairs(text, len, r) < 0 || build_index(r) < 0) {
        mr_dns_records_free(r);
        return -1;
    }
    return 0;
}

int mr_dns_lookup(const struct mr_dns_records *r, const char *name, uint32_t *out, size_t max, size_t *found)
{
    size_t n = 0;
    size_t first = r->slots ? r->by_name[find_name(r, name)] : MR_DNS_NO_PAIR;
    for (size_t i = first; i != MR_DNS_NO_PAIR; i = r->same_name[i]) {
        int duplicate = 0;
        for (size_t j = 0; j < n; j++)
            duplicate |= out[j] == r->addresses[i];
        if (!duplicate && n < max)
            out[n++] = r->addresses[i];
    }
    *found = n;
    return first != MR_DNS_NO_PAIR;
}

const char *mr_dns_lookup_address(const struct mr_dns_records *r, uint32_t address)
{
    size_t first = r->slots ? r->by_address[find_address(r, address)] : MR_DNS_NO_PAIR;
    return first != MR_DNS_NO_PAIR ? r->names[first] : NULL;
}

int mr_dns_reverse_address(const char *name, uint32_t *address)
{
    static const char suffix[] = ".in-addr.arpa";
    size_t len = strlen(name), slen = sizeof suffix - 1;
    if (len <= slen || strcmp(name + len - slen, suffix) != 0)
        return -1;
    uint32_t octets[4];
    int count = 0;
    const char *p = name, *stop = name + len - slen;
    while (p < stop) {
        if (count == 4)
            return -1;
        uint32_t v = 0;
        int digits = 0;
        while (p < stop && *p >= '0' && *p <= '9' && digits < 4) {
            v = v * 10 + (uint32_t)(*p++ - '0');
            digits++;
        }
        if (digits == 0 || digits > 3 || v > 255 || (p < stop && *p != '.'))
            return -1;
        octets[count++] = v;
        if (p < stop)
            p++;
    }
    if (count != 4)
        return -1;
    *address = octets[3] << 24 | octets[2] << 16 | octets[1] << 8 | octets[0];
    return 0;
}
