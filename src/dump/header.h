/* header: a handout's opening -- the lesson's title, source and
 * description, and the network as fields (data, convention, layers,
 * loss, what else is shown, the seed's quirks, training). */
#ifndef NNTRACE_HEADER_H
#define NNTRACE_HEADER_H

struct handout;

/* Writes the header of h's lesson in h's format. */
void header_write(struct handout *h);

#endif
