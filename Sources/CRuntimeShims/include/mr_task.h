#ifndef MR_TASK_H
#define MR_TASK_H

/*
 * FUNCTION(ARGUMENT) on a thread of its own, so that the caller goes on meanwhile (the argument is
 * copied; NULL stands for ""). mr_task_begin returns NULL when no thread can be started;
 * mr_task_end waits for the thread and returns what the function returned.
 */
struct mr_task;
struct mr_task *mr_task_begin(int (*function)(const char *), const char *argument);
int mr_task_end(struct mr_task *task);

#endif
