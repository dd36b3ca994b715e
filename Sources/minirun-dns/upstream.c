/*
 * Names the network does not hold go to the host's resolvers: the nameservers of RESOLV_CONF, IPv4
 * or IPv6 (a link-local one with its %zone), or, when that names only systemd-resolved's 127.0.0.53
 * stub, the servers the stub itself uses. The responder runs in the host's network namespace, so a
 * loopback resolver of the host is reachable from it, as it is not from a container. Queries go
 * over UDP, each from a connected socket of its own (the kernel picks a random source port), and
 * over TCP when the answer comes back truncated; answers are passed back unchanged.
 */
#include "responder.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum {
    MAX_UPSTREAMS = 3,          /* glibc's MAXNS: it reads no more either */
    MAX_QUERY = 1232,           /* a forwarded query is kept for a retry or a TCP fallback */
    UPSTREAM_TIMEOUT_MS = 2000, /* per upstream; glibc's resolver waits 5 s for us */
    TCP_TIMEOUT_MS = 1000,      /* an upstream that stalls longer over TCP is given up */
    SYSTEMD_STUB = 0x7F000035,  /* 127.0.0.53 */
};

struct upstream {
    struct sockaddr_storage address;
    socklen_t size;
};

static struct upstream upstreams[MAX_UPSTREAMS];
static int upstream_count;

struct pending {
    int fd; /* -1 when free */
    int upstream;
    struct sockaddr_in client;
    size_t client_limit;
    long long deadline;
    size_t len;
    uint8_t query[MAX_QUERY];
};

static struct pending pending[UPSTREAM_PENDING];
/* The sockets of the pending queries, each tagged with its index: registered once when a query is
 * sent (close() takes it out), so that the responder's loop waits on this one fd however many wait. */
static int waiting = -1;
static int waiting_count;

/*
 * A nameserver line's address. inet_pton rather than getaddrinfo, which a static program must not
 * call (it may load NSS modules); a zone is an interface's index or name, as in fe80::1%eth0.
 */
static int parse_server(const char *text, struct upstream *u)
{
    memset(u, 0, sizeof *u);
    struct sockaddr_in *v4 = (struct sockaddr_in *)&u->address;
    if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(53);
        u->size = sizeof *v4;
        return 0;
    }
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&u->address;
    char address[INET6_ADDRSTRLEN];
    const char *zone = strchr(text, '%');
    size_t len = zone ? (size_t)(zone - text) : strlen(text);
    if (len >= sizeof address)
        return -1;
    memcpy(address, text, len);
    address[len] = 0;
    if (inet_pton(AF_INET6, address, &v6->sin6_addr) != 1)
        return -1;
    if (zone) {
        char *end;
        unsigned long index = strtoul(zone + 1, &end, 10);
        if (end == zone + 1 || *end)
            index = if_nametoindex(zone + 1);
        if (index == 0 || index > UINT32_MAX)
            return -1;
        v6->sin6_scope_id = (uint32_t)index;
    }
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(53);
    u->size = sizeof *v6;
    return 0;
}

static uint32_t ipv4_of(const struct upstream *u)
{
    return u->address.ss_family == AF_INET ? ntohl(((const struct sockaddr_in *)&u->address)->sin_addr.s_addr) : 0;
}

static void add_upstreams(const char *path, uint32_t listen, int skip_stub)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f) && upstream_count < MAX_UPSTREAMS) {
        char server[128];
        struct upstream *u = &upstreams[upstream_count];
        if (sscanf(line, " nameserver %127s", server) != 1 || parse_server(server, u) < 0)
            continue;
        /* Never ourselves (a loop), nor systemd-resolved's stub when its real list is read instead. */
        if (ipv4_of(u) == listen || (skip_stub && ipv4_of(u) == SYSTEMD_STUB))
            continue;
        upstream_count++;
    }
    fclose(f);
}

void upstreams_load(const char *resolv_conf, uint32_t listen)
{
    add_upstreams(resolv_conf, listen, 0);
    if (upstream_count == 1 && ipv4_of(&upstreams[0]) == SYSTEMD_STUB) {
        upstream_count = 0;
        add_upstreams("/run/systemd/resolve/resolv.conf", listen, 1);
        if (upstream_count == 0)
            add_upstreams(resolv_conf, listen, 0); /* no list of its own: the stub it is */
    }
    for (int i = 0; i < UPSTREAM_PENDING; i++)
        pending[i].fd = -1;
    waiting = epoll_create1(EPOLL_CLOEXEC);
}

int upstream_fd(void) { return waiting; }

/* One query over TCP to an upstream; the answer's length or -1. */
static ssize_t tcp_exchange(const struct upstream *u, const uint8_t *query, size_t len, uint8_t *answer, size_t max)
{
    long long deadline = now_ms() + TCP_TIMEOUT_MS;
    int fd = socket(u->address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    ssize_t result = -1;
    uint8_t prefix[2] = {(uint8_t)(len >> 8), (uint8_t)len};
    if ((connect(fd, (const struct sockaddr *)&u->address, u->size) == 0 || errno == EINPROGRESS)
        && write_full(fd, prefix, 2, deadline) == 0 && write_full(fd, query, len, deadline) == 0
        && read_full(fd, prefix, 2, deadline) == 0) {
        size_t n = (size_t)prefix[0] << 8 | prefix[1];
        if (n >= MR_DNS_HEADER && n <= max && read_full(fd, answer, n, deadline) == 0)
            result = (ssize_t)n;
    }
    close(fd);
    return result;
}

ssize_t upstream_tcp(const uint8_t *query, size_t len, uint8_t *answer, size_t max)
{
    ssize_t n = -1;
    for (int u = 0; u < upstream_count && n < 0; u++)
        n = tcp_exchange(&upstreams[u], query, len, answer, max);
    return n;
}

static void reply(int udp, const uint8_t *msg, size_t len, const struct sockaddr_in *client)
{
    if (len)
        sendto(udp, msg, len, MSG_DONTWAIT, (const struct sockaddr *)client, sizeof *client);
}

static void servfail(int udp, const struct pending *p)
{
    uint8_t out[MR_DNS_HEADER];
    reply(udp, out, mr_dns_build_error(p->query, p->len, MR_DNS_SERVFAIL, out, sizeof out), &p->client);
}

static int send_upstream(struct pending *p)
{
    while (p->upstream < upstream_count) {
        if (p->fd >= 0)
            close(p->fd);
        const struct upstream *u = &upstreams[p->upstream];
        p->fd = socket(u->address.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        struct epoll_event event = {.events = EPOLLIN, .data.u32 = (uint32_t)(p - pending)};
        if (p->fd >= 0 && connect(p->fd, (const struct sockaddr *)&u->address, u->size) == 0
            && epoll_ctl(waiting, EPOLL_CTL_ADD, p->fd, &event) == 0 && send(p->fd, p->query, p->len, 0) == (ssize_t)p->len) {
            p->deadline = now_ms() + UPSTREAM_TIMEOUT_MS;
            return 0;
        }
        p->upstream++;
    }
    return -1;
}

static void finish(struct pending *p)
{
    if (p->fd >= 0)
        close(p->fd);
    p->fd = -1;
    waiting_count--;
}

void upstream_forward_udp(int udp, const uint8_t *query, size_t len, const struct sockaddr_in *client)
{
    struct pending *p = NULL;
    for (int i = 0; i < UPSTREAM_PENDING && !p; i++)
        if (pending[i].fd < 0)
            p = &pending[i];
    struct mr_dns_question q;
    mr_dns_parse_query(query, len, &q);
    struct pending overflow = {.fd = -1, .client = *client, .len = len < MAX_QUERY ? len : MR_DNS_HEADER};
    memcpy(overflow.query, query, overflow.len);
    if (!p || len > MAX_QUERY || upstream_count == 0) {
        servfail(udp, &overflow);
        return;
    }
    *p = overflow;
    waiting_count++;
    p->len = len;
    p->client_limit = mr_dns_udp_limit(&q);
    if (send_upstream(p) < 0) {
        servfail(udp, p);
        finish(p);
    }
}

long long upstream_deadline(void)
{
    long long earliest = -1;
    for (int i = 0; i < UPSTREAM_PENDING && waiting_count; i++)
        if (pending[i].fd >= 0 && (earliest < 0 || pending[i].deadline < earliest))
            earliest = pending[i].deadline;
    return earliest;
}

static void answered(int udp, struct pending *p)
{
    static uint8_t answer[65535];
    ssize_t n = recv(p->fd, answer, sizeof answer, 0);
    if (n < MR_DNS_HEADER || answer[0] != p->query[0] || answer[1] != p->query[1])
        return; /* not the answer (a refused port, a stray datagram): wait on */
    if (answer[2] & 0x02) {
        /* Truncated: the whole answer over TCP, when the client can take it over UDP; else the
         * truncated one, so that the client asks again over TCP. */
        ssize_t whole = tcp_exchange(&upstreams[p->upstream], p->query, p->len, answer + 4096, sizeof answer - 4096);
        if (whole > 0 && (size_t)whole <= p->client_limit) {
            memmove(answer, answer + 4096, (size_t)whole);
            n = whole;
        }
    }
    reply(udp, answer, (size_t)n, &p->client);
    finish(p);
}

void upstream_answered(int udp)
{
    struct epoll_event ready[UPSTREAM_PENDING];
    int n = epoll_wait(waiting, ready, UPSTREAM_PENDING, 0);
    for (int i = 0; i < n; i++) {
        struct pending *p = &pending[ready[i].data.u32];
        if (p->fd >= 0)
            answered(udp, p);
    }
}

void upstream_expire(int udp)
{
    long long now = now_ms();
    for (int i = 0; i < UPSTREAM_PENDING && waiting_count; i++) {
        struct pending *p = &pending[i];
        if (p->fd < 0 || p->deadline > now)
            continue;
        p->upstream++;
        if (send_upstream(p) < 0) {
            servfail(udp, p);
            finish(p);
        }
    }
}
