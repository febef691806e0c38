/* kernel: the engine's untraced iteration on plain arrays, layer by layer.
 *
 * Private to the engine (engine.c), which runs it for every untraced step
 * of a net it fits (no softmax layer, no compare-derivatives): the
 * forward phase here, the loss phase by engine.c's own code, then the
 * backward and update phases here.  It computes the same cells of the
 * same value array as the traced code, each with the same IEEE operations
 * in the same order; only cells that do not depend on each other are
 * computed in another order (kernel.c says why that changes no bit).
 * test_fast_equals_traced (tests/test_engine.c) checks the two agree bit
 * for bit on every bundled and test lesson.
 */
#ifndef NNTRACE_KERNEL_H
#define NNTRACE_KERNEL_H

#include <stdbool.h>

#include "model/net.h"

struct kernel;

/* Sets *k to a kernel over `work`, a value array of n (n_values doubles)
 * whose data cells hold the data, or to NULL when n needs the engine's
 * per-operation code.  The kernel keeps pointers into work, which must
 * outlive it.  Returns 0, or -1 when out of memory. */
int kernel_new(struct kernel **k, const struct net *n, double *work);
void kernel_free(struct kernel *k);

/* The phases of one iteration, run in this order on work with the
 * parameters of the iteration copied into its parameter cells, the loss
 * phase run between forward and backward: */

/* z and a of every layer, first to last. */
void kernel_forward(const struct kernel *k);

/* The backward phase -- derivative, delta, weight and bias gradients and
 * the error of the layer below, of every layer from the last to the
 * first -- then the update phase, which writes the new parameters over
 * the old ones in work's parameter cells, where the next iteration reads
 * them (the new-parameter cells are left as they were). */
void kernel_backward_update(const struct kernel *k);

/* True when some parameter or computed cell of work is NaN or infinite:
 * the verdict the traced code reaches by testing every result. */
bool kernel_nonfinite(const struct kernel *k);

#endif
