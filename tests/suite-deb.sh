#!/bin/sh
# The Debian package: built by `make deb` (the package build compiles the
# whole program again, with Debian's flags, in a copy of the sources, and
# runs lintian: some 45 s on two cores), unless DEB_DIR names a folder
# where it was built already (`make deb-check` builds it, then runs this
# with that folder).
#
# Unpacks the .deb into a scratch root (dpkg -x) and runs it from there;
# expected values from the tree (lessons/, datasets/, the Makefile's
# VERSION), the seeds (../shared/REFERENCE.md) and hand-written lists.
# Usage: sh tests/deb-check.sh [DEB_DIR]; one PASS/FAIL line per case.
cd "$(dirname "$0")/.." || exit 70
top=$(pwd)
debdir=${1:-build/deb}
failed=0
tmp=$(mktemp -d) || exit 70
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
if [ $# -eq 0 ]; then
	if make -s --no-print-directory deb >"$tmp/deb.log" 2>&1; then
		echo "PASS deb-build: make deb built the package, lintian found no error"
	else
		echo "FAIL deb-build: make deb failed: $(tail -n 5 "$tmp/deb.log" | tr '\n' ' ')"
		exit 1
	fi
fi
unset NNTRACE_LESSONS NNTRACE_DATASETS
export LC_ALL=C.UTF-8 MANWIDTH=80

pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1: $2"
	failed=1
}
same() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1" "$(diff "$2" "$3" | grep '^[<>]' | head -n 6 | tr '\n' ' ')"
	fi
}

version=$(sed -n 's/^VERSION *:= *//p' Makefile)
arch=$(dpkg --print-architecture)
deb=$debdir/nntrace_${version}_$arch.deb
changes=$debdir/nntrace_${version}_$arch.changes
if [ ! -f "$deb" ] || [ ! -f "$changes" ]; then
	echo "FAIL deb-built: no $deb or $changes (make deb)"
	exit 1
fi
pass deb-built

# One version everywhere: the Makefile's, the changelog's, the package's.
cl=$(dpkg-parsechangelog -l debian/changelog -S Version)
pv=$(dpkg-deb -f "$deb" Version)
if [ "$cl" = "$version" ] && [ "$pv" = "$version" ]; then
	pass deb-version
else
	fail deb-version "Makefile $version, debian/changelog $cl, package $pv"
fi

# lintian: no error and no warning (an accepted one would need an
# override in debian/nntrace.lintian-overrides, with its reason).
if lintian --fail-on error,warning "$changes" >"$tmp/lintian" 2>&1; then
	pass "deb-lintian ($(grep -c '^[EWIPX]:' "$tmp/lintian") tags)"
else
	fail deb-lintian "$(grep '^[EW]:' "$tmp/lintian" | head -n 4 | tr '\n' ' ')"
fi

# The libraries the Makefile links (-lcsv, ncursesw with its tinfo, the C
# library) are what the package depends on.
dep=$(dpkg-deb -f "$deb" Depends)
missing=""
for lib in libc6 libcsv3 libncursesw6 libtinfo6; do
	case ", $dep" in
	*", $lib "* | *", $lib,"*) ;;
	*) missing="$missing $lib" ;;
	esac
done
if [ -n "$missing" ]; then
	fail deb-depends "Depends: $dep lacks$missing"
else
	pass deb-depends
fi

# Its files: those make install puts under /usr, man pages and long
# documents compressed, and Debian's copyright and changelog.
{
	echo usr/bin/nntrace
	for f in lessons/*.lesson datasets/*.csv; do echo "usr/share/nntrace/$f"; done
	echo usr/share/man/man1/nntrace.1.gz
	echo usr/share/man/man5/nntrace-lesson.5.gz
	echo usr/share/bash-completion/completions/nntrace
	for f in README.md.gz lesson-format.md.gz player.md.gz handouts.md.gz \
		datasets.md.gz copyright changelog.gz; do
		echo "usr/share/doc/nntrace/$f"
	done
} | LC_ALL=C sort >"$tmp/files.want"
dpkg-deb --fsys-tarfile "$deb" | tar -t | grep -v '/$' | sed 's|^\./||' |
	LC_ALL=C sort >"$tmp/files.got"
same deb-contents "$tmp/files.want" "$tmp/files.got"

# The build left nothing in the sources: debian/ holds what was written,
# and no package file lies beside the tree or in it.
(cd debian && find . -type f | sed 's|^\./||' | LC_ALL=C sort) >"$tmp/debian.got"
printf '%s\n' changelog control copyright rules source/format |
	LC_ALL=C sort >"$tmp/debian.want"
stray=$(ls -d "$top"/nntrace_* "$top"/../nntrace_"$version"_* 2>/dev/null)
if [ -n "$stray" ]; then
	fail deb-sources-clean "build products: $stray"
else
	same deb-sources-clean "$tmp/debian.want" "$tmp/debian.got"
fi

# ------------------------------------------------ the package, unpacked
root=$tmp/root
dpkg -x "$deb" "$root" || { echo "FAIL deb-unpack: dpkg -x failed"; exit 1; }
bin=$root/usr/bin/nntrace
mkdir -p "$tmp/elsewhere"
cd "$tmp/elsewhere" || exit 70

for f in "$top"/lessons/*.lesson; do basename "$f" .lesson; done |
	LC_ALL=C sort >"$tmp/names"
"$bin" lessons 2>&1 | awk '{ print $1 }' | LC_ALL=C sort >"$tmp/lessons.got"
same deb-run-lessons "$tmp/names" "$tmp/lessons.got"

if "$bin" check trask-11 reflectivity >"$tmp/check" 2>&1 &&
	[ "$(grep -c "^$root/usr/bin/../share/nntrace/lessons/.*: ok:" "$tmp/check")" = 2 ]; then
	pass deb-run-check
else
	fail deb-run-check "$(head -n 2 "$tmp/check" | tr '\n' ' ')"
fi

# Seed 002's iteration 0 (REFERENCE.md).
"$bin" dump trask-11 --iterations 0 >"$tmp/dump" 2>&1
missing=""
for v in 0.39293837 0.42772133 0.54629709 0.97401842 0.36672394 0.67423821; do
	grep -qF "$v" "$tmp/dump" || missing="$missing $v"
done
if [ -n "$missing" ]; then
	fail deb-run-dump "seed 002's numbers missing:$missing"
else
	pass deb-run-dump
fi

bad=""
for page in man1/nntrace.1.gz man5/nntrace-lesson.5.gz; do
	f=$root/usr/share/man/$page
	man --warnings -l "$f" >/dev/null 2>"$tmp/warn" || bad="$bad $page:exit"
	[ -s "$tmp/warn" ] && bad="$bad $page: $(head -n 1 "$tmp/warn")"
	lexgrog "$f" >/dev/null 2>&1 || bad="$bad $page:lexgrog"
done
if [ -n "$bad" ]; then fail deb-man "$bad"; else pass deb-man; fi

# The packaged completion, completing with the packaged program.
bash -c '. "$1"; COMP_WORDS=("$2" dump --format ""); COMP_CWORD=3; _nntrace
	printf "%s\n" "${COMPREPLY[@]}"
	COMPREPLY=(); COMP_WORDS=("$2" play ""); COMP_CWORD=2; _nntrace
	printf "%s\n" "${COMPREPLY[@]}"' comp \
	"$root/usr/share/bash-completion/completions/nntrace" "$bin" |
	grep . | LC_ALL=C sort >"$tmp/comp.got"
{ printf '%s\n' text markdown csv html; cat "$tmp/names"; } | LC_ALL=C sort >"$tmp/comp.want"
same deb-completion "$tmp/comp.want" "$tmp/comp.got"

exit $failed
