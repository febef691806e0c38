#include "lesson/column.h"

#include "core/utf8.h"

void column_start(struct column *c, const char *line, size_t len)
{
	c->line = line;
	c->len = len;
	c->off = 0;
	c->col = 1;
}

int column_of(struct column *c, size_t off)
{
	if (off < c->off) {
		c->off = 0;
		c->col = 1;
	}
	size_t to = off < c->len ? off : c->len;
	if (to > c->off) {
		c->col += (int)utf8_count(c->line + c->off, to - c->off);
		c->off = to;
	}
	return c->col;
}
