#!/bin/sh
# Makes sure the Debian packages nntrace needs are installed: installs them
# when run as root, otherwise prints the exact command and fails.  With
# arguments, those packages instead (bench/deps.sh uses this).
# cmark: suite-handout renders Markdown handouts with a CommonMark renderer.
# man-db and groff-base: suite-install renders the man pages with
# `man --warnings` (groff, tbl, preconv) and reads them with lexgrog.
# weasyprint, poppler-utils, libxml2-utils and fonts-dejavu-core:
# suite-handouts prints the HTML handout to PDF (WeasyPrint, not
# chromium: a Python program of a few MB against a browser of hundreds,
# and it implements the paged-media CSS the print style sheet uses),
# reads it back with pdfinfo and pdftotext, and checks the HTML with
# xmllint; the fonts are the ones the style sheet names.
# python3-sklearn: suite-datasets checks datasets/iris.csv and digits.csv
# against the copies inside it (datasets/from-sklearn.py).
pkgs="libncurses-dev libcsv-dev libcmocka-dev tmux clang libclang-rt-14-dev pkg-config valgrind locales python3 python3-numpy libblas3 procps man-db groff-base debhelper dpkg-dev lintian cmark python3-sklearn weasyprint poppler-utils libxml2-utils fonts-dejavu-core"
[ $# -gt 0 ] && pkgs="$*"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null &&
		apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		{ echo "apt-get install failed for:$missing" >&2; exit 1; }
else
	echo "nntrace${NNTRACE_DEPS_FOR:+ ($NNTRACE_DEPS_FOR)} needs these Debian packages; run:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
