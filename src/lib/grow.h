/*
 * grow.h - growing an array by doubling, the one way every stage appends
 * to an array whose final length it does not know.
 */
#ifndef AM_GROW_H
#define AM_GROW_H

#include <stddef.h>

/*
 * Room for one more element in v, an array of *cap elements of size bytes
 * each that holds n: v itself while n < *cap, else v reallocated to twice
 * *cap elements (first when *cap is 0) with *cap updated. Returns the
 * array to use from now on. Aborts on overflow or lack of memory, as
 * xrealloc does.
 */
void *xgrow(void *v, size_t n, size_t *cap, size_t size, size_t first);

#endif
