#include "mr_task.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct mr_task {
    pthread_t thread;
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
    if (pthread_create(&task->thread, NULL, run_task, task) != 0) {
        free(task);
        return NULL;
    }
    return task;
}

int mr_task_end(struct mr_task *task)
{
    pthread_join(task->thread, NULL);
    int result = task->result;
    free(task);
    return result;
}
