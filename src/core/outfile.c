#include "core/outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *volatile outfile_pending;

int outfile_open(struct outfile *f, const char *path, struct diags *d)
{
	memset(f, 0, sizeof *f);
	f->path = path;
	if (!path || strcmp(path, "-") == 0) {
		f->path = NULL;
		f->fp = stdout;
		return 0;
	}
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode)) {
		/* A FIFO or a device: there is nothing to keep whole. */
		f->fp = fopen(path, "w");
		if (!f->fp) {
			diags_add(d, path, 0, 0, EXIT_CANTCREAT,
			          "cannot open: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	size_t n = strlen(path);
	f->tmp = malloc(n + 16);
	if (!f->tmp) {
		diags_add(d, path, 0, 0, EXIT_CANTCREAT, "out of memory");
		return -1;
	}
	/* Same folder as the target, so rename() is atomic. */
	snprintf(f->tmp, n + 16, "%s.tmpXXXXXX", path);
	int fd = mkstemp(f->tmp);
	if (fd < 0) {
		diags_add(d, path, 0, 0, EXIT_CANTCREAT, "cannot create: %s",
		          strerror(errno));
		free(f->tmp);
		f->tmp = NULL;
		return -1;
	}
	/* mkstemp makes the file private; a handout gets the usual mode. */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	outfile_pending = f->tmp;
	f->fp = fdopen(fd, "w");
	if (!f->fp) {
		outfile_pending = NULL;
		diags_add(d, path, 0, 0, EXIT_CANTCREAT, "cannot create: %s",
		          strerror(errno));
		close(fd);
		unlink(f->tmp);
		free(f->tmp);
		f->tmp = NULL;
		return -1;
	}
	return 0;
}

int outfile_commit(struct outfile *f, struct diags *d)
{
	if (f->path && !f->tmp) {
		int err = 0;
		if (fflush(f->fp) || ferror(f->fp))
			err = errno ? errno : EIO;
		if (fclose(f->fp) && !err)
			err = errno ? errno : EIO;
		f->fp = NULL;
		if (err && err != EPIPE) {
			diags_add(d, f->path, 0, 0, EXIT_IOERR,
			          "write error: %s", strerror(err));
			return -1;
		}
		return 0;
	}
	if (!f->path) {
		errno = 0;
		if (fflush(stdout) == 0 && !ferror(stdout))
			return 0;
		if (errno == EPIPE)
			return 0;
		diags_add(d, "<stdout>", 0, 0, EXIT_IOERR, "write error: %s",
		          strerror(errno ? errno : EIO));
		return -1;
	}
	int err = 0;
	if (fflush(f->fp) || ferror(f->fp))
		err = errno ? errno : EIO;
	else if (fsync(fileno(f->fp)) && errno != EINVAL)
		err = errno;
	if (fclose(f->fp) && !err)
		err = errno ? errno : EIO;
	f->fp = NULL;
	if (!err && rename(f->tmp, f->path))
		err = errno;
	outfile_pending = NULL;
	if (err) {
		diags_add(d, f->path, 0, 0, EXIT_IOERR, "write error: %s",
		          strerror(err));
		unlink(f->tmp);
	}
	free(f->tmp);
	f->tmp = NULL;
	return err ? -1 : 0;
}

void outfile_abort(struct outfile *f)
{
	if (f->path && f->fp) {
		fclose(f->fp);
		if (f->tmp)
			unlink(f->tmp);
	}
	outfile_pending = NULL;
	f->fp = NULL;
	free(f->tmp);
	f->tmp = NULL;
}
