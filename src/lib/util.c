/*
 * util.c - allocation, buffers, string lists and small string helpers.
 */
#define _GNU_SOURCE             /* sched_getaffinity, CPU_COUNT */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"

static void
oom(void)
{
	fputs("aftermath: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	char small[256];
	va_list ap2;
	int n;
	char *p;

	/* measuring into a real buffer, not NULL, keeps gcc's
	 * -Wformat-truncation quiet at every optimisation level */
	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		oom();
	p = xmalloc((size_t)n + 1);
	if ((size_t)n < sizeof(small))
		memcpy(p, small, (size_t)n + 1);
	else
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

static void
buf_grow(buf *b, size_t more)
{
	size_t need = b->len + more + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->data = xrealloc(b->data, b->cap);
}

void
buf_add(buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_adds(buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_addf(buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_adds(b, s);
	free(s);
}

char *
buf_detach(buf *b)
{
	char *s = b->data ? b->data : xstrdup("");

	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void
buf_free(buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
strlist_take(strlist *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = s;
}

void
strlist_add(strlist *l, const char *s)
{
	strlist_take(l, xstrdup(s));
}

bool
strlist_has(const strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
strlist_sort(strlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_str);
}

void
strlist_free(strlist *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int
ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

int
ascii_strcasecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = ascii_lower((unsigned char)*a);
		int cb = ascii_lower((unsigned char)*b);

		if (ca != cb || ca == 0)
			return ca - cb;
	}
}

char *
str_trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	s[n] = '\0';
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		i++;
	if (i)
		memmove(s, s + i, n - i + 1);
	return s;
}

size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xcalloc(lb + 1, sizeof(*row));
	size_t d;

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = ascii_lower((unsigned char)a[i - 1]) ==
			    ascii_lower((unsigned char)b[j - 1]) ? 0 : 1;
			size_t best = diag + cost;

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

int
read_file(const char *path, size_t max, char **out, size_t *len)
{
	struct stat st;
	int fd, rc = -1, saved;
	char *data = NULL;
	size_t have = 0;

	*out = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; the flag
	 * is cleared once fstat shows a regular file */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
	    O_NONBLOCK)) < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto out;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto out;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
		goto out;
	if ((size_t)st.st_size > max) {
		errno = EFBIG;
		goto out;
	}
	data = xmalloc((size_t)st.st_size + 1);
	for (;;) {
		ssize_t n;

		if (have == (size_t)st.st_size) {
			/* the file may have grown since fstat */
			char probe;

			n = read(fd, &probe, 1);
			if (n == 0)
				break;
			if (n < 0 && errno == EINTR)
				continue;
			if (n > 0)
				errno = EFBIG;
			goto out;
		}
		n = read(fd, data + have, (size_t)st.st_size - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		if (n == 0)
			break;
		have += (size_t)n;
	}
	data[have] = '\0';
	*out = data;
	*len = have;
	data = NULL;
	rc = 0;
out:
	saved = errno;
	free(data);
	close(fd);
	errno = saved;
	return rc;
}

int
mkdir_parents(const char *root, const char *relpath)
{
	char *path = xasprintf("%s/%s", root, relpath);
	char *p = path + strlen(root) + 1;
	int rc = 0;

	while ((p = strchr(p, '/')) != NULL) {
		*p = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*p++ = '/';
	}
	free(path);
	return rc;
}

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

/* Write all of p[0..n) to fd. Returns 0, or -1 with errno set. */
static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

const char *
state_dir(const char *root, const char *dir)
{
	char *path = xasprintf("%s/%s", root, dir);
	char *ignore = xasprintf("%s/%s/.gitignore", root, dir);
	const char *why = NULL;
	struct stat st;
	int fd;

	if (mkdir(path, 0777) < 0 && errno != EEXIST)
		why = strerror(errno);
	else if (lstat(path, &st) < 0)
		why = strerror(errno);
	else if (!S_ISDIR(st.st_mode))
		why = "something other than a directory has its name";
	else if ((fd = open(ignore, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, 0666)) < 0) {
		if (errno != EEXIST)
			why = strerror(errno);
	} else if (write_all(fd, "*\n", 2) < 0) {
		why = strerror(errno);
		(void)close(fd);
	} else if (close(fd) < 0)
		why = strerror(errno);
	free(ignore);
	free(path);
	return why;
}

int
write_file_atomic(const char *path, const void *data, size_t len)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd, err;

	if ((fd = mkstemp(tmp)) < 0)
		goto fail;
	if (write_all(fd, data, len) < 0) {
		err = errno;
		(void)close(fd);
		errno = err;
		goto fail_unlink;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0)
		goto fail_unlink;
	free(tmp);
	return 0;
fail_unlink:
	err = errno;
	(void)unlink(tmp);
	errno = err;
fail:
	err = errno;
	free(tmp);
	errno = err;
	return -1;
}
