#!/bin/sh
# The Debian packages `make bench` needs besides the tests' (tests/deps.sh,
# which installs them when run as root or prints the apt-get line).
NNTRACE_DEPS_FOR="make bench" exec sh "$(dirname "$0")/../tests/deps.sh" \
	python3 python3-numpy ncurses-base
