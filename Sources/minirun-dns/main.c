/*
 * minirun-dns: the name server of one user-defined network (minirun has no daemon, so each network
 * gets this small process instead; see Sources/Runtime/Network/Engine+DNS.swift for who starts and
 * stops it).
 *
 *   minirun-dns LISTEN_ADDRESS SUBNET/PREFIX RECORDS_FILE PIDFILE RESOLV_CONF
 *
 * It listens on UDP and TCP port 53 of LISTEN_ADDRESS (the network's gateway, on the host's side of
 * the bridge: bound to that address only, never to 0.0.0.0) and answers only clients inside SUBNET,
 * so it is never an open resolver. Names come from RECORDS_FILE ("ADDRESS NAME..." lines, written
 * atomically by minirun whenever the network's membership changes); it is looked at again (stat:
 * inode, size, mtime) before every query, so the first query after `minirun rm` returns sees the
 * change. Names it does not hold are forwarded to the nameservers of RESOLV_CONF (systemd-resolved's
 * own list when that names only its 127.0.0.53 stub), over UDP, over TCP when the answer comes back
 * truncated; upstream answers are passed back unchanged.
 *
 * It binds its sockets, then forks: the parent writes the child's pid to PIDFILE and exits 0, so the
 * minirun that started it knows it is serving (or has its error on stderr and a non-zero status).
 * It exits by itself when RECORDS_FILE is gone or holds no name (the network's last container left).
 * One thread, one poll loop, no allocation per query: resident memory stays under 1 MiB.
 */
#include "mr_dns.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
    MAX_UPSTREAMS = 3,
    MAX_PENDING = 64,           /* forwarded UDP queries waiting for their upstream */
    MAX_QUERY = 1232,           /* a forwarded query is kept for a retry or a TCP fallback */
    UPSTREAM_TIMEOUT_MS = 2000, /* per upstream; glibc's resolver waits 5 s for us */
    TCP_TIMEOUT_MS = 1000,      /* a TCP client or upstream that stalls longer is dropped */
    MAX_ADDRESSES = 256,
};

static struct {
    uint32_t listen, subnet, mask;
    const char *records_path, *pidfile;
    struct sockaddr_in upstreams[MAX_UPSTREAMS];
    int upstream_count;
    struct mr_dns_records records;
    struct stat records_stat;
    size_t rotation;
} dns;

struct pending {
    int fd; /* -1 when free: a connected socket of its own, so the kernel picks a random port */
    int upstream;
    struct sockaddr_in client;
    size_t client_limit;
    long long deadline;
    size_t len;
    uint8_t query[MAX_QUERY];
};

static struct pending pending[MAX_PENDING];

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int in_subnet(uint32_t address) { return (address & dns.mask) == dns.subnet; }

/* Rereads the records when the file changed; 0 when the responder should go on, -1 when it ends. */
static int refresh_records(void)
{
    struct stat st;
    if (stat(dns.records_path, &st) < 0)
        return -1;
    if (st.st_ino == dns.records_stat.st_ino && st.st_size == dns.records_stat.st_size
        && st.st_mtim.tv_sec == dns.records_stat.st_mtim.tv_sec && st.st_mtim.tv_nsec == dns.records_stat.st_mtim.tv_nsec)
        return 0;
    int fd = open(dns.records_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    static char text[1 << 20];
    ssize_t n = read(fd, text, sizeof text);
    close(fd);
    if (n < 0 || mr_dns_records_parse(text, (size_t)n, &dns.records) < 0)
        return 0; /* keep what we had; the next change is read again */
    dns.records_stat = st;
    return dns.records.count ? 0 : -1;
}

static void add_upstreams(const char *path, int skip_stub)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f) && dns.upstream_count < MAX_UPSTREAMS) {
        char server[128];
        struct in_addr address;
        if (sscanf(line, " nameserver %127s", server) != 1 || inet_pton(AF_INET, server, &address) != 1)
            continue;
        uint32_t host = ntohl(address.s_addr);
        /* Never ourselves (a loop), nor systemd-resolved's stub when its real list is read instead. */
        if (host == dns.listen || (skip_stub && host == 0x7F000035))
            continue;
        struct sockaddr_in *u = &dns.upstreams[dns.upstream_count++];
        memset(u, 0, sizeof *u);
        u->sin_family = AF_INET;
        u->sin_port = htons(53);
        u->sin_addr = address;
    }
    fclose(f);
}

/* The host's resolvers; behind a systemd-resolved stub, the servers it uses itself. */
static void load_upstreams(const char *path)
{
    add_upstreams(path, 0);
    if (dns.upstream_count == 1 && ntohl(dns.upstreams[0].sin_addr.s_addr) == 0x7F000035) {
        dns.upstream_count = 0;
        add_upstreams("/run/systemd/resolve/resolv.conf", 1);
        if (dns.upstream_count == 0)
            add_upstreams(path, 0); /* no list of its own: the stub it is */
    }
}

/*
 * The answer to a query from inside the network: its length, 0 to drop it, or -1 when it is not
 * for this network and goes upstream.
 */
static ssize_t answer_locally(const uint8_t *query, size_t len, uint8_t *out, size_t max_tcp_or_0)
{
    struct mr_dns_question q;
    int parsed = mr_dns_parse_query(query, len, &q);
    if (parsed < 0)
        return 0;
    if (parsed != MR_DNS_NOERROR)
        return (ssize_t)mr_dns_build_error(query, len, parsed, out, 512);
    size_t limit = max_tcp_or_0 ? max_tcp_or_0 : mr_dns_udp_limit(&q);
    refresh_records();
    uint32_t addresses[MAX_ADDRESSES];
    size_t count = 0;
    uint32_t reverse;
    if (q.type == MR_DNS_TYPE_PTR && mr_dns_reverse_address(q.name, &reverse) == 0) {
        const char *name = mr_dns_lookup_address(&dns.records, reverse);
        if (name)
            return (ssize_t)mr_dns_build_answer(query, &q, MR_DNS_NOERROR, NULL, 0, 0, name, out, limit);
        if (in_subnet(reverse))
            return (ssize_t)mr_dns_build_answer(query, &q, MR_DNS_NXDOMAIN, NULL, 0, 0, NULL, out, limit);
        return -1;
    }
    if (mr_dns_lookup(&dns.records, q.name, addresses, MAX_ADDRESSES, &count)) {
        /* A known name: its addresses for A (and ANY); no other record, so AAAA and the rest are
         * an empty NOERROR - never NXDOMAIN, which would tell the client the name does not exist. */
        int wants_a = (q.type == MR_DNS_TYPE_A || q.type == MR_DNS_TYPE_ANY) && q.qclass == MR_DNS_CLASS_IN;
        size_t n = wants_a ? count : 0;
        /* Turned for each A answer only: a client asks A and AAAA in pairs. */
        size_t rotate = n > 1 ? dns.rotation++ : 0;
        return (ssize_t)mr_dns_build_answer(query, &q, MR_DNS_NOERROR, addresses, n, rotate, NULL, out, limit);
    }
    /* A single label is a container's name or nothing: the network's own domain. */
    if (strchr(q.name, '.') == NULL)
        return (ssize_t)mr_dns_build_answer(query, &q, MR_DNS_NXDOMAIN, NULL, 0, 0, NULL, out, limit);
    return -1;
}

static int wait_for(int fd, short events, long long deadline)
{
    struct pollfd p = {.fd = fd, .events = events};
    long long left = deadline - now_ms();
    if (left <= 0)
        return -1;
    return poll(&p, 1, (int)left) == 1 && !(p.revents & POLLNVAL) ? 0 : -1;
}

static int read_full(int fd, uint8_t *buf, size_t len, long long deadline)
{
    size_t got = 0;
    while (got < len) {
        if (wait_for(fd, POLLIN, deadline) < 0)
            return -1;
        ssize_t n = read(fd, buf + got, len - got);
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    return 0;
}

static int write_full(int fd, const uint8_t *buf, size_t len, long long deadline)
{
    size_t sent = 0;
    while (sent < len) {
        if (wait_for(fd, POLLOUT, deadline) < 0)
            return -1;
        ssize_t n = send(fd, buf + sent, len - sent, MSG_NOSIGNAL);
        if (n <= 0)
            return -1;
        sent += (size_t)n;
    }
    return 0;
}

/* One query over TCP to an upstream; the answer's length or -1. */
static ssize_t tcp_exchange(const struct sockaddr_in *upstream, const uint8_t *query, size_t len, uint8_t *answer, size_t max)
{
    long long deadline = now_ms() + TCP_TIMEOUT_MS;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    ssize_t result = -1;
    uint8_t prefix[2] = {(uint8_t)(len >> 8), (uint8_t)len};
    if ((connect(fd, (const struct sockaddr *)upstream, sizeof *upstream) == 0 || errno == EINPROGRESS)
        && write_full(fd, prefix, 2, deadline) == 0 && write_full(fd, query, len, deadline) == 0
        && read_full(fd, prefix, 2, deadline) == 0) {
        size_t n = (size_t)prefix[0] << 8 | prefix[1];
        if (n >= MR_DNS_HEADER && n <= max && read_full(fd, answer, n, deadline) == 0)
            result = (ssize_t)n;
    }
    close(fd);
    return result;
}

static void reply_udp(int udp, const uint8_t *msg, size_t len, const struct sockaddr_in *client)
{
    if (len)
        sendto(udp, msg, len, MSG_DONTWAIT, (const struct sockaddr *)client, sizeof *client);
}

static void servfail(int udp, struct pending *p)
{
    uint8_t out[MR_DNS_HEADER];
    reply_udp(udp, out, mr_dns_build_error(p->query, p->len, MR_DNS_SERVFAIL, out, sizeof out), &p->client);
}

static int send_upstream(struct pending *p)
{
    while (p->upstream < dns.upstream_count) {
        if (p->fd >= 0)
            close(p->fd);
        p->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        const struct sockaddr_in *u = &dns.upstreams[p->upstream];
        if (p->fd >= 0 && connect(p->fd, (const struct sockaddr *)u, sizeof *u) == 0 && send(p->fd, p->query, p->len, 0) == (ssize_t)p->len) {
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
}

static void forward_udp(int udp, const uint8_t *query, size_t len, const struct sockaddr_in *client)
{
    struct pending *p = NULL;
    for (int i = 0; i < MAX_PENDING && !p; i++)
        if (pending[i].fd < 0)
            p = &pending[i];
    struct mr_dns_question q;
    mr_dns_parse_query(query, len, &q);
    struct pending overflow = {.fd = -1, .client = *client, .len = len < MAX_QUERY ? len : MR_DNS_HEADER};
    memcpy(overflow.query, query, overflow.len);
    if (!p || len > MAX_QUERY || dns.upstream_count == 0) {
        servfail(udp, &overflow);
        return;
    }
    *p = overflow;
    p->len = len;
    p->client_limit = mr_dns_udp_limit(&q);
    if (send_upstream(p) < 0) {
        servfail(udp, p);
        finish(p);
    }
}

static void upstream_answered(int udp, struct pending *p)
{
    static uint8_t answer[65535];
    ssize_t n = recv(p->fd, answer, sizeof answer, 0);
    if (n < MR_DNS_HEADER || answer[0] != p->query[0] || answer[1] != p->query[1])
        return; /* not the answer (a refused port, a stray datagram): wait on */
    if (answer[2] & 0x02) {
        /* Truncated: the whole answer over TCP, when the client can take it over UDP; else the
         * truncated one, so that the client asks again over TCP. */
        ssize_t whole = tcp_exchange(&dns.upstreams[p->upstream], p->query, p->len, answer + 4096, sizeof answer - 4096);
        if (whole > 0 && (size_t)whole <= p->client_limit) {
            memmove(answer, answer + 4096, (size_t)whole);
            n = whole;
        }
    }
    reply_udp(udp, answer, (size_t)n, &p->client);
    finish(p);
}

static void serve_udp(int udp)
{
    static uint8_t query[4096], out[4096];
    for (int i = 0; i < 64; i++) {
        struct sockaddr_in client;
        socklen_t size = sizeof client;
        ssize_t n = recvfrom(udp, query, sizeof query, MSG_DONTWAIT, (struct sockaddr *)&client, &size);
        if (n < 0)
            return;
        if (client.sin_family != AF_INET || !in_subnet(ntohl(client.sin_addr.s_addr)))
            continue;
        ssize_t len = answer_locally(query, (size_t)n, out, 0);
        if (len < 0)
            forward_udp(udp, query, (size_t)n, &client);
        else
            reply_udp(udp, out, (size_t)len, &client);
    }
}

/* One TCP connection, served at once: its queries until it closes or stalls (TCP_TIMEOUT_MS). */
static void serve_tcp(int listener)
{
    static uint8_t query[65535], out[65535 + 2];
    struct sockaddr_in client;
    socklen_t size = sizeof client;
    int fd = accept4(listener, (struct sockaddr *)&client, &size, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0)
        return;
    long long deadline = now_ms() + TCP_TIMEOUT_MS;
    uint8_t prefix[2];
    while (in_subnet(ntohl(client.sin_addr.s_addr)) && read_full(fd, prefix, 2, deadline) == 0) {
        size_t n = (size_t)prefix[0] << 8 | prefix[1];
        if (read_full(fd, query, n, deadline) < 0)
            break;
        ssize_t len = answer_locally(query, n, out + 2, sizeof out - 2);
        if (len < 0) {
            len = -1;
            for (int u = 0; u < dns.upstream_count && len < 0; u++)
                len = tcp_exchange(&dns.upstreams[u], query, n, out + 2, sizeof out - 2);
            if (len < 0)
                len = (ssize_t)mr_dns_build_error(query, n, MR_DNS_SERVFAIL, out + 2, sizeof out - 2);
        }
        if (len == 0)
            break;
        out[0] = (uint8_t)(len >> 8);
        out[1] = (uint8_t)len;
        if (write_full(fd, out, (size_t)len + 2, deadline) < 0)
            break;
        deadline = now_ms() + TCP_TIMEOUT_MS;
    }
    close(fd);
}

static int bind_socket(int type)
{
    int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0)
        return -1;
    if (type == SOCK_STREAM)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(53), .sin_addr.s_addr = htonl(dns.listen)};
    if (bind(fd, (struct sockaddr *)&address, sizeof address) < 0 || (type == SOCK_STREAM && listen(fd, 64) < 0)) {
        close(fd);
        return -1;
    }
    return fd;
}

static int write_pidfile(pid_t pid)
{
    char temporary[4096], text[32];
    if (snprintf(temporary, sizeof temporary, "%s.tmp", dns.pidfile) >= (int)sizeof temporary)
        return -1;
    int fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    int len = snprintf(text, sizeof text, "%d\n", (int)pid);
    int ok = write(fd, text, (size_t)len) == len;
    close(fd);
    return ok && rename(temporary, dns.pidfile) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    struct in_addr listen_address, subnet;
    int prefix;
    char subnet_text[32];
    if (argc != 6 || inet_pton(AF_INET, argv[1], &listen_address) != 1
        || sscanf(argv[2], "%31[0-9.]/%d", subnet_text, &prefix) != 2 || prefix < 0 || prefix > 32
        || inet_pton(AF_INET, subnet_text, &subnet) != 1) {
        fprintf(stderr, "usage: minirun-dns LISTEN_ADDRESS SUBNET/PREFIX RECORDS_FILE PIDFILE RESOLV_CONF\n");
        return 2;
    }
    dns.listen = ntohl(listen_address.s_addr);
    dns.mask = prefix ? 0xFFFFFFFFu << (32 - prefix) : 0;
    dns.subnet = ntohl(subnet.s_addr) & dns.mask;
    dns.records_path = argv[3];
    dns.pidfile = argv[4];
    for (int i = 0; i < MAX_PENDING; i++)
        pending[i].fd = -1;
    if (refresh_records() < 0) {
        fprintf(stderr, "minirun-dns: %s: no names to serve\n", dns.records_path);
        return 1;
    }
    load_upstreams(argv[5]);
    int udp = bind_socket(SOCK_DGRAM), tcp = bind_socket(SOCK_STREAM);
    if (udp < 0 || tcp < 0) {
        fprintf(stderr, "minirun-dns: cannot listen on %s port 53: %s\n", argv[1], strerror(errno));
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    pid_t child = fork();
    if (child < 0) {
        perror("minirun-dns: fork");
        return 1;
    }
    if (child > 0) {
        if (write_pidfile(child) < 0) {
            kill(child, SIGKILL);
            perror("minirun-dns: pidfile");
            return 1;
        }
        return 0;
    }
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null >= 0)
        dup2(null, 0);
    for (;;) {
        struct pollfd fds[2 + MAX_PENDING];
        int map[2 + MAX_PENDING], n = 2;
        fds[0] = (struct pollfd){.fd = udp, .events = POLLIN};
        fds[1] = (struct pollfd){.fd = tcp, .events = POLLIN};
        long long now = now_ms(), wake = now + 1000;
        for (int i = 0; i < MAX_PENDING; i++) {
            if (pending[i].fd < 0)
                continue;
            fds[n] = (struct pollfd){.fd = pending[i].fd, .events = POLLIN};
            map[n++] = i;
            if (pending[i].deadline < wake)
                wake = pending[i].deadline;
        }
        int ready = poll(fds, (nfds_t)n, wake > now ? (int)(wake - now) : 0);
        if (ready < 0 && errno != EINTR)
            return 1;
        if (refresh_records() < 0)
            return 0; /* the network's last container left, or the network is gone */
        if (ready > 0) {
            if (fds[0].revents)
                serve_udp(udp);
            if (fds[1].revents)
                serve_tcp(tcp);
            for (int i = 2; i < n; i++)
                if (fds[i].revents && pending[map[i]].fd >= 0)
                    upstream_answered(udp, &pending[map[i]]);
        }
        now = now_ms();
        for (int i = 0; i < MAX_PENDING; i++) {
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
}
