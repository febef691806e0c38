/* infile: opening a file somebody named, to read it whole, without ever
 * blocking.
 *
 * A lesson, its data and the player's state are files named by others (a
 * lesson names its data).  A FIFO blocks whoever opens it until a writer
 * comes; a terminal or /dev/zero blocks or never ends a read; a device
 * may act on being opened.  So the file is looked at before it is opened,
 * opened without blocking and looked at again: anything but a regular
 * file is refused, unopened where possible. */
#ifndef NNTRACE_INFILE_H
#define NNTRACE_INFILE_H

#include <sys/stat.h>

/* infile_open's answer for a file that is there but is not a regular
 * file nor a folder (st says what it is). */
#define INFILE_SPECIAL (-2)

/* Opens `path` for reading, its facts in *st.  Returns a descriptor
 * (blocking, close-on-exec) for a regular file; -1 with errno set when it
 * cannot be (EISDIR for a folder); INFILE_SPECIAL for a FIFO, a device or
 * a socket, which is never read. */
int infile_open(const char *path, struct stat *st);

/* What a file that is not regular is, for "not a regular file (FIFO)":
 * "FIFO", "character device", "block device", "socket", "folder". */
const char *infile_kind(mode_t mode);

#endif
