/*
 * minirun-dns: the name server of one user-defined network (minirun has no daemon, so each network
 * gets this small process instead; see Sources/Runtime/Network/Engine+DNS.swift for who starts and
 * stops it).
 *
 *   minirun-dns LISTEN_ADDRESS SUBNET/PREFIX RECORDS_FILE PIDFILE RESOLV_CONF
 *
 * It listens on UDP and TCP port 53 of LISTEN_ADDRESS (the network's gateway, on the host's side of
 * the bridge: bound to that address only, never to 0.0.0.0) and answers only clients inside SUBNET,
 * so it is never an open resolver. Names come from RECORDS_FILE ("ADDRESS NAME..." lines; records.c
 * says how a change is seen by the next query). Names it does not hold are forwarded to the
 * nameservers of RESOLV_CONF (upstream.c).
 *
 * It binds its sockets, then forks: the parent writes the child's pid to PIDFILE and exits 0, so the
 * minirun that started it knows it is serving (or has its error on stderr and a non-zero status).
 * It exits by itself when RECORDS_FILE is gone or holds no name (the network's last container left).
 * One thread, one epoll loop, no allocation per query. UDP queries are taken in batches (recvmmsg)
 * and their answers sent in one sendmmsg: under load a query costs a fraction of two system calls.
 * What a query's latency is made of, on a machine where the client shares the cores, is mostly
 * waiting for a core: see ask_for_short_turns.
 */
#include "responder.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

enum {
    BATCH = 32,             /* UDP queries taken per recvmmsg */
    MAX_MESSAGE = 4096,     /* the largest UDP message taken or answered (EDNS0's common limit) */
    TCP_TIMEOUT_MS = 1000,  /* a TCP client that stalls longer is dropped */
    MAX_ADDRESSES = 256,
};

static struct {
    uint32_t listen, subnet, mask;
    const char *pidfile;
    size_t rotation;
} dns;

static int in_subnet(uint32_t address) { return (address & dns.mask) == dns.subnet; }

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
    uint32_t addresses[MAX_ADDRESSES];
    size_t count = 0;
    uint32_t reverse;
    if (q.type == MR_DNS_TYPE_PTR && mr_dns_reverse_address(q.name, &reverse) == 0) {
        const char *name = mr_dns_lookup_address(&records, reverse);
        if (name)
            return (ssize_t)mr_dns_build_answer(query, &q, MR_DNS_NOERROR, NULL, 0, 0, name, out, limit);
        if (in_subnet(reverse))
            return (ssize_t)mr_dns_build_answer(query, &q, MR_DNS_NXDOMAIN, NULL, 0, 0, NULL, out, limit);
        return -1;
    }
    if (mr_dns_lookup(&records, q.name, addresses, MAX_ADDRESSES, &count)) {
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

/* The UDP queries waiting, batch by batch; -1 when the responder is to end (its records went). */
static int serve_udp(int udp)
{
    static uint8_t queries[BATCH][MAX_MESSAGE], answers[BATCH][MAX_MESSAGE];
    static struct sockaddr_in clients[BATCH];
    static struct iovec query_vectors[BATCH], answer_vectors[BATCH];
    static struct mmsghdr received[BATCH], replies[BATCH];
    /* A few batches at most, so that TCP clients and upstream answers get their turn. */
    for (int round = 0; round < 4; round++) {
        for (int i = 0; i < BATCH; i++) {
            query_vectors[i] = (struct iovec){.iov_base = queries[i], .iov_len = MAX_MESSAGE};
            received[i].msg_hdr = (struct msghdr){
                .msg_name = &clients[i], .msg_namelen = sizeof clients[i], .msg_iov = &query_vectors[i], .msg_iovlen = 1};
        }
        int n = recvmmsg(udp, received, BATCH, MSG_DONTWAIT, NULL);
        if (n <= 0)
            return 0;
        /* After the batch is in, before it is answered: see records.c. */
        if (records_sync() < 0)
            return -1;
        int count = 0;
        for (int i = 0; i < n; i++) {
            const struct sockaddr_in *client = &clients[i];
            if (received[i].msg_hdr.msg_namelen < sizeof *client || client->sin_family != AF_INET
                || !in_subnet(ntohl(client->sin_addr.s_addr)))
                continue;
            ssize_t len = answer_locally(queries[i], received[i].msg_len, answers[count], 0);
            if (len < 0)
                upstream_forward_udp(udp, queries[i], received[i].msg_len, client);
            if (len <= 0)
                continue;
            answer_vectors[count] = (struct iovec){.iov_base = answers[count], .iov_len = (size_t)len};
            replies[count].msg_hdr = (struct msghdr){
                .msg_name = (void *)client, .msg_namelen = sizeof *client, .msg_iov = &answer_vectors[count], .msg_iovlen = 1};
            count++;
        }
        for (int sent = 0; sent < count;) {
            int r = sendmmsg(udp, replies + sent, (unsigned)(count - sent), MSG_DONTWAIT);
            sent += r > 0 ? r : 1; /* one that cannot go (a full socket buffer) is dropped, as a lost datagram */
        }
        if (n < BATCH)
            return 0;
    }
    return 0;
}

/* One TCP connection, served at once: its queries until it closes or stalls (TCP_TIMEOUT_MS). */
static int serve_tcp(int listener)
{
    static uint8_t query[65535], out[65535 + 2];
    struct sockaddr_in client;
    socklen_t size = sizeof client;
    int fd = accept4(listener, (struct sockaddr *)&client, &size, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0)
        return 0;
    long long deadline = now_ms() + TCP_TIMEOUT_MS;
    uint8_t prefix[2];
    int result = 0;
    while (in_subnet(ntohl(client.sin_addr.s_addr)) && read_full(fd, prefix, 2, deadline) == 0) {
        size_t n = (size_t)prefix[0] << 8 | prefix[1];
        if (read_full(fd, query, n, deadline) < 0)
            break;
        if ((result = records_sync()) < 0)
            break;
        ssize_t len = answer_locally(query, n, out + 2, sizeof out - 2);
        if (len < 0)
            len = upstream_tcp(query, n, out + 2, sizeof out - 2);
        if (len < 0)
            len = (ssize_t)mr_dns_build_error(query, n, MR_DNS_SERVFAIL, out + 2, sizeof out - 2);
        if (len == 0)
            break;
        out[0] = (uint8_t)(len >> 8);
        out[1] = (uint8_t)len;
        if (write_full(fd, out, (size_t)len + 2, deadline) < 0)
            break;
        deadline = now_ms() + TCP_TIMEOUT_MS;
    }
    close(fd);
    return result;
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

/*
 * One epoll set holds the four fds for good: a wakeup costs one epoll_wait and no timer. poll() was
 * given the fds at each call, registered itself on each one's wait queue and off again, and armed a
 * timeout (an hrtimer: in a virtual machine, a write to the timer device, a trap) - about a
 * microsecond more per wakeup, where a query costs about ten in all. A timeout is armed only when
 * an upstream query has a deadline, or without inotify (the file is looked at once a second).
 */
enum { UDP, TCP, WATCH, UPSTREAM };

static int watch_in(int set, int fd, uint32_t what)
{
    struct epoll_event event = {.events = EPOLLIN, .data.u32 = what};
    return fd < 0 || epoll_ctl(set, EPOLL_CTL_ADD, fd, &event) == 0 ? 0 : -1;
}

static int serve(int udp, int tcp)
{
    int set = epoll_create1(EPOLL_CLOEXEC);
    if (set < 0 || watch_in(set, udp, UDP) < 0 || watch_in(set, tcp, TCP) < 0
        || watch_in(set, records_watch_fd(), WATCH) < 0 || watch_in(set, upstream_fd(), UPSTREAM) < 0)
        return 1;
    int inotify = records_watch_fd() >= 0;
    for (;;) {
        long long deadline = upstream_deadline(), now = deadline >= 0 || !inotify ? now_ms() : 0;
        if (!inotify && (deadline < 0 || deadline > now + 1000))
            deadline = now + 1000;
        struct epoll_event events[4];
        int ready = epoll_wait(set, events, 4, deadline < 0 ? -1 : deadline > now ? (int)(deadline - now) : 0);
        if (ready < 0 && errno != EINTR)
            return 1;
        /* The network's last container left, or the network is gone: without inotify, looked at
         * once a second at least. */
        if (!inotify && records_sync() < 0)
            return 0;
        for (int i = 0; i < ready; i++) {
            switch (events[i].data.u32) {
            case UDP:
                if (serve_udp(udp) < 0)
                    return 0;
                break;
            case TCP:
                if (serve_tcp(tcp) < 0)
                    return 0;
                break;
            case WATCH:
                if (records_sync() < 0)
                    return 0;
                break;
            default:
                upstream_answered(udp);
            }
        }
        if (deadline >= 0)
            upstream_expire(udp);
    }
}

/*
 * The scheduler is asked for short turns (EEVDF's custom slice, Linux 6.12 and later; older kernels
 * ignore it). A fair task's virtual deadline is where it became eligible plus its slice: woken by a
 * query with a 0.1 ms slice, the responder has an earlier deadline than a task running on the
 * default one (0.7 ms times 1 + log2 of the cores, up to 2.8 ms: 1.4 ms on 2 cores), so it preempts
 * that task at once instead of waiting for it to use up its turn - the wait that made a p99 of
 * about a millisecond at 10,000 queries/s on 2 cores shared with the client. A wakeup's work takes tens of microseconds, so a short turn does not cut it. Its
 * weight is unchanged, so it gets no larger share of the CPU over time, only sooner. Not nice -N:
 * the responder runs in a session of its own (setsid), so the scheduler weighs its autogroup
 * against the others and a task's nice value changes nothing there (the kernel carries the
 * shortest slice of a group's tasks up to the group); and not a real-time policy, under which a
 * flood of queries would starve the host.
 */
static void ask_for_short_turns(void)
{
    struct { /* struct sched_attr, its first version (glibc 2.36 has no declaration of it) */
        uint32_t size, policy;
        uint64_t flags;
        int32_t nice;
        uint32_t priority;
        uint64_t runtime, deadline, period;
    } attr = {0};
    if (syscall(SYS_sched_getattr, 0, &attr, sizeof attr, 0) < 0 || attr.policy != SCHED_OTHER)
        return;
    attr.size = sizeof attr;
    attr.flags = 0;
    attr.runtime = 100 * 1000; /* ns: the least the kernel takes */
    syscall(SYS_sched_setattr, 0, &attr, 0);
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
    dns.pidfile = argv[4];
    if (records_open(argv[3]) < 0) {
        fprintf(stderr, "minirun-dns: %s: no names to serve\n", argv[3]);
        return 1;
    }
    upstreams_load(argv[5], dns.listen);
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
    ask_for_short_turns();
    return serve(udp, tcp);
}
