/* termsig: the signals that end the program unless it catches them.
 *
 * The player must give the terminal back and save the place, and a
 * handout must remove a named temporary file, whatever signal ends
 * them: not only INT, TERM and HUP but QUIT (Ctrl-\), USR1, USR2, ALRM,
 * VTALRM, PROF, XCPU, POLL, PWR, STKFLT and the real-time signals, whose
 * default action also ends a process.  One list, so the two cannot
 * disagree.  Left out: KILL and STOP (they cannot be caught), the crash
 * signals (ABRT, SEGV, BUS, FPE, ILL, SYS, TRAP: the state is not to be
 * trusted, only the terminal is rescued), and PIPE and XFSZ, which
 * main.c ignores so that a closed pipe or `ulimit -f` is a write error. */
#ifndef NNTRACE_TERMSIG_H
#define NNTRACE_TERMSIG_H

#include <stddef.h>

/* Room for every signal termsig_list gives. */
#define TERMSIG_MAX 80

/* Writes the terminating signals into out (room for cap); returns how
 * many there are. */
size_t termsig_list(int *out, size_t cap);

#endif
