/*
 * main.c - aftermath [-C DIR] COMMAND [ARGS]: global options, the command
 * table, setup shared by every command, and the exit status.
 */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "lib/words.h"
#include "parse/config_load.h"
#include "cmd/cmd.h"
#include "lib/timeutil.h"

static int cmd_help(int argc, char **argv, context *ctx);
static const char *closest_command(const char *name);

/* needs_config: the command reads aftermath.yaml and the repository */
static const struct {
	command cmd;
	bool needs_config;
} commands[] = {
	{ { "new", cmd_new, "Start a record for a new incident.",
	    "usage: aftermath new [--severity SEV] [--service NAME]...\n"
	    "                     [--type TYPE] \"TITLE\"\n"
	    "\n"
	    "  -s, --severity SEV  a level of the severity scale: {severities}\n"
	    "  -S, --service NAME  a service affected; repeat for more\n"
	    "  -t, --type TYPE     unplanned (default), planned or security\n"
	    "  -h, --help          show this help\n"
	    "\n"
	    "Writes incidents/YEAR/DATE-TITLE.md from templates/incident.md\n"
	    "(or the built-in template) with the next free id (id_format in\n"
	    "aftermath.yaml, default {year}-{seq:3}), started now, and a prompt\n"
	    "in each section; prints its path. Never overwrites a file. Then\n"
	    "fill it in and run 'aftermath check' on it. The severities are\n"
	    "those of severities: in aftermath.yaml; the placeholders a\n"
	    "template may use are in docs/format.md.\n" },
	    true },
	{ { "check", cmd_check, "Validate incident records and report findings.",
	    "usage: aftermath check [--format text|json|github|sarif] [--strict]\n"
	    "                       [--changed-since REV] [--list-rules]\n"
	    "                       [--explain-sections PATH] [PATH...]\n"
	    "\n"
	    "  -f, --format FMT         text (default), json, github (workflow\n"
	    "                           commands that GitHub Actions shows as\n"
	    "                           annotations), or sarif (SARIF 2.1.0, for\n"
	    "                           code scanning)\n"
	    "  -s, --strict             report and count warnings as errors\n"
	    "  -c, --changed-since REV  check only the records added, changed or\n"
	    "                           renamed since the git revision REV,\n"
	    "                           committed or not\n"
	    "  -l, --list-rules         list the rules and their levels, then exit\n"
	    "  -e, --explain-sections PATH\n"
	    "                           print each heading of the record at PATH\n"
	    "                           and the section it is taken as, then exit\n"
	    "  -h, --help               show this help\n"
	    "\n"
	    "Checks every record under the incidents directory, or the files and\n"
	    "directories named, absolute or from here, inside the repository\n"
	    "(others are refused). \"Now\" is SOURCE_DATE_EPOCH when set. Rule\n"
	    "levels are set under rules: in aftermath.yaml; docs/rules.md\n"
	    "explains each. Exit 0 when clean, 1 with errors (or warnings with\n"
	    "--strict), 2 on usage or environment errors.\n" },
	    true },
	{ { "build", cmd_build, "Render the incident records into a static site.",
	    "usage: aftermath build [-o DIR] [--keep-going] [--public] [--check]\n"
	    "                       [--force]\n"
	    "\n"
	    "  -o, --output DIR   write the site to DIR (default: site)\n"
	    "  -k, --keep-going   build every record that parses; still exit 1\n"
	    "  -p, --public       a public edition: people appear as their roles\n"
	    "                     and internal_fields are left out (also\n"
	    "                     'public: true' in aftermath.yaml)\n"
	    "  -c, --check        exit 1 and write nothing when records have\n"
	    "                     errors (what 'aftermath check' reports)\n"
	    "      --force        build even when the site is up to date\n"
	    "  -h, --help         show this help\n"
	    "\n"
	    "The site is built next to DIR and swapped in only when every page\n"
	    "is written; on failure the previous site stays as it was. Errors\n"
	    "in the records are counted in one line at the end. When\n"
	    "the last build into DIR had the same inputs (records, aftermath.yaml,\n"
	    "templates/, git HEAD, options, this program, the date) and DIR is\n"
	    "as it left it, the site is up to date: nothing is written, and what\n"
	    "that build reported is reported again. .aftermath/ keeps its stamp.\n" },
	    true },
	{ { "list", cmd_list, "List incidents with their status, review and "
	    "follow-ups.",
	    "usage: aftermath list [--open] [--overdue] [--service NAME]\n"
	    "                      [--format text|json]\n"
	    "\n"
	    "  -o, --open          only incidents whose review is not closed\n"
	    "  -d, --overdue       only incidents with an overdue review or\n"
	    "                      overdue action items\n"
	    "  -s, --service NAME  only incidents that name service NAME\n"
	    "  -f, --format FMT    text (default) or json\n"
	    "  -h, --help          show this help\n"
	    "\n"
	    "Newest first. PIR is the post-incident review: active (not\n"
	    "recovered yet), PIR due, PIR overdue (more than pir_due_days\n"
	    "working days after recovered) or closed. Open and Overdue count\n"
	    "the action items. Exit 1 when some record could not be read.\n" },
	    true },
	{ { "show", cmd_show, "Show one incident: summary, durations, "
	    "findings, timeline.",
	    "usage: aftermath show ID\n"
	    "\n"
	    "  -h, --help   show this help\n"
	    "\n"
	    "Prints the record's title, severity, status, services, people,\n"
	    "summary, review state, key durations (times derived from git\n"
	    "history are marked), the findings of 'aftermath check' and the\n"
	    "merged timeline. Exit 1 when the record cannot be read.\n" },
	    true },
	{ { "timeline", cmd_timeline, "Print one incident's merged timeline.",
	    "usage: aftermath timeline [--format text|json] ID\n"
	    "\n"
	    "  -f, --format FMT   text (default) or json\n"
	    "  -h, --help         show this help\n"
	    "\n"
	    "Merges the record's lifecycle times, its Timeline section and its\n"
	    "git history: every commit that changed it (status, severity and\n"
	    "role changes, times, action items, sections) and commits elsewhere\n"
	    "that name the incident in an 'Incident: ID' trailer or subject.\n"
	    "Times missing from the record but implied by history are marked\n"
	    "[derived].\n" },
	    true },
	{ { "metrics", cmd_metrics, "Print incident metrics: durations, "
	    "reviews, follow-ups.",
	    "usage: aftermath metrics [--format text|json] [--since DATE] "
	    "[--until DATE]\n"
	    "                         [--service NAME]\n"
	    "\n"
	    "  -f, --format FMT   text tables (default) or json (as metrics.json)\n"
	    "      --since DATE   only incidents started on or after DATE\n"
	    "      --until DATE   only incidents started on or before DATE\n"
	    "      --service NAME only incidents that name service NAME\n"
	    "  -h, --help         show this help\n"
	    "\n"
	    "Dates are YYYY-MM-DD in the configured time zone. Figures are\n"
	    "distributions (count, median, p90, min, max); an incident lacking\n"
	    "a time is excluded from that metric and counted. Definitions are\n"
	    "in docs/metrics.md. Exit 1 when some record could not be read.\n" },
	    true },
	{ { "help", cmd_help, "Show help for aftermath or one command.",
	    "usage: aftermath help [COMMAND]\n" },
	    false },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

const command *
command_find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].cmd.name, name) == 0)
			return &commands[i].cmd;
	return NULL;
}

static void
print_main_usage(FILE *f)
{
	fputs("usage: aftermath [-C DIR] [-q|-v] COMMAND [ARGS]\n"
	    "       aftermath --version\n"
	    "\n"
	    "Keep an organisation's incident history: check post-incident\n"
	    "reviews and render the records in incidents/ as a static site.\n"
	    "\n"
	    "Commands:\n", f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].cmd.name,
		    commands[i].cmd.summary);
	fputs("\n"
	    "Options:\n"
	    "  -C DIR         run as if started in DIR instead of here\n"
	    "  -q, --quiet    print only errors\n"
	    "  -v, --verbose  print more about what is done\n"
	    "  -h, --help     show this help; 'aftermath help COMMAND' for one\n"
	    "  --version      print the version\n"
	    "\n"
	    "Run it anywhere in the repository: its root is the nearest\n"
	    "directory up that holds .git, aftermath.yaml or incidents/, and\n"
	    "paths on the command line are taken from where it runs.\n"
	    "\n"
	    "Exit status: 0 success, 1 findings or a failed build, 2 usage or\n"
	    "environment error.\n", f);
}

static int
cmd_help(int argc, char **argv, context *ctx)
{
	const command *c;
	config *cfg;
	diags d = { 0 };

	(void)ctx;
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		print_main_usage(stdout);
		return EXIT_OK;
	}
	if ((c = command_find(argv[1])) == NULL) {
		const char *best = closest_command(argv[1]);

		cmd_error("help", "'%s' is not a command%s%s%s; 'aftermath "
		    "help' lists them", argv[1], best ? " (did you mean '" :
		    "", best ? best : "", best ? "'?)" : "");
		return EXIT_USAGE;
	}
	/* the scale in the help is this repository's when it has one */
	if ((cfg = config_load(".", &d)) == NULL)
		cfg = config_default();
	cmd_print_usage(c, cfg, stdout);
	config_free(cfg);
	diags_free(&d);
	return EXIT_OK;
}

/* The command closest to name, for "did you mean", or NULL. */
static const char *
closest_command(const char *name)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; i < NCOMMANDS; i++) {
		size_t dist = edit_distance(name, commands[i].cmd.name);

		if (dist < bestd) {
			bestd = dist;
			best = commands[i].cmd.name;
		}
	}
	return best;
}

/* "Now": SOURCE_DATE_EPOCH when set (reproducible builds), else the
 * clock. Returns 0, or -1 when the variable is not a number. */
static int
get_now(int64_t *now)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s == NULL || *s == '\0') {
		*now = (int64_t)time(NULL);
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0)
		return -1;
	*now = (int64_t)v;
	return 0;
}

/* True when dir holds name (of any kind; a directory when want_dir). */
static bool
holds(const char *dir, const char *name, bool want_dir)
{
	char *p = xasprintf("%s/%s", dir, name);
	struct stat st;
	bool yes = lstat(p, &st) == 0 && (!want_dir || S_ISDIR(st.st_mode));

	free(p);
	return yes;
}

/*
 * The repository root for a command run in cwd (absolute): the nearest
 * directory from cwd up that holds .git (as git finds it: a directory, or
 * a file in a worktree), aftermath.yaml or an incidents directory, so that
 * a repository without git, or a directory of records inside another
 * repository, is its own root; cwd when none does. A new string.
 */
static char *
find_root(const char *cwd)
{
	char *dir = xstrdup(cwd);

	for (;;) {
		char *slash;

		if (holds(dir, ".git", false) ||
		    holds(dir, "aftermath.yaml", false) ||
		    holds(dir, "incidents", true))
			return dir;
		if ((slash = strrchr(dir, '/')) == NULL || dir[1] == '\0')
			break;
		slash[slash == dir] = '\0';
	}
	free(dir);
	return xstrdup(cwd);
}

/* Set ctx's cwd, root and prefix for a command run in the current
 * directory, and change to the root. Returns 0, or -1 after saying why. */
static int
enter_root(context *ctx, char **cwd, char **root)
{
	size_t n;

	if ((*cwd = getcwd(NULL, 0)) == NULL) {
		fprintf(stderr, "aftermath: cannot tell the current directory: "
		    "%s; run it from a directory that exists\n",
		    strerror(errno));
		return -1;
	}
	*root = find_root(*cwd);
	if (chdir(*root) < 0) {
		fprintf(stderr, "aftermath: cannot change to the repository "
		    "%s: %s\n", *root, strerror(errno));
		return -1;
	}
	n = strlen(*root);
	ctx->cwd = *cwd;
	ctx->root = *root;
	ctx->prefix = (*cwd)[n] == '/' ? *cwd + n + 1 : *cwd + n;
	return 0;
}

/* Flush stdout and report a write error (a full disk, a closed pipe)
 * instead of losing output silently. */
static int
finish_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "aftermath: error writing output: %s\n",
		    strerror(errno));
		return EXIT_USAGE;
	}
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	context ctx = { .repo_root = ".", .root = ".", .cwd = ".",
	    .prefix = "" };
	char *cwd = NULL, *root = NULL;
	diags d = { 0 };
	size_t i;
	int c, rc = EXIT_USAGE;

	/* report a bad option in the house format, not getopt's */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+C:hqv", opts, NULL)) != -1) {
		switch (c) {
		case 'C':
			if (chdir(optarg) < 0) {
				fprintf(stderr, "aftermath: cannot change to "
				    "'%s': %s; give -C the directory of the "
				    "repository\n", optarg, strerror(errno));
				return EXIT_USAGE;
			}
			break;
		case 'h':
			print_main_usage(stdout);
			return finish_stdout(EXIT_OK);
		case 'q':
			ctx.verbosity = -1;
			break;
		case 'v':
			ctx.verbosity = 1;
			break;
		case 'V':
			printf("aftermath %s\n", AM_VERSION);
			return finish_stdout(EXIT_OK);
		default:
			fprintf(stderr, "aftermath: unknown option or missing "
			    "value for '%s'\nTry 'aftermath --help'.\n",
			    optind > 0 && optind <= argc ? argv[optind - 1] :
			    "?");
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		print_main_usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].cmd.name, argv[0]) == 0)
			break;
	if (i == NCOMMANDS) {
		const char *best = closest_command(argv[0]);

		fprintf(stderr, "aftermath: '%s' is not a command.", argv[0]);
		if (best)
			fprintf(stderr, " Did you mean '%s'?", best);
		fputs("\nTry 'aftermath help'.\n", stderr);
		return EXIT_USAGE;
	}

	ctx.color = isatty(STDERR_FILENO) && getenv("NO_COLOR") == NULL;
	ctx.color_stdout = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	if (get_now(&ctx.now) < 0) {
		fputs("aftermath: SOURCE_DATE_EPOCH must be a number of "
		    "seconds since 1970, such as 1767225600; unset it to use "
		    "the clock\n", stderr);
		return EXIT_USAGE;
	}
	/* glibc's fastbins cost a build about a fifth of its time in
	 * malloc_consolidate (docs/performance.md); the tool frees many
	 * small blocks and gains nothing from them */
	(void)mallopt(M_MXFAST, 0);
	xmlInitParser();
	/* aftermath.yaml, the records and the history are the root's,
	 * wherever in the repository the command runs */
	if (commands[i].needs_config && enter_root(&ctx, &cwd, &root) < 0)
		goto out;
	if (commands[i].needs_config) {
		if ((ctx.cfg = config_load(ctx.repo_root, &d)) == NULL) {
			diags_print_text(&d, stderr, ctx.color);
			goto out;
		}
		if (tz_set(ctx.cfg->timezone) < 0) {
			fprintf(stderr, "aftermath.yaml: error: unknown time "
			    "zone '%s'; use an IANA name such as "
			    "Europe/Berlin or UTC [config]\n",
			    ctx.cfg->timezone);
			goto out;
		}
		/* warnings about the config itself */
		diags_print_text(&d, stderr, ctx.color);
	}
	/* getopt_long in the command starts afresh and stays quiet: the
	 * command reports a bad option in the house format */
	optind = 0;
	opterr = 0;
	rc = commands[i].cmd.run(argc, argv, &ctx);
out:
	diags_free(&d);
	config_free(ctx.cfg);
	free(cwd);
	free(root);
	xmlCleanupParser();
	return finish_stdout(rc);
}
