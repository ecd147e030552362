/*
 * grow.c - doubling growth of arrays, with the overflow check in one place.
 */
#include <stdint.h>

#include "lib/grow.h"
#include "lib/util.h"

void *
xgrow(void *v, size_t n, size_t *cap, size_t size, size_t first)
{
	size_t want;

	if (n < *cap)
		return v;
	want = *cap > 0 ? *cap : first > 0 ? first : 1;
	/* no allocation this large can succeed: asking for SIZE_MAX bytes
	 * makes xrealloc report it as it reports lack of memory */
	if ((*cap > 0 && want > SIZE_MAX / 2) ||
	    (size > 0 && want * (*cap > 0 ? 2 : 1) > SIZE_MAX / size))
		return xrealloc(v, SIZE_MAX);
	if (*cap > 0)
		want *= 2;
	*cap = want;
	return xrealloc(v, want * size);
}
