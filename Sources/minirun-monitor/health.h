#ifndef MINIRUN_MONITOR_HEALTH_H
#define MINIRUN_MONITOR_HEALTH_H

#include <sys/types.h>

/*
 * The schedule of a container's health checks, kept by its monitor (see Engine+HealthCheck.swift
 * for the whole design): the monitor's options
 *
 *   --health INTERVAL_MS START_PERIOD_MS START_INTERVAL_MS N CHECK_ARGV(N words)
 *
 * and, at each tick, CHECK_ARGV (`minirun health-check ID`) run to completion, which runs the check
 * in the container and records it, exiting 0 when it passed. As Docker's daemon: the first check
 * comes one interval after the start, each next one an interval after the last ended, and while
 * the start period lasts and no check has passed yet the interval is the start interval.
 */
struct health {
    long long interval, start_period, start_interval; /* milliseconds */
    char **argv;                                      /* NULL: no health check */
    pid_t running;                                    /* the check under way, 0 when none */
    int passed;                                       /* a check has passed since the start */
    long long started, next;                          /* CLOCK_MONOTONIC milliseconds */
};

/* Reads the --health options at argv[0], if there; returns how many words they took (0: none), or
 * -1 when they are malformed. */
int health_parse(struct health *h, int argc, char **argv);

/* The container has started: the first check is one interval away. */
void health_begin(struct health *h);

/* Milliseconds until the next check is due (0: now), or -1 when none is to come. */
int health_wait(const struct health *h);

/* Starts the check when it is due and none runs; reaps one that ended (call after SIGCHLD). */
void health_tick(struct health *h);

/* The container has exited: a check under way is killed, so it records nothing after the exit. */
void health_end(struct health *h);

/* `minirun-monitor --health ... --attached PID`: the checks of an attached container, whose parent
 * is minirun itself, until the process PID (the container's first) exits. Returns the exit status. */
int health_watch(struct health *h, pid_t pid);

#endif
