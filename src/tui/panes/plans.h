/* plans: the layout of each tensor's numbers (a numfmt plan: width,
 * decimals, notation) at the display precision, made on first use.
 *
 * A plan reads every value of a tensor, which is slow for 1,000-sample
 * tensors, and the values only change with the iteration; so the plans
 * are a memo by iteration and precision.  Filling it changes nothing the
 * student sees, which is why the panes may fill it while they draw. */
#ifndef NNTRACE_TUI_PANES_PLANS_H
#define NNTRACE_TUI_PANES_PLANS_H

#include "model/net.h"
#include "model/trace.h"
#include "render/formula.h"
#include "render/numfmt.h"

struct plans;

/* An empty memo for the tensors of n, which must outlive it; NULL when
 * out of memory (plans_get then plans nothing: only speed is lost). */
struct plans *plans_new(const struct net *n);

void plans_free(struct plans *p);

/* The plan of tensor t for the values of trace tr at `precision`, made
 * when the memo has none for that iteration and precision.  Valid until
 * the next call.  An all-zero plan when p is NULL or t is not a tensor. */
const struct numfmt *plans_get(struct plans *p, const struct trace *tr,
                               int precision, int t);

/* Has fs write each tensor's cells as the tensor pane shows them: its
 * layout is the plan of the tensor in trace tr at `precision` (the one
 * number style per tensor of render/formula.h).  fs keeps p, which must
 * outlive its use; with p NULL fs writes scalars. */
void plans_style(struct plans *p, const struct trace *tr, int precision,
                 struct formula_style *fs);

#endif
