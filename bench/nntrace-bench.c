/* nntrace-bench: the in-process measurements of `make bench` (bench/run.py
 * drives it and prints the table).  Linked with the same objects, built
 * with the same flags, as the shipped nntrace.
 *
 *   keys LESSON SCENARIO N ROWS COLS   key latency in the headless player
 *   walk LESSON                        End in the player; peak RSS after
 *   trace LESSON N                     N fully traced iterations
 *   ff LESSON                          fast-forward to the last iteration
 *   steps LESSON N                     N untraced iterations (the dense
 *                                      kernel), one by one: the median
 *   floor LESSON                       trask-xor's floor: its exp calls
 *                                      alone, and a loop written for
 *                                      exactly its shape
 *   firstframe NNTRACE N               the real player's first frame, pty
 *   rss PROGRAM ARGS...                peak RSS of a run of PROGRAM
 *   parse FILE                         lesson_parse of FILE, read first
 *   load FILE                          lesson_load of FILE (reads it too)
 *
 * Times are printed in milliseconds.  Nothing here prints to a terminal
 * or reads one except `firstframe`, which runs nntrace in a pseudo-
 * terminal it owns. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "model/cursor.h"
#include "core/diag.h"
#include "model/engine.h"
#include "lesson/lesson.h"
#include "model/net.h"
#include "model/trace.h"
#include "player.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted v[0..n). */
static double pct(const double *v, size_t n, double p)
{
	size_t k = (size_t)(p / 100.0 * (double)n + 0.999999);
	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	return v[k - 1];
}

/* "p50 p99 max" in milliseconds. */
static void report(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	printf("%.3f %.3f %.3f", pct(v, n, 50) * 1e3, pct(v, n, 99) * 1e3,
	       v[n - 1] * 1e3);
}

static void die_diags(struct diags *d)
{
	char line[DIAG_MSG_MAX + DIAG_FILE_MAX + 64];
	for (size_t i = 0; i < d->n; i++) {
		diags_format(d, i, line, sizeof line);
		fprintf(stderr, "%s\n", line);
	}
	exit(1);
}

static struct tui_bench *open_player(const char *lesson, int rows, int cols)
{
	struct diags d = {0};
	struct tui_bench *b = tui_bench_open(lesson, rows, cols, &d);
	if (!b)
		die_diags(&d);
	diags_free(&d);
	return b;
}

/* =====================================================================
 * Key latency in the headless player
 * ===================================================================== */

static int cmd_keys(const char *lesson, const char *scenario, long n, int rows,
                    int cols)
{
	double *t = calloc((size_t)n, sizeof *t);
	double *cpu = calloc((size_t)n, sizeof *cpu);
	if (!t || !cpu)
		return 1;
	struct tui_bench *b = NULL;
	if (strcmp(scenario, "last") != 0)
		b = open_player(lesson, rows, cols);
	for (long i = 0; i < n; i++) {
		if (strcmp(scenario, "next") == 0) {
			/* From the start on: crosses iteration boundaries. */
			t[i] = tui_bench_key(b, KEY_RIGHT, &cpu[i]);
		} else if (strcmp(scenario, "prev") == 0) {
			/* From the first operation of an iteration into the
			 * last of the one before, iterations spread over the
			 * run. */
			long it = 1 + (i * 7919) % 149;
			tui_bench_goto(b, it, 0);
			t[i] = tui_bench_key(b, KEY_LEFT, &cpu[i]);
			if (tui_bench_iteration(b) != it - 1) {
				fprintf(stderr, "prev: at %ld, not %ld\n",
				        tui_bench_iteration(b), it - 1);
				return 1;
			}
		} else if (strcmp(scenario, "next-iter") == 0) {
			t[i] = tui_bench_key(b, KEY_NPAGE, &cpu[i]);
		} else if (strcmp(scenario, "last") == 0) {
			/* A fresh player each time: nothing computed yet. */
			b = open_player(lesson, rows, cols);
			t[i] = tui_bench_key(b, KEY_END, &cpu[i]);
			tui_bench_close(b);
			b = NULL;
		} else if (strcmp(scenario, "resize") == 0) {
			int r = i % 2 ? rows : 24, w = i % 2 ? cols : 80;
			t[i] = tui_bench_resize(b, r, w, &cpu[i]);
		} else {
			fprintf(stderr, "unknown scenario %s\n", scenario);
			return 2;
		}
	}
	tui_bench_close(b);
	/* wall p50 p99 max, then CPU p50 p99 max, then n */
	report(t, (size_t)n);
	putchar(' ');
	report(cpu, (size_t)n);
	printf(" %ld\n", n);
	free(t);
	free(cpu);
	return 0;
}

/* This process's peak RSS in KiB.  VmHWM belongs to the memory of the
 * program now running; getrusage's ru_maxrss would also count what the
 * process used before exec (a forked Python's 13 MiB). */
static long peak_rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kib = atol(line + 6);
	if (f)
		fclose(f);
	return kib;
}

/* Peak RSS of a player that went to the last iteration (End), the
 * iteration reached and the time End took. */
static int cmd_walk(const char *lesson)
{
	struct tui_bench *b = open_player(lesson, 50, 160);
	double t = tui_bench_key(b, KEY_END, NULL);
	long it = tui_bench_iteration(b);
	tui_bench_close(b);
	printf("%ld %ld %.3f\n", it, peak_rss_kib(), t * 1e3);
	return 0;
}

/* Runs argv and reports its peak RSS in KiB.  Forked first thing, from
 * this small process, so the child's ru_maxrss is its own. */
static int cmd_rss(char **argv)
{
	pid_t pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, STDOUT_FILENO);
		execv(argv[0], argv);
		_exit(127);
	}
	int st;
	struct rusage ru;
	if (wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0)
		return 1;
	printf("%ld\n", ru.ru_maxrss);
	return 0;
}

static void load(const char *path, struct lesson *l, struct net *n)
{
	struct diags d = {0};
	if (lesson_load(l, path, &d) || net_init(n, l, &d))
		die_diags(&d);
	diags_free(&d);
}

/* n traced iterations: "ms_per_iteration ops_per_iteration", the
 * median of the iterations timed one by one (the machine is shared: a
 * median leaves out the iterations during which another process ran). */
static int cmd_trace(const char *path, long n)
{
	struct lesson l;
	struct net net;
	struct engine e;
	struct trace t;
	double *dt = calloc((size_t)n, sizeof *dt);
	load(path, &l, &net);
	if (!dt || engine_init(&e, &net) || trace_init(&t, &net))
		return 1;
	for (long i = 0; i < n; i++) {
		struct step_result r;
		double t0 = now_s();
		if (engine_step(&e, &t, &r) || r.nonfinite)
			return 1;
		dt[i] = now_s() - t0;
	}
	qsort(dt, (size_t)n, sizeof *dt, cmp_double);
	printf("%.6f %zu\n", pct(dt, (size_t)n, 50) * 1e3, t.n_ops);
	free(dt);
	trace_free(&t);
	engine_free(&e);
	net_free(&net);
	lesson_free(&l);
	return 0;
}

/* The cursor to the last iteration, in process: "ms". */
static int cmd_ff(const char *path)
{
	struct lesson l;
	struct net net;
	struct cursor c;
	struct diags d = {0};
	load(path, &l, &net);
	double t0 = now_s();
	if (cursor_init(&c, &net, &d) || cursor_goto(&c, c.last, 0))
		return 1;
	printf("%.3f\n", (now_s() - t0) * 1e3);
	cursor_free(&c);
	net_free(&net);
	lesson_free(&l);
	return 0;
}

/* CPU time of the calling thread, in seconds. */
static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* n untraced iterations, as a fast-forward runs them: "ms_per_iteration",
 * the median of the iterations timed one by one, in CPU time (on a
 * shared machine the wall clock also counts the other processes' turns;
 * scaling_numpy.py measures numpy the same way). */
static int cmd_steps(const char *path, long n)
{
	struct lesson l;
	struct net net;
	struct engine e;
	double *dt = calloc((size_t)n, sizeof *dt);
	load(path, &l, &net);
	if (!dt || n < 1 || engine_init(&e, &net))
		return 1;
	for (long i = 0; i < n; i++) {
		struct step_result r;
		double t0 = cpu_s();
		if (engine_step(&e, NULL, &r) || r.nonfinite)
			return 1;
		dt[i] = cpu_s() - t0;
	}
	qsort(dt, (size_t)n, sizeof *dt, cmp_double);
	printf("%.6f\n", dt[n / 2] * 1e3);
	engine_free(&e);
	net_free(&net);
	lesson_free(&l);
	free(dt);
	return 0;
}

/* =====================================================================
 * The fast-forward's floor
 * ===================================================================== */

/* What no fast-forward of trask-xor can beat on this machine, for the
 * "fast-forward vs numpy" row: "exp_ms fixed_ms".
 *
 * exp_ms: the 60,000 x 20 sigmoids 1 / (1 + exp(-z)) of its iterations
 * alone, on the z of its first iteration (glibc's exp, as the engine
 * uses: numpy's numbers on machines where numpy calls it).
 * fixed_ms: the whole 60,000 iterations written for exactly this
 * network (4 samples, 3-4-1, sigmoid, no bias, the error loss, rate 1):
 * every size a constant, nothing traced, no loss, no checks.  Its final
 * weights must equal the engine's bit for bit, or the command fails: it
 * is the same arithmetic, only without the generality. */
enum { FS = 4, FI = 3, FH = 4 };

struct fixed_net {
	double x[FS][FI], y[FS], w0[FI][FH], w1[FH];
};

static void fixed_iteration(struct fixed_net *f, double z1[FS][FH])
{
	double a1[FS][FH], a2[FS], d2[FS], d1[FS][FH];
	for (int s = 0; s < FS; s++)
		for (int o = 0; o < FH; o++) {
			double z = f->x[s][0] * f->w0[0][o];
			for (int j = 1; j < FI; j++)
				z = z + f->x[s][j] * f->w0[j][o];
			z1[s][o] = z;
			a1[s][o] = 1.0 / (1.0 + exp(-z));
		}
	for (int s = 0; s < FS; s++) {
		double z = a1[s][0] * f->w1[0];
		for (int j = 1; j < FH; j++)
			z = z + a1[s][j] * f->w1[j];
		a2[s] = 1.0 / (1.0 + exp(-z));
		d2[s] = (f->y[s] - a2[s]) * (1.0 * a2[s] * (1.0 - a2[s]));
	}
	for (int s = 0; s < FS; s++)
		for (int j = 0; j < FH; j++)
			d1[s][j] = d2[s] * f->w1[j] *
			           (1.0 * a1[s][j] * (1.0 - a1[s][j]));
	for (int j = 0; j < FH; j++) {
		double g = a1[0][j] * d2[0];
		for (int s = 1; s < FS; s++)
			g = g + a1[s][j] * d2[s];
		f->w1[j] = f->w1[j] + 1.0 * g;
	}
	for (int i = 0; i < FI; i++)
		for (int o = 0; o < FH; o++) {
			double g = f->x[0][i] * d1[0][o];
			for (int s = 1; s < FS; s++)
				g = g + f->x[s][i] * d1[s][o];
			f->w0[i][o] = f->w0[i][o] + 1.0 * g;
		}
}

static int cmd_floor(const char *path)
{
	struct lesson l;
	struct net net;
	struct engine e;
	load(path, &l, &net);
	const struct layer_spec *h = &l.layers[0], *o = &l.layers[1];
	if (l.conv != CONV_ROWS || l.n_layers != 2 || l.n_samples != FS ||
	    l.n_inputs != FI || h->units != FH || o->units != 1 ||
	    h->act != ACT_SIGMOID || o->act != ACT_SIGMOID || h->bias ||
	    o->bias || l.loss != LOSS_ERROR || l.learning_rate != 1.0 ||
	    l.clip_sigmoid > 0 || h->deriv != DERIV_FROM_OUTPUT ||
	    o->deriv != DERIV_FROM_OUTPUT || h->deriv_scale != 1.0 ||
	    o->deriv_scale != 1.0) {
		fprintf(stderr, "floor: %s is not trask-xor's network\n", path);
		return 1;
	}
	if (engine_init(&e, &net))
		return 1;
	struct fixed_net f;
	const double *x = e.work + net.tensors[net.input].offset;
	const double *y = e.work + net.tensors[net.target].offset;
	const double *w0 = e.params + net.tensors[net.layer_tensor[1][ROLE_W]].offset;
	const double *w1 = e.params + net.tensors[net.layer_tensor[2][ROLE_W]].offset;
	memcpy(f.x, x, sizeof f.x);
	memcpy(f.y, y, sizeof f.y);
	memcpy(f.w0, w0, sizeof f.w0);
	memcpy(f.w1, w1, sizeof f.w1);

	long n = l.iterations;
	double z1[FS][FH];
	double t0 = now_s();
	for (long i = 0; i < n; i++)
		fixed_iteration(&f, z1);
	double fixed_s = now_s() - t0;

	for (long i = 0; i < n; i++) {
		struct step_result r;
		if (engine_step(&e, NULL, &r) || r.nonfinite)
			return 1;
	}
	if (memcmp(f.w0, w0, sizeof f.w0) || memcmp(f.w1, w1, sizeof f.w1)) {
		fprintf(stderr, "floor: the fixed loop's weights differ\n");
		return 1;
	}

	/* 20 sigmoids per iteration on the last iteration's z (the output
	 * layer's 4 taken from the hidden ones: any values will do). */
	double z[20], sum = 0;
	memcpy(z, z1, sizeof z1);
	for (int i = 0; i < 4; i++)
		z[16 + i] = z1[i][0] * 0.5;
	t0 = now_s();
	for (long i = 0; i < n; i++) {
		for (int k = 0; k < 20; k++)
			sum += 1.0 / (1.0 + exp(-z[k]));
		z[i % 20] += 1e-12; /* not hoisted out of the loop */
	}
	double exp_s = now_s() - t0;
	volatile double sink = sum; /* used: the loop is not optimised away */
	(void)sink;
	printf("%.3f %.3f\n", exp_s * 1e3, fixed_s * 1e3);
	engine_free(&e);
	net_free(&net);
	lesson_free(&l);
	return 0;
}

/* =====================================================================
 * The first frame in a pseudo-terminal
 * ===================================================================== */

/* Seconds from fork to the first frame of `nntrace play --fresh
 * trask-11` in a 50 x 160 pseudo-terminal: until the hint bar, the last
 * line curses draws, has come out.  Then q, and the player is waited
 * for. */
static double first_frame(const char *nntrace)
{
	struct winsize ws = {50, 160, 0, 0};
	int fd;
	double t0 = now_s();
	pid_t pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		execl(nntrace, nntrace, "play", "--fresh", "trask-11",
		      (char *)NULL);
		_exit(127);
	}
	char buf[65536], seen[256] = "";
	double t = -1;
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		if (poll(&p, 1, 5000) <= 0)
			break;
		ssize_t k = read(fd, buf, sizeof buf - 1);
		if (k <= 0)
			break;
		buf[k] = '\0';
		/* The marker may straddle two reads. */
		char win[sizeof seen + sizeof buf];
		snprintf(win, sizeof win, "%s%s", seen, buf);
		if (strstr(win, "quit")) {
			t = now_s() - t0;
			break;
		}
		size_t wl = strlen(win);
		snprintf(seen, sizeof seen, "%s", win + (wl > 8 ? wl - 8 : 0));
	}
	if (write(fd, "q", 1) != 1)
		kill(pid, SIGTERM);
	/* Drain until the player has gone. */
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		if (poll(&p, 1, 2000) <= 0 || read(fd, buf, sizeof buf) <= 0)
			break;
	}
	int st;
	if (waitpid(pid, &st, WNOHANG) == 0) {
		kill(pid, SIGTERM);
		waitpid(pid, &st, 0);
	}
	close(fd);
	return t;
}

static int cmd_firstframe(const char *nntrace, long n)
{
	double *t = calloc((size_t)n, sizeof *t);
	if (!t)
		return 1;
	for (long i = 0; i < n; i++) {
		t[i] = first_frame(nntrace);
		if (t[i] < 0) {
			fprintf(stderr, "firstframe: no frame from %s\n",
			        nntrace);
			return 1;
		}
	}
	report(t, (size_t)n);
	printf(" %ld\n", n);
	free(t);
	return 0;
}

/* =====================================================================
 * Parsing and loading lessons
 * ===================================================================== */

/* The whole of a file in memory, its size in *n; NULL if unreadable. */
static char *read_all(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size = -1;
	if (f && fseek(f, 0, SEEK_END) == 0)
		size = ftell(f);
	if (size >= 0 && fseek(f, 0, SEEK_SET) == 0)
		buf = malloc((size_t)size + 1);
	if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	*n = buf ? (size_t)size : 0;
	return buf;
}

/* "ms status errors_kept errors_dropped" of one parse of a lesson: of
 * the text alone (lesson_parse on FILE read into memory beforehand), or
 * with the reading (lesson_load), which must refuse an oversized file
 * without reading it all.  The limits once asserted by test_lesson.c;
 * bench/run.py builds the files. */
static int cmd_parse(const char *path, int with_read)
{
	char *buf = NULL;
	size_t n = 0;
	if (!with_read && !(buf = read_all(path, &n))) {
		fprintf(stderr, "parse: cannot read %s\n", path);
		return 1;
	}
	struct lesson l;
	struct diags d = {0};
	double t0 = now_s();
	int rc = with_read ? lesson_load(&l, path, &d) :
	                     lesson_parse(&l, path, buf, n, &d);
	double dt = now_s() - t0;
	printf("%.3f %d %zu %zu\n", dt * 1e3, rc, d.n, d.dropped);
	if (rc == 0)
		lesson_free(&l);
	diags_free(&d);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "rss") == 0)
		return cmd_rss(argv + 2);
	/* The player as a student with a UTF-8 terminal sees it. */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	if (argc >= 7 && strcmp(argv[1], "keys") == 0)
		return cmd_keys(argv[2], argv[3], atol(argv[4]), atoi(argv[5]),
		                atoi(argv[6]));
	if (argc == 3 && strcmp(argv[1], "walk") == 0)
		return cmd_walk(argv[2]);
	if (argc == 4 && strcmp(argv[1], "trace") == 0)
		return cmd_trace(argv[2], atol(argv[3]));
	if (argc == 3 && strcmp(argv[1], "ff") == 0)
		return cmd_ff(argv[2]);
	if (argc == 4 && strcmp(argv[1], "steps") == 0)
		return cmd_steps(argv[2], atol(argv[3]));
	if (argc == 3 && strcmp(argv[1], "floor") == 0)
		return cmd_floor(argv[2]);
	if (argc == 4 && strcmp(argv[1], "firstframe") == 0)
		return cmd_firstframe(argv[2], atol(argv[3]));
	if (argc == 3 && strcmp(argv[1], "parse") == 0)
		return cmd_parse(argv[2], 0);
	if (argc == 3 && strcmp(argv[1], "load") == 0)
		return cmd_parse(argv[2], 1);
	fprintf(stderr, "usage: see the comment at the top of %s\n", __FILE__);
	return 2;
}
