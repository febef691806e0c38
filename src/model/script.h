/* script: where a lesson's cues (narration, pauses, predict questions)
 * attach in a traced iteration, and whether every cue can attach at all. */
#ifndef NNTRACE_SCRIPT_H
#define NNTRACE_SCRIPT_H

#include <stddef.h>

#include "core/diag.h"
#include "lesson/lesson.h"
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

/* Checks each cue against a traced iteration's structure (every iteration
 * has the same operations): unknown tensor names (with "did you mean"),
 * cells out of range, phase/kind/tensor combinations that match nothing,
 * iterations past the last.  Errors at the cue's file:line:col.  Returns
 * the number of errors added. */
int script_check(const struct lesson *l, const struct trace *t, long last,
                 struct diags *d);

#endif
