/* directives: the table of every keyword a lesson line may start with,
 * and the dispatcher that reads a line through it.
 *
 * A new directive is one row here, one handler in the directives_*.c file
 * of its section, and one row in that section's table of
 * docs/lesson-format.md (test_lesson compares the two tables).  What the
 * row says -- where the line may stand, whether it may repeat, how its
 * arguments are cut -- the dispatcher checks before the handler runs. */
#include "lesson/parser.h"

#include <string.h>

/* Short names for the columns of the table. */
#define ANY WHERE_ANY
#define LAYER WHERE_LAYER
#define PREDICT WHERE_PREDICT
#define MANY REPEAT_ANY
#define ONCE REPEAT_ONCE
#define PER_LAYER REPEAT_PER_LAYER
#define PER_PREDICT REPEAT_PER_PREDICT
#define PER_WORD REPEAT_PER_WORD
#define WORDS ARGS_WORDS
#define LINE ARGS_LINE
#define TEXT ARGS_TEXT

/* keyword, handler, arguments, where, how often, continued, selector,
 * documented under */
const struct directive directive_table[D_COUNT] = {
	[D_TITLE] = {"title", directive_title, TEXT, ANY, ONCE, false, false,
	             "Header"},
	[D_SOURCE] = {"source", directive_title, TEXT, ANY, ONCE, false, false,
	              "Header"},
	[D_DESCRIPTION] = {"description", directive_description, TEXT, ANY,
	                   ONCE, true, false, "Header"},
	[D_PRECISION] = {"precision", directive_precision, WORDS, ANY, ONCE,
	                 false, false, "Header"},
	[D_HANDOUT] = {"handout", directive_handout, LINE, ANY, ONCE, false,
	               false, "Header"},
	[D_DATA] = {"data", directive_data, WORDS, ANY, ONCE, false, false,
	            "From a CSV file"},
	[D_INPUTS] = {"inputs", directive_columns, WORDS, ANY, ONCE, false,
	              false, "From a CSV file"},
	[D_TARGETS] = {"targets", directive_columns, WORDS, ANY, ONCE, false,
	               false, "From a CSV file"},
	[D_ONE_HOT] = {"one-hot", directive_one_hot, WORDS, ANY, ONCE, false,
	               false, "From a CSV file"},
	[D_SCALE] = {"scale", directive_scale, WORDS, ANY, PER_WORD, false,
	             false, "From a CSV file"},
	[D_SAMPLE] = {"sample", directive_sample, WORDS, ANY, MANY, false,
	              false, "Inline samples"},
	[D_NAME] = {"name", directive_name, WORDS, ANY, PER_WORD, false, false,
	            "Names of the global tensors"},
	[D_CONVENTION] = {"convention", directive_convention, WORDS, ANY, ONCE,
	                  false, false, "The network"},
	[D_LAYER] = {"layer", directive_layer, WORDS, ANY, MANY, false, false,
	             "The network"},
	[D_BIAS] = {"bias", directive_bias, WORDS, LAYER, PER_LAYER, false,
	            false, "Layer settings"},
	[D_INIT] = {"init", directive_init, WORDS, LAYER, PER_LAYER, false,
	            false, "Layer settings"},
	[D_WEIGHTS] = {"weights", directive_values, LINE, LAYER, PER_LAYER,
	               true, false, "Layer settings"},
	[D_BIASES] = {"biases", directive_values, LINE, LAYER, PER_LAYER, true,
	              false, "Layer settings"},
	[D_DERIVATIVE] = {"derivative", directive_derivative, WORDS, LAYER,
	                  PER_LAYER, false, false, "Layer settings"},
	[D_COMPARE_DERIVATIVES] = {"compare-derivatives",
	                           directive_compare_derivatives, WORDS, LAYER,
	                           PER_LAYER, false, false, "Layer settings"},
	[D_SEED] = {"seed", directive_seed, WORDS, ANY, ONCE, false, false,
	            "Training"},
	[D_LOSS] = {"loss", directive_loss, WORDS, ANY, ONCE, false, false,
	            "Training"},
	[D_REDUCTION] = {"reduction", directive_reduction, WORDS, ANY, ONCE,
	                 false, false, "Training"},
	[D_BIAS_GRADIENT] = {"bias-gradient", directive_reduction, WORDS, ANY,
	                     ONCE, false, false, "Training"},
	[D_LEARNING_RATE] = {"learning-rate", directive_learning_rate, WORDS,
	                     ANY, ONCE, false, false, "Training"},
	[D_ITERATIONS] = {"iterations", directive_iterations, WORDS, ANY, ONCE,
	                  false, false, "Training"},
	[D_CLIP] = {"clip", directive_clip, WORDS, ANY, PER_WORD, false, false,
	            "Training"},
	[D_SOFTMAX_BACKWARD] = {"softmax-backward", directive_softmax_backward,
	                        WORDS, ANY, ONCE, false, false, "Training"},
	[D_ACCURACY] = {"accuracy", directive_accuracy, WORDS, ANY, ONCE,
	                false, false, "Training"},
	[D_METRICS] = {"metrics", directive_metrics, WORDS, ANY, ONCE, false,
	               false, "Training"},
	[D_SAY] = {"say", directive_cue, TEXT, ANY, MANY, true, true,
	           "The script"},
	[D_PAUSE] = {"pause", directive_cue, LINE, ANY, MANY, false, true,
	             "The script"},
	[D_PREDICT] = {"predict", directive_cue, TEXT, ANY, MANY, true, true,
	               "The script"},
	[D_HINT] = {"hint", directive_hint, TEXT, PREDICT, PER_PREDICT, true,
	            false, "The script"},
	[D_TOLERANCE] = {"tolerance", directive_tolerance, WORDS, PREDICT,
	                 PER_PREDICT, false, false, "The script"},
	[D_DECIMALS] = {"decimals", directive_decimals, WORDS, PREDICT,
	                PER_PREDICT, false, false, "The script"},
	[D_REPORT] = {"report", directive_report, TEXT, ANY, MANY, false,
	              false, "The script"},
	[D_TEST_DATA] = {"test-data", directive_test_data, WORDS, ANY, ONCE,
	                 false, false, "From a CSV file"},
	[D_BATCH_SIZE] = {"batch-size", directive_batch_size, WORDS, ANY, ONCE,
	                  false, false, "Training loops"},
	[D_EPOCHS] = {"epochs", directive_epochs, WORDS, ANY, ONCE, false,
	              false, "Training loops"},
	[D_SHUFFLE] = {"shuffle", directive_shuffle, WORDS, ANY, ONCE, false,
	               false, "Training loops"},
	[D_SPLIT] = {"split", directive_split, WORDS, ANY, ONCE, false, false,
	             "Training loops"},
	[D_SCALE_ALL] = {"scale-all", directive_scale_all, WORDS, ANY, ONCE,
	                 false, false, "From a CSV file"},
	[D_IMAGE] = {"image", directive_image, WORDS, ANY, ONCE, false, false,
	             "Pictures"},
	[D_EXERCISE] = {"exercise", directive_cue, TEXT, ANY, MANY, true, true,
	                "The script"},
};

const char *directive_keyword(enum dir d)
{
	return directive_table[d].keyword;
}

/* =====================================================================
 * Before the handler
 * ===================================================================== */

/* Whether the line may stand where it does: after a layer, or after a
 * predict that parsed (after one that failed, silently not: its error
 * is enough). */
static bool placed(struct parser *p, enum dir d)
{
	struct layer_extra *lx;
	switch (directive_table[d].where) {
	case WHERE_LAYER:
		return parser_layer(p, d, &lx) != NULL;
	case WHERE_PREDICT:
		if (p->last_predict == PREDICT_FAILED)
			return false;
		if (p->last_predict < 0) {
			parser_error(p, 0, "'%s' needs a 'predict' line before it",
			             directive_keyword(d));
			return false;
		}
		return true;
	default:
		return true;
	}
}

/* Whether the line is the first of its kind where it must be, noting
 * its line when it is. */
static bool first_given(struct parser *p, enum dir d)
{
	const char *kw = directive_keyword(d);
	int *line_of;
	switch (directive_table[d].repeat) {
	case REPEAT_ONCE:
		line_of = &p->line_of[d];
		if (*line_of)
			parser_error(p, 0, "duplicate '%s' (first given on line "
			             "%d)", kw, *line_of);
		break;
	case REPEAT_PER_LAYER:
		line_of = &p->lx[p->l->n_layers - 1].line_of[d];
		if (*line_of)
			parser_error(p, 0, "duplicate '%s' for layer %d (first "
			             "given on line %d)", kw, p->l->n_layers,
			             *line_of);
		break;
	case REPEAT_PER_PREDICT:
		line_of = &p->predict_line_of[d];
		if (*line_of)
			parser_error(p, 0, "duplicate '%s' (first given on line "
			             "%d for the same 'predict')", kw, *line_of);
		break;
	default:
		return true;
	}
	if (*line_of)
		return false;
	*line_of = p->line;
	return true;
}

/* =====================================================================
 * The dispatcher
 * ===================================================================== */

/* The keyword ends at the first blank; "say: text" and "predict:
 * question" have an empty selector and need no blank before the ':'. */
static size_t keyword_end(struct parser *p)
{
	size_t end = 0;
	while (end < p->ln_len && !is_blank(p->ln[end]))
		end++;
	const char *colon = memchr(p->ln, ':', end);
	if (!colon)
		return end;
	size_t cl = (size_t)(colon - p->ln);
	for (int d = 0; d < D_COUNT; d++) {
		const struct directive *dir = &directive_table[d];
		if (dir->selector && dir->args == ARGS_TEXT &&
		    strlen(dir->keyword) == cl &&
		    memcmp(p->ln, dir->keyword, cl) == 0)
			return cl;
	}
	return end;
}

static int lookup(const char *kw)
{
	for (int d = 0; d < D_COUNT; d++)
		if (strcmp(kw, directive_table[d].keyword) == 0)
			return d;
	return -1;
}

static void unknown_keyword(struct parser *p, const char *kw)
{
	const char *keywords[D_COUNT];
	for (int d = 0; d < D_COUNT; d++)
		keywords[d] = directive_table[d].keyword;
	/* No list of every keyword: too long to help. */
	const char *best = p->d->n >= DIAGS_MAX ? NULL :
	                   parser_closest(kw, keywords, D_COUNT);
	/* Whatever the line was meant to say is unknown: if it was meant
	 * for a keyword that decides the network's tensors (or if there is
	 * no telling), `check` cannot check names against the network. */
	if (best ? standin_decides_tensors((enum dir)lookup(best)) :
	           p->d->n >= DIAGS_MAX)
		p->names_doubt = true;
	if (best)
		parser_error(p, 0, "unknown keyword '%s' (did you mean '%s'?)",
		             parser_show(kw).s, best);
	else
		parser_error(p, 0, "unknown keyword '%s' (docs/lesson-format.md "
		             "lists the keywords)", parser_show(kw).s);
	p->cont = CONT_SKIP; /* its indented lines are no news */
}

/* Returns the line's directive, or -1 for an unknown keyword. */
static int read_directive(struct parser *p)
{
	size_t kw_end = keyword_end(p);
	size_t from = line_skip_blanks(p, kw_end, p->ln_len);
	char save = p->ln[kw_end];
	p->ln[kw_end] = '\0';
	int d = lookup(p->ln);
	if (d < 0) {
		unknown_keyword(p, p->ln);
		return -1;
	}
	p->ln[kw_end] = save;

	const struct directive *dir = &directive_table[d];
	size_t end = p->ln_len;
	if (dir->args == ARGS_TEXT) {
		while (end > from && is_blank(p->ln[end - 1]))
			end--;
		p->ln[end] = '\0';
	} else {
		end = line_strip_comment(p, from, end);
	}
	if (!placed(p, (enum dir)d) || !first_given(p, (enum dir)d)) {
		if (dir->continued)
			p->cont = CONT_SKIP; /* its indented lines are no news */
		return d;
	}
	if (dir->args == ARGS_WORDS)
		line_tokenize(p, from, end);
	dir->fn(p, (enum dir)d, from, end);
	return d;
}

/* Notes which directives had an error on their line: `check` needs to
 * know what of the lesson was read without one (standin.c). */
void directive_read(struct parser *p)
{
	size_t before = p->errors;
	int d = read_directive(p);
	if (d < 0 || p->errors == before)
		return;
	p->dir_failed[d] = true;
	if (directive_table[d].where != WHERE_LAYER)
		return;
	if (p->l->n_layers && !p->too_many_layers)
		p->lx[p->l->n_layers - 1].failed[d] = true;
	else if (standin_decides_tensors((enum dir)d))
		p->names_doubt = true; /* a `layer` line may be missing */
}
