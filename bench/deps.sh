#!/bin/sh
# Makes sure the Debian packages `make bench` needs besides the test's
# (tests/deps.sh) are installed: installs them when run as root,
# otherwise prints the exact command and fails.
pkgs="python3 python3-numpy ncurses-base"
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
	echo "make bench needs these Debian packages; run:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
