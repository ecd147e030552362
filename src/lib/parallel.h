/*
 * parallel.h - the one way the program uses a second processor.
 */
#ifndef AM_PARALLEL_H
#define AM_PARALLEL_H

#include <stddef.h>

/* Processors this process may run on, at least 1: whether a second
 * thread can pay. */
long online_cpus(void);

/*
 * Call fn(arg, i, t) once for every i < n, in increasing order of i as
 * they are taken, on this thread (t = 0) and, when n >= min_share and the
 * process may use two processors, on a second one (t = 1) at the same
 * time. fn must keep what it makes for i in a slot of its own (results
 * merged in order afterwards do not depend on scheduling) and touch
 * per-thread state only through t. Once a call returns -1 no new i is
 * taken. Returns 0, or -1 when a call returned -1.
 */
int parallel_for(size_t n, size_t min_share,
    int (*fn)(void *arg, size_t i, int t), void *arg);

#endif
