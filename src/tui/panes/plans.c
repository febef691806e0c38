#include "tui/panes/plans.h"

#include <stdlib.h>
#include <string.h>

struct plans {
	const struct net *net;
	const struct trace *style_trace; /* plans_style's */
	int style_precision;
	long iteration;     /* of the plans of computed tensors */
	int precision;
	size_t n;           /* net->n_tensors */
	struct numfmt *f;
	unsigned char *ok;  /* f[i] is valid */
};

struct plans *plans_new(const struct net *n)
{
	struct plans *p = calloc(1, sizeof *p);
	size_t k = n->n_tensors;
	if (!p)
		return NULL;
	p->f = calloc(k ? k : 1, sizeof *p->f);
	p->ok = calloc(k ? k : 1, 1);
	if (!p->f || !p->ok) {
		plans_free(p);
		return NULL;
	}
	p->net = n;
	p->n = k;
	p->iteration = -1;
	p->precision = -1;
	return p;
}

void plans_free(struct plans *p)
{
	if (!p)
		return;
	free(p->f);
	free(p->ok);
	free(p);
}

const struct numfmt *plans_get(struct plans *p, const struct trace *tr,
                               int precision, int t)
{
	static const struct numfmt none = {0};
	if (!p || t < 0 || (size_t)t >= p->n)
		return &none;
	const struct net *n = p->net;
	if (p->precision != precision) {
		memset(p->ok, 0, p->n);
		p->precision = precision;
	}
	if (p->iteration != tr->iteration) {
		/* The data keeps its plan; everything else changes. */
		for (size_t i = 0; i < p->n; i++)
			if ((int)i != n->input && (int)i != n->target)
				p->ok[i] = 0;
		p->iteration = tr->iteration;
	}
	if (!p->ok[t]) {
		const struct tensor *te = &n->tensors[t];
		numfmt_plan(&p->f[t], tr->values + te->offset,
		            te->rows * te->cols, precision, te->integral);
		p->ok[t] = 1;
	}
	return &p->f[t];
}

static const struct numfmt *style_layout(void *arg, int tensor)
{
	struct plans *p = arg;
	return plans_get(p, p->style_trace, p->style_precision, tensor);
}

void plans_style(struct plans *p, const struct trace *tr, int precision,
                 struct formula_style *fs)
{
	if (!p)
		return;
	p->style_trace = tr;
	p->style_precision = precision;
	fs->layout = style_layout;
	fs->layout_arg = p;
}
