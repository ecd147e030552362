/*
 * parallel.c - parallel_for on at most two threads.
 */
#define _GNU_SOURCE             /* sched_getaffinity, CPU_COUNT */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <unistd.h>

#include "lib/parallel.h"

long
online_cpus(void)
{
	cpu_set_t set;
	long n;

	/* the processors this process may run on (taskset, cgroups), not
	 * all that are online */
	if (sched_getaffinity(0, sizeof(set), &set) == 0 &&
	    (n = CPU_COUNT(&set)) > 0)
		return n;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? n : 1;
}

/* The work shared by the threads of parallel_for. */
typedef struct pfor {
	size_t n;
	int (*fn)(void *arg, size_t i, int t);
	void *arg;
	atomic_size_t next;    /* the next i to take */
	atomic_bool failed;    /* a call returned -1: take no more */
} pfor;

/* Take indexes off job as thread t until none is left or a call failed. */
static void
pfor_take(pfor *job, int t)
{
	size_t i;

	while (!atomic_load(&job->failed) &&
	    (i = atomic_fetch_add(&job->next, 1)) < job->n)
		if (job->fn(job->arg, i, t) < 0)
			atomic_store(&job->failed, true);
}

/* The second thread of parallel_for. */
static void *
pfor_helper(void *arg)
{
	pfor_take(arg, 1);
	return NULL;
}

int
parallel_for(size_t n, size_t min_share,
    int (*fn)(void *arg, size_t i, int t), void *arg)
{
	pfor job = { .n = n, .fn = fn, .arg = arg };
	pthread_t helper;
	bool started;

	atomic_init(&job.next, 0);
	atomic_init(&job.failed, false);
	started = n >= min_share && n > 1 && online_cpus() > 1 &&
	    pthread_create(&helper, NULL, pfor_helper, &job) == 0;
	pfor_take(&job, 0);
	if (started)
		(void)pthread_join(helper, NULL);
	return atomic_load(&job.failed) ? -1 : 0;
}
