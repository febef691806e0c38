/* nntrace: replays tiny neural networks one arithmetic operation at a time.
 *
 * The only file that prints to the user and chooses exit codes; every
 * module reports through struct diags. */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/cursor.h"
#include "core/diag.h"
#include "dump/dump.h"
#include "lesson/lesson.h"
#include "model/net.h"
#include "core/outfile.h"
#include "model/script.h"
#include "tui/tui.h"

#define DEFAULT_LESSON "trask-11"

static const char usage_text[] =
	"usage: nntrace [LESSON]                 open a lesson in the player\n"
	"       nntrace play [--plain] [--fresh] [--no-color] LESSON\n"
	"       nntrace dump [--iterations LIST] [--format text|markdown|csv]\n"
	"                    [--precision N] [--width N] [-o FILE] LESSON\n"
	"       nntrace check LESSON...          validate lessons and their data\n"
	"       nntrace lessons                  list the bundled lessons\n"
	"       nntrace -h | --help | -V | --version\n"
	"\n"
	"LESSON is a bundled lesson's name (see 'nntrace lessons') or a path to\n"
	"a .lesson file.  Without one, the player opens '" DEFAULT_LESSON "'.\n"
	"LIST: iterations like 0  0-2  0,1,last  all.\n";

static void print_diags(const struct diags *d)
{
	char line[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	for (size_t i = 0; i < d->n; i++) {
		diags_format(d, i, line, sizeof line);
		fprintf(stderr, "%s\n", line);
	}
	if (d->dropped)
		fprintf(stderr, "(%zu more errors not shown)\n", d->dropped);
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "nntrace: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'nntrace --help'.\n");
	return EXIT_USAGE;
}

/* The folder holding the executable, to find bundled lessons. */
static void find_exe_dir(char *out, size_t cap)
{
	ssize_t n = readlink("/proc/self/exe", out, cap - 1);
	if (n <= 0) {
		snprintf(out, cap, ".");
		return;
	}
	out[n] = '\0';
	char *slash = strrchr(out, '/');
	if (slash)
		*slash = '\0';
}

static int resolve_lesson(const char *name, const char *exe_dir, char *path,
                          size_t cap)
{
	if (lesson_find(name, exe_dir, path, cap) == 0)
		return 0;
	fprintf(stderr,
	        "nntrace: no lesson '%s' (not a file, nor a bundled lesson; "
	        "see 'nntrace lessons')\n",
	        name);
	return EXIT_NOINPUT;
}

/* Loads a lesson and lays out its network; errors go to d. */
static int open_lesson(const char *path, struct lesson *l, struct net *n,
                       struct diags *d)
{
	if (lesson_load(l, path, d))
		return -1;
	if (net_init(n, l, d)) {
		lesson_free(l);
		return -1;
	}
	return 0;
}

/* =====================================================================
 * Subcommands
 * ===================================================================== */

static int cmd_check(int argc, char **argv, const char *exe_dir)
{
	if (argc < 1)
		return usage_error("%s", "check needs at least one lesson");
	int worst = 0;
	for (int i = 0; i < argc; i++) {
		char path[PATH_MAX];
		int rc = resolve_lesson(argv[i], exe_dir, path, sizeof path);
		if (rc) {
			worst = worst ? worst : rc;
			continue;
		}
		struct diags d = {0};
		struct lesson l;
		struct net n;
		struct cursor c;
		if (open_lesson(path, &l, &n, &d) == 0) {
			if (cursor_init(&c, &n, &d) == 0) {
				script_check(&l, &c.trace, l.iterations - 1, &d);
				if (!d.n) {
					printf("%s: ok: \"%s\", %d layer%s, %zu "
					       "samples, %ld iterations, %zu "
					       "operations per iteration, %zu "
					       "cues\n",
					       path, l.title, l.n_layers,
					       l.n_layers == 1 ? "" : "s",
					       l.n_samples, l.iterations,
					       c.trace.n_ops, l.n_cues);
				}
				cursor_free(&c);
			}
			net_free(&n);
			lesson_free(&l);
		}
		if (d.n) {
			print_diags(&d);
			if (!worst)
				worst = diags_code(&d);
		}
		diags_free(&d);
	}
	return worst;
}

/* Every lesson a bare name opens (lesson_list), with its title. */
static int cmd_lessons(const char *exe_dir)
{
	struct lesson_files f = {0};
	if (lesson_list(exe_dir, &f) != 0) {
		lesson_files_free(&f);
		fprintf(stderr, "nntrace: out of memory\n");
		return EXIT_SOFTWARE;
	}
	for (size_t i = 0; i < f.n; i++) {
		struct lesson l;
		struct diags d = {0};
		if (lesson_load(&l, f.v[i].path, &d) == 0) {
			printf("%-22s %s\n", f.v[i].name, l.title);
			lesson_free(&l);
		} else {
			printf("%-22s (broken: run 'nntrace check %s')\n",
			       f.v[i].name, f.v[i].name);
		}
		diags_free(&d);
	}
	size_t shown = f.n;
	lesson_files_free(&f);
	if (!shown) {
		fprintf(stderr, "nntrace: no bundled lessons found\n");
		return EXIT_NOINPUT;
	}
	return 0;
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Takes "--opt=value" or "--opt value"; returns the value or NULL. */
static const char *opt_value(const char *opt, int argc, char **argv, int *i)
{
	size_t n = strlen(opt);
	if (strncmp(argv[*i], opt, n) == 0 && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (strcmp(argv[*i], opt) == 0 && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static bool is_opt(const char *opt, const char *arg)
{
	size_t n = strlen(opt);
	return strncmp(arg, opt, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* Glyphs (σ, ×, −) only where the locale can show them: asked of the C
 * library, as the player does, not guessed from the variables' names. */
static bool locale_is_utf8(void)
{
	if (!setlocale(LC_CTYPE, ""))
		return false;
	return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

/* An interrupted dump removes its half-written temporary file, then dies
 * of the signal as it would have. */
static void dump_interrupted(int sig)
{
	const char *tmp = outfile_pending;
	if (tmp)
		unlink(tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int cmd_dump(int argc, char **argv, const char *exe_dir)
{
	struct dump_options o = {DUMP_TEXT, -1, 80, NULL, locale_is_utf8(),
	                         isatty(2), NULL};
	const char *outpath = NULL, *lesson = NULL;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v;
		long n;
		if (is_opt("--iterations", a)) {
			if (!(v = opt_value("--iterations", argc, argv, &i)))
				return usage_error("%s needs a value", a);
			char err[128];
			if (dump_check_iterations(v, err, sizeof err))
				return usage_error("%s", err);
			o.iterations = v;
		} else if (is_opt("--format", a)) {
			if (!(v = opt_value("--format", argc, argv, &i)))
				return usage_error("%s needs a value", a);
			if (strcmp(v, "text") == 0)
				o.format = DUMP_TEXT;
			else if (strcmp(v, "markdown") == 0 ||
			         strcmp(v, "md") == 0)
				o.format = DUMP_MARKDOWN;
			else if (strcmp(v, "csv") == 0)
				o.format = DUMP_CSV;
			else
				return usage_error("unknown format '%s' (text, "
				                   "markdown or csv)",
				                   v);
		} else if (is_opt("--precision", a)) {
			if (!(v = opt_value("--precision", argc, argv, &i)))
				return usage_error("%s needs a value", a);
			if (parse_int(v, 0, 17, &n))
				return usage_error("--precision takes a whole "
				                   "number from 0 to 17, not '%s'",
				                   v);
			o.precision = (int)n;
		} else if (is_opt("--width", a)) {
			if (!(v = opt_value("--width", argc, argv, &i)))
				return usage_error("%s needs a value", a);
			if (parse_int(v, 40, 1000, &n))
				return usage_error("--width takes a whole "
				                   "number from 40 to 1000, not "
				                   "'%s'",
				                   v);
			o.width = (int)n;
		} else if (strcmp(a, "-o") == 0 || is_opt("--output", a)) {
			if (strcmp(a, "-o") == 0)
				v = i + 1 < argc ? argv[++i] : NULL;
			else
				v = opt_value("--output", argc, argv, &i);
			if (!v)
				return usage_error("%s needs a file name", a);
			outpath = v;
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option '%s' for dump", a);
		} else if (lesson) {
			return usage_error("dump takes one lesson, '%s' is one "
			                   "too many",
			                   a);
		} else {
			lesson = a;
		}
	}
	if (!lesson)
		return usage_error("%s", "dump needs a lesson");

	char path[PATH_MAX];
	int rc = resolve_lesson(lesson, exe_dir, path, sizeof path);
	if (rc)
		return rc;
	struct diags d = {0};
	struct lesson l;
	struct net n;
	if (open_lesson(path, &l, &n, &d)) {
		print_diags(&d);
		rc = diags_code(&d);
		diags_free(&d);
		return rc;
	}
	struct outfile of;
	o.out_name = outpath && strcmp(outpath, "-") != 0 ? outpath : "<stdout>";
	signal(SIGINT, dump_interrupted);
	signal(SIGTERM, dump_interrupted);
	signal(SIGHUP, dump_interrupted);
	if (outfile_open(&of, outpath, &d) == 0) {
		if (dump_write(of.fp, &n, &o, &d) == 0)
			outfile_commit(&of, &d);
		else
			outfile_abort(&of);
	}
	if (d.n) {
		print_diags(&d);
		rc = diags_code(&d);
	}
	net_free(&n);
	lesson_free(&l);
	diags_free(&d);
	return rc;
}

static int cmd_play(int argc, char **argv, const char *exe_dir, bool plain)
{
	struct tui_options o = {NULL, exe_dir, plain, false, false};
	const char *lesson = NULL;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--plain") == 0)
			o.plain = true;
		else if (strcmp(a, "--fresh") == 0)
			o.fresh = true;
		else if (strcmp(a, "--no-color") == 0)
			o.no_color = true;
		else if (a[0] == '-' && a[1])
			return usage_error("unknown option '%s'", a);
		else if (lesson)
			return usage_error("one lesson at a time; '%s' is one "
			                   "too many",
			                   a);
		else
			lesson = a;
	}
	char path[PATH_MAX];
	int rc = resolve_lesson(lesson ? lesson : DEFAULT_LESSON, exe_dir, path,
	                        sizeof path);
	if (rc)
		return rc;
	o.lesson = path;
	struct diags d = {0};
	rc = tui_run(&o, &d);
	if (d.n)
		print_diags(&d);
	diags_free(&d);
	return rc;
}

int main(int argc, char **argv)
{
	char exe_dir[PATH_MAX];
	find_exe_dir(exe_dir, sizeof exe_dir);
	/* A closed pipe (nntrace dump ... | head) ends the program quietly
	 * through EPIPE handling in the writers, not a signal death. */
	signal(SIGPIPE, SIG_IGN);
	/* Past `ulimit -f` a write fails with EFBIG, reported as a write
	 * error (74), instead of the process dying of SIGXFSZ. */
	signal(SIGXFSZ, SIG_IGN);

	if (argc < 2)
		return cmd_play(0, argv, exe_dir, false);
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		printf("nntrace %s\n", NNTRACE_VERSION);
		return 0;
	}
	if (strcmp(cmd, "dump") == 0)
		return cmd_dump(argc - 2, argv + 2, exe_dir);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 2, argv + 2, exe_dir);
	if (strcmp(cmd, "lessons") == 0) {
		if (argc > 2)
			return usage_error("'lessons' takes no arguments, not "
			                   "'%s'",
			                   argv[2]);
		return cmd_lessons(exe_dir);
	}
	if (strcmp(cmd, "play") == 0)
		return cmd_play(argc - 2, argv + 2, exe_dir, false);
	if (cmd[0] == '-' && cmd[1] && strcmp(cmd, "--plain") != 0 &&
	    strcmp(cmd, "--fresh") != 0 && strcmp(cmd, "--no-color") != 0)
		return usage_error("unknown option '%s'", cmd);
	return cmd_play(argc - 1, argv + 1, exe_dir, false);
}
