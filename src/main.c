/* nntrace: replays tiny neural networks one arithmetic operation at a time.
 *
 * The only file that prints to the user and chooses exit codes; every
 * module reports through struct diags. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
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
#include "core/newfile.h"
#include "core/outfile.h"
#include "lesson/template.h"
#include "core/sanitize.h"
#include "core/termsig.h"
#include "model/script.h"
#include "tui/tui.h"

#define DEFAULT_LESSON "trask-11"

/* =====================================================================
 * Usage
 * ===================================================================== */

static const char usage_text[] =
	"usage: nntrace [LESSON]                 open a lesson in the player\n"
	"       nntrace play [--plain] [--fresh] [--no-color] [LESSON]\n"
	"       nntrace dump [--iterations LIST] [--format text|markdown|csv|html]\n"
	"                    [--worksheet|--answers] [--print] [-o FILE] [--force]\n"
	"                    LESSON\n"
	"       nntrace check LESSON...          validate lessons and their data\n"
	"       nntrace lessons                  list the bundled lessons\n"
	"       nntrace new [--from LESSON] [--layers LIST] [--data FILE.csv] "
	"NAME\n"
	"       nntrace -h | --help | -V | --version\n"
	"\n"
	"LESSON is a bundled lesson's name (see 'nntrace lessons') or a path to\n"
	"a .lesson file.  Without one, the player opens '" DEFAULT_LESSON "'.\n"
	"LIST: iterations like 0  0-2  0,1,last  all.\n"
	"'nntrace COMMAND --help' describes a command's options.\n";

static const char play_usage[] =
	"usage: nntrace play [OPTIONS] [LESSON]\n"
	"Opens LESSON (default '" DEFAULT_LESSON "') in the player, which offers "
	"to go\nback to where the lesson was left.  'nntrace [OPTIONS] [LESSON]' "
	"is the same.\n"
	"\n"
	"  -p, --plain      one operation per line on standard output, no "
	"curses\n"
	"  -f, --fresh      start from the beginning, not at the saved place\n"
	"  -n, --no-color   no colour (so does a non-empty NO_COLOR)\n"
	"      --allow-data-anywhere\n"
	"                   let lessons read data from any file, not only below\n"
	"                   their folder and the data-set folders\n"
	"  -h, --help       show this help\n";

static const char dump_usage[] =
	"usage: nntrace dump [OPTIONS] LESSON\n"
	"Writes a handout of LESSON: every operation of the chosen iterations.\n"
	"\n"
	"  -i, --iterations LIST  which iterations: 0  0-2  0,1,last  all\n"
	"                         (default: the lesson's 'handout' line)\n"
	"  -f, --format FORMAT    text (the default), markdown, csv or html (one\n"
	"                         self-contained file, SVG plots, print styles)\n"
	"  -p, --precision N      decimals shown, 0 to 17 (default: the "
	"lesson's)\n"
	"  -w, --width N          width of a text line, 40 to 1000 (default "
	"80)\n"
	"  -o, --output FILE      write to FILE, not standard output ('-' is "
	"standard\n"
	"                         output)\n"
	"      --worksheet        the students' version: each question and "
	"exercise\n"
	"                         a numbered blank, its answer left out "
	"everywhere\n"
	"      --answers          the answer key: the worksheet's exercises "
	"answered\n"
	"      --print            text in pages of 66 lines: form feeds, a "
	"running\n"
	"                         header (title, iteration) and page numbers\n"
	"      --page-length N    the same with pages of N lines, 20 to 10000\n"
	"      --plots STYLE      ascii, braille or none (default: braille for "
	"text on\n"
	"                         a UTF-8 terminal, ascii otherwise; html draws "
	"SVG)\n"
	"      --full             every value of every tensor (default: numpy's "
	"'...'\n"
	"                         beyond 100 values)\n"
	"      --force            write a handout estimated past 1 GiB, or\n"
	"                         replace a read-only file with -o\n"
	"      --allow-data-anywhere\n"
	"                         let the lesson read data from any file, not "
	"only\n"
	"                         below its folder and the data-set folders\n"
	"  -h, --help             show this help\n";

static const char check_usage[] =
	"usage: nntrace check [OPTIONS] LESSON...\n"
	"Checks each LESSON and its data, and lists every error found as\n"
	"FILE:LINE:COLUMN: error: MESSAGE, in the order of the lines.\n"
	"A lesson without errors gets a one-line summary on standard output.\n"
	"\n"
	"      --allow-data-anywhere\n"
	"               let lessons read data from any file, not only below "
	"their\n"
	"               folder and the data-set folders\n"
	"  -h, --help   show this help\n";

static const char new_usage[] =
	"usage: nntrace new [OPTIONS] NAME\n"
	"Writes a new lesson to NAME (\".lesson\" added when NAME lacks it): a\n"
	"commented lesson that 'nntrace check' accepts and the player opens.\n"
	"Never overwrites a file.\n"
	"\n"
	"  -l, --layers LIST   widths, the inputs first: 2,3,1 is 2 inputs, a "
	"hidden\n"
	"                      layer of 3 and 1 output (default 2,3,1, or with\n"
	"                      --data the CSV's columns but one, 4, 1)\n"
	"  -d, --data FILE     train on FILE.csv: its first columns are the "
	"inputs,\n"
	"                      its last the targets; without it the samples "
	"are\n"
	"                      written in the lesson (0s and 1s, XOR-like)\n"
	"  -f, --from LESSON   copy a bundled or file lesson instead\n"
	"  -h, --help          show this help\n";

static const char lessons_usage[] =
	"usage: nntrace lessons\n"
	"Lists the lessons a bare name opens, with their titles.\n"
	"\n"
	"  -h, --help   show this help\n";

/* Prints "nntrace: MESSAGE" and where to read more: `cmd` is the
 * subcommand whose options were wrong, NULL for the top level. */
static int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int usage_error(const char *cmd, const char *fmt, ...)
{
	/* It quotes arguments, which may be the names of files. */
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "nntrace: ");
	sanitize_fputs(msg, stderr);
	fprintf(stderr, "\nTry 'nntrace%s%s --help'.\n", cmd ? " " : "",
	        cmd ? cmd : "");
	return EXIT_USAGE;
}

static void print_diags(struct diags *d, const char *lesson)
{
	char line[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	diags_sort(d, 0, lesson);
	for (size_t i = 0; i < d->n; i++) {
		diags_format(d, i, line, sizeof line);
		fprintf(stderr, "%s\n", line);
	}
	if (d->dropped)
		fprintf(stderr, "(%zu more errors not shown)\n", d->dropped);
}

/* The exit status for a list of errors: 65 (bad data) unless one is of
 * another kind -- a file that cannot be opened (66), out of memory (70),
 * a read or write error (74) -- when the first such wins: it says more
 * about what went wrong than a mistake in the text. */
static int exit_status(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].code != EXIT_DATAERR)
			return d->items[i].code;
	return d->n || d->dropped ? EXIT_DATAERR : 0;
}

/* =====================================================================
 * Options
 * ===================================================================== */

/* getopt_long over a command's arguments, argv[0] being its name:
 * "--opt=value" and "--opt value", "-o value" and "-ovalue", short
 * options combined ("-pf"), "--" ending the options, and operands among
 * the options (returned as 1, in order, whatever POSIXLY_CORRECT says).
 * A mistake is reported by option_error. */
static int next_option(int argc, char **argv, const char *shorts,
                       const struct option *longs)
{
	opterr = 0; /* the messages are ours */
	return getopt_long(argc, argv, shorts, longs, NULL);
}

/* The long option "--NAME" or "--NAME=VALUE" in `arg` stands for (its
 * full name or a prefix of only one), or NULL; *n counts the options it
 * is a prefix of. */
static const struct option *long_named(const struct option *longs,
                                       const char *arg, int *n)
{
	const struct option *found = NULL;
	*n = 0;
	if (strncmp(arg, "--", 2) != 0)
		return NULL;
	size_t len = strcspn(arg + 2, "=");
	for (const struct option *o = longs; o->name; o++) {
		if (strncmp(o->name, arg + 2, len) != 0)
			continue;
		if (strlen(o->name) == len) {
			*n = 1;
			return o;
		}
		found = o;
		++*n;
	}
	return *n == 1 ? found : NULL;
}

/* Reports getopt's '?' (an unknown or ambiguous option, or a value given
 * to one that takes none) or ':' (a value missing), naming the option as
 * it was written.  A long option has moved optind past itself; a short
 * one is optopt. */
static int option_error(const char *cmd, int c, char **argv,
                        const struct option *longs)
{
	const char *a = optind > 0 ? argv[optind - 1] : "";
	int n;
	const struct option *o = long_named(longs, a, &n);
	int len = (int)strcspn(a, "=");
	bool long_form = optopt ? o && o->val == optopt :
	                          strncmp(a, "--", 2) == 0;
	if (c == ':' && long_form)
		return usage_error(cmd, "option '%.*s' needs a value", len, a);
	if (c == ':')
		return usage_error(cmd, "option '-%c' needs a value", optopt);
	if (long_form && optopt)
		return usage_error(cmd, "option '%.*s' takes no value", len, a);
	if (long_form && n > 1)
		return usage_error(cmd, "option '%.*s' is ambiguous (write it in "
		                   "full)", len, a);
	if (long_form)
		return usage_error(cmd, "unknown option '%.*s'", len, a);
	if (optopt <= ' ' || optopt > '~') /* a message stays one clean line */
		return usage_error(cmd, "unknown option byte 0x%02x",
		                   (unsigned)(unsigned char)optopt);
	return usage_error(cmd, "unknown option '-%c'", optopt);
}

/* The one LESSON operand of play and dump: *lesson is arg, unless it
 * holds one already. */
static int take_lesson(const char *cmd, const char *arg, const char **lesson)
{
	if (*lesson)
		return usage_error(cmd, "%s takes one lesson; '%s' is one too "
		                   "many", cmd ? cmd : "nntrace", arg);
	*lesson = arg;
	return 0;
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
	fputs("nntrace: no lesson '", stderr);
	sanitize_fputs(name, stderr);
	fputs("' (not a file, nor a bundled lesson; see 'nntrace lessons')\n",
	      stderr);
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
 * check
 * ===================================================================== */

/* Lays out the lesson's network -- a stand-in's, for a lesson with
 * errors -- traces an iteration when its operations are known, and
 * checks the script against what there is.  Returns the operations of
 * an iteration, 0 when none was traced. */
static size_t check_script(const struct lesson *l,
                           const struct lesson_known *k, struct diags *d,
                           struct diags *notes)
{
	struct net n;
	struct cursor c;
	size_t n_ops = 0;
	if (!k->network || net_init(&n, l, d) != 0) {
		script_check_known(l, NULL, NULL, k, d, notes);
		return 0;
	}
	if (k->operations && k->iterations)
		dump_check_size(&n, d);
	if (k->operations && cursor_init(&c, &n, d) == 0) {
		script_check_known(l, &n, &c.trace, k, d, notes);
		n_ops = c.trace.n_ops;
		cursor_free(&c);
	} else {
		script_check_known(l, &n, NULL, k, d, notes);
	}
	net_free(&n);
	return n_ops;
}

/* Checks one lesson file: every error in one pass, in the order of its
 * lines, then what could not be checked; or its summary.  Returns its
 * exit status. */
static int check_one(const char *path)
{
	struct diags d = {0}, notes = {0};
	struct lesson l;
	struct lesson_known k;
	int rc = lesson_load_all(&l, path, &d, &k);
	size_t n_ops = check_script(&l, &k, &d, &notes);
	if (rc == 0 && !d.n) {
		/* The path is a file's name and the title a file's text:
		 * neither reaches the terminal unsanitised. */
		sanitize_fputs(path, stdout);
		fputs(": ok: \"", stdout);
		sanitize_fputs(l.title, stdout);
		printf("\", %d layer%s, %zu samples, %ld iterations, %zu "
		       "operations per iteration, %zu cues\n", l.n_layers,
		       l.n_layers == 1 ? "" : "s", l.n_samples, l.iterations,
		       n_ops, l.n_cues);
	}
	lesson_free(&l);
	print_diags(&d, path);
	for (size_t i = 0; i < notes.n; i++) {
		sanitize_fputs(notes.items[i].file, stderr);
		fprintf(stderr, ": note: %s\n", notes.items[i].msg);
	}
	int status = exit_status(&d);
	diags_free(&d);
	diags_free(&notes);
	return status;
}

static int cmd_check(int argc, char **argv, const char *exe_dir)
{
	static const struct option longs[] = {
		{"allow-data-anywhere", no_argument, NULL, 'A'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char **lessons = calloc((size_t)argc, sizeof *lessons);
	int n = 0, c;
	if (!lessons) {
		fprintf(stderr, "nntrace: out of memory\n");
		return EXIT_SOFTWARE;
	}
	while ((c = next_option(argc, argv, "-:h", longs)) != -1) {
		if (c == 'h') {
			free(lessons);
			fputs(check_usage, stdout);
			return 0;
		}
		if (c == 'A') {
			lesson_trust.data_anywhere = true;
			continue;
		}
		if (c != 1) {
			free(lessons);
			return option_error("check", c, argv, longs);
		}
		lessons[n++] = optarg;
	}
	while (optind < argc) /* after "--" */
		lessons[n++] = argv[optind++];
	if (!n) {
		free(lessons);
		return usage_error("check", "check needs at least one lesson");
	}
	int worst = 0;
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX];
		int rc = resolve_lesson(lessons[i], exe_dir, path, sizeof path);
		if (!rc)
			rc = check_one(path);
		if (!worst)
			worst = rc;
	}
	free(lessons);
	return worst;
}

/* =====================================================================
 * lessons
 * ===================================================================== */

/* Every lesson a bare name opens (lesson_list), with its title. */
static int list_lessons(const char *exe_dir)
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
		/* Names of files, and titles: both somebody else's. */
		char name[4 * PATH_MAX];
		sanitize_text(name, sizeof name, f.v[i].name,
		              strlen(f.v[i].name));
		if (lesson_load(&l, f.v[i].path, &d) == 0) {
			printf("%-22s ", name);
			sanitize_fputs(l.title, stdout);
			putchar('\n');
			lesson_free(&l);
		} else {
			printf("%-22s (broken: run 'nntrace check %s')\n", name,
			       name);
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

static int cmd_lessons(int argc, char **argv, const char *exe_dir)
{
	static const struct option longs[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = next_option(argc, argv, "-:h", longs)) != -1) {
		if (c == 'h') {
			fputs(lessons_usage, stdout);
			return 0;
		}
		if (c != 1)
			return option_error("lessons", c, argv, longs);
		return usage_error("lessons", "'lessons' takes no arguments, not "
		                   "'%s'", optarg);
	}
	if (optind < argc)
		return usage_error("lessons", "'lessons' takes no arguments, not "
		                   "'%s'", argv[optind]);
	return list_lessons(exe_dir);
}

/* =====================================================================
 * dump
 * ===================================================================== */

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

/* Glyphs (σ, ×, −) only where the locale can show them: asked of the C
 * library, as the player does, not guessed from the variables' names. */
static bool locale_is_utf8(void)
{
	if (!setlocale(LC_CTYPE, ""))
		return false;
	return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

/* An interrupted dump removes its temporary file if it has a name (an
 * unnamed one goes with the process), then dies of the signal as it
 * would have. */
static void dump_interrupted(int sig)
{
	const char *tmp = outfile_pending;
	if (tmp)
		unlink(tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* dump's options without a short form. */
enum {
	OPT_WORKSHEET = 256, OPT_ANSWERS, OPT_PRINT, OPT_PAGE_LENGTH, OPT_PLOTS,
	OPT_FULL
};

/* --plots STYLE. */
static int dump_plots(const char *v, struct dump_options *o)
{
	static const char *const names[] = {"ascii", "braille", "none"};
	static const enum dump_plots values[] = {
		DUMP_PLOTS_ASCII, DUMP_PLOTS_BRAILLE, DUMP_PLOTS_NONE};
	for (size_t i = 0; i < 3; i++)
		if (strcmp(v, names[i]) == 0) {
			o->plots = values[i];
			return 0;
		}
	return usage_error("dump", "unknown plot style '%s' (ascii, braille or "
	                   "none)", v);
}

/* The options without a value, and --page-length and --plots. */
static int dump_long_option(int c, const char *v, struct dump_options *o)
{
	long n;
	switch (c) {
	case OPT_WORKSHEET:
	case OPT_ANSWERS:
		if (o->variant != DUMP_PLAIN)
			return usage_error("dump", "a handout is a worksheet or an "
			                   "answer key, not both");
		o->variant = c == OPT_WORKSHEET ? DUMP_WORKSHEET : DUMP_ANSWERS;
		return 0;
	case OPT_PRINT:
		if (!o->page_length)
			o->page_length = DUMP_PAGE_DEFAULT;
		return 0;
	case OPT_PAGE_LENGTH:
		if (parse_int(v, DUMP_PAGE_MIN, DUMP_PAGE_MAX, &n))
			return usage_error("dump", "--page-length takes a whole number "
			                   "from %d to %d, not '%s'", DUMP_PAGE_MIN,
			                   DUMP_PAGE_MAX, v);
		o->page_length = (int)n;
		return 0;
	case OPT_PLOTS:
		return dump_plots(v, o);
	default: /* OPT_FULL */
		o->full = true;
		return 0;
	}
}

/* Every signal that would end the dump runs dump_interrupted. */
static void catch_dump_signals(void)
{
	int sigs[TERMSIG_MAX];
	size_t n = termsig_list(sigs, TERMSIG_MAX);
	for (size_t i = 0; i < n; i++)
		signal(sigs[i], dump_interrupted);
}

/* What dump does with its output (-o, --force). */
struct dump_output {
	const char *path; /* -o, NULL for stdout */
	bool force;
};

/* One option of dump with its value; returns 0 or an exit status. */
static int dump_option(int c, const char *v, struct dump_options *o,
                       struct dump_output *out)
{
	long n;
	char err[128];
	if (c >= OPT_WORKSHEET)
		return dump_long_option(c, v, o);
	switch (c) {
	case 'i':
		if (dump_check_iterations(v, err, sizeof err))
			return usage_error("dump", "%s", err);
		o->iterations = v;
		return 0;
	case 'f':
		if (strcmp(v, "text") == 0)
			o->format = DUMP_TEXT;
		else if (strcmp(v, "markdown") == 0 || strcmp(v, "md") == 0)
			o->format = DUMP_MARKDOWN;
		else if (strcmp(v, "csv") == 0)
			o->format = DUMP_CSV;
		else if (strcmp(v, "html") == 0)
			o->format = DUMP_HTML;
		else
			return usage_error("dump", "unknown format '%s' (text, "
			                   "markdown, csv or html)", v);
		return 0;
	case 'p':
		if (parse_int(v, 0, 17, &n))
			return usage_error("dump", "--precision takes a whole "
			                   "number from 0 to 17, not '%s'", v);
		o->precision = (int)n;
		return 0;
	case 'w':
		if (parse_int(v, 40, 1000, &n))
			return usage_error("dump", "--width takes a whole number "
			                   "from 40 to 1000, not '%s'", v);
		o->width = (int)n;
		return 0;
	case 'F':
		o->force = true;
		out->force = true;
		return 0;
	case 'A':
		lesson_trust.data_anywhere = true;
		return 0;
	default: /* 'o' */
		if (!v[0])
			return usage_error("dump", "-o needs a file name ('' names "
			                   "none; '-' is standard output)");
		out->path = v;
		return 0;
	}
}

/* Writes the handout of the lesson at `path`. */
static int write_handout(const char *path, struct dump_options *o,
                         const struct dump_output *out)
{
	const char *outpath = out->path;
	struct diags d = {0};
	struct lesson l;
	struct net n;
	int rc;
	if (open_lesson(path, &l, &n, &d)) {
		print_diags(&d, path);
		rc = exit_status(&d);
		diags_free(&d);
		return rc;
	}
	struct outfile of;
	o->out_name = outpath && strcmp(outpath, "-") != 0 ? outpath :
	                                                     "<stdout>";
	/* A handout never replaces what it is made from. */
	const char *inputs[] = {l.path, l.data_path, l.test_path, NULL};
	if (!l.data_path)
		inputs[1] = l.test_path, inputs[2] = NULL;
	struct outfile_options oo = {inputs, out->force};
	catch_dump_signals();
	if (outfile_open(&of, outpath, &oo, &d) == 0) {
		if (dump_write(of.fp, &n, o, &d) == 0)
			outfile_commit(&of, &d);
		else
			outfile_abort(&of);
	}
	print_diags(&d, path);
	rc = exit_status(&d);
	net_free(&n);
	lesson_free(&l);
	diags_free(&d);
	return rc;
}

static int cmd_dump(int argc, char **argv, const char *exe_dir)
{
	static const struct option longs[] = {
		{"iterations", required_argument, NULL, 'i'},
		{"format", required_argument, NULL, 'f'},
		{"precision", required_argument, NULL, 'p'},
		{"width", required_argument, NULL, 'w'},
		{"output", required_argument, NULL, 'o'},
		{"worksheet", no_argument, NULL, OPT_WORKSHEET},
		{"answers", no_argument, NULL, OPT_ANSWERS},
		{"print", no_argument, NULL, OPT_PRINT},
		{"page-length", required_argument, NULL, OPT_PAGE_LENGTH},
		{"plots", required_argument, NULL, OPT_PLOTS},
		{"full", no_argument, NULL, OPT_FULL},
		{"force", no_argument, NULL, 'F'},
		{"allow-data-anywhere", no_argument, NULL, 'A'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct dump_options o = {.format = DUMP_TEXT, .precision = -1,
	                         .width = 80, .utf8 = locale_is_utf8(),
	                         .progress = isatty(2)};
	struct dump_output out = {NULL, false};
	const char *lesson = NULL;
	int c, rc;
	while ((c = next_option(argc, argv, "-:i:f:p:w:o:h", longs)) != -1) {
		if (c == 'h') {
			fputs(dump_usage, stdout);
			return 0;
		}
		if (c == '?' || c == ':')
			return option_error("dump", c, argv, longs);
		if (c == 1)
			rc = take_lesson("dump", optarg, &lesson);
		else
			rc = dump_option(c, optarg, &o, &out);
		if (rc)
			return rc;
	}
	while (optind < argc) /* after "--" */
		if ((rc = take_lesson("dump", argv[optind++], &lesson)))
			return rc;
	if (!lesson)
		return usage_error("dump", "dump needs a lesson");
	/* Braille plots by default only where they are seen: a terminal. */
	o.terminal = isatty(1) && (!out.path || strcmp(out.path, "-") == 0);
	char err[256];
	if (dump_check_options(&o, err, sizeof err))
		return usage_error("dump", "%s", err);
	char path[PATH_MAX];
	rc = resolve_lesson(lesson, exe_dir, path, sizeof path);
	return rc ? rc : write_handout(path, &o, &out);
}

/* =====================================================================
 * new
 * ===================================================================== */

/* Prints the errors of `new`: those of a file in the usual form, the
 * others (which name their file in the message) after "nntrace: ". */
static void print_new_diags(struct diags *d)
{
	char line[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	for (size_t i = 0; i < d->n; i++) {
		if (d->items[i].file[0]) {
			diags_format(d, i, line, sizeof line);
			fprintf(stderr, "%s\n", line);
		} else {
			fprintf(stderr, "nntrace: %s\n", d->items[i].msg);
		}
	}
}

/* The written lesson as `check` sees it, before it gets its name: a
 * CSV with a bad cell, or a network too large, is refused here. */
static int verify_new(const char *tmp, struct diags *d)
{
	struct lesson l;
	struct lesson_known k;
	struct diags notes = {0};
	lesson_load_all(&l, tmp, d, &k);
	check_script(&l, &k, d, &notes);
	lesson_free(&l);
	diags_free(&notes);
	diags_sort(d, 0, tmp);
	return exit_status(d);
}

/* "wrote NAME", NAME's control characters written as \xNN: a name is
 * echoed as one clean line whatever bytes it has. */
static void wrote_new(const char *dest)
{
	char clean[4 * PATH_MAX + 1];
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)dest; *p; p++)
		o += (size_t)(*p < 0x20 || *p == 0x7f ?
		              snprintf(clean + o, 5, "\\x%02x", *p) :
		              snprintf(clean + o, 2, "%c", *p));
	printf("wrote %s; try 'nntrace check %s' and 'nntrace %s'\n", clean,
	       clean, clean);
}

/* Copies `src` into `out` (cap bytes), cut short if it must be. */
static void copy_cut(char *out, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (n >= cap)
		n = cap - 1;
	memcpy(out, src, n);
	out[n] = '\0';
}

/* Writes the lesson to `dest` through a temporary file checked first. */
static int write_new(const char *dest, const char *from, const char *csv,
                     const struct template_shape *s)
{
	struct diags d = {0};
	struct newfile nf = {0};
	int rc = newfile_open(&nf, dest, &d) ? diags_code(&d) : 0;
	if (!rc)
		rc = from ? template_copy(nf.fp, from, dest, &d) :
		            template_write(nf.fp, dest, csv, s, &d);
	if (!rc && fflush(nf.fp) == 0)
		rc = verify_new(nf.tmp, &d);
	if (!rc && newfile_commit(&nf, &d))
		rc = diags_code(&d);
	if (rc) {
		/* The check read the temporary file; its errors are the new
		 * lesson's, so they name the file the user asked for. */
		for (size_t i = 0; i < d.n; i++)
			if (nf.tmp && strcmp(d.items[i].file, nf.tmp) == 0)
				copy_cut(d.items[i].file, sizeof d.items[i].file,
				         dest);
		newfile_abort(&nf);
	} else {
		wrote_new(dest);
	}
	print_new_diags(&d);
	diags_free(&d);
	return rc;
}

static int cmd_new(int argc, char **argv, const char *exe_dir)
{
	static const struct option longs[] = {
		{"from", required_argument, NULL, 'f'},
		{"layers", required_argument, NULL, 'l'},
		{"data", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *from = NULL, *layers = NULL, *csv = NULL, *name = NULL;
	int c, rc;
	while ((c = next_option(argc, argv, "-:f:l:d:h", longs)) != -1) {
		if (c == 'h') {
			fputs(new_usage, stdout);
			return 0;
		}
		if (c == 'f')
			from = optarg;
		else if (c == 'l')
			layers = optarg;
		else if (c == 'd')
			csv = optarg;
		else if (c != 1)
			return option_error("new", c, argv, longs);
		else if ((rc = take_lesson("new", optarg, &name)))
			return rc;
	}
	while (optind < argc) /* after "--" */
		if ((rc = take_lesson("new", argv[optind++], &name)))
			return rc;
	if (!name || !*name)
		return usage_error("new", "new needs the name of the file to "
		                   "write");
	if (from && (layers || csv))
		return usage_error("new", "--from copies a lesson as it is; "
		                   "--layers and --data are for a new one");
	struct template_shape s = {0};
	char err[256];
	if (layers && template_shape_parse(&s, layers, err, sizeof err))
		return usage_error("new", "%s", err);
	char src[PATH_MAX], dest[PATH_MAX];
	if (from && lesson_find(from, exe_dir, src, sizeof src) != 0) {
		struct diags d = {0};
		diags_add(&d, "", 0, 0, EXIT_NOINPUT, "no lesson '%s' to copy "
		          "(not a file, nor a bundled lesson; see 'nntrace "
		          "lessons')", from);
		print_new_diags(&d);
		diags_free(&d);
		return EXIT_NOINPUT;
	}
	size_t len = strlen(name);
	bool ext = len >= 7 && strcmp(name + len - 7, ".lesson") == 0;
	if (snprintf(dest, sizeof dest, "%s%s", name, ext ? "" : ".lesson") >=
	    (int)sizeof dest)
		return usage_error("new", "the name is too long");
	return write_new(dest, from ? src : NULL, csv, &s);
}

/* =====================================================================
 * play, and the top level
 * ===================================================================== */

/* `nntrace play ...`, and `nntrace [OPTIONS] [LESSON]`, whose options are
 * play's and -V: `cmd` is "play" for the first, NULL for the second. */
static int cmd_play(int argc, char **argv, const char *exe_dir,
                    const char *cmd)
{
	static const struct option play_longs[] = {
		{"plain", no_argument, NULL, 'p'},
		{"fresh", no_argument, NULL, 'f'},
		{"no-color", no_argument, NULL, 'n'},
		{"allow-data-anywhere", no_argument, NULL, 'A'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const struct option top_longs[] = {
		{"plain", no_argument, NULL, 'p'},
		{"fresh", no_argument, NULL, 'f'},
		{"no-color", no_argument, NULL, 'n'},
		{"allow-data-anywhere", no_argument, NULL, 'A'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	const struct option *longs = cmd ? play_longs : top_longs;
	struct tui_options o = {NULL, exe_dir, false, false, false};
	const char *lesson = NULL;
	int c, rc;
	while ((c = next_option(argc, argv, cmd ? "-:pfnh" : "-:pfnhV",
	                        longs)) != -1) {
		if (c == 'h' || c == 'V') {
			if (c == 'V')
				printf("nntrace %s\n", NNTRACE_VERSION);
			else
				fputs(cmd ? play_usage : usage_text, stdout);
			return 0;
		}
		if (c == 'p')
			o.plain = true;
		else if (c == 'f')
			o.fresh = true;
		else if (c == 'n')
			o.no_color = true;
		else if (c == 'A')
			lesson_trust.data_anywhere = true;
		else if (c != 1)
			return option_error(cmd, c, argv, longs);
		else if ((rc = take_lesson(cmd, optarg, &lesson)))
			return rc;
	}
	while (optind < argc) /* after "--" */
		if ((rc = take_lesson(cmd, argv[optind++], &lesson)))
			return rc;
	char path[PATH_MAX];
	rc = resolve_lesson(lesson ? lesson : DEFAULT_LESSON, exe_dir, path,
	                    sizeof path);
	if (rc)
		return rc;
	o.lesson = path;
	struct diags d = {0};
	rc = tui_run(&o, &d);
	print_diags(&d, path);
	diags_free(&d);
	return rc;
}

/* Whatever a command wrote to standard output must have arrived: a
 * write error (a full disk, /dev/full) is 74, not success.  A closed pipe
 * is no error (`nntrace lessons | head -n 1`), and a status that already
 * reports an I/O problem (dump's own write errors) keeps its message. */
static int close_stdout(int rc)
{
	errno = 0;
	if ((fflush(stdout) == 0 && !ferror(stdout)) || errno == EPIPE)
		return rc;
	if (rc != 0 && rc != EXIT_DATAERR)
		return rc;
	fprintf(stderr, "nntrace: write error on standard output: %s\n",
	        strerror(errno ? errno : EIO));
	return EXIT_IOERR;
}

static int run(int argc, char **argv, const char *exe_dir)
{
	/* A subcommand reads its own options, its name as its argv[0]. */
	const char *cmd = argc > 1 ? argv[1] : "";
	if (strcmp(cmd, "dump") == 0)
		return cmd_dump(argc - 1, argv + 1, exe_dir);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1, exe_dir);
	if (strcmp(cmd, "lessons") == 0)
		return cmd_lessons(argc - 1, argv + 1, exe_dir);
	if (strcmp(cmd, "new") == 0)
		return cmd_new(argc - 1, argv + 1, exe_dir);
	if (strcmp(cmd, "play") == 0)
		return cmd_play(argc - 1, argv + 1, exe_dir, "play");
	return cmd_play(argc, argv, exe_dir, NULL);
}

int main(int argc, char **argv)
{
	char exe_dir[PATH_MAX];
	find_exe_dir(exe_dir, sizeof exe_dir);
	/* Bundled lessons read the data sets bundled beside them. */
	lesson_trust.exe_dir = exe_dir;
	/* A closed pipe (nntrace dump ... | head) ends the program quietly
	 * through EPIPE handling in the writers, not a signal death. */
	signal(SIGPIPE, SIG_IGN);
	/* Past `ulimit -f` a write fails with EFBIG, reported as a write
	 * error (74), instead of the process dying of SIGXFSZ. */
	signal(SIGXFSZ, SIG_IGN);

	return close_stdout(run(argc, argv, exe_dir));
}
