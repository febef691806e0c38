/* folders: the lists of folders lessons and data sets are found in. */
#include "lesson/folders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void folders_start(struct folders *it, const char *variable,
                   const char *kind, const char *exe_dir)
{
	it->env = getenv(variable);
	it->kind = kind;
	it->exe_dir = exe_dir && exe_dir[0] ? exe_dir : NULL;
	it->bundled = 0;
}

bool folders_next(struct folders *it, char *buf, size_t cap)
{
	static const char *const bundled[] = {"%s/%s", "%s/../share/nntrace/%s"};
	while (it->env && *it->env) {
		const char *colon = strchr(it->env, ':');
		size_t len = colon ? (size_t)(colon - it->env) : strlen(it->env);
		const char *part = it->env;
		it->env = colon ? colon + 1 : NULL;
		if (len && len < cap) {
			memcpy(buf, part, len);
			buf[len] = '\0';
			return true;
		}
	}
	while (it->exe_dir && it->bundled < 2) {
		int n = snprintf(buf, cap, bundled[it->bundled++], it->exe_dir,
		                 it->kind);
		if (n > 0 && (size_t)n < cap)
			return true;
	}
	return false;
}
