#include "mr_task.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t threads_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t threads_started = PTHREAD_COND_INITIALIZER;
/* Threads pthread_create made that have not run yet: glibc marks them "being created" until then. */
static unsigned threads_starting;

void mr_threads_hold(void)
{
    pthread_mutex_lock(&threads_lock);
    while (threads_starting > 0)
        pthread_cond_wait(&threads_started, &threads_lock);
}

void mr_threads_release(void)
{
    pthread_mutex_unlock(&threads_lock);
}

struct mr_thread {
    pthread_t thread;
    void *(*body)(void *);
    void *context;
    void *result;
    sem_t finished;
};

static void *run_thread(void *arg)
{
    struct mr_thread *t = arg;
    pthread_mutex_lock(&threads_lock);
    if (--threads_starting == 0)
        pthread_cond_broadcast(&threads_started);
    pthread_mutex_unlock(&threads_lock);
    t->result = t->body(t->context);
    sem_post(&t->finished);
    return NULL;
}

struct mr_thread *mr_thread_start(void *(*body)(void *), void *context)
{
    struct mr_thread *t = malloc(sizeof *t);
    if (t == NULL)
        return NULL;
    t->body = body;
    t->context = context;
    sem_init(&t->finished, 0, 0);
    /* Counted under the lock before it can run: mr_threads_hold waits for it from here on. */
    pthread_mutex_lock(&threads_lock);
    int err = pthread_create(&t->thread, NULL, run_thread, t);
    if (err == 0)
        threads_starting++;
    pthread_mutex_unlock(&threads_lock);
    if (err != 0) {
        free(t);
        errno = err;
        return NULL;
    }
    return t;
}

void *mr_thread_join(struct mr_thread *t)
{
    while (sem_wait(&t->finished) != 0 && errno == EINTR) {
    }
    pthread_mutex_lock(&threads_lock);
    pthread_join(t->thread, NULL);
    pthread_mutex_unlock(&threads_lock);
    void *result = t->result;
    free(t);
    return result;
}

struct mr_task {
    struct mr_thread *thread;
    int (*function)(const char *);
    int result;
    char argument[];
};

static void *run_task(void *arg)
{
    struct mr_task *task = arg;
    task->result = task->function(task->argument);
    return NULL;
}

struct mr_task *mr_task_begin(int (*function)(const char *), const char *argument)
{
    if (argument == NULL)
        argument = "";
    struct mr_task *task = malloc(sizeof *task + strlen(argument) + 1);
    if (task == NULL)
        return NULL;
    task->function = function;
    strcpy(task->argument, argument);
    task->thread = mr_thread_start(run_task, task);
    if (task->thread == NULL) {
        free(task);
        return NULL;
    }
    return task;
}

int mr_task_end(struct mr_task *task)
{
    mr_thread_join(task->thread);
    int result = task->result;
    free(task);
    return result;
}
