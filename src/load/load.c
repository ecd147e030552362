/*
 * load.c - walk the incidents directory and parse every record.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/parallel.h"
#include "parse/record_parse.h"
#include "load/load.h"
#include "load/walk.h"
#include "parse/markdown.h"

/* Records nested deeper than this are not looked for. */
#define RECORDS_DEPTH_MAX 32

/* Where find_records collects. */
struct record_finder {
	strlist *out;
	diags *d;
};

/* walk_visit of find_records: keep the records, warn about the rest. */
static int
found_entry(const walk_entry *e, void *arg)
{
	struct record_finder *f = arg;

	switch (e->kind) {
	case WALK_TOO_DEEP:
		diags_add(f->d, e->rel, 0, 0, DIAG_WARNING, "file-skipped",
		    "directories nested too deep; skipped");
		return 0;
	case WALK_UNREADABLE:
		diags_add(f->d, e->rel, 0, 0, DIAG_ERROR, "io",
		    "cannot read the directory: %s", strerror(e->err));
		return -1;
	case WALK_STAT_FAILED:
		diags_add(f->d, e->rel, 0, 0, DIAG_WARNING, "file-skipped",
		    "cannot stat: %s", strerror(e->err));
		return 0;
	case WALK_DIR:
		return 0;
	case WALK_ENTRY:
		break;
	}
	if (S_ISLNK(e->st->st_mode)) {
		if (record_is_file_name(e->name) || e->depth < RECORDS_DEPTH_MAX)
			diags_add(f->d, e->rel, 0, 0, DIAG_WARNING,
			    "file-skipped", "symbolic link not followed; "
			    "records must be regular files");
	} else if (record_is_file_name(e->name)) {
		if (S_ISREG(e->st->st_mode))
			strlist_add(f->out, e->rel);
		else
			diags_add(f->d, e->rel, 0, 0, DIAG_WARNING,
			    "file-skipped", "not a regular file");
	}
	return 0;
}

/*
 * Add the record files under rel (relative to root) to out, recursively.
 * Hidden entries are skipped; symlinks and special files are refused with
 * a warning, so a link can never lead the build out of the repository.
 * Returns 0, or -1 with an error in d when a directory cannot be read.
 */
static int
find_records(const char *root, const char *rel, strlist *out, diags *d)
{
	static const walk_opts opts = { .max_depth = RECORDS_DEPTH_MAX,
	    .hidden = WALK_NO_HIDDEN };
	struct record_finder f = { out, d };

	return walk_dir(root, rel, &opts, found_entry, &f);
}

/* Fewer records than this are read on one thread. */
#define PARSE_MIN_SHARE 64

/* The files of one archive, read by up to two threads. */
struct parse_job {
	const char *repo_root;
	const config *cfg;
	const strlist *files;
	record **v;            /* per file: its record */
	diags *found;          /* per file: the findings of reading it */
};

/* parallel_for's call for file i. */
static int
parse_one(void *arg, size_t i, int t)
{
	struct parse_job *job = arg;

	(void)t;
	job->v[i] = record_load(job->repo_root, job->files->v[i], job->cfg,
	    &job->found[i]);
	record_release_tree(job->v[i]);
	return 0;
}

/* The records being sorted by id (qsort has no argument for them). */
static record *const *sorting;

/* Indices of sorting: by id, then by position in the archive. */
static int
cmp_by_id(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int c = strcmp(sorting[a]->id, sorting[b]->id);

	if (c != 0)
		return c;
	return a < b ? -1 : a > b;
}

/*
 * Parse each path into a new archive and flag duplicate ids: a record
 * whose id an earlier record has is failed, naming the first one. Each
 * record keeps its body text, not its tree (record_tree parses it again
 * where needed), so that memory does not grow with every body's tree.
 */
static archive *
archive_parse(const char *repo_root, const config *cfg, const strlist *files,
    diags *d)
{
	archive *a = xcalloc(1, sizeof(*a));
	struct parse_job job = { repo_root, cfg, files, NULL, NULL };
	size_t *order, *first;

	a->v = xcalloc(files->n ? files->n : 1, sizeof(*a->v));
	job.v = a->v;
	job.found = xcalloc(files->n ? files->n : 1, sizeof(*job.found));
	markdown_init();
	(void)parallel_for(files->n, PARSE_MIN_SHARE, parse_one, &job);
	/* the findings in file order, whichever thread read which file */
	for (size_t i = 0; i < files->n; i++) {
		diags_move(d, &job.found[i]);
		diags_free(&job.found[i]);
	}
	free(job.found);
	a->n = files->n;
	/* sorted by id, each record's first holder of its id is the head of
	 * its run */
	order = xcalloc(a->n ? a->n : 1, sizeof(*order));
	first = xcalloc(a->n ? a->n : 1, sizeof(*first));
	for (size_t i = 0; i < a->n; i++)
		order[i] = i;
	sorting = a->v;
	qsort(order, a->n, sizeof(*order), cmp_by_id);
	sorting = NULL;
	for (size_t k = 0; k < a->n; k++)
		first[order[k]] = k > 0 && strcmp(a->v[order[k]]->id,
		    a->v[order[k - 1]]->id) == 0 ? first[order[k - 1]] :
		    order[k];
	for (size_t i = 0; i < a->n; i++)
		if (first[i] != i) {
			srcpos p = a->v[i]->field_pos[F_ID];

			diags_add(d, a->v[i]->path, p.line, p.col,
			    DIAG_ERROR, "duplicate-id", "id '%s' is "
			    "also used by %s; ids must be unique",
			    a->v[i]->id, a->v[first[i]]->path);
			a->v[i]->failed = true;
		}
	free(order);
	free(first);
	return a;
}

archive *
archive_load(const char *repo_root, const config *cfg, diags *d)
{
	strlist files = { 0 };
	archive *a = NULL;
	char *dir = xasprintf("%s/%s", repo_root, cfg->incidents_dir);
	struct stat st;

	if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		diags_add(d, cfg->incidents_dir, 0, 0, DIAG_ERROR, "io",
		    "no incidents directory; create it or set "
		    "incidents_dir in aftermath.yaml");
		goto out;
	}
	if (find_records(repo_root, cfg->incidents_dir, &files, d) < 0)
		goto out;
	/* one sort over whole paths: per-directory order puts "a/x.md"
	 * before "a-b.md", which is not path order */
	strlist_sort(&files);
	a = archive_parse(repo_root, cfg, &files, d);
out:
	strlist_free(&files);
	free(dir);
	return a;
}

archive *
archive_load_paths(const char *repo_root, const config *cfg,
    const strlist *paths, diags *d)
{
	strlist files = { 0 };
	archive *a;

	for (size_t i = 0; i < paths->n; i++) {
		char *full = xasprintf("%s/%s", repo_root, paths->v[i]);
		struct stat st;

		if (lstat(full, &st) < 0)
			diags_add(d, paths->v[i], 0, 0, DIAG_ERROR, "io",
			    "cannot read: %s", strerror(errno));
		else if (S_ISDIR(st.st_mode))
			(void)find_records(repo_root, paths->v[i], &files, d);
		else if (S_ISREG(st.st_mode))
			strlist_add(&files, paths->v[i]);
		else
			diags_add(d, paths->v[i], 0, 0, DIAG_WARNING,
			    "file-skipped", "not a regular file");
		free(full);
	}
	strlist_sort(&files);
	/* a file named twice, or inside a directory also named, loads once */
	size_t o = 0;
	for (size_t i = 0; i < files.n; i++) {
		if (o > 0 && strcmp(files.v[o - 1], files.v[i]) == 0) {
			free(files.v[i]);
			continue;
		}
		files.v[o++] = files.v[i];
	}
	files.n = o;
	a = archive_parse(repo_root, cfg, &files, d);
	strlist_free(&files);
	return a;
}

size_t
archive_nfailed(const archive *a)
{
	size_t n = 0;

	for (size_t i = 0; i < a->n; i++)
		if (a->v[i]->failed)
			n++;
	return n;
}

record *
archive_find(const archive *a, const char *id)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i]->id, id) == 0)
			return a->v[i];
	return NULL;
}

void
archive_free(archive *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->n; i++)
		record_free(a->v[i]);
	free(a->v);
	free(a);
}
