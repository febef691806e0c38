#include "core/termsig.h"

#include <signal.h>

size_t termsig_list(int *out, size_t cap)
{
	static const int fixed[] = {
		SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM,
		SIGVTALRM, SIGPROF, SIGXCPU,
#ifdef SIGPOLL
		SIGPOLL,
#endif
#ifdef SIGPWR
		SIGPWR,
#endif
#ifdef SIGSTKFLT
		SIGSTKFLT,
#endif
	};
	size_t n = 0;
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		if (n < cap)
			out[n++] = fixed[i];
#if defined(SIGRTMIN) && defined(SIGRTMAX)
	for (int s = SIGRTMIN; s <= SIGRTMAX; s++)
		if (n < cap)
			out[n++] = s;
#endif
	return n;
}
