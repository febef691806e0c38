/* script: where a lesson's cues (narration, pauses, predict questions)
 * attach in a traced iteration, and whether every cue can attach at all. */
#ifndef NNTRACE_SCRIPT_H
#define NNTRACE_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "lesson/lesson.h"
#include "model/net.h"
#include "model/trace.h"

struct cue_at {
	size_t step;  /* operation the cue attaches to */
	size_t cue;   /* index into lesson->cues */
};

struct script {
	long iteration;      /* of the trace the list was made for */
	struct cue_at *at;   /* sorted by step, then lesson order */
	size_t n;
};

/* Finds the cues of trace t's iteration (last = the lesson's last
 * iteration, for "last").  Returns 0 or -1 (out of memory). */
int script_attach(struct script *s, const struct lesson *l,
                  const struct trace *t, long last);

/* Cues attached exactly at `step`: sets *first to the first entry and
 * returns how many. */
size_t script_at(const struct script *s, size_t step,
                 const struct cue_at **first);

void script_free(struct script *s);

/* What the student reads at an operation (docs/lesson-format.md, "When
 * narration shows"); the player's lesson pane and plain mode both ask
 * here, so they cannot disagree.
 *
 * A `say` holds from the operation it attaches to over the operations
 * after it until the next operation with a `say` of its own or the end
 * of its phase; when its selector names a tensor it ends sooner, at the
 * first operation that neither writes nor reads the tensor its own
 * operation writes.  Questions and pauses show at their own operation
 * only and end no `say`. */

/* The step of the says that hold at `step` of trace t (the iteration the
 * script s was attached to), with *first and *n set to every cue
 * attached there (script_holds tells which of them show); -1, with *n
 * 0, when no say holds. */
long script_narration(const struct script *s, const struct lesson *l,
                      const struct trace *t, size_t step,
                      const struct cue_at **first, size_t *n);

/* Whether the cue at `ca` (an entry of s) is a say that holds at
 * `step`. */
bool script_holds(const struct script *s, const struct lesson *l,
                  const struct trace *t, const struct cue_at *ca,
                  size_t step);

/* Whether the lesson's description (its introduction) shows at `step`
 * of trace t: at the first operation of iteration 0, before the
 * narration attached there. */
bool script_intro(const struct trace *t, size_t step);

/* Checks each cue against a traced iteration's structure (every iteration
 * has the same operations), docs/lesson-format.md's rules: tensor names
 * the network has (else "did you mean" the closest phase, operation kind
 * or tensor name), cells inside their tensor, tensors some operation
 * computes, phase, kind and tensor terms that match an operation
 * together, iterations up to `last`.  Each error points at the word it
 * is about (file:line:col).  Returns the number of errors added. */
int script_check(const struct lesson *l, const struct trace *t, long last,
                 struct diags *d);

/* script_check for a lesson with errors (lesson_load_all), for `check`:
 * tensor names are checked against the laid-out network n when
 * k->network (n may be NULL otherwise; a name k leaves in doubt is not
 * checked), phases and kinds against trace t, a traced iteration of n,
 * when k->operations (t may be NULL otherwise), cells only when
 * k->shapes, iteration numbers only when k->iterations.  What could not
 * be checked goes to `notes`: one entry per part of the selectors,
 * naming the lines of its cues, with the file but no line, code 0.
 * Returns the number of errors added. */
int script_check_known(const struct lesson *l, const struct net *n,
                       const struct trace *t, const struct lesson_known *k,
                       struct diags *d, struct diags *notes);

#endif
