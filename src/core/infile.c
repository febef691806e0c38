#include "core/infile.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* -1 with EISDIR for a folder, INFILE_SPECIAL for the rest that is not a
 * regular file, 0 for a regular file. */
static int refuse(const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		return 0;
	if (S_ISDIR(st->st_mode)) {
		errno = EISDIR;
		return -1;
	}
	return INFILE_SPECIAL;
}

int infile_open(const char *path, struct stat *st)
{
	/* stat first: a device is never opened, a FIFO never waited on. */
	if (stat(path, st) != 0)
		return -1;
	int rc = refuse(st);
	if (rc)
		return rc;
	/* Between the stat and the open the name may come to mean a FIFO:
	 * O_NONBLOCK keeps the open from waiting, O_NOCTTY keeps a terminal
	 * from becoming ours, and fstat says what was opened. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0 || (rc = refuse(st)) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return rc ? rc : -1;
	}
	/* Reads of a regular file never wait; the flag goes all the same,
	 * so that a reader sees no EAGAIN. */
	int fl = fcntl(fd, F_GETFL);
	if (fl != -1)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

const char *infile_kind(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "FIFO";
	if (S_ISCHR(mode))
		return "character device";
	if (S_ISBLK(mode))
		return "block device";
	if (S_ISSOCK(mode))
		return "socket";
	if (S_ISDIR(mode))
		return "folder";
	return "special file";
}
