#ifndef MR_TASK_H
#define MR_TASK_H

#include <pthread.h>

/*
 * FUNCTION(ARGUMENT) on a thread of its own, so that the caller goes on meanwhile (the argument is
 * copied; NULL stands for ""). mr_task_begin returns NULL when no thread can be started;
 * mr_task_end waits for the thread and returns what the function returned.
 */
struct mr_task;
struct mr_task *mr_task_begin(int (*function)(const char *), const char *argument);
int mr_task_end(struct mr_task *task);

/*
 * Every thread of the runtime starts and is joined through these, under one lock that mr_spawn
 * holds across its clone (mr_threads_hold, mr_threads_release). A child cloned while another thread
 * was being made or joined would inherit glibc's thread list mid-change - its stack lock held, or a
 * thread not yet running that glibc marks "being created" (until the thread's first instruction) -
 * and its setresuid, which glibc applies to every thread it knows of, would wait forever. So
 * mr_threads_hold also waits until every thread made has run, and mr_thread_join waits for the
 * thread's end outside the lock and frees it inside. mr_thread_start does not wait for its thread
 * to run: a `run` starts two or three threads, and each such wait was a context switch on its path
 * (0.5 ms of figure (a) on a two-core VM); a clone soon after finds them running, or waits then.
 * Threads that merely run (a build's other stages, their output readers) are harmless: the
 * child's setresuid signals them in vain (they are not in its process) and goes on.
 * mr_thread_start returns NULL (errno set) when no thread can be started; mr_thread_join returns
 * what BODY returned.
 */
struct mr_thread;
struct mr_thread *mr_thread_start(void *(*body)(void *), void *context);
void *mr_thread_join(struct mr_thread *thread);
void mr_threads_hold(void);
void mr_threads_release(void);

#endif
