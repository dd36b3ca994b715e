#ifndef MINIRUN_DNS_RESPONDER_H
#define MINIRUN_DNS_RESPONDER_H

/*
 * The parts of minirun-dns, one file each: main.c serves the network's clients, records.c holds
 * the network's names and sees them change, upstream.c forwards other names to the host's
 * resolvers, io.c has the few blocking-with-a-deadline helpers TCP needs.
 */

#include "mr_dns.h"

#include <netinet/in.h>
#include <sys/types.h>

/* records.c. The names, as last read. */
extern struct mr_dns_records records;
/* Watches RECORDS_FILE and reads it: 0, or -1 when it holds no name. */
int records_open(const char *path);
/* The fd to wait on for changes; -1 when there is no inotify (records_sync then looks at the file). */
int records_watch_fd(void);
/* Reads the file again if it changed since the last call: 0 to go on, -1 when it is gone or empty. */
int records_sync(void);

/* upstream.c. */
void upstreams_load(const char *resolv_conf, uint32_t listen);
/* Sends a UDP query upstream; the answer goes back to client unchanged (or SERVFAIL). */
void upstream_forward_udp(int udp, const uint8_t *query, size_t len, const struct sockaddr_in *client);
/* An epoll fd, readable when an upstream answered: then upstream_answered passes the answers on. */
enum { UPSTREAM_PENDING = 64 };
int upstream_fd(void);
void upstream_answered(int udp);
/* The earliest deadline (now_ms) of a query waiting for its upstream, or -1 when none waits. */
long long upstream_deadline(void);
/* Queries whose upstream did not answer in time go to the next one, or get SERVFAIL. */
void upstream_expire(int udp);
/* A query over TCP to each upstream in turn: the answer's length, or -1. */
ssize_t upstream_tcp(const uint8_t *query, size_t len, uint8_t *answer, size_t max);

/* io.c. */
long long now_ms(void);
int read_full(int fd, uint8_t *buf, size_t len, long long deadline);
int write_full(int fd, const uint8_t *buf, size_t len, long long deadline);

#endif
