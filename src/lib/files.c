/*
 * files.c - whole files read and written safely.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/files.h"
#include "lib/util.h"

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
